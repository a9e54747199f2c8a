public import Canvas
import Foundation
public import JSONValues
public import Logging
public import OrderedCollections

/// What `ensure:` knows about one kind of Canvas object: where it lives, how to find it by its key, which
/// fields it has and how Canvas spells them on the wire, and how to create, update and delete it.
///
/// Kinds are values (see `ResourceKinds`); the behaviour that differs between kinds is held in closures and
/// tables set up by each kind's file, such as `ResourceKind.course`.
public struct ResourceKind: Sendable {
    /// The name `ensure:` uses (`course`, `assignment_group`).
    public let name: String
    /// What `in:` names when it gives a plain id.
    public let parentKind: ResourceParent.Kind
    /// Every kind of parent `in:` may name, `parentKind` first (a course or a section for an enrollment).
    public let parentKinds: [ResourceParent.Kind]
    /// The parent used when `in:` is absent (`self` for account kinds), or nil when `in:` is required.
    public let defaultParent: JSONValue?
    /// Every field `set:` or `key:` may name.
    public let fields: [ResourceField]
    /// The ways of finding an object, each by a set of key fields.
    public let keys: [ResourceKey]
    /// The options of a delete (`task` of an enrollment), read from `set:` when `state: absent`.
    public let deleteOptions: [DeleteOption]
    /// The URLs and the Canvas-specific steps of each write.
    let endpoints: ResourceEndpoints
    /// The listing that answers many lookups at once, for kinds that have one.
    let bulkListing: BulkListing?
    /// The fields Canvas requires on a create: each inner list is met by any one of its names.
    public let requiredOnCreate: [[String]]

    /// A kind.
    init(
        name: String,
        parentKind: ResourceParent.Kind,
        alsoIn otherParents: [ResourceParent.Kind] = [],
        defaultParent: JSONValue? = nil,
        fields: [ResourceField],
        keys: [ResourceKey],
        deleteOptions: [DeleteOption] = [],
        endpoints: ResourceEndpoints,
        bulkListing: BulkListing? = nil,
        requiredOnCreate: [[String]] = []
    ) {
        self.name = name
        self.parentKind = parentKind
        self.parentKinds = [parentKind] + otherParents
        self.defaultParent = defaultParent
        self.fields = fields
        self.keys = keys
        self.deleteOptions = deleteOptions
        self.endpoints = endpoints
        self.bulkListing = bulkListing
        self.requiredOnCreate = requiredOnCreate
    }

    /// The field named `name`, if the kind has one.
    public func field(named name: String) -> ResourceField? {
        fields.first { $0.name == name }
    }

    /// The names `set:` accepts for an item in `state`.
    public func settableFieldNames(for state: EnsureItem.State) -> [String] {
        switch state {
        case .present: fields.filter { $0.writability != .lookupOnly }.map(\.name)
        case .absent: deleteOptions.map(\.name)
        }
    }

    /// The parent of an item: its `in:`, or the kind's default, classified by its form (`sis_section_id:…` names
    /// a section, a plain id the kind's usual parent).
    public func parent(of item: EnsureItem) throws(ResourceError) -> ResourceParent {
        guard let value = item.parent ?? defaultParent, !value.isNull else {
            throw .invalidParent(kind: name, reason: "is required: name the \(parentNames) it lives in")
        }
        switch value {
        case _ where value.containsUnknown:
            return ResourceParent(kind: parentKind, id: value)
        case .int:
            return ResourceParent(kind: parentKind, id: value)
        case .string(let raw):
            let text = raw.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else {
                throw .invalidParent(kind: name, reason: "is empty: name the \(parentNames) it lives in")
            }
            if let parent = parentForm(text) { return parent }
            throw .invalidParent(
                kind: name, reason: "cannot be '\(text)': use " + parentForms.joined(separator: ", "))
        default:
            throw .invalidParent(
                kind: name, reason: "must be a \(parentNames) id or SIS id, not a \(value.typeName)")
        }
    }

    /// The forms `in:` accepts for this kind, as messages and documentation list them.
    public var parentForms: [String] {
        parentKinds.enumerated().flatMap { index, kind in kind.forms(isPrimary: index == 0) }
            + ["sis_integration_id:…", "lti_context_id:…", "uuid:…"].filter { form in
                parentKinds.contains { $0.idPrefixes.contains(String(form.dropLast(2))) }
            }
    }

    /// What `in:` names, in words: `course or section`.
    var parentNames: String {
        parentKinds.map(\.rawValue).joined(separator: " or ")
    }

    /// The parent `text` names, if it is a form this kind accepts.
    func parentForm(_ text: String) -> ResourceParent? {
        if text == "self" {
            return parentKinds.contains(.account) ? ResourceParent(kind: .account, id: "self") : nil
        }
        if text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber), text.count <= 19 {
            return ResourceParent(kind: parentKind, id: .string(text))
        }
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let prefix = String(text[..<colon])
        let rest = String(text[text.index(after: colon)...])
        guard !rest.isEmpty else { return nil }
        for (index, kind) in parentKinds.enumerated() {
            if index > 0, prefix == kind.idWord, rest.allSatisfy(\.isNumber) {
                return ResourceParent(kind: kind, id: .string(rest))
            }
            if let position = kind.idPrefixes.firstIndex(of: prefix), position == 0 || index == 0 {
                return ResourceParent(kind: kind, id: .string(text))
            }
        }
        return nil
    }
}

/// One delete option, such as an enrollment's `task`.
public struct DeleteOption: Sendable, Hashable {
    /// The name under `set:`.
    public let name: String
    /// The values Canvas accepts.
    public let values: [String]
    /// The value used when `set:` has none.
    public let defaultValue: String
}

/// The requests of a kind, and the Canvas quirks of each.
struct ResourceEndpoints: Sendable {
    /// The list (and create) URL in a parent.
    let collection: @Sendable (ResourceParent) -> String
    /// The URL of one object, from the parent and the live object (its `id`, or a page's `url`).
    let member: @Sendable (ResourceParent, JSONValue) throws(ResourceError) -> String
    /// The member of a list response that wraps the array (`enrollment_terms`), if any.
    var listWrapper: String? = nil
    /// Query parameters for lists, such as the states to include.
    var listQuery: @Sendable (ResourceParent) -> JSONValue = { _ in [:] }
    /// Whether a live object is gone as far as `state: present` is concerned (deleted, concluded).
    var isGone: @Sendable (JSONValue) -> Bool = { $0["workflow_state"]?.stringValue == "deleted" }
    /// Whether a live object already meets `state: absent` with these delete options.
    var isAbsent: @Sendable (JSONValue, OrderedDictionary<String, JSONValue>) -> Bool = { live, _ in
        live["workflow_state"]?.stringValue == "deleted"
    }
    /// Adds what a create needs besides the fields (an account's login for a user, `offer` for a course).
    var adjustCreateBody: @Sendable (inout JSONValue, ResourceParent, OrderedDictionary<String, JSONValue>) -> Void =
        { _, _, _ in }
    /// Adds what an update needs besides the changed fields.
    var adjustUpdateBody: @Sendable (inout JSONValue, [FieldChange]) -> Void = { _, _ in }
    /// The create, when it needs more than a POST of the fields to the collection URL (reads first).
    var customCreate: (@Sendable (ResourceWrite, OrderedDictionary<String, JSONValue>) async throws -> JSONValue)? =
        nil
    /// The update, when it is not a PUT of the changed fields to the member URL.
    var customUpdate: (@Sendable (ResourceWrite, [FieldChange]) async throws -> JSONValue)? = nil
    /// The delete request.
    let delete:
        @Sendable (ResourceParent, JSONValue, OrderedDictionary<String, JSONValue>) throws(ResourceError)
            -> CanvasRequest
    /// How a gone object is brought back instead of created again, for kinds Canvas revives (an enrollment).
    var revival: Revival? = nil
    /// The requests of `customUpdate`, in words, for the reference documentation.
    var updateSummary: String? = nil
}

/// How a kind brings back an object that is gone (a concluded enrollment): by a change of one state field, the
/// field's value defaulting to what a create would give it.
struct Revival: Sendable {
    /// The state field (`enrollment_state`).
    let field: String
    /// Its value when `set:` names none (`invited`, as Canvas enrolls).
    let defaultValue: String
}

/// What a write needs: the kind, the parent, the item, the live object, and the client.
struct ResourceWrite: Sendable {
    let kind: ResourceKind
    let parent: ResourceParent
    let item: EnsureItem
    let live: JSONValue?
    let client: any CanvasBoundary
    let logger: Logger
    let context: CanvasRequestContext
}
