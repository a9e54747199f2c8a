import JSONValues
import NIOCore
import NIOHTTP1
import OrderedCollections
import Sandbox
import Testing

@Suite struct FaultTests {
    @Test func parsesASpec() throws {
        let faults = try SandboxFaults(parsing: "500=0.05, 502=0.01,drop=0.02,slow=0.5@250ms,lost=0.1")
        #expect(faults.statusRates == [500: 0.05, 502: 0.01])
        #expect(faults.dropRate == 0.02)
        #expect(faults.slowRate == 0.5)
        #expect(faults.slowDelay == .milliseconds(250))
        #expect(faults.lostRate == 0.1)
    }

    @Test(arguments: ["404=0.1", "drop=2", "drop", "lost=0.1@2s", "slow=0.1@soon", "teapot=0.1"])
    func rejectsABadSpec(_ spec: String) {
        #expect(throws: SandboxFaultsSpecError.self) { try SandboxFaults(parsing: spec) }
    }

    @Test func serverErrorsCarryAnErrorReportID() async throws {
        var configuration = SandboxConfiguration()
        configuration.faults = try SandboxFaults(parsing: "502=1")
        try await withSandboxClient(configuration) { (client) async throws in
            let reply = try await client.get("/api/v1/accounts/1")
            #expect(reply.status == 502)
            #expect(reply.json?["errors"] == [["message": "An error occurred.", "error_code": "bad_gateway"]])
            #expect(reply.json?["error_report_id"]?.intValue != nil)
        }
    }

    @Test func droppedConnectionsAnswerNothing() async throws {
        var configuration = SandboxConfiguration()
        configuration.faults = try SandboxFaults(parsing: "drop=1")
        try await withSandboxClient(configuration) { (client) async throws in
            await #expect(throws: (any Error).self) { try await client.get("/api/v1/accounts/1") }
        }
    }

    @Test func lostResponsesStillApplyTheWrite() async throws {
        var configuration = SandboxConfiguration()
        configuration.faults = try SandboxFaults(parsing: "lost=1")
        try await withSandboxClient(configuration) { (client) async throws in
            await #expect(throws: (any Error).self) {
                try await client.send(
                    .POST, "/api/v1/accounts/1/courses", form: "course[name]=Lost&course[sis_course_id]=LOST-1")
            }
            let found = try await client.get("/api/v1/courses/sis_course_id:LOST-1")
            #expect(found.status == 200)
            #expect(found.json?["name"] == "Lost")
        }
    }

    @Test func slowRequestsAreDelayed() async throws {
        var configuration = SandboxConfiguration()
        configuration.faults = try SandboxFaults(parsing: "slow=1@300ms")
        try await withSandboxClient(configuration) { (client) async throws in
            let start = ContinuousClock.now
            #expect(try await client.get("/api/v1/accounts/1").status == 200)
            #expect(ContinuousClock.now - start >= .milliseconds(300))
        }
    }

    @Test func theSameSeedGivesTheSameFaults() async throws {
        func statuses(seed: UInt64) async throws -> [Int] {
            var configuration = SandboxConfiguration()
            configuration.randomSeed = seed
            configuration.faults = try SandboxFaults(parsing: "500=0.5")
            return try await withSandboxClient(configuration) { (client) async throws in
                var statuses: [Int] = []
                for _ in 0..<24 { statuses.append(try await client.get("/api/v1/accounts/1").status) }
                return statuses
            }
        }
        let first = try await statuses(seed: 7)
        #expect(try await statuses(seed: 7) == first)
        #expect(try await statuses(seed: 8) != first)
        #expect(first.contains(500) && first.contains(200))
    }

    @Test func faultsAreSetThroughTheControlSurface() async throws {
        try await withSandboxClient { (client) async throws in
            let set = try await client.send(
                .PUT, client.sandbox.controlURL("/__sandbox/faults"), form: "spec=503%3D1", credentials: .none)
            #expect(set.status == 200)
            #expect(try await client.get("/api/v1/accounts/1").status == 503)
            let bad = try await client.send(
                .PUT, client.sandbox.controlURL("/__sandbox/faults"), form: "spec=nonsense", credentials: .none)
            #expect(bad.status == 400)
            _ = try await client.send(
                .PUT, client.sandbox.controlURL("/__sandbox/faults"), form: "spec=", credentials: .none)
            #expect(try await client.get("/api/v1/accounts/1").status == 200)
        }
    }
}
