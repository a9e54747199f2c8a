import EaselTestSupport
import JSONValues
import NIOCore
import NIOHTTP1
import OrderedCollections
import Sandbox
import Testing

@testable import Sandbox

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

    @Test(arguments: [(500, "internal_server_error"), (502, "bad_gateway"), (503, "service_unavailable")])
    func serverErrorsCarryAnErrorReportID(_ status: Int, _ code: String) async throws {
        var configuration = SandboxConfiguration()
        configuration.faults = try SandboxFaults(parsing: "\(status)=1")
        try await withSandboxClient(configuration) { (client) async throws in
            let first = try await client.get("/api/v1/accounts/1")
            #expect(first.status == status)
            #expect(first.json?["errors"] == [["message": "An error occurred.", "error_code": .string(code)]])
            let firstReport = try #require(first.json?["error_report_id"]?.intValue)
            let second = try await client.get("/api/v1/accounts/1")
            #expect(second.json?["error_report_id"]?.intValue != firstReport)
            // Error responses still go through the throttle.
            #expect(second.header("X-Rate-Limit-Remaining") != nil)
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

    @Test func jitterStaysWithinTheConfiguredBoundsAndVaries() async {
        let traffic = SandboxTraffic(throttle: nil, faults: SandboxFaults(), randomSeed: 14)
        var latencies: [Duration] = []
        for _ in 0..<50 {
            latencies.append(await traffic.latency(base: .milliseconds(400), jitter: .milliseconds(300)))
        }
        #expect(latencies.allSatisfy { $0 >= .milliseconds(100) && $0 <= .milliseconds(700) })
        #expect(Set(latencies).count > 40)
        #expect(latencies.contains { $0 < .milliseconds(250) } && latencies.contains { $0 > .milliseconds(550) })
        #expect(await traffic.latency(base: .milliseconds(400), jitter: .zero) == .milliseconds(400))
    }

    @Test func latencyIsAddedWithJitter() async throws {
        var configuration = SandboxConfiguration()
        configuration.latency = .milliseconds(400)
        configuration.latencyJitter = .milliseconds(300)
        configuration.throttle = nil
        configuration.randomSeed = 14
        // A sandbox with the same seed draws the same latencies, one per request, in order.
        let traffic = SandboxTraffic(throttle: nil, faults: SandboxFaults(), randomSeed: configuration.randomSeed)
        var draws: [Duration] = []
        for _ in 0..<8 {
            draws.append(await traffic.latency(base: configuration.latency, jitter: configuration.latencyJitter))
        }
        #expect(draws.contains { $0 < .milliseconds(250) } && draws.contains { $0 > .milliseconds(550) })
        // Each request waits on the sandbox's clock, which moves on by exactly what the request waited.
        let clock = TestClock(waits: .skipped)
        configuration.clock = clock.sandbox
        try await withSandboxClient(configuration) { (client) async throws in
            for draw in draws {
                let start = clock.elapsed
                #expect(try await client.get("/api/v1/accounts/1").status == 200)
                #expect(clock.elapsed - start == draw)
                #expect(draw >= .milliseconds(100) && draw <= .milliseconds(700))
            }
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

@Suite struct CommittedFaultTests {
    @Test func parsesAppliedAndLateFaults() throws {
        let faults = try SandboxFaults(parsing: "applied504=0.1,applied500=0.05,late504=0.2@1500ms,502=0.1")
        #expect(faults.appliedStatusRates == [504: 0.1, 500: 0.05])
        #expect(faults.lateStatusRates == [504: 0.2])
        #expect(faults.lateDelay == .milliseconds(1500))
        #expect(faults.statusRates == [502: 0.1])
        #expect(!faults.isEmpty)
    }

    @Test(arguments: [
        "applied404=0.1", "appliedx=0.1", "late=0.1", "late504=0.1@soon", "applied504=0.1@2s", "late504=0.1@1e300s",
        "500=0.6,applied504=0.6",
    ])
    func rejectsABadCommittedFault(_ spec: String) {
        #expect(throws: SandboxFaultsSpecError.self) { try SandboxFaults(parsing: spec) }
    }

    @Test(arguments: [500, 502, 504])
    func anAppliedServerErrorCommitsTheWrite(_ status: Int) async throws {
        var configuration = SandboxConfiguration()
        configuration.faults = try SandboxFaults(parsing: "applied\(status)=1")
        try await withSandboxClient(configuration) { (client) async throws in
            let answer = try await client.send(
                .POST, "/api/v1/accounts/1/courses",
                form: "course[name]=Applied&course[sis_course_id]=APPLIED-\(status)")
            #expect(answer.status == status)
            #expect(answer.json?["error_report_id"]?.intValue != nil)
            try await client.setFaults("")
            let found = try await client.get("/api/v1/courses/sis_course_id:APPLIED-\(status)")
            #expect(found.status == 200)
            #expect(found.json?["name"] == "Applied")
            #expect(try await client.stats()["faults"]?["applied\(status)"]?.intValue == 1)
        }
    }

    @Test func aLateGatewayTimeoutCommitsAfterItsAnswer() async throws {
        let clock = TestClock()
        var configuration = SandboxConfiguration()
        configuration.faults = try SandboxFaults(parsing: "late504=1@3s")
        configuration.clock = clock.sandbox
        try await withSandboxClient(configuration) { (client) async throws in
            let answer = try await client.send(
                .POST, "/api/v1/accounts/1/courses", form: "course[name]=Late&course[sis_course_id]=LATE-1")
            #expect(answer.status == 504)
            try await client.setFaults("")
            // Answered at once: the write waits its delay, so a lookup made now says it did not happen.
            #expect(try await client.get("/api/v1/courses/sis_course_id:LATE-1").status == 404)
            #expect(await clock.waitForSleepers(1), "the late write waits on the clock")
            clock.advance(by: .milliseconds(2_900))
            #expect(try await client.get("/api/v1/courses/sis_course_id:LATE-1").status == 404)
            clock.advance(by: .milliseconds(100))
            // The write runs on its own once its delay is over; a lookup may come just before it.
            var found = try await client.get("/api/v1/courses/sis_course_id:LATE-1")
            for _ in 0..<1000 where found.status != 200 {
                await Task.yield()
                found = try await client.get("/api/v1/courses/sis_course_id:LATE-1")
            }
            #expect(found.status == 200)
            #expect(found.json?["name"] == "Late")
            #expect(try await client.stats()["faults"]?["late504"]?.intValue == 1)
        }
    }

    @Test func aTextAnswerCommitsTheWriteAndAnswersItsSuccessAsText() async throws {
        var configuration = SandboxConfiguration()
        configuration.faults = try SandboxFaults(parsing: "text=1")
        try await withSandboxClient(configuration) { (client) async throws in
            let answer = try await client.send(
                .POST, "/api/v1/accounts/1/courses", form: "course[name]=Text&course[sis_course_id]=TEXT-1")
            #expect(answer.status == 200)
            #expect(answer.header("Content-Type") == "text/plain; charset=utf-8")
            #expect(answer.text == "200 OK\n")
            #expect(answer.json == nil)
            #expect(try await client.stats()["faults"]?["text"]?.intValue == 1)
            // Reads are answered as ever, and show the write committed.
            let found = try await client.get("/api/v1/courses/sis_course_id:TEXT-1")
            #expect(found.json?["name"] == "Text")
            // A refused write keeps its JSON error.
            let refused = try await client.send(.PUT, "/api/v1/courses/sis_course_id:NOWHERE", form: "course[name]=X")
            #expect(refused.status == 404)
            #expect(refused.json?["errors"] != nil)
        }
    }

    @Test func committedFaultsAreSetThroughTheControlSurface() async throws {
        try await withSandboxClient { (client) async throws in
            let set = try await client.send(
                .PUT, client.sandbox.controlURL("/__sandbox/faults"), form: "spec=applied502%3D1%2Clate504%3D0%402s",
                credentials: .none)
            #expect(set.status == 200)
            #expect(set.json?["applied"]?["502"]?.doubleValue == 1)
            #expect(set.json?["late_delay_ms"] == 2000)
            let answer = try await client.send(
                .POST, "/api/v1/accounts/1/courses", form: "course[name]=Set&course[sis_course_id]=SET-1")
            #expect(answer.status == 502)
            try await client.setFaults("")
            #expect(try await client.get("/api/v1/courses/sis_course_id:SET-1").status == 200)
        }
    }

    @Test func theSameSeedGivesTheSameCommittedFaults() async throws {
        func statuses(seed: UInt64) async throws -> [Int] {
            var configuration = SandboxConfiguration()
            configuration.randomSeed = seed
            configuration.faults = try SandboxFaults(parsing: "applied504=0.3,late502=0.3@10ms")
            return try await withSandboxClient(configuration) { (client) async throws in
                var statuses: [Int] = []
                for _ in 0..<24 { statuses.append(try await client.get("/api/v1/accounts/1").status) }
                return statuses
            }
        }
        let first = try await statuses(seed: 7)
        #expect(try await statuses(seed: 7) == first)
        #expect(try await statuses(seed: 8) != first)
        #expect(first.contains(504) && first.contains(502) && first.contains(200))
    }
}

extension SandboxTestClient {
    /// Replaces the injected faults through the control surface.
    func setFaults(_ spec: String) async throws {
        let reply = try await send(
            .PUT, sandbox.controlURL("/__sandbox/faults"), json: ["spec": .string(spec)], credentials: .none)
        guard reply.status == 200 else { throw TestFailure("PUT /__sandbox/faults answered \(reply.status)") }
    }
}
