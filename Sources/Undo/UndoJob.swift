public import Foundation
public import JSONValues
import OrderedCollections

/// The job that undoes a run: one raw request step per kind of undo request and shape of path, each fanned out
/// over its items (kept beside the job in `items.json`), every step after the one before, so that the run's last
/// writes are taken back first. Planned, shown, applied and resumed like any job.
public struct UndoJob: Sendable {
    /// The job file's text.
    public let text: String
    /// The items file's JSON.
    public let items: JSONValue

    /// The name of the items file beside the job.
    public static let itemsFileName = "items.json"

    /// The job that sends `requests`, named after the run it undoes.
    public init(undoing runID: String, jobPath: String, requests: [UndoRequest]) {
        var groups: OrderedDictionary<String, (template: RequestTemplate, items: [JSONValue])> = [:]
        var stepIDs: [String: String] = [:]
        for request in requests {
            let template = RequestTemplate(request)
            let shape = "\(request.stepID) \(request.operation) \(template.line)"
            let stepID =
                stepIDs[shape]
                ?? {
                    let base = Self.identifier("\(request.stepID)_\(request.operation)")
                    var candidate = base
                    var number = 2
                    while groups[candidate] != nil {
                        candidate = "\(base)_\(number)"
                        number += 1
                    }
                    stepIDs[shape] = candidate
                    return candidate
                }()
            groups[stepID, default: (template, [])].items.append(template.item(of: request))
        }
        var lines = [
            "# Undoes run \(runID) of \(jobPath); made by `easel undo`, applied with `easel apply PLAN`.",
            "easel: 1",
            "name: \(Self.quoted("undo-\(runID)"))",
            "description: \(Self.quoted("Takes back run \(runID) of \(jobPath)"))",
            "inputs:",
            "  undo: { json: \(Self.itemsFileName) }",
            "defaults:",
            "  on_error: continue",
            "steps:",
        ]
        if groups.isEmpty {
            lines += ["  - id: nothing", "    for_each: []", "    request: \"PUT /api/v1/users/self\""]
        }
        var previous: String?
        for (stepID, group) in groups {
            lines.append("  - id: \(stepID)")
            if let previous { lines.append("    needs: [\(previous)]") }
            lines.append("    for_each: \"${{ inputs.undo.\(stepID) }}\"")
            lines.append("    item_key: \"${{ item.key }}\"")
            lines.append("    request: \(Self.quoted(group.template.line))")
            if group.items.contains(where: { $0["query"]?.objectValue?.isEmpty == false }) {
                lines.append("    query: \"${{ item.query }}\"")
            }
            if group.items.contains(where: { $0["body"] != nil }) {
                lines.append("    body: \"${{ item.body }}\"")
            }
            previous = stepID
        }
        text = lines.joined(separator: "\n") + "\n"
        items = .object(groups.mapValues { .array($0.items) })
    }

    /// Writes the job and its items into `folder`, and returns the job file's path.
    public func write(to folder: URL) throws -> String {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let job = folder.appendingPathComponent("undo.yaml")
        try Data(text.utf8).write(to: job, options: .atomic)
        try Data((items.serialized(options: [.prettyPrinted]) + "\n").utf8).write(
            to: folder.appendingPathComponent(Self.itemsFileName), options: .atomic)
        return job.path
    }

    /// A YAML scalar that reads back as `text`: JSON's quoting, which YAML's double quotes accept.
    static func quoted(_ text: String) -> String {
        JSONValue.string(text).serialized()
    }

    /// A step id from any text: letters, digits and `_`, starting with a letter or `_`.
    static func identifier(_ text: String) -> String {
        var result = String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
        if let first = result.first, first.isNumber { result = "_" + result }
        return result
    }
}

/// A request's method and path with its ids taken out into the item (`/api/v1/courses/${{ item.path.s3 }}`), so
/// that requests of one shape share a step.
struct RequestTemplate {
    /// `METHOD PATH` with `${{ item.path.sN }}` for each id segment.
    let line: String
    /// Which segments are ids.
    private let variable: [Bool]

    init(_ request: UndoRequest) {
        let segments = request.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let variable = segments.map { !Self.isWord($0) }
        self.variable = variable
        let path = zip(segments.indices, segments).map { index, segment in
            variable[index] ? "${{ item.path.s\(index) }}" : segment
        }
        line = "\(request.method) " + path.joined(separator: "/")
    }

    /// The item the step sees for `request`: its key, the id segments, query and body.
    func item(of request: UndoRequest) -> JSONValue {
        let segments = request.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var path = OrderedDictionary<String, JSONValue>()
        for (index, segment) in segments.enumerated() where index < variable.count && variable[index] {
            path["s\(index)"] = .string(segment.removingPercentEncoding ?? segment)
        }
        var members: OrderedDictionary<String, JSONValue> = ["key": .string(request.itemKey), "path": .object(path)]
        if request.query.objectValue?.isEmpty == false { members["query"] = request.query }
        if let body = request.body { members["body"] = body }
        return .object(members)
    }

    /// Whether a path segment is a fixed word of Canvas's API (`courses`, `v1`, `reactivate`) rather than an id.
    private static func isWord(_ segment: String) -> Bool {
        guard let first = segment.first, first.isLetter, first.isLowercase else { return segment.isEmpty }
        return segment.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "_" }
            && !segment.contains(":")
    }
}
