public import Canvas
public import JSONValues
public import Logging
public import OrderedCollections

extension ResourceKind {
    /// Sends the requests of a planned action and returns the object Canvas answers with.
    ///
    /// For a delete, the result is what the delete returned; for `.unchanged`, the live object. A create is
    /// sent at most once: if its answer is lost, the client looks the object up by its key before sending again.
    public func apply(
        _ action: ResourceAction,
        to item: EnsureItem,
        live: JSONValue?,
        client: any CanvasBoundary,
        logger: Logger,
        context: CanvasRequestContext = .init()
    ) async throws -> JSONValue {
        let parent = try parent(of: item)
        let write = ResourceWrite(
            kind: self, parent: parent, item: item, live: live, client: client, logger: logger, context: context)
        switch action {
        case .unchanged:
            return live ?? .null
        case .create(let fields):
            try requireKnown(fields)
            if let customCreate = endpoints.customCreate { return try await customCreate(write, fields) }
            var body = formBody(fields)
            endpoints.adjustCreateBody(&body, parent, fields)
            let request = CanvasRequest(
                .post, endpoints.collection(parent), body: .form(body), retrySafety: .nonIdempotent,
                verify: { [self] in
                    try await self.lookup(item, client: client, logger: logger, context: context)
                },
                context: context
            )
            let created = try await client.json(request, logger: logger)
            return try await settle(
                fields, created: created, parent: parent, client: client, logger: logger, context: context)
        case .update(let changes):
            try requireKnown(OrderedDictionary(uniqueKeysWithValues: changes.map { ($0.field, $0.after) }))
            if let customUpdate = endpoints.customUpdate { return try await customUpdate(write, changes) }
            guard let live else { throw ResourceError.missingID(kind: name) }
            var body = formBody(OrderedDictionary(uniqueKeysWithValues: changes.map { ($0.field, $0.after) }))
            endpoints.adjustUpdateBody(&body, changes)
            let request = CanvasRequest(.put, try endpoints.member(parent, live), body: .form(body), context: context)
            return try await client.json(request, logger: logger)
        case .delete(let options):
            guard let live else { throw ResourceError.missingID(kind: name) }
            var request = try endpoints.delete(parent, live, options)
            request.context = context
            let response = try await client.send(request, logger: logger)
            return response.body.isEmpty ? .null : try response.json()
        }
    }

    /// Sends, after a create, the fields Canvas only takes on an update (a course is created unpublished whatever
    /// its `workflow_state`; concluding it is an event of an update), so the next plan finds nothing to change.
    private func settle(
        _ fields: OrderedDictionary<String, JSONValue>, created: JSONValue, parent: ResourceParent,
        client: any CanvasBoundary, logger: Logger, context: CanvasRequestContext
    ) async throws -> JSONValue {
        let settable = fields.filter { field(named: $0.key)?.writability == .always }
        let changes = diff(desired: settable, live: created)
        guard !changes.isEmpty, created["id"] != nil, endpoints.customUpdate == nil,
            let path = try? endpoints.member(parent, created)
        else { return created }
        var body = formBody(OrderedDictionary(uniqueKeysWithValues: changes.map { ($0.field, $0.after) }))
        endpoints.adjustUpdateBody(&body, changes)
        return try await client.json(CanvasRequest(.put, path, body: .form(body), context: context), logger: logger)
    }

    /// The form body that writes these fields, each at its parameter's nesting.
    public func formBody(_ fields: OrderedDictionary<String, JSONValue>) -> JSONValue {
        var body: JSONValue = [:]
        for (fieldName, value) in fields {
            guard let field = field(named: fieldName), !field.parameter.isEmpty else { continue }
            body.set(field.parameterValue(value), at: field.parameter)
        }
        return body
    }

    private func requireKnown(_ fields: OrderedDictionary<String, JSONValue>) throws(ResourceError) {
        if let unknown = fields.first(where: { $0.value.containsUnknown }) {
            throw .unresolvedValue(kind: name, field: unknown.key)
        }
    }
}
