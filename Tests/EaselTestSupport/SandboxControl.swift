import AsyncHTTPClient
public import JSONValues
import NIOCore
import NIOHTTP1
public import Sandbox

/// The sandbox's control surface (`/__sandbox/`), read over HTTP as any client would.
public enum SandboxControl {
    /// `GET /__sandbox/stats`: requests by method and route, throttled count, peak in flight per token.
    public static func stats(of sandbox: RunningSandbox) async throws -> JSONValue {
        try await call("GET", sandbox.controlURL("/__sandbox/stats"))
    }

    /// `POST /__sandbox/<path>` with a JSON body, such as `faults`.
    @discardableResult
    public static func post(_ path: String, body: JSONValue = [:], to sandbox: RunningSandbox) async throws -> JSONValue
    {
        try await call("POST", sandbox.controlURL(path), body: body)
    }

    /// Any control call, with a form body (`spec=…` for `PUT /__sandbox/faults`).
    @discardableResult
    public static func send(_ method: String, _ path: String, form: String?, to sandbox: RunningSandbox) async throws
        -> JSONValue
    {
        try await call(
            method, sandbox.controlURL(path), body: form.map { .string($0) },
            contentType: "application/x-www-form-urlencoded")
    }

    private static func call(
        _ method: String, _ url: String, body: JSONValue? = nil, contentType: String = "application/json"
    ) async throws -> JSONValue {
        var request = HTTPClientRequest(url: url)
        request.method = .RAW(value: method)
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            let text = body.stringValue.flatMap { contentType.hasPrefix("application/x-www") ? $0 : nil }
            request.body = .bytes(Array((text ?? body.serialized()).utf8))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 16 << 20)
        return try JSONValue(parsing: Array(bytes.readableBytesView))
    }
}
