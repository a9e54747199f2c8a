import Canvas
import Testing

@Suite struct CanvasErrorParsingTests {
    private func error(_ status: Int, _ body: String, headers: [(name: String, value: String)] = []) -> CanvasError {
        CanvasError.fromResponse(
            status: status, headers: CanvasHeaders(headers), body: Array(body.utf8), request: "GET /api/v1/x")
    }

    @Test func invalidTokenByWWWAuthenticate() {
        let parsed = error(
            401, #"{"errors":[{"message":"Invalid access token."}]}"#,
            headers: [("WWW-Authenticate", "Bearer realm=\"canvas-lms\"")])
        #expect(parsed.kind == .invalidToken("Invalid access token."))
        #expect(parsed.description.contains("CANVAS_TOKEN"))
    }

    @Test(arguments: [401, 403])
    func notPermittedIn401Or403(status: Int) {
        let parsed = error(
            status, #"{"status":"unauthorized","errors":[{"message":"user not authorized to perform that action"}]}"#)
        #expect(parsed.kind == .notPermitted("user not authorized to perform that action"))
    }

    @Test func refusedMasqueradeIsNotPermitted() {
        let parsed = error(401, #"{"errors":"Invalid as_user_id"}"#, headers: [("WWW-Authenticate", "Bearer")])
        #expect(parsed.kind == .notPermitted("Invalid as_user_id"))
    }

    @Test(arguments: [403, 429])
    func throttling(status: Int) {
        let parsed = error(status, "\(status) Forbidden (Rate Limit Exceeded)\n")
        #expect(parsed.kind == .throttled)
        #expect(!CanvasError.isThrottling(status: 403, body: "user not authorized"))
    }

    @Test func notFoundNamesThePath() {
        let parsed = error(404, #"{"errors":[{"message":"The specified resource does not exist."}]}"#)
        #expect(parsed.kind == .notFound("The specified resource does not exist."))
        #expect(parsed.description.contains("/api/v1/x"))
    }

    @Test(
        "validation bodies of every shape",
        arguments: [
            (#"{"errors":{"name":[{"attribute":"name","type":"blank","message":"blank"}]}}"#, 400, "name", "blank"),
            (
                #"{"errors":[{"field":"start_at","message":"is invalid","error_code":"invalid"}]}"#, 422, "start_at",
                "is invalid"
            ),
            (
                #"{"errors":{"user":{},"pseudonym":{"unique_id":[{"attribute":"unique_id","type":"taken","message":"ID already in use"}]}}}"#,
                400, "pseudonym.unique_id", "ID already in use"
            ),
        ]
    )
    func validation(body: String, status: Int, field: String, message: String) {
        let parsed = error(status, body)
        #expect(parsed.kind == .validation([CanvasError.FieldErrors(field: field, messages: [message])]))
        #expect(parsed.description.contains("\(field): \(message)"))
    }

    @Test(
        arguments: [
            (#"{"message":"Invalid migration_type"}"#, "Invalid migration_type"),
            (#"{"error":"too many ids"}"#, "too many ids"),
            ("plain words", "plain words"),
        ]
    )
    func badRequestMessages(body: String, message: String) {
        #expect(error(400, body).kind == .badRequest(message))
    }

    @Test func serverErrorKeepsTheReportID() {
        let parsed = error(
            500,
            #"{"errors":[{"message":"An error occurred.","error_code":"internal_server_error"}],"error_report_id":4242}"#
        )
        #expect(parsed.kind == .server(status: 500, errorReportID: "4242"))
        #expect(parsed.description.contains("error report 4242"))
    }
}
