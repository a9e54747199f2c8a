public import JSONValues
public import Logging

/// Where an asynchronous Canvas job stands, read from its JSON.
public enum CanvasJobState: Sendable, Hashable {
    /// Still queued or running, with its completion percentage if known.
    case running(Double?)
    /// Finished successfully.
    case completed
    /// Finished in failure, with Canvas's message.
    case failed(String)
}

extension CanvasBoundary {
    /// Polls `path` (an API path or an absolute URL Canvas gave) every `interval` until `state` says the job
    /// finished; returns the final JSON, or throws `jobFailed` / `jobTimedOut`.
    public func poll(
        _ pathOrURL: String,
        every interval: Duration = .seconds(1),
        timeout: Duration = .seconds(3600),
        context: CanvasRequestContext = .init(),
        logger: Logger,
        onProgress: (@Sendable (Double) -> Void)? = nil,
        state: (JSONValue) -> CanvasJobState
    ) async throws -> JSONValue {
        try await poll(
            pathOrURL, schedule: .fixed(interval), timeout: timeout, context: context, logger: logger,
            onProgress: onProgress, state: state)
    }

    /// Polls `path` (an API path or an absolute URL Canvas gave) on `schedule`, which may wait longer as the job's
    /// progress says more time is left, until `state` says the job finished; returns the final JSON, or throws
    /// `jobFailed` / `jobTimedOut`.
    public func poll(
        _ pathOrURL: String,
        schedule: PollSchedule,
        timeout: Duration = .seconds(3600),
        context: CanvasRequestContext = .init(),
        logger: Logger,
        onProgress: (@Sendable (Double) -> Void)? = nil,
        state: (JSONValue) -> CanvasJobState
    ) async throws -> JSONValue {
        let clock = configuration.clock
        let started = clock.now()
        var estimator = PollSchedule.Estimator(schedule)
        var interval = schedule.minimum
        while true {
            let response: CanvasResponse
            if pathOrURL.hasPrefix("/") {
                response = try await send(CanvasRequest(.get, pathOrURL, context: context), logger: logger)
            } else {
                response = try await fetch(absoluteURL: pathOrURL, context: context, logger: logger)
            }
            let body = try response.json()
            switch state(body) {
            case .completed:
                onProgress?(100)
                return body
            case .failed(let message):
                throw CanvasError(.jobFailed(message))
            case .running(let completion):
                if let completion { onProgress?(completion) }
                interval = estimator.wait(afterPollAt: clock.now() - started, progress: completion)
            }
            guard clock.now() - started + interval <= timeout else {
                throw CanvasError(.jobTimedOut("\(URLRedaction.redact(describedPath(of: pathOrURL))) after \(timeout)"))
            }
            try await clock.sleep(interval)
        }
    }

    /// Waits for a Progress (`/api/v1/progress/:id`, or a `progress_url`) to be `completed`.
    public func waitForProgress(
        _ idOrURL: String,
        every interval: Duration = .seconds(1),
        timeout: Duration = .seconds(3600),
        logger: Logger,
        onProgress: (@Sendable (Double) -> Void)? = nil
    ) async throws -> JSONValue {
        let target = idOrURL.contains("/") ? idOrURL : CanvasPath.apiV1("progress", idOrURL)
        return try await poll(target, every: interval, timeout: timeout, logger: logger, onProgress: onProgress) {
            body in
            switch body["workflow_state"]?.stringValue {
            case "completed": .completed
            case "failed": .failed(body["message"]?.stringValue ?? "the Progress failed")
            default: .running(body["completion"]?.doubleValue)
            }
        }
    }

    /// Waits for an SIS import to reach a terminal state; `failed`, `failed_with_messages` and `aborted` throw
    /// with the processing errors.
    public func waitForSISImport(
        accountID: String,
        importID: String,
        every interval: Duration = .seconds(2),
        timeout: Duration = .seconds(3 * 3600),
        logger: Logger,
        onProgress: (@Sendable (Double) -> Void)? = nil
    ) async throws -> JSONValue {
        let path = CanvasPath.apiV1("accounts", accountID, "sis_imports", importID)
        return try await poll(path, every: interval, timeout: timeout, logger: logger, onProgress: onProgress) { body in
            let state = body["workflow_state"]?.stringValue ?? ""
            switch state {
            case "imported", "imported_with_messages": return .completed
            case "failed", "failed_with_messages", "aborted":
                let errors = body["processing_errors"]?.arrayValue?.prefix(5).map { $0.interpolated } ?? []
                return .failed(
                    "SIS import \(importID) \(state)" + (errors.isEmpty ? "" : ": " + errors.joined(separator: "; ")))
            default: return .running(body["progress"]?.doubleValue)
            }
        }
    }

    /// Waits for a content migration (a course copy) to be `completed`.
    public func waitForContentMigration(
        courseID: String,
        migrationID: String,
        every interval: Duration = .seconds(2),
        timeout: Duration = .seconds(3 * 3600),
        logger: Logger,
        onProgress: (@Sendable (Double) -> Void)? = nil
    ) async throws -> JSONValue {
        let path = CanvasPath.apiV1("courses", courseID, "content_migrations", migrationID)
        return try await poll(path, every: interval, timeout: timeout, logger: logger, onProgress: onProgress) { body in
            switch body["workflow_state"]?.stringValue {
            case "completed": .completed
            case "failed": .failed("content migration \(migrationID) failed")
            default: .running(nil)
            }
        }
    }
}
