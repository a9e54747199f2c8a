import Canvas
public import JSONValues
import OrderedCollections
public import Resources
import RunContext

/// What the journal keeps of a write so that `easel undo` can take it back: the object's values before the write
/// (of the fields it changes, or its state for a delete), where the object lives, and what Canvas answered.
///
/// Kept as JSON in the item record's `beforeValues`. An `ensure` write holds `kind`, `action`, `member` (the
/// object's URL), `fields` (the values before: the changed fields of an update, the state of a deleted object),
/// `written` (what an update asked for), `identity` (what finds or re-creates the object: its ids, user, type and
/// section), `delete` (for a create: the request that removes the object) and `answered` (Canvas's answer, its
/// id and the fields the write touched). A raw request holds `request` (its method and path), `item` (the item it
/// was sent for) and `answered` (Canvas's whole answer).
public enum BeforeValues {
    /// The members of a live object that find it again or re-create it.
    static let identityMembers = [
        "id", "course_id", "user_id", "type", "role", "course_section_id", "workflow_state", "enrollment_state",
        "sis_course_id", "sis_user_id",
    ]

    /// The before-values of an `ensure` write: `plan` is the item's plan, `answer` what Canvas answered (nil while
    /// the write is only intended).
    public static func ensure(kind: ResourceKind, plan: EnsurePlan, answer: JSONValue?) -> JSONValue? {
        var record = OrderedDictionary<String, JSONValue>()
        record["kind"] = .string(kind.name)
        switch plan.action {
        case .unchanged:
            return nil
        case .create:
            record["action"] = "create"
            if let answer, answer["id"] != nil {
                record["member"] = kind.memberPath(of: plan.item, live: answer).map(JSONValue.string) ?? .null
                if let delete = kind.deleteRequest(of: plan.item, created: answer) {
                    record["delete"] = requestValue(delete)
                }
            }
        case .update(let changes):
            record["action"] = "update"
            guard let live = plan.live else { return nil }
            record["member"] = kind.memberPath(of: plan.item, live: live).map(JSONValue.string) ?? .null
            var before = OrderedDictionary<String, JSONValue>()
            var written = OrderedDictionary<String, JSONValue>()
            for change in changes where kind.field(named: change.field)?.isSecret != true {
                before[change.field] = change.before ?? .null
                written[change.field] = change.after
            }
            record["fields"] = .object(before)
            record["written"] = .object(written)
            record["identity"] = identity(of: live)
        case .delete(let options):
            record["action"] = "delete"
            guard let live = plan.live else { return nil }
            record["member"] = kind.memberPath(of: plan.item, live: live).map(JSONValue.string) ?? .null
            record["fields"] = identity(of: live)
            record["identity"] = identity(of: live)
            record["options"] = .object(options)
        }
        if let answer {
            let touched = record["written"]?.objectValue?.keys.flatMap { kind.field(named: $0)?.liveKeys ?? [$0] }
            record["answered"] = answered(answer, members: Set(identityMembers).union(touched ?? []))
        }
        return .object(record)
    }

    /// The before-values of a raw request: the request, the item it was sent for, and Canvas's answer.
    public static func request(method: String, path: String, item: JSONValue?, answer: JSONValue) -> JSONValue {
        ["request": .string("\(method) \(path)"), "item": item ?? .null, "answered": answer]
    }

    private static func identity(of live: JSONValue) -> JSONValue {
        var members = OrderedDictionary<String, JSONValue>()
        for name in identityMembers {
            if let value = live[name] { members[name] = value }
        }
        return .object(members)
    }

    /// The answer's ids, state and the members the write touched.
    private static func answered(_ answer: JSONValue, members wanted: Set<String>) -> JSONValue {
        guard case .object(let members) = answer else { return answer }
        return .object(members.filter { wanted.contains($0.key) })
    }

    /// A request as JSON: `method`, `path`, `query`.
    static func requestValue(_ request: CanvasRequest) -> JSONValue {
        var query = OrderedDictionary<String, JSONValue>()
        for pair in request.query { query[pair.name] = .string(pair.value) }
        return ["method": .string(request.method.rawValue), "path": .string(request.path), "query": .object(query)]
    }
}

extension BeforeValues {
    /// The before-values of a raw request that Canvas answered.
    static func request(_ request: ResolvedRequest, item: JSONValue?, answer: JSONValue) -> JSONValue {
        Self.request(method: request.method, path: request.path, item: item, answer: answer)
    }

    /// The before-values of a create an earlier attempt made and this one found: the object the lookup read.
    static func foundCreate(kind: ResourceKind, plan: EnsurePlan) -> JSONValue? {
        guard let live = plan.live else { return nil }
        return ensure(
            kind: kind, plan: EnsurePlan(item: plan.item, live: nil, action: .create(fields: [:])), answer: live)
    }
}
