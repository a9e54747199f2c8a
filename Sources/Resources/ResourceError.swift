/// Why an `ensure` item cannot be planned or applied, in words a Canvas admin understands.
public enum ResourceError: Error, Sendable, Hashable {
    /// `ensure:` names a kind Easel does not know.
    case unknownKind(String, suggestion: String?)
    /// A `set:` field the kind does not have.
    case unknownField(kind: String, field: String, suggestion: String?)
    /// A `key:` that matches none of the kind's ways of finding an object.
    case unsupportedKey(kind: String, fields: [String], accepted: [[String]])
    /// A `key:` for objects that should exist whose fields cannot be written with a new object (an `id`, a page's
    /// `url`): a created object would never be found by it again, and each run would create another.
    case keyNotWritable(kind: String, fields: [String], creatable: [[String]])
    /// A value of the wrong type.
    case invalidValue(kind: String, field: String, value: String, expected: String)
    /// `in:` is missing or not usable for this kind.
    case invalidParent(kind: String, reason: String)
    /// A field that Canvas does not let Easel change once the object exists.
    case notUpdatable(kind: String, field: String)
    /// Several live objects match the key, so Easel cannot tell which one is meant.
    case ambiguousKey(kind: String, key: String, count: Int)
    /// The live object lacks the id Easel needs to write it.
    case missingID(kind: String)
    /// A value only known after apply was still unknown when applying.
    case unresolvedValue(kind: String, field: String)
    /// Canvas answered 404 for the list the object would be in: its parent (or a user its key names) is missing.
    case parentNotFound(kind: String, parent: String, path: String)
    /// A create lacks a field Canvas requires: any one of `fields`.
    case missingCreationField(kind: String, fields: [String])
    /// A field named under two of `key:`, `set:` and `create:`.
    case fieldTwice(kind: String, field: String)
    /// A field that the parent already gives (an enrollment's section when `in:` is the section).
    case fieldOfParent(kind: String, field: String)
}

extension ResourceError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .unknownKind(let name, let suggestion):
            return "unknown ensure kind '\(name)'" + Self.didYouMean(suggestion)
        case .unknownField(let kind, let field, let suggestion):
            return "\(Self.article(kind)) \(kind) has no field '\(field)'" + Self.didYouMean(suggestion)
        case .unsupportedKey(let kind, let fields, let accepted):
            let forms = accepted.map { $0.joined(separator: " + ") }.joined(separator: "; ")
            return
                "\(Self.article(kind)) \(kind) cannot be found by key [\(fields.joined(separator: ", "))]; use one of: \(forms)"
        case .keyNotWritable(let kind, let fields, let creatable):
            let forms = creatable.map { $0.joined(separator: " + ") }.joined(separator: "; ")
            return "a new \(kind) cannot be given [\(fields.joined(separator: ", "))], so one created by this step "
                + "would never be found by its key again and every run would create another; key it by one of: "
                + forms + " (or use state: absent, which never creates)"
        case .invalidValue(let kind, let field, let value, let expected):
            return "\(kind) field '\(field)' must be \(expected), not \(value)"
        case .invalidParent(let kind, let reason):
            return "the 'in:' of \(Self.article(kind)) \(kind) step \(reason)"
        case .notUpdatable(let kind, let field):
            return "Canvas does not let Easel change the \(field) of an existing \(kind); to send it only when the "
                + "\(kind) is created, move it from 'set:' to 'create:' (or change it in Canvas by hand)"
        case .ambiguousKey(let kind, let key, let count):
            return "\(count) \(kind) objects match \(key); make the key unique (a SIS id, say)"
        case .missingID(let kind):
            return "Canvas returned \(Self.article(kind)) \(kind) without an id"
        case .unresolvedValue(let kind, let field):
            return "the \(kind) field '\(field)' was still unknown at apply time"
        case .parentNotFound(let kind, let parent, let path):
            return "not found: \(path) – the \(parent) that would hold this \(kind) (or an id in its key) does not "
                + "exist in Canvas; create it in an earlier step, or correct the id"
        case .missingCreationField(let kind, let fields):
            let names = fields.map { "'\($0)'" }.joined(separator: " or ")
            return
                "Canvas needs \(names) to create \(Self.article(kind)) \(kind), and this item has none: add \(fields[0]) under "
                + "'create:' (sent only when the \(kind) is created)"
        case .fieldOfParent(let kind, let field):
            return "the \(kind)'s \(field) is the section its 'in:' names; leave \(field) out, or name the course "
                + "in 'in:'"
        case .fieldTwice(let kind, let field):
            return "the \(kind) field '\(field)' is named twice: give it under one of 'key:', 'set:' and 'create:'"
        }
    }

    /// `a` or `an`, as the kind's name needs (`an enrollment`).
    static func article(_ word: String) -> String {
        word.first.map { "aeiou".contains($0) } == true ? "an" : "a"
    }

    private static func didYouMean(_ suggestion: String?) -> String {
        suggestion.map { "; did you mean '\($0)'?" } ?? ""
    }
}
