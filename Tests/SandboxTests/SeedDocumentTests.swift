import Foundation
import JSONValues
import Sandbox
import Testing

/// `docs/demo-seed.md`, what `easel sandbox --seed demo` holds, is written from the seeded sandbox as a client
/// reads it: the test fails when the seeder and the document disagree (re-record with `EASEL_RECORD_GOLDEN=1`).
@Suite struct SeedDocumentTests {
    @Test func theDemoSeedDocumentIsWhatTheSandboxHolds() async throws {
        let document = try await withSandboxClient { client in try await Self.document(client) }
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/demo-seed.md")
        if ProcessInfo.processInfo.environment["EASEL_RECORD_GOLDEN"] == "1" {
            try document.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let written = try String(contentsOf: url, encoding: .utf8)
        let expected = written.split(separator: "\n", omittingEmptySubsequences: false)
        let actual = document.split(separator: "\n", omittingEmptySubsequences: false)
        let first =
            zip(expected, actual).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(expected.count, actual.count)
        #expect(
            written == document,
            "docs/demo-seed.md differs from the seed at line \(first + 1): re-record it with EASEL_RECORD_GOLDEN=1")
    }

    static func document(_ client: SandboxTestClient) async throws -> String {
        let root = try #require(try await client.get("/api/v1/accounts/1").json)
        let accounts = [root] + (try await client.all("/api/v1/accounts/1/sub_accounts?per_page=100"))
        let terms =
            try await client.get("/api/v1/accounts/1/terms?per_page=100").json?["enrollment_terms"]?
            .arrayValue ?? []
        var courses: [JSONValue] = []
        for account in accounts {
            let id = account["id"]?.intValue ?? 0
            let listed = try await client.all("/api/v1/accounts/\(id)/courses?per_page=100")
            courses += listed.filter { $0["account_id"]?.intValue == id }
        }
        let users = try await client.all("/api/v1/accounts/1/users?per_page=100")
        func text(_ value: JSONValue?) -> String { value?.stringValue ?? value.map { $0.serialized() } ?? "" }
        func termName(_ id: JSONValue?) -> String { text(terms.first { $0["id"] == id }?["name"]) }
        func accountSIS(_ id: JSONValue?) -> String {
            let account = accounts.first { $0["id"] == id }
            return account?["sis_account_id"]?.stringValue ?? "(root)"
        }

        var lines = [
            "# The demo seed",
            "",
            "What `easel sandbox --seed demo` (the default) holds when it starts, as the API lists it. Written from",
            "the seeded sandbox by `SeedDocumentTests`, which fails when this page and the seeder disagree; re-record",
            "it with `EASEL_RECORD_GOLDEN=1 swift test --filter SeedDocumentTests`. `--seed empty` holds only the",
            "root account, its default term and the admin user.",
            "",
            "## Accounts",
            "",
            "| id | sis_account_id | name | courses |",
            "|---|---|---|---|",
        ]
        for account in accounts {
            let count = courses.filter { $0["account_id"] == account["id"] }.count
            lines.append(
                "| \(text(account["id"])) | \(account["sis_account_id"]?.stringValue ?? "(root)") | "
                    + "\(text(account["name"])) | \(count) |")
        }
        lines += [
            "", "## Terms", "", "| id | sis_term_id | name | start | end | courses |", "|---|---|---|---|---|---|",
        ]
        for term in terms {
            let count = courses.filter { $0["enrollment_term_id"] == term["id"] }.count
            lines.append(
                "| \(text(term["id"])) | \(term["sis_term_id"]?.stringValue ?? "") | \(text(term["name"])) | "
                    + "\(term["start_at"]?.stringValue ?? "") | \(term["end_at"]?.stringValue ?? "") | \(count) |")
        }
        let departed = users.first { $0["sis_user_id"] == "S26-1006" }
        let departedSentence =
            departed.map {
                " `S26-1006` (\(text($0["name"]))) is a student who left: the example enrollment job\n"
                    + "concludes her enrollments."
            } ?? ""
        let numbered = users.compactMap { $0["sis_user_id"]?.stringValue }.filter { $0.hasPrefix("u") }.sorted()
        lines += [
            "", "## Users", "",
            "\(users.count) users. The admin, whose token the sandbox prints, is `admin` (admin@demo.easel.test).",
            "\(numbered.count) people are `\(numbered.first ?? "")` to `\(numbered.last ?? "")`: the first 20 teach,",
            "the others study." + departedSentence, "",
            "## Courses", "",
            "\(courses.count) courses, each with its default section (`<sis_course_id>-01`).", "",
            "| sis_course_id | name | account | term | state |", "|---|---|---|---|---|",
        ]
        for course in courses.sorted(by: { text($0["sis_course_id"]) < text($1["sis_course_id"]) }) {
            lines.append(
                "| \(text(course["sis_course_id"])) | \(text(course["name"])) | \(accountSIS(course["account_id"])) | "
                    + "\(termName(course["enrollment_term_id"])) | \(text(course["workflow_state"])) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
