import Foundation
import JSONValues
import NIOHTTP1
import Sandbox
import Testing

/// Requests no Canvas client would send but anyone can: numbers no column holds, parameters nested past Rack's
/// limit, fault specs asking for forever. Each is a Canvas-like 400, and the sandbox goes on answering.
@Suite struct HostileInputTests {
    static let assignments = "/api/v1/courses/sis_course_id:ENGL-101-2026SP/assignments"

    func jsonBody(_ text: String) -> (body: [UInt8], headers: [(String, String)]) {
        (Array(text.utf8), [("Content-Type", "application/json")])
    }

    @Test func numbersNoColumnHoldsInAJSONBodyAreA400() async throws {
        try await withSandboxClient { (client) async throws in
            for number in ["1e300", "-1e300", "1234567890123456789012345678901234567890", "1e400"] {
                let (body, headers) = jsonBody(#"{"assignment": {"name": \#(number), "points_possible": 1}}"#)
                let reply = try await client.send(.POST, Self.assignments, headers: headers, body: body)
                #expect(reply.status == 400, "\(number): \(reply.text)")
                #expect(reply.json?["message"]?.stringValue?.contains("out of range") == true, "\(reply.text)")
            }
            let (body, headers) = jsonBody(#"{"assignment": {"name": 12345, "points_possible": 7.5}}"#)
            let created = try await client.send(.POST, Self.assignments, headers: headers, body: body)
            #expect(created.status == 201, "\(created.text)")
            #expect(created.json?["name"]?.interpolated == "12345")
            #expect(created.json?["points_possible"]?.doubleValue == 7.5)
        }
    }

    @Test func numbersNoColumnHoldsInAFormAreAValidationError() async throws {
        try await withSandboxClient { (client) async throws in
            for (field, value) in [
                ("points_possible", "1e300"), ("points_possible", "1e400"),
                ("position", "1234567890123456789012345678901234567890"),
            ] {
                let reply = try await client.send(
                    .POST, Self.assignments, form: "assignment[name]=Big&assignment[\(field)]=\(value)")
                #expect(reply.status == 400, "\(field)=\(value): \(reply.text)")
                #expect(reply.json?["errors"]?[field] != nil, "\(reply.text)")
            }
            let fine = try await client.send(
                .POST, Self.assignments, form: "assignment[name]=Fine&assignment[points_possible]=1e2")
            #expect(fine.status == 201, "\(fine.text)")
            #expect(fine.json?["points_possible"]?.intValue == 100)
        }
    }

    @Test func parametersNestedPastRacksLimitAreA400() async throws {
        try await withSandboxClient { (client) async throws in
            let deep = "a" + String(repeating: "[x]", count: 5000) + "=1"
            let query = try await client.get("/api/v1/accounts/1?" + deep)
            #expect(query.status == 400, "\(query.text)")
            let form = try await client.send(.POST, Self.assignments, form: deep)
            #expect(form.status == 400, "\(form.text)")
            let boundary = "easelboundary"
            let name = "assignment" + String(repeating: "[x]", count: 5000)
            let multipart =
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\nvalue\r\n--\(boundary)--\r\n"
            let part = try await client.send(
                .POST, Self.assignments,
                headers: [("Content-Type", "multipart/form-data; boundary=\(boundary)")], body: Array(multipart.utf8))
            #expect(part.status == 400, "\(part.text)")
            let shallow = "a" + String(repeating: "[x]", count: 50) + "=1"
            #expect(try await client.get("/api/v1/accounts/1?" + shallow).status == 200)
        }
    }

    @Test func faultSpecsAndCostsOutOfRangeAreA400() async throws {
        try await withSandboxClient { (client) async throws in
            let faults = client.sandbox.controlURL("/__sandbox/faults")
            for spec in ["slow%3D1%401e300s", "slow%3D1%40nans", "slow%3D1%40-1s", "slow%3D1%40infs", "500%3Dnan"] {
                let reply = try await client.send(.PUT, faults, form: "spec=\(spec)", credentials: .none)
                #expect(reply.status == 400, "\(spec): \(reply.text)")
            }
            let slow = try await client.send(.PUT, faults, form: "spec=slow%3D0%402s", credentials: .none)
            #expect(slow.status == 200, "\(slow.text)")
            let cost = client.sandbox.controlURL("/__sandbox/cost")
            for value in ["1e300", "inf", "nan", "-1"] {
                let reply = try await client.send(.PUT, cost, form: "cost=\(value)", credentials: .none)
                #expect(reply.status == 400, "\(value): \(reply.text)")
            }
            #expect(try await client.get("/api/v1/accounts/1").status == 200)
        }
    }

    @Test func faultSpecDelaysAreBounded() throws {
        #expect(throws: SandboxFaultsSpecError.self) { try SandboxFaults(parsing: "slow=1@1e300s") }
        #expect(throws: SandboxFaultsSpecError.self) { try SandboxFaults(parsing: "slow=1@3601s") }
        #expect(throws: SandboxFaultsSpecError.self) { try SandboxFaults(parsing: "slow=0x1p-1") }
        #expect(try SandboxFaults(parsing: "slow=0.5@3600s").slowDelay == .seconds(3600))
        #expect(try SandboxFaults(parsing: "slow=0.5@250ms").slowDelay == .milliseconds(250))
    }
}
