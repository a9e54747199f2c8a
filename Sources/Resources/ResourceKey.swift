public import Canvas
public import JSONValues
public import Logging
public import OrderedCollections

/// One way of finding an object: by a SIS id, a login, an id, or a name within the parent.
public struct ResourceKey: Sendable {
    /// The key fields this way uses, in the order the job usually writes them.
    public let fields: [String]
    /// Whether finding nothing this way proves the parent exists (a list of the parent's objects answers 404
    /// when it does not); when false, a plan reads the parent before it plans a create in it.
    let readsParent: Bool
    let find: @Sendable (ResourceLookup) async throws -> JSONValue?

    /// A way of finding objects.
    init(
        _ fields: [String], readsParent: Bool = false,
        find: @escaping @Sendable (ResourceLookup) async throws -> JSONValue?
    ) {
        self.fields = fields
        self.readsParent = readsParent
        self.find = find
    }

    /// Whether this way takes exactly these key fields.
    func accepts(_ names: some Sequence<String>) -> Bool {
        Set(fields) == Set(names)
    }
}

/// What a lookup needs: the kind, the parent, the key values, and the client.
struct ResourceLookup: Sendable {
    let kind: ResourceKind
    let parent: ResourceParent
    let key: OrderedDictionary<String, JSONValue>
    let client: any CanvasBoundary
    let logger: Logger
    let context: CanvasRequestContext
    /// Lists shared with the plan's other items, when it shares them.
    var reads: SharedReads? = nil

    /// The key value of `field` as text.
    func text(_ field: String) -> String {
        key[field]?.interpolated ?? ""
    }

    /// GETs `path`; nil when Canvas answers 404 or the object is gone.
    func fetch(_ path: String, query: JSONValue = [:]) async throws -> JSONValue? {
        do {
            let object = try await client.json(.get(path, query: query, context: context), logger: logger)
            return kind.endpoints.isGone(object) ? nil : object
        } catch let error as CanvasError where error.kind.isNotFound {
            return nil
        }
    }

    /// Every element of the parent's list (with `query`); throws `parentNotFound` when Canvas answers 404.
    func list(query: JSONValue = [:]) async throws -> [JSONValue] {
        let path = kind.endpoints.collection(parent)
        var merged = kind.endpoints.listQuery(parent)
        merged.merge(query)
        let (client, logger, context, wrapper, query) = (
            client, logger, context, kind.endpoints.listWrapper, merged
        )
        let fetch: @Sendable () async throws -> JSONValue? = {
            do {
                let all = try await client.getAll(
                    .get(path, query: query, context: context), unwrapping: wrapper, logger: logger)
                return .array(all.arrayValue ?? [all])
            } catch let error as CanvasError where error.kind.isNotFound {
                return nil
            }
        }
        let found: JSONValue?
        if let reads, reads.sharesListings {
            found = try await reads.value(for: "list \(path)?\(merged.serialized())", fetch: fetch)
        } else {
            found = try await fetch()
        }
        guard let found else {
            throw ResourceError.parentNotFound(
                kind: kind.name, parent: "\(parent.kind.rawValue) \(parent.idText)", path: "GET \(path)")
        }
        return found.arrayValue ?? []
    }

    /// The one live element that matches every key field, by each field's comparison; nil when none does.
    func matching(_ elements: [JSONValue]) throws -> JSONValue? {
        let matches = elements.filter { element in
            !kind.endpoints.isGone(element)
                && key.allSatisfy { name, value in
                    guard let field = kind.field(named: name) else { return false }
                    return field.type.isEquivalent(value, field.liveValue(in: element))
                }
        }
        guard matches.count <= 1 else {
            let described = key.map { "\($0.key) \($0.value.interpolated)" }.joined(separator: ", ")
            throw ResourceError.ambiguousKey(kind: kind.name, key: described, count: matches.count)
        }
        return matches.first
    }
}

extension ResourceKey {
    /// Finds the object at its member URL by a Canvas id form: `sis_course_id:` + the value, or the plain id.
    static func byIDForm(_ field: String, prefix: String?) -> ResourceKey {
        ResourceKey([field]) { lookup in
            let value = lookup.text(field)
            let id = prefix.map { "\($0):\(value)" } ?? value
            let path = try lookup.kind.endpoints.member(lookup.parent, ["id": .string(id)])
            return try await lookup.fetch(path)
        }
    }

    /// Finds the object by listing the parent's objects and matching every key field.
    static func byListing(_ fields: [String], query: JSONValue = [:]) -> ResourceKey {
        ResourceKey(fields, readsParent: true) { lookup in
            try lookup.matching(try await lookup.list(query: query))
        }
    }
}

extension CanvasError.Kind {
    /// Whether Canvas answered 404.
    var isNotFound: Bool {
        if case .notFound = self { return true }
        return false
    }
}
