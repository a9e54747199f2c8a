public import Foundation
import JSONValues
public import OrderedCollections

/// The request log of a run: one JSON line per attempt, written as it happens, never with a
/// token in it.
///
/// A line starts with the time, then the label columns the log was opened with, each the value of the request's
/// label of that name or null, then the request's other labels, then what the attempt was and how it went.
public actor RequestLog {
    private let handle: FileHandle
    private let path: String
    private let labelColumns: [String]

    /// Opens (creating or appending to) the log at `path`, whose every line has `labelColumns` after the time.
    public init(path: String, labelColumns: [String] = []) throws {
        let manager = FileManager.default
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try manager.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        if !manager.fileExists(atPath: path) {
            guard manager.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw CanvasError(.configuration("cannot create the request log \(path)"))
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw CanvasError(.configuration("cannot open the request log \(path)"))
        }
        handle.seekToEndOfFile()
        self.handle = handle
        self.path = path
        self.labelColumns = labelColumns
    }

    /// Appends one entry.
    public func record(_ entry: RequestLogEntry) {
        let line = entry.jsonLine(labelColumns: labelColumns) + "\n"
        // One write(2) per line and no fsync: a crash may lose the last lines of the log, which is for reading;
        // what must survive a crash is in the journal.
        try? handle.write(contentsOf: Data(line.utf8))
    }

    /// Flushes the file to disk and closes it.
    public func close() {
        try? handle.synchronize()
        try? handle.close()
    }
}

/// One attempt of one request, as the request log writes it.
public struct RequestLogEntry: Sendable, Hashable {
    /// When the attempt started.
    public var time: Date
    /// The labels of the request's context.
    public var labels: OrderedDictionary<String, String>
    /// The HTTP method.
    public var method: String
    /// The URL, without any token.
    public var url: String
    /// The status, when an answer came.
    public var status: Int?
    /// How long the attempt took.
    public var durationMilliseconds: Double
    /// `X-Request-Cost`.
    public var requestCost: Double?
    /// `X-Rate-Limit-Remaining`.
    public var rateLimitRemaining: Double?
    /// 1 for the first attempt.
    public var attempt: Int
    /// The error, or the start of an error body (at most 500 characters).
    public var error: String?
    /// Which token (a fingerprint, never the token).
    public var token: String?

    /// The entry as one line of JSON, with `labelColumns` (null when the request has no such label) after the
    /// time and the request's other labels after them.
    public func jsonLine(labelColumns: [String] = []) -> String {
        var object: [(String, JSONValue)] = [("time", .string(Self.format(time)))]
        object += labelColumns.map { ($0, labels[$0].map(JSONValue.string) ?? .null) }
        object += labels.filter { !labelColumns.contains($0.key) }.map { ($0.key, .string($0.value)) }
        object += [
            ("method", .string(method)),
            ("url", .string(URLRedaction.redact(url))),
            ("status", status.map(JSONValue.int) ?? .null),
            ("duration_ms", .double((durationMilliseconds * 10).rounded() / 10)),
            ("request_cost", requestCost.map(JSONValue.double) ?? .null),
            ("rate_limit_remaining", rateLimitRemaining.map(JSONValue.double) ?? .null),
            ("attempt", .int(attempt)),
        ]
        if let error { object.append(("error", .string(String(error.prefix(500))))) }
        if let token { object.append(("token", .string(token))) }
        let members = OrderedDictionary(object, uniquingKeysWith: { _, last in last })
        return JSONValue.object(members).serialized()
    }

    private static func format(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .colon))
    }
}
