import Foundation
import HTTPTypes
import Hummingbird
import JSONValues
import NIOCore
import OrderedCollections

/// Answers the API port: the control surface under `/__sandbox/`, downloads, and every `/api/v1` route, wrapped in
/// latency, faults and the throttle as Canvas's middleware would be.
struct SandboxAPIResponder: HTTPResponder {
    typealias Context = SandboxRequestContext

    let store: SandboxStore
    let traffic: SandboxTraffic
    let configuration: SandboxConfiguration
    let tokens: [String]

    /// The largest request body read.
    static let maximumBodySize = 64 << 20

    func respond(to request: Request, context: Context) async throws -> Response {
        let target = request.head.path ?? "/"
        let (rawPath, queryString) = Self.split(target)
        if rawPath == "/__sandbox" || rawPath.hasPrefix("/__sandbox/") {
            var request = request
            let body = try await request.collectBody(upTo: Self.maximumBodySize)
            if let refusal = controlRefusal(request) { return refusal }
            let query: JSONValue
            do {
                query = try RackParameters.parse(queryString)
            } catch {
                return Self.response(
                    SandboxStore.errorResponse(error, notPermittedStatus: configuration.notPermittedStatus),
                    stringIDs: false)
            }
            return await control(
                method: request.method.rawValue, path: rawPath, query: query, body: Array(body.readableBytesView))
        }
        if request.method == .get, let download = await download(rawPath: rawPath, query: queryString) {
            return download
        }
        var request = request
        let body = Array(try await request.collectBody(upTo: Self.maximumBodySize).readableBytesView)
        let method = request.method.rawValue
        let matched = SandboxRoutes.router.match(method: method, rawPath: rawPath)
        var call: APICall
        do {
            call = try makeCall(
                request: request, method: method, rawPath: rawPath, queryString: queryString, body: body)
        } catch {
            await traffic.record(method: method, routeKey: "\(method) \(matched?.0.pattern ?? "(unknown route)")")
            return Self.response(
                SandboxStore.errorResponse(error, notPermittedStatus: configuration.notPermittedStatus),
                stringIDs: false)
        }
        call.routePattern = matched?.0.pattern ?? "(unknown route)"
        if let matched { call.pathParameters = matched.1 }
        await traffic.record(method: method, routeKey: call.routeKey)

        if configuration.strictParameters, let refusal = Self.undocumentedParameterRefusal(for: call) {
            return Self.response(refusal, stringIDs: false)
        }
        if configuration.requiresUserAgent, (request.headers[.userAgent] ?? "").isEmpty {
            return Self.text("403 Forbidden (User-Agent header required)\n", status: 403)
        }
        let faults = await traffic.drawFaults(isWrite: method != "GET" && method != "HEAD")
        if faults.drop {
            context.channel.close(promise: nil)
            throw SandboxConnectionClosed()
        }

        let client = call.token.map { "token:" + $0 } ?? "ip:127.0.0.1"
        let label =
            call.token.map { token in tokens.firstIndex(of: token).map { "token-\($0 + 1)" } ?? "other-token" }
            ?? "anonymous"
        switch await traffic.admit(client: client, label: label) {
        case .throttled(let remaining):
            let status = configuration.throttleStatus
            var response = Self.text(
                "\(status) \(CanvasAPIError.reasonPhrase(status)) (Rate Limit Exceeded)\n", status: status)
            Self.add("X-Rate-Limit-Remaining", RubyFloat.format(remaining), to: &response)
            return response
        case .admitted, .unthrottled:
            break
        }
        // Latency counts as the request's running time, so slow requests stay in flight (and hold their
        // reservation) as they do on Canvas.
        var delay = await traffic.latency(base: configuration.latency, jitter: configuration.latencyJitter)
        if let slow = faults.delay { delay += slow }
        if delay > .zero {
            do {
                try await configuration.clock.sleep(delay)
            } catch {
                await traffic.abandon(client: client, label: label, routeKey: call.routeKey)
                throw error
            }
        }
        var answer: APIResponse
        if await traffic.denies(method: method, routePattern: call.routePattern, path: rawPath) {
            answer = SandboxStore.errorResponse(.notPermitted, notPermittedStatus: configuration.notPermittedStatus)
        } else if let status = faults.status {
            answer = .json(
                CanvasAPIError.internalErrorBody(status: status, reportID: await store.nextErrorReportID()),
                status: status)
        } else if let status = faults.lateStatus {
            if let (route, _) = matched {
                // The proxy gave up, the request runs on: it commits after the answer, with no one to tell.
                let store = self.store
                let (lateDelay, clock) = (faults.lateDelay, configuration.clock)
                Task {
                    try? await clock.sleep(lateDelay)
                    _ = await store.handle(call, route: route)
                }
            }
            answer = .json(
                CanvasAPIError.internalErrorBody(status: status, reportID: await store.nextErrorReportID()),
                status: status)
        } else if let (route, _) = matched {
            answer = await store.handle(call, route: route)
            if let status = faults.appliedStatus {
                // The request ran and committed; the gateway answers for it all the same.
                answer = .json(
                    CanvasAPIError.internalErrorBody(status: status, reportID: await store.nextErrorReportID()),
                    status: status)
            }
        } else {
            answer = SandboxStore.errorResponse(.notFound, notPermittedStatus: configuration.notPermittedStatus)
        }
        if let (cost, remaining) = await traffic.finish(client: client, label: label, routeKey: call.routeKey) {
            answer.headers.append(("X-Request-Cost", RubyFloat.format(cost)))
            answer.headers.append(("X-Rate-Limit-Remaining", RubyFloat.format(remaining)))
        }
        if faults.textAnswer, (200..<300).contains(answer.status), answer.json != nil {
            // The write ran and committed; its success comes back as text.
            answer.json = nil
            answer.text = "\(answer.status) \(CanvasAPIError.reasonPhrase(answer.status))\n"
        }
        if faults.loseResponse, faults.status == nil, faults.lateStatus == nil, faults.appliedStatus == nil {
            context.channel.close(promise: nil)
            throw SandboxConnectionClosed()
        }
        return Self.response(answer, stringIDs: call.wantsStringIDs)
    }

    /// Parses the request into what a route handler sees: Rack-style query and body parameters, the token, the host.
    private func makeCall(request: Request, method: String, rawPath: String, queryString: String, body: [UInt8])
        throws(CanvasAPIError) -> APICall
    {
        let contentType = request.headers[.contentType]
        let (query, parameters) = try RequestParameters.parse(
            query: queryString, contentType: contentType, body: body)
        var token: String?
        if let authorization = request.headers[.authorization], let space = authorization.firstIndex(of: " "),
            authorization[..<space] == "Bearer"
        {
            token = String(authorization[authorization.index(after: space)...])
        } else if let parameter = parameters.string("access_token") {
            token = parameter
        }
        let accept = request.headers[.accept] ?? ""
        return APICall(
            method: method, rawPath: rawPath, query: query.objectValue ?? [:], parameters: parameters,
            host: request.head.authority ?? "127.0.0.1", contentType: contentType, body: body,
            wantsStringIDs: accept.contains("application/json+canvas-string-ids"), token: token
        )
    }

    /// `GET /files/:id/download?verifier=…`: an available file's bytes.
    private func download(rawPath: String, query: String) async -> Response? {
        let segments = rawPath.split(separator: "/")
        guard segments.count == 3, segments[0] == "files", segments[2] == "download", let id = Int(segments[1]) else {
            return nil
        }
        let verifier = (try? RackParameters.parse(query))?["verifier"]?.stringValue
        guard let file = await store.download(fileID: id, verifier: verifier) else {
            return Self.response(
                SandboxStore.errorResponse(.notFound, notPermittedStatus: configuration.notPermittedStatus),
                stringIDs: false)
        }
        var headers = HTTPFields()
        headers[.contentType] = file.contentType
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: file.contents)))
    }

    /// The path and the query of a request target.
    static func split(_ target: String) -> (path: String, query: String) {
        guard let mark = target.firstIndex(of: "?") else { return (target, "") }
        return (String(target[..<mark]), String(target[target.index(after: mark)...]))
    }

    /// A plain-text response, as Canvas's throttle sends.
    static func text(_ body: String, status: Int) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(
            status: HTTPResponse.Status(code: status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    /// A route handler's answer as an HTTP response.
    static func response(_ answer: APIResponse, stringIDs: Bool) -> Response {
        var response = Response(status: HTTPResponse.Status(code: answer.status))
        if let json = answer.json {
            let body = stringIDs ? StringIDs.stringify(json) : json
            response.headers[.contentType] = "application/json; charset=utf-8"
            response.body = ResponseBody(byteBuffer: ByteBuffer(string: RubyJSON.serialize(body)))
        } else if let text = answer.text {
            response.headers[.contentType] = "text/plain; charset=utf-8"
            response.body = ResponseBody(byteBuffer: ByteBuffer(string: text))
        }
        for (name, value) in answer.headers { add(name, value, to: &response) }
        return response
    }

    static func add(_ name: String, _ value: String, to response: inout Response) {
        guard let fieldName = HTTPField.Name(name) else { return }
        response.headers.append(HTTPField(name: fieldName, value: value))
    }
}
