import Canvas
import EaselTestSupport
import Execution
import Foundation
import JSONValues
import JobSpec
import Journal
import RunContext
import Sandbox
import Testing

/// A later step that uses the objects of a `via: sis_import` step: it gets them read back by listing (pages, never
/// one read per item), and a later step that only needs SIS ids reads nothing back.
@Suite struct SISImportReadBackTests {
    static let userCount = 150
    static let usersRoute = "GET /api/v1/accounts/:account_id/users"

    /// The users step, sent as a SIS import, and a later API step using `later` of each user.
    static func job(later enrollmentKey: String?) -> String {
        guard let enrollmentKey else { return SISUsersJob.text(named: "read-back") }
        return SISUsersJob.text(
            named: "read-back",
            laterSteps: """
                  - id: enrollments
                    for_each: ${{ steps.users.items }}
                    ensure: enrollment
                    in: sis_course_id:ENGL-102-2026FA
                    key: { user_id: "\(enrollmentKey)", type: StudentEnrollment }
                    set: { enrollment_state: active }

                """)
    }

    static var users: String {
        "sis_user_id,name,login\n"
            + (1...userCount).map { String(format: "RB-%04d,Read Back %d,read.back.%d\n", $0, $0, $0) }.joined()
    }

    /// Applies `job` to a fresh sandbox; returns the run, the users listing's GETs and the harness's answers.
    static func applied<T: Sendable>(
        _ job: String, _ inspect: @Sendable (ApplyHarness, RunID, Int) async throws -> T
    ) async throws -> T {
        try await ApplyHarness.run(sandbox: { $0.sisRowsPerSecond = 2000 }) { harness in
            let graph = try harness.job(job, files: ["users.csv": Self.users])
            let run = try await harness.beginRun(graph)
            let outcome = try await harness.execute(graph, run: run)
            #expect(outcome.status == .succeeded, "\(outcome.problems)")
            let stats = try await SandboxControl.stats(of: harness.sandbox)
            let listingGets = stats["requests_by_route"]?[Self.usersRoute]?.intValue ?? 0
            return try await inspect(harness, run, listingGets)
        }
    }

    /// The users step alone, sent `via`, with `export`.
    static func exportJob(via: String, export: String) -> String {
        job(later: nil).replacingOccurrences(of: "via: sis_import", with: "via: \(via)\n    export: \(export)")
    }

    /// Applies `job` to a fresh sandbox; returns the exported file's text, the users listing's GETs and the fields
    /// of a user in the account's listing.
    static func exported(_ job: String, file: String) async throws -> (
        text: String, listingGets: Int, listedFields: Set<String>
    ) {
        try await applied(job) { harness, _, gets in
            let listed = try await harness.get("/api/v1/accounts/self/users").arrayValue ?? []
            let user = try #require(listed.first { $0["sis_user_id"]?.stringValue?.hasPrefix("RB-") == true })
            return (
                try String(contentsOf: harness.folder.appendingPathComponent(file), encoding: .utf8), gets,
                Set(user.objectValue?.map(\.key) ?? [])
            )
        }
    }

    @Test func anExportOfTheStepWritesTheCanvasObjectsAsAnAPIStepsExportDoes() async throws {
        let alone = try await Self.applied(Self.job(later: nil)) { _, _, gets in gets }
        let sis = try await Self.exported(
            Self.exportJob(via: "sis_import", export: "{ json: users.json }"), file: "users.json")
        let api = try await Self.exported(
            Self.exportJob(via: "api", export: "{ json: users.json }"), file: "users.json")
        func bySISID(_ text: String) throws -> [String: JSONValue] {
            let rows = try JSONValue(parsing: text).arrayValue ?? []
            return Dictionary(
                uniqueKeysWithValues: rows.compactMap { row in row["sis_user_id"]?.stringValue.map { ($0, row) } })
        }
        let sisRows = try bySISID(sis.text)
        let apiRows = try bySISID(api.text)
        #expect(sisRows.count == Self.userCount && apiRows.count == Self.userCount)
        for (sisID, row) in sisRows {
            // The object Canvas holds, with its id, not the plan's projection of it.
            let id = try #require(row["id"]?.intValue, "\(sisID): \(row)")
            #expect(id > 0)
            #expect(row["login_id"] != nil && row["login_id"] == apiRows[sisID]?["login_id"])
            #expect(row["name"] != nil && row["name"] == apiRows[sisID]?["name"])
            // The object as the account's listing shows it: a create's answer adds a few fields the listing omits.
            let fields = Set(row.objectValue?.map(\.key) ?? [])
            #expect(fields == sis.listedFields, "\(sisID): \(fields.symmetricDifference(sis.listedFields))")
            #expect(fields.isSubset(of: Set(apiRows[sisID]?.objectValue?.map(\.key) ?? [])))
        }
        let readBack = sis.listingGets - alone
        #expect(readBack >= 1 && readBack <= (Self.userCount + 99) / 100, "read back in \(readBack) GETs")

        // A CSV of SIS ids alone is written from the rows: nothing is read back.
        let idsOnly = try await Self.exported(
            Self.exportJob(via: "sis_import", export: "{ csv: users.csv.out, columns: [sis_user_id] }"),
            file: "users.csv.out")
        #expect(idsOnly.listingGets == alone)
        let lines = idsOnly.text.split(separator: "\n")
        #expect(lines.first == "sis_user_id" && lines.count == Self.userCount + 1)
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("RB-") })
    }

    @Test func aLaterStepUsingCanvasIdsGetsTheObjectsReadBackInPages() async throws {
        let alone = try await Self.applied(Self.job(later: nil)) { _, _, gets in gets }
        let sisOnly = try await Self.applied(Self.job(later: "sis_user_id:${{ item.output.sis_user_id }}")) {
            harness, run, gets in
            let items = try await harness.journal.items(run: run, step: "users")
            #expect(items.allSatisfy { $0.outputs?["id"]?.intValue == nil }, "the rows are the outputs: no read")
            #expect(try await harness.journal.items(run: run, step: "enrollments").count == Self.userCount)
            return gets
        }
        #expect(sisOnly == alone, "a later step that needs only SIS ids reads nothing back")

        try await Self.applied(Self.job(later: "${{ item.output.id }}")) { harness, run, gets in
            let accountUsers = try await harness.get("/api/v1/accounts/self/users").arrayValue ?? []
            let canvasIDs = Dictionary(
                uniqueKeysWithValues: accountUsers.compactMap { user -> (String, Int)? in
                    guard let sis = user["sis_user_id"]?.stringValue, sis.hasPrefix("RB-"),
                        let id = user["id"]?.intValue
                    else { return nil }
                    return (sis, id)
                })
            #expect(canvasIDs.count == Self.userCount)

            // Each user's output is its Canvas object, journaled as an API write's would be.
            let users = try await harness.journal.items(run: run, step: "users")
            #expect(users.count == Self.userCount)
            for item in users {
                let sis = try #require(item.outputs?["sis_user_id"]?.stringValue)
                #expect(item.state == .confirmed)
                #expect(item.outputs?["id"]?.intValue == canvasIDs[sis], "\(item.itemKey)")
                #expect(item.canvasID == canvasIDs[sis].map(String.init))
            }

            // The later step enrolled each user by that Canvas id.
            let enrolled = try await harness.get("/api/v1/courses/sis_course_id:ENGL-102-2026FA/enrollments")
            let enrolledIDs = Set((enrolled.arrayValue ?? []).compactMap { $0["user_id"]?.intValue })
            #expect(Set(canvasIDs.values).isSubset(of: enrolledIDs))
            let enrollments = try await harness.journal.items(run: run, step: "enrollments")
            #expect(enrollments.count == Self.userCount)
            #expect(
                enrollments.allSatisfy { $0.state == .confirmed }, "\(enrollments.filter { $0.state != .confirmed })")

            // The read-back is the account's user listing, a page per 100 users at most: not a read per user.
            let readBack = gets - alone
            let pages = (accountUsers.count + 99) / 100
            #expect(readBack >= 1 && readBack <= pages, "read back in \(readBack) GETs; the listing has \(pages) pages")
            #expect(readBack < Self.userCount / 10)
        }
    }
}
