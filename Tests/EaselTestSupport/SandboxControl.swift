import AsyncHTTPClient
import Foundation
public import JSONValues
import NIOCore
import NIOHTTP1
import OrderedCollections
public import Sandbox

/// The sandbox's control surface (`/__sandbox/`), read over HTTP as any client would.
public enum SandboxControl {
    /// `GET /__sandbox/stats`: requests by method and route, throttled count, peak in flight per token.
    public static func stats(of sandbox: RunningSandbox) async throws -> JSONValue {
        try await call("GET", sandbox.controlURL("/__sandbox/stats"), token: sandbox.token)
    }

    /// `POST /__sandbox/<path>` with a JSON body, such as `faults`.
    @discardableResult
    public static func post(_ path: String, body: JSONValue = [:], to sandbox: RunningSandbox) async throws -> JSONValue
    {
        try await call("POST", sandbox.controlURL(path), body: body, token: sandbox.token)
    }

    /// A Canvas API call to the sandbox with its token and a JSON body, as a test's own setup makes it.
    @discardableResult
    public static func api(_ method: String, _ path: String, body: JSONValue? = nil, on sandbox: RunningSandbox)
        async throws -> JSONValue
    {
        try await call(method, sandbox.baseURL + path, body: body, token: sandbox.token)
    }

    /// Any control call, its parameters written as a form (`spec=…` for `PUT /__sandbox/faults`) and sent, as
    /// the control surface takes them, as a JSON object.
    @discardableResult
    public static func send(_ method: String, _ path: String, form: String?, to sandbox: RunningSandbox) async throws
        -> JSONValue
    {
        try await call(method, sandbox.controlURL(path), body: form.map(jsonObject(form:)), token: sandbox.token)
    }

    /// `a=1&b=x%3D2` as `{"a": "1", "b": "x=2"}`.
    public static func jsonObject(form: String) -> JSONValue {
        var members = OrderedDictionary<String, JSONValue>()
        for pair in form.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
            }
            members[decode(parts[0])] = .string(parts.count > 1 ? decode(parts[1]) : "")
        }
        return .object(members)
    }

    private static func call(_ method: String, _ url: String, body: JSONValue? = nil, token: String) async throws
        -> JSONValue
    {
        var request = HTTPClientRequest(url: url)
        request.method = .RAW(value: method)
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(Array(body.serialized().utf8))
        }
        // Only so that a sandbox that never answers fails the test: every suite runs at once on two cores, and a
        // call can wait tens of seconds for a thread while the others' work runs.
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(300))
        let bytes = try await response.body.collect(upTo: 16 << 20)
        return try JSONValue(parsing: Array(bytes.readableBytesView))
    }
}
