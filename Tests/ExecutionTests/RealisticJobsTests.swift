import EaselTestSupport
import Execution
import Foundation
import JSONValues
import JobSpec
import PlanModel
import Planning
import RunContext
import Testing

/// Jobs as Canvas admins write them, over the demo seed: each plan is compared with its golden file, applied, planned
/// again with no change, and the sandbox is read to prove the result.
@Suite struct RealisticJobsTests {
    static let golden = Golden.folder(of: #filePath).appendingPathComponent("Golden")

    /// Next term's sections from the registrar, and the students of each, enrolled in their section by its SIS id;
    /// dropped students are concluded.
    static let sectionsJob = """
        easel: 1
        name: fall-sections
        inputs:
          sections: { csv: sections.csv }
          roster: { csv: roster.csv }
        steps:
          - id: sections
            for_each: ${{ inputs.sections }}
            ensure: section
            in: sis_course_id:${{ item.course_sis_id }}
            key: { sis_section_id: "${{ item.section_sis_id }}" }
            set: { name: "${{ item.name }}" }
          - id: enrolled
            needs: [sections]
            for_each: ${{ inputs.roster }}
            when: ${{ item.status == 'active' }}
            ensure: enrollment
            in: sis_section_id:${{ item.section_sis_id }}
            key: { user_id: "sis_user_id:${{ item.sis_user_id }}", type: StudentEnrollment }
            set: { enrollment_state: active }
          - id: dropped
            needs: [sections]
            for_each: ${{ inputs.roster }}
            when: ${{ item.status == 'dropped' }}
            ensure: enrollment
            in: sis_section_id:${{ item.section_sis_id }}
            key: { user_id: "sis_user_id:${{ item.sis_user_id }}", type: StudentEnrollment }
            state: absent
          - id: report
            needs: [enrolled, dropped]
            for_each: ${{ inputs.sections }}
            get: /api/v1/sections/sis_section_id:${{ item.section_sis_id }}/enrollments
        """

    static let sections = """
        section_sis_id,course_sis_id,name
        ENGL-102-FA-A,ENGL-102-2026FA,Writing A
        ENGL-102-FA-B,ENGL-102-2026FA,Writing B
        ENGL-102-FA-C,ENGL-102-2026FA,Writing C
        BIOL-102-FA-A,BIOL-102-2026FA,Biology Lab A
        BIOL-102-FA-B,BIOL-102-2026FA,Biology Lab B
        MATH-101-FA-A,MATH-101-2026FA,Calculus A
        MATH-101-FA-B,MATH-101-2026FA,Calculus B

        """

    /// Last week's roster: what the job applied before the registrar's new export.
    static let lastWeek = """
        sis_user_id,section_sis_id,status
        u0201,ENGL-102-FA-A,active
        u0202,ENGL-102-FA-A,active
        u0203,ENGL-102-FA-B,active
        u0204,ENGL-102-FA-B,active
        u0205,ENGL-102-FA-C,active
        u0206,BIOL-102-FA-A,active
        u0207,BIOL-102-FA-A,active
        u0208,BIOL-102-FA-B,active
        u0209,MATH-101-FA-A,active
        u0210,MATH-101-FA-B,dropped

        """

    /// This week's 18 rows: two drops (u0202, u0208), one student back (u0210), a student in two courses and one in
    /// two sections of one course (u0201), and newcomers.
    static let thisWeek = """
        sis_user_id,section_sis_id,status
        u0201,ENGL-102-FA-A,active
        u0201,BIOL-102-FA-A,active
        u0202,ENGL-102-FA-A,dropped
        u0203,ENGL-102-FA-B,active
        u0204,ENGL-102-FA-B,active
        u0205,ENGL-102-FA-C,active
        u0206,BIOL-102-FA-A,active
        u0207,BIOL-102-FA-A,active
        u0208,BIOL-102-FA-B,dropped
        u0209,MATH-101-FA-A,active
        u0210,MATH-101-FA-B,active
        u0211,MATH-101-FA-B,active
        u0212,MATH-101-FA-A,active
        u0213,ENGL-102-FA-C,active
        u0214,BIOL-102-FA-B,active
        u0215,MATH-101-FA-A,dropped
        u0209,MATH-101-FA-B,active
        u0216,ENGL-102-FA-B,active

        """

    @Test func sectionEnrollmentsWithDropsAndReactivations() async throws {
        try await ApplyHarness.run { harness in
            // Two weeks ago everyone was active; last week u0210 dropped.
            let twoWeeksAgo = Self.lastWeek.replacing("u0210,MATH-101-FA-B,dropped", with: "u0210,MATH-101-FA-B,active")
            for roster in [twoWeeksAgo, Self.lastWeek] {
                let earlier = try harness.job(
                    Self.sectionsJob, files: ["sections.csv": Self.sections, "roster.csv": roster])
                try await Self.applyCleanly(earlier, harness)
            }
            // The first week's report reads sections the plan creates: it is read at apply, not an error.
            let fresh = try await ApplyHarness.run { other in
                try await other.plan(
                    try other.job(Self.sectionsJob, files: ["sections.csv": Self.sections, "roster.csv": twoWeeksAgo]))
            }
            let firstReport = try #require(fresh.steps.first { $0.id == "report" })
            #expect(firstReport.items.allSatisfy { $0.readAfterApply?.contains("which this plan creates") == true })
            let week2 = try harness.job(
                Self.sectionsJob, files: ["sections.csv": Self.sections, "roster.csv": Self.thisWeek])
            let plan = try await harness.plan(week2)
            Self.compare(plan, golden: "fall-sections.txt")
            let summary = plan.summary
            #expect(summary.creates == 7 && summary.updates == 1 && summary.deletes == 2, "\(summary.line)")
            try await Self.applyCleanly(week2, harness)
            try await Self.expectNoChange(week2, harness)
            let settled = try await harness.plan(week2)
            #expect(settled.steps.first { $0.id == "report" }?.items.allSatisfy { $0.readAfterApply == nil } == true)

            // Every roster row is one enrollment of its user in its section, in the row's state.
            let rows = csvRows(Self.thisWeek)
            var seen: [String: [JSONValue]] = [:]
            for section in Set(rows.map { $0["section_sis_id"] ?? "" }) {
                seen[section] =
                    try await harness.get(
                        "/api/v1/sections/sis_section_id:\(section)/enrollments",
                        query: ["state": ["active", "invited", "inactive", "completed", "deleted"]]
                    ).arrayValue ?? []
            }
            for row in rows {
                let section = row["section_sis_id"] ?? ""
                let mine = (seen[section] ?? []).filter { $0["sis_user_id"]?.stringValue == row["sis_user_id"] }
                // u0215 was never enrolled: dropping them enrolls nothing.
                let neverEnrolled = row["sis_user_id"] == "u0215"
                #expect(mine.count == (neverEnrolled ? 0 : 1), "\(row): \(mine)")
                let expected = row["status"] == "active" ? "active" : "completed"
                #expect(neverEnrolled || mine.first?["enrollment_state"]?.stringValue == expected, "\(row)")
            }
            #expect(rows.count == 18)
        }
    }

    /// New students from an export with one row per enrollment: a student in two courses has two rows.
    static let newStudentsJob = """
        easel: 1
        name: new-students
        inputs:
          rows: { csv: rows.csv }
        steps:
          - id: users
            for_each: ${{ inputs.rows }}
            ensure: user
            key: { sis_user_id: "${{ item.sis_user_id }}" }
            set: { name: "${{ item.name }}", login_id: "${{ item.login }}" }
          - id: enrollments
            needs: [users]
            for_each: ${{ inputs.rows }}
            ensure: enrollment
            in: sis_course_id:${{ item.course }}
            key: { user_id: "sis_user_id:${{ item.sis_user_id }}", type: StudentEnrollment }
            set: { enrollment_state: active }
        """

    static let newStudents = """
        sis_user_id,login,name,course
        S27-0001,ada.new,Ada Newcomer,ENGL-102-2026FA
        S27-0002,ben.new,Ben Newcomer,ENGL-102-2026FA
        S27-0001,ADA.NEW,Ada Newcomer,BIOL-102-2026FA
        S27-0003,cy.new,Cy Newcomer,MATH-101-2026FA
        S27-0001,ada.new,Ada Newcomer,MATH-101-2026FA

        """

    @Test func duplicateRowsOfOneStudentAreMergedIntoOneUser() async throws {
        try await ApplyHarness.run { harness in
            let graph = try harness.job(Self.newStudentsJob, files: ["rows.csv": Self.newStudents])
            let plan = try await harness.plan(graph)
            Self.compare(plan, golden: "new-students.txt")
            let users = try #require(plan.steps.first { $0.id == "users" })
            #expect(users.items.count == 3)
            #expect(users.notes.count == 1 && users.notes[0].contains("items 1, 3 and 5"), "\(users.notes)")
            #expect(plan.summary.creates == 3 + 5)
            try await Self.applyCleanly(graph, harness)
            try await Self.expectNoChange(graph, harness)
            let ada = try await harness.get("/api/v1/users/sis_user_id:S27-0001/enrollments")
            #expect(
                Set((ada.arrayValue ?? []).compactMap { $0["sis_course_id"]?.stringValue }) == [
                    "ENGL-102-2026FA", "BIOL-102-2026FA", "MATH-101-2026FA",
                ])
            let logins = try await harness.get("/api/v1/accounts/self/users", query: ["search_term": "Newcomer"])
            #expect(logins.arrayValue?.count == 3)
        }
    }

    @Test func rowsThatWantOneObjectDifferentlyStopThePlanNamingBoth() async throws {
        try await ApplyHarness.run { harness in
            // An item_key tells the rows apart, but they are still one user: the plan must not create two.
            let job = Self.newStudentsJob.replacing(
                "    ensure: user\n",
                with: "    ensure: user\n    item_key: ${{ item.course }}-${{ item.sis_user_id }}\n")
            let rows = Self.newStudents.replacing(
                "S27-0001,ADA.NEW,Ada Newcomer", with: "S27-0001,ada.new,Ada Lovelace")
            let graph = try harness.job(job, files: ["rows.csv": rows])
            do {
                let plan = try await harness.plan(graph)
                Issue.record("planned two wishes for one user: \(PlanRenderer().render(plan))")
            } catch let error as PlanningError {
                #expect(error.stepID == "users")
                #expect(error.message.contains("items 1 and 3"), "\(error.message)")
                #expect(error.message.contains("sis_user_id S27-0001"), "\(error.message)")
                #expect(error.message.contains(#"name "Ada Newcomer" vs "Ada Lovelace""#), "\(error.message)")
                #expect(error.message.contains("unique_by("), "\(error.message)")
            }
            // Rows that differ only in the case of a login (compared without case) are the same wish.
            let sameWish = try harness.job(job, files: ["rows.csv": Self.newStudents])
            let plan = try await harness.plan(sameWish)
            #expect(plan.steps.first { $0.id == "users" }?.items.count == 3)
        }
    }

    @Test func aStudentBothActiveAndDroppedInOneSectionStopsThePlan() async throws {
        try await ApplyHarness.run { harness in
            let roster = Self.thisWeek + "u0203,ENGL-102-FA-B,dropped\n"
            let graph = try harness.job(Self.sectionsJob, files: ["sections.csv": Self.sections, "roster.csv": roster])
            do {
                let plan = try await harness.plan(graph)
                Issue.record("planned both: \(PlanRenderer().render(plan))")
            } catch let error as PlanningError {
                #expect(error.stepID == "dropped")
                #expect(error.message.contains("of step 'enrolled'"), "\(error.message)")
                #expect(error.message.contains("sis_section_id:ENGL-102-FA-B"), "\(error.message)")
                #expect(error.message.contains("u0203"), "\(error.message)")
                #expect(error.message.contains("but wants state differently"), "\(error.message)")
            }
        }
    }

    /// Accounts from an identity export: names kept up to date, logins given only to new users.
    static let accountsJob = """
        easel: 1
        name: accounts
        inputs:
          people: { csv: people.csv }
        steps:
          - id: people
            for_each: ${{ inputs.people }}
            ensure: user
            key: { sis_user_id: "${{ item.sis_user_id }}" }
            set: { name: "${{ item.name }}", email: "${{ item.email }}" }
            create: { login_id: "${{ item.login }}" }
        """

    static let people = """
        sis_user_id,login,name,email
        u0001,ada.lovelace,Ada Lovelace,u0001@demo.easel.test
        S28-0001,grace.hopper,Grace Hopper,grace@example.edu
        S28-0002,alan.turing,Alan Turing,alan@example.edu

        """

    @Test func createOnlyFieldsGoToNewUsersAndLeaveExistingOnesAlone() async throws {
        try await ApplyHarness.run { harness in
            let before = try await harness.get("/api/v1/users/sis_user_id:u0001")
            let graph = try harness.job(Self.accountsJob, files: ["people.csv": Self.people])
            let plan = try await harness.plan(graph)
            Self.compare(plan, golden: "accounts.txt")
            #expect(plan.summary.creates == 2 && plan.summary.updates == 1, "\(plan.summary.line)")
            try await Self.applyCleanly(graph, harness)
            try await Self.expectNoChange(graph, harness)
            let existing = try await harness.get("/api/v1/users/sis_user_id:u0001")
            #expect(existing["name"] == "Ada Lovelace")
            #expect(existing["login_id"] == before["login_id"])
            #expect(existing["login_id"] != "ada.lovelace")
            let created = try await harness.get("/api/v1/users/sis_login_id:grace.hopper")
            #expect(created["sis_user_id"] == "S28-0001")
            #expect(created["name"] == "Grace Hopper")
        }
    }

    @Test func aNewUserWithoutALoginIsAnErrorOnItsItemNamingTheField() async throws {
        try await ApplyHarness.run { harness in
            let people = Self.people.replacing("S28-0002,alan.turing,", with: "S28-0002,,")
            let graph = try harness.job(Self.accountsJob, files: ["people.csv": people])
            do {
                let plan = try await harness.plan(graph)
                Issue.record("planned a user without a login: \(PlanRenderer().render(plan))")
            } catch let error as PlanningError {
                #expect(error.others.isEmpty)
                #expect(error.itemKey == "sis_user_id=S28-0002")
                #expect(error.message.contains("'login_id'") && error.message.contains("'create:'"), "\(error.message)")
            }
        }
    }

    @Test func aLoginUnderSetForAnExistingUserPointsToCreate() async throws {
        try await ApplyHarness.run { harness in
            let job = Self.accountsJob.replacing(
                """
                    set: { name: "${{ item.name }}", email: "${{ item.email }}" }
                    create: { login_id: "${{ item.login }}" }
                """,
                with: """
                        set: { name: "${{ item.name }}", email: "${{ item.email }}", login_id: "${{ item.login }}" }
                    """)
            let graph = try harness.job(job, files: ["people.csv": Self.people])
            do {
                let plan = try await harness.plan(graph)
                Issue.record("planned a login change: \(PlanRenderer().render(plan))")
            } catch let error as PlanningError {
                #expect(error.itemKey == "sis_user_id=u0001")
                #expect(error.message.contains("login_id") && error.message.contains("'create:'"), "\(error.message)")
            }
        }
    }

    /// Two exports joined: each roster row names only its section, and `index_by` finds the section's course.
    static let joinJob = """
        easel: 1
        name: joined-exports
        inputs:
          sections: { csv: sections.csv }
          roster: { csv: roster.csv }
        steps:
          - id: sections
            for_each: ${{ inputs.sections }}
            ensure: section
            in: sis_course_id:${{ item.course_sis_id }}
            key: { sis_section_id: "${{ item.section_sis_id }}" }
            set: { name: "${{ item.name }}" }
          - id: enrolled
            needs: [sections]
            for_each: ${{ where(inputs.roster, 'status', 'active') }}
            ensure: enrollment
            in: sis_course_id:${{ index_by(inputs.sections, 'section_sis_id')[item.section_sis_id].course_sis_id }}
            key: { user_id: "sis_user_id:${{ item.sis_user_id }}", type: StudentEnrollment }
            set: { enrollment_state: active }
            create: { course_section_id: "sis_section_id:${{ item.section_sis_id }}" }
        """

    @Test func aJoinOfTwoExportsWithIndexBy() async throws {
        try await ApplyHarness.run { harness in
            // One row per student and course (u0201's second section is in another course), and none for u0212,
            // whom the seed has in MATH-101's default section already.
            let roster = csvRows(Self.thisWeek).filter { !["u0209", "u0212"].contains($0["sis_user_id"]) }.map {
                "\($0["sis_user_id"] ?? ""),\($0["section_sis_id"] ?? ""),\($0["status"] ?? "")"
            }
            let rosterText = "sis_user_id,section_sis_id,status\n" + roster.joined(separator: "\n") + "\n"
            let graph = try harness.job(
                Self.joinJob, files: ["sections.csv": Self.sections, "roster.csv": rosterText])
            let plan = try await harness.plan(graph)
            Self.compare(plan, golden: "joined-exports.txt")
            #expect(plan.summary.creates == 7 + 12 && plan.summary.unchanged == 0, "\(plan.summary.line)")
            try await Self.applyCleanly(graph, harness)
            try await Self.expectNoChange(graph, harness)
            for row in csvRows(rosterText) where row["status"] == "active" {
                let section = row["section_sis_id"] ?? ""
                let enrollments = try await harness.get(
                    "/api/v1/sections/sis_section_id:\(section)/enrollments",
                    query: ["user_id": .string("sis_user_id:" + (row["sis_user_id"] ?? ""))])
                #expect(enrollments.arrayValue?.count == 1, "\(row)")
                #expect(enrollments.arrayValue?.first?["enrollment_state"] == "active", "\(row)")
            }
        }
    }

    /// Students placed in sections of their course by a column of the export, the course as the parent.
    static let placementJob = """
        easel: 1
        name: placements
        inputs:
          rows: { csv: rows.csv }
        steps:
          - id: sections
            ensure: section
            in: sis_course_id:ENGL-102-2026FA
            key: { sis_section_id: ENGL-102-FA-HONORS }
            set: { name: Writing Honors }
          - id: placed
            needs: [sections]
            for_each: ${{ inputs.rows }}
            ensure: enrollment
            in: sis_course_id:ENGL-102-2026FA
            key: { user_id: "sis_user_id:${{ item.sis_user_id }}", type: StudentEnrollment }
            set:
              enrollment_state: active
              course_section_id: sis_section_id:${{ item.section }}
        """

    @Test func aStudentMovedToAnotherSectionIsPlannedAsAReplacement() async throws {
        try await ApplyHarness.run { harness in
            // u0108 is an active student of ENGL-102-2026FA's default section in the demo seed.
            let stay = "sis_user_id,section\nu0108,ENGL-102-2026FA-01\n"
            let setup = try harness.job(Self.placementJob, files: ["rows.csv": stay])
            try await Self.applyCleanly(setup, harness)
            try await Self.expectNoChange(setup, harness)
            let before = try await harness.get(
                "/api/v1/courses/sis_course_id:ENGL-102-2026FA/enrollments", query: ["user_id": "sis_user_id:u0108"])
            let old = try #require(before.arrayValue?.first)

            let graph = try harness.job(
                Self.placementJob, files: ["rows.csv": "sis_user_id,section\nu0108,ENGL-102-FA-HONORS\n"])
            let plan = try await harness.plan(graph)
            Self.compare(plan, golden: "placements.txt")
            // Canvas cannot move an enrollment: the plan counts the move as the create and the delete it sends.
            #expect(
                plan.summary.updates == 0 && plan.summary.creates == 1 && plan.summary.deletes == 1
                    && plan.summary.writes == 2, "\(plan.summary.line)")
            try await Self.applyCleanly(graph, harness)
            try await Self.expectNoChange(graph, harness)

            let all = try await harness.get(
                "/api/v1/courses/sis_course_id:ENGL-102-2026FA/enrollments",
                query: ["user_id": "sis_user_id:u0108", "state": ["active", "invited", "completed", "deleted"]])
            let enrollments = all.arrayValue ?? []
            #expect(enrollments.count == 2, "\(enrollments)")
            let moved = enrollments.first { $0["enrollment_state"] == "active" }
            #expect(moved?["sis_section_id"] == "ENGL-102-FA-HONORS")
            #expect(moved?["id"] != old["id"])
            #expect(enrollments.first { $0["id"] == old["id"] }?["enrollment_state"] == "deleted")
        }
    }

    @Test func aRowNamingASectionThatDoesNotExistIsAnErrorOnThatRow() async throws {
        try await ApplyHarness.run { harness in
            let roster = Self.thisWeek + "u0217,ENGL-102-FA-Z,active\nu0218,ENGL-102-FA-Z,dropped\n"
            let graph = try harness.job(Self.sectionsJob, files: ["sections.csv": Self.sections, "roster.csv": roster])
            do {
                let plan = try await harness.plan(graph)
                Issue.record("planned rows of a missing section: \(PlanRenderer().render(plan))")
            } catch let error as PlanningError {
                let all = [error] + error.others
                #expect(all.count == 1, "\(error.description)")
                #expect(error.stepID == "enrolled")
                #expect(error.itemKey?.contains("u0217") == true)
                #expect(error.message.contains("section sis_section_id:ENGL-102-FA-Z"), "\(error.message)")
            }
        }
    }

    /// Accounts from two exports, the staff's and the students': a teaching assistant is in both, with the same name
    /// and login; the students are then enrolled by the id of the user each row ensured.
    static let twoExportsJob = """
        easel: 1
        name: two-exports
        inputs:
          staff: { csv: staff.csv }
          students: { csv: students.csv }
        steps:
          - id: staff
            for_each: ${{ inputs.staff }}
            ensure: user
            key: { sis_user_id: "${{ item.sis_user_id }}" }
            set: { name: "${{ item.name }}" }
            create: { login_id: "${{ item.login }}" }
          - id: students
            for_each: ${{ inputs.students }}
            ensure: user
            key: { sis_user_id: "${{ item.sis_user_id }}" }
            set: { name: "${{ item.name }}" }
            create: { login_id: "${{ item.login }}" }
          - id: enrolled
            for_each: ${{ steps.students.items }}
            ensure: enrollment
            in: sis_course_id:ENGL-102-2026FA
            key: { user_id: "${{ item.output.id }}", type: StudentEnrollment }
            set: { enrollment_state: active }
        """

    static let staff = """
        sis_user_id,login,name
        S29-0001,tara.assist,Tara Assistant
        S29-0002,sam.staff,Sam Staff

        """

    static let students = """
        sis_user_id,login,name
        S29-0003,una.student,Una Student
        S29-0001,tara.assist,Tara Assistant
        S29-0004,vic.student,Vic Student

        """

    @Test func anObjectTwoStepsWantAlikeIsMergedAndWrittenOnce() async throws {
        try await ApplyHarness.run { harness in
            let graph = try harness.job(
                Self.twoExportsJob, files: ["staff.csv": Self.staff, "students.csv": Self.students])
            let plan = try await harness.plan(graph)
            Self.compare(plan, golden: "two-exports.txt")
            let students = try #require(plan.steps.first { $0.id == "students" })
            let tara = try #require(students.items.first { $0.key == "sis_user_id=S29-0001" })
            #expect(tara.mergedInto == MergeTarget(stepID: "staff", itemKey: "sis_user_id=S29-0001"))
            #expect(students.notes.count == 1 && students.notes[0].contains("step 'staff'"), "\(students.notes)")
            // One user created for Tara, not two; she is enrolled like the other students.
            #expect(plan.summary.creates == 4 + 3, "\(plan.summary.line)")
            // The plan file carries the merge, so a saved plan applies it the same way.
            let saved = try Plan(json: plan.jsonValue)
            #expect(
                saved.steps.first { $0.id == "students" }?.items.first { $0.key == tara.key }?.mergedInto
                    == tara.mergedInto)

            let outcome = try await harness.apply(graph) { options in
                options.reviewedPlan = plan
                options.trustsReviewedReads = true
            }
            #expect(
                outcome.status == .succeeded,
                "\(outcome.problems.map { "\($0.stepID) \($0.itemKey): \($0.errorMessage ?? "")" })")
            try await Self.expectNoChange(graph, harness)

            let found = try await harness.get("/api/v1/accounts/self/users", query: ["search_term": "Tara Assistant"])
            #expect(found.arrayValue?.count == 1, "\(found)")
            let user = try await harness.get("/api/v1/users/sis_user_id:S29-0001")
            let enrollments = try await harness.get(
                "/api/v1/courses/sis_course_id:ENGL-102-2026FA/enrollments", query: ["user_id": "sis_user_id:S29-0001"])
            #expect(enrollments.arrayValue?.count == 1, "\(enrollments)")
            #expect(enrollments.arrayValue?.first?["user_id"] == user["id"])
            // The merged item wrote nothing: its journal row is a confirmed no-op holding the staff step's user.
            let rows = try await harness.journal.items(run: outcome.runID)
            let merged = try #require(rows.first { $0.stepID == "students" && $0.itemKey == tara.key })
            #expect(merged.state == .confirmed && merged.action == .none && merged.canvasID == user["id"]?.interpolated)
            let written = rows.filter { $0.itemKey == tara.key && $0.stepID != "enrolled" && $0.action == .create }
            #expect(written.map(\.stepID) == ["staff"])
        }
    }

    @Test func aMergeHoldsWhenTheRunWritesWhatTheJobWantsNow() async throws {
        try await ApplyHarness.run { harness in
            let graph = try harness.job(
                Self.twoExportsJob, files: ["staff.csv": Self.staff, "students.csv": Self.students])
            let plan = try await harness.plan(graph)
            // As `apply --refresh` runs: no reviewed plan, only its merges.
            let outcome = try await harness.apply(graph) { $0.mergedItems = plan.mergedItems }
            #expect(
                outcome.status == .succeeded,
                "\(outcome.problems.map { "\($0.stepID) \($0.itemKey): \($0.errorMessage ?? "")" })")
            let rows = try await harness.journal.items(run: outcome.runID)
            let tara = rows.filter { $0.itemKey == "sis_user_id=S29-0001" && $0.stepID != "enrolled" }
            #expect(tara.count == 2 && Set(tara.map(\.action)) == [.create, .none], "\(tara)")
            let found = try await harness.get("/api/v1/accounts/self/users", query: ["search_term": "Tara Assistant"])
            #expect(found.arrayValue?.count == 1, "\(found)")
            try await Self.expectNoChange(graph, harness)
        }
    }

    @Test func anObjectTwoStepsWantDifferentlyStopsThePlanNamingBoth() async throws {
        try await ApplyHarness.run { harness in
            let students = Self.students.replacing(
                "S29-0001,tara.assist,Tara Assistant", with: "S29-0001,tara.assist,Tara A.")
            let graph = try harness.job(
                Self.twoExportsJob, files: ["staff.csv": Self.staff, "students.csv": students])
            do {
                let plan = try await harness.plan(graph)
                Issue.record("planned two wishes for one user: \(PlanRenderer().render(plan))")
            } catch let error as PlanningError {
                #expect(error.stepID == "students" && error.itemKey == "sis_user_id=S29-0001")
                #expect(error.message.contains("item 'sis_user_id=S29-0001' of step 'staff'"), "\(error.message)")
                #expect(error.message.contains("but wants name differently"), "\(error.message)")
            }
        }
    }

    /// New accounts with a first password from the identity export: sent on create only, never shown.
    static let passwordsJob = accountsJob.replacing(
        #"create: { login_id: "${{ item.login }}" }"#,
        with: #"create: { login_id: "${{ item.login }}", password: "${{ item.password }}" }"#)

    static let passwords = """
        sis_user_id,login,name,email,password
        u0001,ada.lovelace,Ada Lovelace,u0001@demo.easel.test,Analytical-Engine-1843
        S28-0001,grace.hopper,Grace Hopper,grace@example.edu,Cobol&Compilers59
        S28-0002,alan.turing,Alan Turing,alan@example.edu,Enigma!Bombe1940

        """

    @Test func aFirstPasswordIsSentOnCreateAndNeverShown() async throws {
        try await ApplyHarness.run { harness in
            let secrets = ["Analytical-Engine-1843", "Cobol&Compilers59", "Enigma!Bombe1940"]
            let graph = try harness.job(Self.passwordsJob, files: ["people.csv": Self.passwords])
            let plan = try await harness.plan(graph)
            Self.compare(plan, golden: "passwords.txt")
            #expect(plan.summary.creates == 2 && plan.summary.updates == 1, "\(plan.summary.line)")
            let rendered = PlanRenderer().render(plan)
            let planFile = plan.jsonValue.serialized()
            #expect(rendered.contains("password: \"(secret, 17 characters)\""), "\(rendered)")
            for secret in secrets {
                #expect(!rendered.contains(secret) && !planFile.contains(secret), "\(secret) shown in the plan")
            }
            let outcome = try await harness.apply(graph) { options in
                options.reviewedPlan = try? Plan(json: plan.jsonValue)
            }
            #expect(outcome.status == .succeeded, "\(outcome.problems.map { $0.errorMessage ?? "" })")
            try await Self.expectNoChange(graph, harness)
            let created = try await harness.get("/api/v1/users/sis_login_id:grace.hopper")
            #expect(created["sis_user_id"] == "S28-0001")

            let rows = try await harness.journal.items(run: outcome.runID)
            let results = ResultsFile.csv(rows)
            for secret in secrets {
                #expect(!rows.contains { "\($0)".contains(secret) }, "\(secret) in the journal")
                #expect(!results.contains(secret), "\(secret) in results.csv")
            }

            // The password reaches Canvas: one shorter than its policy allows makes the create fail there.
            let short = Self.passwords.replacing("S28-0002,alan.turing", with: "S28-0003,alan.turing2")
                .replacing("Enigma!Bombe1940", with: "Bombe")
            let shortGraph = try harness.job(Self.passwordsJob, files: ["people.csv": short])
            let refused = try await harness.apply(shortGraph)
            #expect(refused.status == .failed)
            let problem = try #require(refused.problems.first { $0.itemKey == "sis_user_id=S28-0003" })
            #expect(problem.errorMessage?.contains("password") == true, "\(problem.errorMessage ?? "")")
            let failedRows = try await harness.journal.items(run: refused.runID)
            #expect(
                !failedRows.contains { "\($0)".contains("Bombe") } && !ResultsFile.csv(failedRows).contains("Bombe"))
        }
    }

    @Test func rowsThatDifferOnlyInAPasswordStopThePlanWithoutShowingIt() async throws {
        try await ApplyHarness.run { harness in
            let rows = Self.passwords + "S28-0001,grace.hopper,Grace Hopper,grace@example.edu,Nanosecond-Wire-11\n"
            let graph = try harness.job(Self.passwordsJob, files: ["people.csv": rows])
            do {
                let plan = try await harness.plan(graph)
                Issue.record("planned two passwords for one user: \(PlanRenderer().render(plan))")
            } catch let error as PlanningError {
                #expect(error.message.contains("create.password"), "\(error.message)")
                #expect(error.message.contains("(secret, 17 characters)"), "\(error.message)")
                #expect(!error.description.contains("Cobol&Compilers59") && !error.description.contains("Nanosecond"))
            }
        }
    }

    // MARK: - Helpers

    /// Applies `graph` and expects every item to succeed.
    static func applyCleanly(_ graph: StepGraph, _ harness: ApplyHarness) async throws {
        let outcome = try await harness.apply(graph)
        #expect(
            outcome.status == .succeeded,
            "\(outcome.problems.map { "\($0.stepID) \($0.itemKey): \($0.errorMessage ?? "")" }) \(outcome.stepFailures)"
        )
    }

    /// Plans `graph` again and expects no write.
    static func expectNoChange(_ graph: StepGraph, _ harness: ApplyHarness) async throws {
        let again = try await harness.plan(graph)
        let summary = again.summary
        #expect(
            summary.creates == 0 && summary.updates == 0 && summary.deletes == 0 && summary.requests == 0,
            "\(PlanRenderer().render(again))")
    }

    /// Compares the rendered plan, Canvas ids written as `#` (the sandbox numbers objects in the order parallel
    /// writes reach it), with a golden file.
    static func compare(_ plan: Plan, golden name: String) {
        let rendered = PlanRenderer().render(plan).replacing(/\(id \d+\)/, with: "(id #)")
        if let mismatch = Golden.mismatch(rendered, goldenFile: golden.appendingPathComponent(name)) {
            Issue.record("\(mismatch)")
        }
    }
}

/// The rows of a small CSV text without quoting, as dictionaries by header.
func csvRows(_ text: String) -> [[String: String]] {
    let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    guard let header = lines.first else { return [] }
    return lines.dropFirst().map { fields in
        Dictionary(zip(header, fields).map { (String($0), String($1)) }, uniquingKeysWith: { first, _ in first })
    }
}
