import JSONValues
import OrderedCollections

/// Progress objects and the asynchronous jobs behind them: queued → running → completed or failed.
extension SandboxStore {
    /// How long a job takes, in seconds.
    var jobSeconds: Double {
        let components = configuration.jobDuration.components
        return Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    func startProgress(context: (String, Int), userID: Int, tag: String, job: PendingJob?) -> ProgressRecord {
        let progress = ProgressRecord(
            id: state.nextID("progress"), contextType: context.0, contextID: context.1, userID: userID, tag: tag,
            createdAt: timestamp, startedAt: now, job: job, updatedAt: timestamp
        )
        state.progresses[progress.id] = progress
        return progress
    }

    /// Moves every job along by the time that passed: queued for the first third, then running, then done.
    func advanceJobs() {
        let now = now
        for id in state.progresses.keys.sorted() {
            guard var progress = state.progresses[id], ["queued", "running"].contains(progress.workflowState) else {
                continue
            }
            let elapsed = now - progress.startedAt
            if elapsed >= jobSeconds {
                let outcome = progress.job.map(run) ?? .success(nil)
                switch outcome {
                case .success(let results):
                    progress.workflowState = "completed"
                    progress.results = results.map(StoredJSON.init)
                case .failure(let failure):
                    progress.workflowState = "failed"
                    progress.message = failure.message
                }
                progress.job = nil
                progress.updatedAt = timestamp
                save()
            } else if elapsed >= jobSeconds / 3, progress.workflowState == "queued" {
                progress.workflowState = "running"
                progress.updatedAt = timestamp
            }
            state.progresses[id] = progress
        }
        advanceSISImports()
    }

    struct JobFailure: Error { let message: String }

    private func run(_ job: PendingJob) -> Result<JSONValue?, JobFailure> {
        switch job {
        case .courseBatch(_, let courseIDs, let event):
            for id in courseIDs {
                guard var course = state.courses[id] else { continue }
                try? applyEvent(event, to: &course)
                state.putCourse(course)
            }
            return .success(["completed": .array(courseIDs.map(JSONValue.int))])
        case .courseCopy(let migrationID, let sourceID, let targetID):
            copyContent(from: sourceID, to: targetID)
            if var migration = state.migrations[migrationID] {
                migration.workflowState = "completed"
                migration.finishedAt = timestamp
                state.migrations[migrationID] = migration
            }
            return .success(nil)
        case .sisImport:
            return .success(nil)
        }
    }

    func json(_ progress: ProgressRecord) -> JSONValue {
        var members: JSONValuesObject = [
            "id": .int(progress.id), "context_id": .int(progress.contextID),
            "context_type": .string(progress.contextType), "user_id": .int(progress.userID),
            "tag": .string(progress.tag),
            "completion": .int(
                progress.workflowState == "completed" ? 100 : (progress.workflowState == "running" ? 50 : 0)
            ),
            "workflow_state": .string(progress.workflowState), "created_at": .string(progress.createdAt),
            "updated_at": .string(progress.updatedAt), "message": Self.optional(progress.message),
            "url": .string("\(currentBaseURL)/api/v1/progress/\(progress.id)"),
        ]
        if let results = progress.results { members["results"] = results.value }
        return .object(members)
    }

    /// The API's base URL, for URLs inside bodies.
    var currentBaseURL: String { requestBaseURL.isEmpty ? "http://127.0.0.1" : requestBaseURL }

    func getProgress(_ call: APICall) throws -> APIResponse {
        guard case .canvasID(let id) = CanvasIDForm(parsing: call.path("progress_id")),
            let progress = state.progresses[id]
        else { throw CanvasAPIError.notFound }
        return .json(json(progress))
    }

    func cancelProgress(_ call: APICall) throws -> APIResponse {
        guard case .canvasID(let id) = CanvasIDForm(parsing: call.path("progress_id")),
            var progress = state.progresses[id]
        else { throw CanvasAPIError.notFound }
        if ["queued", "running"].contains(progress.workflowState) {
            progress.workflowState = "failed"
            progress.message = call.parameters.string("message") ?? "canceled"
            progress.job = nil
            progress.updatedAt = timestamp
            state.progresses[id] = progress
        }
        return .json(json(progress))
    }
}
