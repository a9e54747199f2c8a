import HTTPTypes
import Hummingbird
import JSONValues
import NIOCore

/// Answers the upload port (step 2 of Canvas's upload), which stands for S3 or inst-fs: another host than the API.
struct SandboxUploadResponder: HTTPResponder {
    typealias Context = SandboxRequestContext

    let store: SandboxStore
    let tokens: [String]

    func respond(to request: Request, context: Context) async throws -> Response {
        let (rawPath, _) = SandboxAPIResponder.split(request.head.path ?? "/")
        let segments = rawPath.split(separator: "/")
        guard request.method == .post, segments.count == 2, segments[0] == "upload", let id = Int(segments[1]) else {
            return SandboxAPIResponder.response(
                .json(["errors": [["message": "No such upload endpoint."]]], status: 404), stringIDs: false)
        }
        var request = request
        let body = Array(try await request.collectBody(upTo: SandboxAPIResponder.maximumBodySize).readableBytesView)
        // The token must never travel to the upload host, in a header or in the form.
        let bodyText = String(decoding: body, as: UTF8.self)
        let carriesToken =
            request.headers[.authorization] != nil || tokens.contains { !$0.isEmpty && bodyText.contains($0) }
            || (request.head.path ?? "").contains("access_token=")
        let answer = await store.receiveUpload(
            fileID: id, contentType: request.headers[.contentType], body: body, carriesToken: carriesToken)
        return SandboxAPIResponder.response(answer, stringIDs: false)
    }
}
