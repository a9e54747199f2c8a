// A libFuzzer harness for the sandbox's request parsing: whatever a client sends as a query, a content type and
// a body, parsing answers or throws a Canvas-like 400, never traps or hangs. Built and run by
// scripts/fuzz-parsers.sh, compiled together with the sandbox's parsing files.
import JSONValues

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSandboxParameters(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: data == nil ? 0 : size))
    guard let selector = bytes.first else { return 0 }
    let rest = bytes.dropFirst()
    // The first byte picks the content type; the rest is the query, a newline, then the body.
    let contentTypes = [
        "application/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=b", "", "text/plain",
    ]
    let contentType = contentTypes[Int(selector) % contentTypes.count]
    let newline = rest.firstIndex(of: 10) ?? rest.endIndex
    let query = String(decoding: rest[..<newline], as: UTF8.self)
    let body = Array(rest[(newline == rest.endIndex ? newline : newline + 1)...])
    do {
        let (_, parameters) = try RequestParameters.parse(query: query, contentType: contentType, body: body)
        // What route handlers do with parameters must hold up too.
        for key in ["name", "per_page", "page", "points_possible", "position", "spec", "cost", "published"] {
            let text = parameters.string(key)
            _ = RequestParameters.boolean(parameters.value(at: [key]))
            _ = try? SandboxNumber.integerField(key, text)
            _ = try? SandboxNumber.decimalField(key, text)
            if let text { _ = try? SandboxFaults(parsing: text) }
        }
        _ = parameters.strings("ids")
    } catch {
        let (status, _, _) = error.response(notPermittedStatus: 401)
        precondition(status == 400, "parsing fails only with a 400")
    }
    _ = try? SandboxFaults(parsing: query)
    return 0
}
