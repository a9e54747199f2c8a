import Diagnostics
import Expressions
import Foundation
import JSONValues
import OrderedCollections
import YAML

extension JobDecoding {
    private static let kindKeys: [StepKey] = [.get, .request, .ensure, .upload]
    private static let ensureOnlyKeys: [StepKey] = [.in, .key, .set, .create, .state, .via, .batchSize]
    private static let requestOnlyKeys: [StepKey] = [.body, .wait, .verify, .undo]

    mutating func decodeStep(_ node: YAMLNode) -> Step? {
        guard let pairs = mapping(node, what: "a step") else { return nil }
        guard let idNode = node[StepKey.id.rawValue] else {
            diagnostics.error("a step needs an 'id' (a name other steps and expressions use)", at: node.range.startOnly)
            checkKeys(pairs, allowed: StepKey.allCases.map(\.rawValue), in: "a step")
            return nil
        }
        guard let id = identifier(idNode, what: "step id") else { return nil }
        let context = "step '\(id)'"
        let misspelt = checkKeys(pairs, allowed: StepKey.allCases.map(\.rawValue), in: context)

        // A step whose kind is missing or wrong is still decoded to the end, so that one validate reports its
        // other problems too; it only stays out of the job.
        let present = Self.kindKeys.filter { node[$0.rawValue] != nil }
        let kindKey = present.count == 1 ? present.first : nil
        if present.isEmpty {
            // A misspelt 'ensrue:' is already reported, with its did-you-mean, as an unknown key.
            if misspelt.isDisjoint(with: Self.kindKeys.map(\.rawValue)) {
                diagnostics.error("\(context) needs one of 'get', 'request', 'ensure' or 'upload'", at: idNode.range)
            }
        } else if present.count > 1 {
            let extra = present.dropFirst().compactMap { key in pairs.first { $0.key.scalar?.text == key.rawValue } }
            diagnostics.error(
                "\(context) has both '\(present[0].rawValue)' and '\(present[1].rawValue)'; a step does one thing",
                at: extra.first?.key.range ?? idNode.range)
        }
        if let kindKey {
            for key in Self.ensureOnlyKeys where kindKey != .ensure {
                rejectKey(
                    key, in: node, pairs: pairs, because: "'\(key.rawValue)' belongs to 'ensure' steps",
                    context: context)
            }
            for key in Self.requestOnlyKeys where kindKey != .request {
                rejectKey(
                    key, in: node, pairs: pairs, because: "'\(key.rawValue)' belongs to 'request' steps",
                    context: context)
            }
            if kindKey == .ensure || kindKey == .upload {
                rejectKey(
                    .query, in: node, pairs: pairs, because: "'query' belongs to 'get' and 'request' steps",
                    context: context)
            }
        }

        var kindTemplates: [Template] = []
        let kind: Step.Kind?
        switch kindKey {
        case .get?: kind = decodeGet(node, context: context)
        case .request?: kind = decodeRequest(node, context: context)
        case .upload?: kind = decodeUpload(node, context: context)
        case .ensure?:
            kind = decodeEnsure(node, context: context, misspelt: misspelt, unplacedTemplates: &kindTemplates)
        default: kind = nil
        }

        var step = Step(
            id: id, name: nil,
            kind: kind ?? .get(Step.GetStep(path: Template.parse("/api/", at: nil, range: nil, into: &diagnostics))),
            forEach: nil, when: nil, needs: [], needsRanges: [], parallelism: nil, onError: nil, retry: nil,
            asUserID: nil, export: nil, itemKey: nil, range: node.range, idRange: idNode.range)
        if let value = node[StepKey.name.rawValue] { step.name = string(value, what: "'name'") }
        if let value = node[StepKey.description.rawValue] { _ = string(value, what: "'description'") }
        if let value = node[StepKey.forEach.rawValue] {
            if value.scalar != nil || value.sequence != nil {
                step.forEach = valueTemplate(value)
            } else {
                diagnostics.error("'for_each' must be an expression giving a list, or a list", at: value.range)
            }
        }
        if let value = node[StepKey.when.rawValue] {
            if case .bool? = value.scalarValue {
                step.when = parseTemplate(
                    YAMLNode.Scalar(text: "${{ \(value.scalar?.text ?? "true") }}", style: .plain, tag: nil),
                    range: value.range)
            } else if let template = template(value, what: "'when'") {
                if !template.isWholeExpression {
                    diagnostics.error(
                        "'when' must be one expression, like '${{ item.status == 'active' }}'", at: value.range)
                }
                step.when = template
            }
        }
        if let value = node[StepKey.needs.rawValue] {
            let elements = value.sequence ?? [value]
            for element in elements {
                guard let need = string(element, what: "an entry of 'needs'") else { continue }
                step.needs.append(need)
                step.needsRanges.append(element.range)
            }
        }
        if let value = node[StepKey.parallelism.rawValue] {
            step.parallelism = positiveInteger(value, what: "'parallelism'")
        }
        if let value = node[StepKey.onError.rawValue] {
            step.onError = enumeration(value, ErrorPolicy.self, what: "'on_error'")
        }
        if let value = node[StepKey.retry.rawValue] { step.retry = decodeRetry(value) }
        if let value = node[StepKey.asUserID.rawValue] {
            if kindKey == .upload {
                diagnostics.error(
                    "'as_user_id' is not supported on an 'upload' step: the file goes in as the token's user",
                    at: value.range)
            } else if kindKey == .ensure {
                // Refused rather than ignored: an ensure's reads and writes would go as the token's own user.
                diagnostics.error(
                    "'as_user_id' is not supported on an 'ensure' step: its reads and writes act as the token's "
                        + "user; act as another user with a 'request' step", at: value.range)
            } else {
                step.asUserID = template(value, what: "'as_user_id'")
            }
        }
        if let value = node[StepKey.itemKey.rawValue] { step.itemKey = template(value, what: "'item_key'") }
        if let value = node[StepKey.export.rawValue] { step.export = decodeExport(value, context: context) }
        if step.itemKey != nil && step.forEach == nil {
            diagnostics.error(
                "'item_key' needs 'for_each': only fan-out steps have items", at: node[StepKey.itemKey.rawValue]?.range)
        }
        guard kind != nil else {
            partialSteps.append(PartialStep(step: step, templates: step.templates + kindTemplates))
            return nil
        }
        return step
    }

    private mutating func rejectKey(
        _ key: StepKey, in node: YAMLNode, pairs: [YAMLNode.Pair], because reason: String, context: String
    ) {
        guard let pair = pairs.first(where: { $0.key.scalar?.text == key.rawValue }) else { return }
        diagnostics.error("\(reason); \(context) is not one", at: pair.key.range)
    }

    private mutating func decodeGet(_ node: YAMLNode, context: String) -> Step.Kind? {
        guard let pathNode = node[StepKey.get.rawValue], let path = template(pathNode, what: "'get'") else {
            return nil
        }
        checkPath(path, at: pathNode.range)
        let query = node[StepKey.query.rawValue].map { decodeParameters($0, what: "'query'") }
        return .get(Step.GetStep(path: path, query: query))
    }

    private mutating func decodeRequest(_ node: YAMLNode, context: String) -> Step.Kind? {
        guard let requestNode = node[StepKey.request.rawValue], let scalar = requestNode.scalar, !requestNode.isNull
        else {
            diagnostics.error(
                "'request' must be 'METHOD PATH', like 'PUT /api/v1/courses/${{ item.id }}'",
                at: node[StepKey.request.rawValue]?.range)
            return nil
        }
        let text = scalar.text.trimmingCharacters(in: .whitespaces)
        guard let space = text.firstIndex(of: " ") else {
            if RequestMethod(rawValue: text.uppercased()) != nil {
                diagnostics.error(
                    "'request' needs a path after the method, like '\(text.uppercased()) /api/v1/…'",
                    at: requestNode.range)
            } else {
                diagnostics.error(
                    "'request' needs a method before the path, like 'POST \(text)'", at: requestNode.range)
            }
            return nil
        }
        let methodText = String(text[..<space])
        guard let method = RequestMethod(rawValue: methodText) else {
            diagnostics.append(
                Diagnostic.error(
                    "'\(methodText)' is not an HTTP method Easel sends; use GET, POST, PUT, PATCH or DELETE",
                    at: requestNode.range
                ).suggesting(suggestion(for: methodText.uppercased(), among: RequestMethod.allCases.map(\.rawValue))))
            return nil
        }
        let pathText = text[text.index(after: space)...].trimmingCharacters(in: .whitespaces)
        let offset = scalar.text.distance(
            from: scalar.text.startIndex, to: scalar.text.firstIndex(of: "/") ?? scalar.text.startIndex)
        let pathScalar = YAMLNode.Scalar(text: pathText, style: .plain, tag: nil)
        var pathRange = requestNode.range
        if scalar.style == .plain { pathRange.start = requestNode.range.start.advanced(by: offset) }
        let path = parseTemplate(pathScalar, range: pathRange)
        checkPath(path, at: pathRange)
        let query = node[StepKey.query.rawValue].map { decodeParameters($0, what: "'query'") }
        let body = node[StepKey.body.rawValue].map { valueTemplate($0) }
        if let bodyNode = node[StepKey.body.rawValue], bodyNode.scalar != nil,
            !(body?.templates.first?.isWholeExpression ?? false)
        {
            diagnostics.error(
                "'body' must be a mapping of parameters (or one expression giving one)", at: bodyNode.range)
        }
        if method == .GET, let bodyNode = node[StepKey.body.rawValue] {
            diagnostics.error("a GET request has no body; use 'query'", at: bodyNode.range)
        }
        let wait = node[StepKey.wait.rawValue].flatMap { enumeration($0, WaitMode.self, what: "'wait'") }
        let verify = node[StepKey.verify.rawValue].flatMap { decodeVerify($0) }
        var request = Step.RequestStep(method: method, path: path, query: query, body: body, wait: wait, verify: verify)
        if let undoNode = node[StepKey.undo.rawValue] {
            if method == .GET {
                diagnostics.error("a GET request changes nothing, so it has nothing to undo", at: undoNode.range)
            } else {
                request.undo = decodeUndo(undoNode)
            }
        }
        return .request(request)
    }

    /// An `undo:` mapping: `request: METHOD PATH`, with `query:` and `body:` as a request step writes them.
    private mutating func decodeUndo(_ node: YAMLNode) -> Step.UndoRequest? {
        guard let pairs = mapping(node, what: "'undo'") else { return nil }
        checkKeys(pairs, allowed: UndoKey.allCases.map(\.rawValue), in: "'undo'")
        guard node[UndoKey.request.rawValue] != nil else {
            diagnostics.error(
                "'undo' needs 'request: METHOD PATH', the request that takes back one item, like "
                    + "'DELETE /api/v1/courses/${{ item.output.id }}'",
                at: node.range.startOnly)
            return nil
        }
        guard case .request(let request)? = decodeRequest(node, context: "'undo'") else { return nil }
        return Step.UndoRequest(method: request.method, path: request.path, query: request.query, body: request.body)
    }

    private mutating func decodeVerify(_ node: YAMLNode) -> Step.Verify? {
        guard let pairs = mapping(node, what: "'verify'") else { return nil }
        checkKeys(pairs, allowed: VerifyKey.allCases.map(\.rawValue), in: "'verify'")
        guard let pathNode = node[VerifyKey.get.rawValue] else {
            diagnostics.error(
                "'verify' needs 'get: PATH', the read that finds what the request made", at: node.range.startOnly)
            return nil
        }
        guard let path = template(pathNode, what: "'verify.get'") else { return nil }
        checkPath(path, at: pathNode.range)
        let query = node[VerifyKey.query.rawValue].map { decodeParameters($0, what: "'query'") }
        guard let matchNode = node[VerifyKey.match.rawValue] else {
            // Without it, any element the read returns would count as proof that the write happened, and a write
            // that never ran would be skipped.
            diagnostics.error(
                "'verify' needs 'match:', the fields that tell the object this request makes from the others "
                    + "the read returns (such as 'match: { name: \"${{ item.name }}\" }')",
                at: node.range.startOnly)
            return nil
        }
        if case .mapping(let fields) = matchNode.kind, fields.isEmpty {
            diagnostics.error(
                "'verify.match' needs at least one field: an empty match would take any object as proof",
                at: matchNode.range)
            return nil
        }
        let match = valueTemplate(matchNode)
        return Step.Verify(path: path, query: query, match: match)
    }

    /// An `ensure` step's kind and fields. With an unknown kind it still reads every field, so that their
    /// problems are reported in the same pass, and gives their expressions in `unplacedTemplates`.
    private mutating func decodeEnsure(
        _ node: YAMLNode, context: String, misspelt: Set<String>, unplacedTemplates: inout [Template]
    ) -> Step.Kind? {
        guard let kindNode = node[StepKey.ensure.rawValue], let kindText = string(kindNode, what: "'ensure'") else {
            return nil
        }
        let kind = ResourceKindName(rawValue: kindText)
        if kind == nil {
            diagnostics.append(
                Diagnostic.error(
                    "Easel does not know the Canvas object kind '\(kindText)'; it knows \(ResourceKindName.allCases.map(\.rawValue).joined(separator: ", "))",
                    at: kindNode.range
                ).suggesting(suggestion(for: kindText, among: ResourceKindName.allCases.map(\.rawValue))))
        }
        let parent = node[StepKey.in.rawValue].flatMap { template($0, what: "'in'") }
        var key = ValueTemplate.literal(.object([:]))
        if let keyNode = node[StepKey.key.rawValue] {
            if keyNode.mapping == nil {
                diagnostics.error(
                    "'key' must be a mapping of the fields that find the object, like 'sis_course_id: …'",
                    at: keyNode.range)
            } else {
                key = valueTemplate(keyNode)
            }
        } else if !misspelt.contains(StepKey.key.rawValue) {
            diagnostics.error(
                "\(context) needs a 'key': the fields that find the \(kindText) in Canvas", at: kindNode.range)
        }
        var set: ValueTemplate?
        if let setNode = node[StepKey.set.rawValue] {
            if setNode.mapping == nil {
                diagnostics.error(
                    "'set' must be a mapping of the fields the \(kindText) should have", at: setNode.range)
            } else {
                set = valueTemplate(setNode)
            }
        }
        var create: ValueTemplate?
        if let createNode = node[StepKey.create.rawValue] {
            if createNode.mapping == nil {
                diagnostics.error(
                    "'create' must be a mapping of the fields sent only when the \(kindText) is created",
                    at: createNode.range)
            } else {
                create = valueTemplate(createNode)
            }
        }
        let state =
            node[StepKey.state.rawValue].flatMap { enumeration($0, EnsureState.self, what: "'state'") } ?? .present
        if state == .absent, let createNode = node[StepKey.create.rawValue] {
            diagnostics.error(
                "'create' has no use with 'state: absent': nothing is created", at: createNode.range.startOnly)
        }
        let transport = decodeTransport(node, kindRange: kindNode.range)
        guard let kind else {
            unplacedTemplates =
                (parent.map { [$0] } ?? []) + key.templates + (set?.templates ?? [])
                + (create?.templates ?? [])
            return nil
        }
        var ensure = Step.EnsureStep(kind: kind, parent: parent, key: key, set: set, create: create, state: state)
        for section in [StepKey.key, .set, .create] {
            for pair in node[section.rawValue]?.mapping ?? [] {
                guard let name = pair.key.scalar?.text else { continue }
                ensure.sources["\(section.rawValue).\(name)"] = Step.FieldSource(
                    name: pair.key.range, value: pair.value.range)
            }
        }
        if let parentNode = node[StepKey.in.rawValue] {
            ensure.sources["in"] = Step.FieldSource(name: parentNode.range, value: parentNode.range)
        }
        ensure.via = transport.via
        ensure.viaRange = transport.viaRange
        ensure.batchSize = transport.batchSize
        return .ensure(ensure)
    }

    private mutating func decodeParameters(_ node: YAMLNode, what: String) -> ValueTemplate {
        if node.mapping == nil, !(node.scalar?.text.contains("${{") ?? false) {
            diagnostics.error("\(what) must be a mapping of parameters", at: node.range)
        }
        return valueTemplate(node)
    }

    private mutating func decodeExport(_ node: YAMLNode, context: String) -> Step.Export? {
        guard let pairs = mapping(node, what: "'export'") else { return nil }
        checkKeys(pairs, allowed: ExportKey.allCases.map(\.rawValue), in: "'export'")
        let formats: [ExportKey] = [.csv, .json].filter { node[$0.rawValue] != nil }
        guard formats.count == 1, let format = formats.first, let pathNode = node[format.rawValue],
            let path = string(pathNode, what: "the export path")
        else {
            diagnostics.error("'export' needs exactly one of 'csv: FILE' or 'json: FILE'", at: node.range.startOnly)
            return nil
        }
        var columns: [String]?
        if let columnsNode = node[ExportKey.columns.rawValue] {
            if format == .json {
                diagnostics.error("'columns' applies to CSV exports only", at: columnsNode.range)
            }
            columns = sequence(columnsNode, what: "'columns'")?.compactMap { string($0, what: "a column") }
        }
        return Step.Export(format: format == .csv ? .csv : .json, path: path, columns: columns)
    }

    /// A request path must be a path under `/api/` on the environment's host, never a full URL.
    private mutating func checkPath(_ path: Template, at range: SourceRange) {
        guard case .literal(let prefix)? = path.parts.first else { return }
        if prefix.hasPrefix("http://") || prefix.hasPrefix("https://") {
            diagnostics.error(
                "give a path like '/api/v1/…', not a full URL: the environment says which Canvas to talk to", at: range)
        } else if !prefix.hasPrefix("/api/") && !(path.parts.count > 1 && "/api/".hasPrefix(prefix)) {
            diagnostics.error("the path must start with '/api/' (Canvas's API), like '/api/v1/courses/…'", at: range)
        }
    }
}
