import Canvas
import EaselTestSupport
import JSONValues
import Sandbox
import Testing

@Suite struct UploadTests {
    @Test(arguments: SandboxUploadConfirmation.allCases)
    func threeStepUploadWithoutTheTokenOnTheUploadHost(confirmation: SandboxUploadConfirmation) async throws {
        try await SandboxHarness.run(sandbox: { $0.uploadConfirmation = confirmation }) { harness in
            let bytes = Array("name,score\nada,10\n".utf8)
            let file = try await harness.client.upload(
                CanvasUploadFile(name: "scores.csv", contentType: "text/csv", data: bytes),
                to: CanvasPath.apiV1("courses", "2", "files"), logger: harness.logger)
            #expect(file["display_name"]?.stringValue == "scores.csv")
            #expect(file["size"]?.intValue == bytes.count)
            let fileID = try #require(file["id"]?.interpolated)
            let again = try await harness.client.json(.get(CanvasPath.apiV1("files", fileID)), logger: harness.logger)
            // Only a confirmed upload is served.
            #expect(again["id"] == file["id"])
            let entries = try await harness.logEntries()
            let uploadEntries = entries.filter {
                $0["url"]?.stringValue?.hasPrefix(harness.sandbox.uploadBaseURL) == true
            }
            #expect(uploadEntries.count == 1)
            #expect(uploadEntries.allSatisfy { $0["token"] == nil && $0["status"]?.intValue.map { $0 < 400 } == true })
        }
    }
}
