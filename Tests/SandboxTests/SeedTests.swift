import Foundation
import JSONValues
import NIOCore
import NIOHTTP1
import OrderedCollections
import Sandbox
import Testing

@Suite struct SeedTests {
    @Test func demoSeedHasWhatTheExampleJobsReference() async throws {
        try await withSandboxClient { (client) async throws in
            #expect(try await client.get("/api/v1/accounts/1").json?["name"] == "Easel Demo University")
            for account in ["ENG", "SCI", "ART", "EGR"] {
                let reply = try await client.get("/api/v1/accounts/sis_account_id:\(account)")
                #expect(reply.json?["parent_account_id"] == 1)
            }
            // The course-shell job's school is the one its description names, and starts empty.
            #expect(
                try await client.get("/api/v1/accounts/sis_account_id:EGR").json?["name"] == "School of Engineering")
            #expect(try await client.get("/api/v1/accounts/sis_account_id:EGR/courses").json == [])
            for term in ["2026SP", "2026FA"] {
                #expect(try await client.get("/api/v1/accounts/self/terms/sis_term_id:\(term)").status == 200)
            }
            let science = try await client.get("/api/v1/accounts/sis_account_id:SCI").json?["id"]
            let spring = try await client.get("/api/v1/accounts/1/terms/sis_term_id:2026SP").json?["id"]
            for course in ["BIO-101-2026SP", "CHEM-110-2026SP"] {
                let reply = try await client.get("/api/v1/courses/sis_course_id:\(course)")
                #expect(reply.json?["account_id"] == science)
                #expect(reply.json?["enrollment_term_id"] == spring)
            }
            let template = try await client.get("/api/v1/courses/sis_course_id:TEMPLATE").json
            let templateID = try #require(template?["id"]?.intValue)
            #expect(try await client.all("/api/v1/courses/\(templateID)/modules").count > 0)
            #expect(try await client.get("/api/v1/users/1").json?["id"] == 1)
        }
    }

    @Test func fallCoursesOfTheExampleCSVDoNotExistYet() async throws {
        let csv = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("jobs/data/fall-2026-courses.csv")
        let lines = try String(contentsOf: csv, encoding: .utf8).split(separator: "\n").dropFirst()
        let ids = lines.compactMap { $0.split(separator: ",").first.map(String.init) }
        #expect(ids.count >= 10)
        try await withSandboxClient { (client) async throws in
            for id in ids {
                let reply = try await client.get("/api/v1/courses/sis_course_id:\(id)")
                #expect(reply.status == 404, "\(id) already exists")
            }
        }
    }

    @Test func demoSeedHasAnInstitutionsWorthOfData() async throws {
        try await withSandboxClient { (client) async throws in
            let courses = try await client.all("/api/v1/accounts/1/courses?per_page=100")
            #expect((45...60).contains(courses.count))
            let users = try await client.all("/api/v1/accounts/1/users?per_page=100")
            #expect((290...320).contains(users.count))
            var enrollments = 0
            for course in courses {
                let id = try #require(course["id"]?.intValue)
                enrollments += try await client.all(
                    "/api/v1/courses/\(id)/enrollments?per_page=100&state[]=active&state[]=invited&state[]=completed"
                ).count
            }
            #expect((900...1100).contains(enrollments))
        }
    }

    @Test func emptySeedHasOnlyTheRoot() async throws {
        var configuration = SandboxConfiguration()
        configuration.seed = .empty
        try await withSandboxClient(configuration) { (client) async throws in
            #expect(try await client.all("/api/v1/accounts/1/courses").isEmpty)
            #expect(try await client.all("/api/v1/accounts/1/sub_accounts").isEmpty)
            let users = try await client.all("/api/v1/accounts/1/users")
            #expect(users.compactMap { $0["id"]?.intValue } == [1])
            let terms = try await client.get("/api/v1/accounts/1/terms").json?["enrollment_terms"]?.arrayValue
            #expect(terms?.count == 1)
            #expect(try await client.get("/api/v1/accounts/1/terms/default").status == 200)
        }
    }
}
