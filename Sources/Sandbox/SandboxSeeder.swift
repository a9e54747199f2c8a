import JSONValues
import OrderedCollections
import SeededRandom

/// Builds the starting state of a seed, deterministically.
struct SandboxSeeder {
    let seed: SandboxSeed

    private static let firstNames = [
        "Ada", "Ben", "Chloe", "Dev", "Elena", "Farah", "Gus", "Hana", "Ivan", "Jia", "Kofi", "Lena", "Mateo", "Nia",
        "Omar", "Priya", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Viktor", "Wen", "Ximena", "Yusuf", "Zoe",
    ]
    private static let lastNames = [
        "Abbott", "Bianchi", "Chen", "Diallo", "Evans", "Fischer", "Garcia", "Haddad", "Ito", "Jensen", "Kowalski",
        "Larsen", "Moreau", "Nakamura", "Okafor", "Patel", "Quispe", "Rossi", "Silva", "Tanaka", "Uddin", "Varga",
    ]
    private static let subjects: [(account: String, code: String, titles: [String])] = [
        ("ENG", "ENGL", ["Composition", "World Literature", "Creative Writing", "Rhetoric", "Poetry", "Shakespeare"]),
        ("SCI", "BIOL", ["Cell Biology", "Genetics", "Ecology", "Microbiology", "Botany", "Zoology"]),
        ("SCI", "CHEM", ["General Chemistry", "Organic Chemistry", "Biochemistry", "Physical Chemistry"]),
        ("ART", "ARTS", ["Drawing", "Painting", "Sculpture", "Art History", "Photography", "Design"]),
        (
            "MATH", "MATH",
            ["Calculus I", "Calculus II", "Linear Algebra", "Statistics", "Discrete Math", "Number Theory"]
        ),
    ]

    /// The state the seed describes.
    func build() -> SandboxState {
        var state = SandboxState()
        var random = SplitMix64(seed: 2026)
        let created = "2026-01-05T12:00:00Z"
        let rootID = state.nextID("account")
        let defaultTermID = state.nextID("term")
        state.accounts[rootID] = AccountRecord(
            id: rootID, name: "Easel Demo University", uuid: random.alphanumerics(40), defaultTermID: defaultTermID
        )
        state.terms[defaultTermID] = TermRecord(
            id: defaultTermID, name: "Default Term", rootAccountID: rootID, createdAt: created)
        let adminID = state.nextID("user")
        state.users[adminID] = UserRecord(
            id: adminID, name: "Sandbox Admin", shortName: "Sandbox Admin", sortableName: "Admin, Sandbox",
            uuid: random.alphanumerics(40), createdAt: created, email: "admin@demo.easel.test"
        )
        let adminLogin = state.nextID("login")
        state.logins[adminLogin] = LoginRecord(
            id: adminLogin, userID: adminID, accountID: rootID, uniqueID: "admin@demo.easel.test", sisUserID: "admin",
            createdAt: created
        )
        state.admins.append(AdminRecord(accountID: rootID, userID: adminID))
        guard seed == .demo else { return state }

        var accountIDs: [String: Int] = [:]
        for (sis, name) in [
            ("ENG", "School of English"), ("SCI", "School of Science"), ("ART", "School of Art"),
            ("MATH", "Department of Mathematics"),
        ] {
            let id = state.nextID("account")
            state.accounts[id] = AccountRecord(
                id: id, name: name, parentAccountID: rootID, rootAccountID: rootID, sisAccountID: sis,
                uuid: random.alphanumerics(40)
            )
            accountIDs[sis] = id
        }
        var termIDs: [String: Int] = [:]
        for (sis, name, start, end) in [
            ("2025FA", "Fall 2025", "2025-08-25T05:00:00Z", "2025-12-20T05:00:00Z"),
            ("2026SP", "Spring 2026", "2026-01-12T05:00:00Z", "2026-05-15T05:00:00Z"),
            ("2026SU", "Summer 2026", "2026-05-26T05:00:00Z", "2026-08-14T05:00:00Z"),
            ("2026FA", "Fall 2026", "2026-08-24T05:00:00Z", "2026-12-19T05:00:00Z"),
        ] {
            let id = state.nextID("term")
            state.terms[id] = TermRecord(
                id: id, name: name, sisTermID: sis, startAt: start, endAt: end, rootAccountID: rootID,
                createdAt: created
            )
            termIDs[sis] = id
        }
        // Users u0001…u0300: the first 20 teach, the rest study.
        var userIDs: [Int] = []
        for number in 1...300 {
            let first = Self.firstNames[(number * 7) % Self.firstNames.count]
            let last = Self.lastNames[(number * 11) % Self.lastNames.count]
            let sis = "u" + String(number).leftPadded(to: 4)
            let id = state.nextID("user")
            state.users[id] = UserRecord(
                id: id, name: "\(first) \(last)", shortName: first, sortableName: "\(last), \(first)",
                uuid: random.alphanumerics(40), createdAt: created, email: "\(sis)@demo.easel.test"
            )
            let login = state.nextID("login")
            state.logins[login] = LoginRecord(
                id: login, userID: id, accountID: rootID, uniqueID: "\(first.lowercased()).\(last.lowercased()).\(sis)",
                sisUserID: sis, createdAt: created
            )
            userIDs.append(id)
        }
        let teachers = Array(userIDs.prefix(20))
        let students = Array(userIDs.dropFirst(20))
        // The template course, then about 50 courses spread over subjects and terms.
        let templateID = addCourse(
            &state, &random, name: "Course Template", code: "TEMPLATE", sis: "TEMPLATE", accountID: rootID,
            termID: defaultTermID, workflowState: "claimed", created: created
        )
        addTemplateContent(&state, courseID: templateID, created: created)
        // The spring courses of the example enrollment job, with a student who left (the job concludes them).
        let departedUser = state.nextID("user")
        state.users[departedUser] = UserRecord(
            id: departedUser, name: "Tove Johansson", shortName: "Tove", sortableName: "Johansson, Tove",
            uuid: random.alphanumerics(40), createdAt: created, email: "tjohansson26@example.edu"
        )
        let departedLogin = state.nextID("login")
        state.logins[departedLogin] = LoginRecord(
            id: departedLogin, userID: departedUser, accountID: rootID, uniqueID: "tjohansson26", sisUserID: "S26-1006",
            createdAt: created
        )
        for (name, code, sis) in [
            ("Introduction to Biology", "BIO 101", "BIO-101-2026SP"),
            ("General Chemistry", "CHEM 110", "CHEM-110-2026SP"),
        ] {
            let courseID = addCourse(
                &state, &random, name: name, code: code, sis: sis, accountID: accountIDs["SCI"] ?? rootID,
                termID: termIDs["2026SP"] ?? defaultTermID, workflowState: "available", created: created
            )
            let sectionID = state.sections.values.first { $0.courseID == courseID }?.id ?? 0
            addEnrollment(
                &state, userID: departedUser, courseID: courseID, sectionID: sectionID, type: "StudentEnrollment",
                workflowState: "active", created: created)
        }
        var courseNumber = 0
        var enrollmentBudget = 1000 - 2
        let termCycle = ["2026SP", "2026FA", "2025FA", "2026SU"]
        outer: for subject in Self.subjects {
            for (offset, title) in subject.titles.enumerated() {
                for termSIS in termCycle.prefix(offset % 2 == 0 ? 3 : 1) {
                    courseNumber += 1
                    if courseNumber > 47 { break outer }
                    let level = 100 + offset * 100 + courseNumber % 3
                    let code = "\(subject.code) \(level)"
                    let sis = "\(subject.code)-\(level)-\(termSIS)"
                    let termID = termIDs[termSIS] ?? defaultTermID
                    let state_ = termSIS == "2025FA" ? "completed" : (termSIS == "2026SP" ? "available" : "claimed")
                    let courseID = addCourse(
                        &state, &random, name: "\(title) (\(termSIS))", code: code, sis: sis,
                        accountID: accountIDs[subject.account] ?? rootID, termID: termID, workflowState: state_,
                        created: created
                    )
                    let sectionID = state.sections.values.first { $0.courseID == courseID }?.id ?? 0
                    let teacher = teachers[courseNumber % teachers.count]
                    addEnrollment(
                        &state, userID: teacher, courseID: courseID, sectionID: sectionID, type: "TeacherEnrollment",
                        workflowState: "active", created: created)
                    enrollmentBudget -= 1
                    let count = min(enrollmentBudget, 19 + courseNumber % 3)
                    for index in 0..<max(0, count) {
                        let student = students[(courseNumber * 37 + index * 13) % students.count]
                        let workflowState =
                            index % 17 == 0 ? "invited" : (state_ == "completed" ? "completed" : "active")
                        addEnrollment(
                            &state, userID: student, courseID: courseID, sectionID: sectionID,
                            type: "StudentEnrollment", workflowState: workflowState, created: created)
                        enrollmentBudget -= 1
                    }
                }
            }
        }
        // The example course-shell job's school, empty until the job runs. Added last, with its own generator, so
        // that every other object of the seed keeps its id and its random values.
        var engineering = SplitMix64(seed: 0xE96)
        let engineeringID = state.nextID("account")
        state.accounts[engineeringID] = AccountRecord(
            id: engineeringID, name: "School of Engineering", parentAccountID: rootID, rootAccountID: rootID,
            sisAccountID: "EGR", uuid: engineering.alphanumerics(40)
        )
        return state
    }

    private func addCourse(
        _ state: inout SandboxState, _ random: inout SplitMix64, name: String, code: String, sis: String,
        accountID: Int,
        termID: Int, workflowState: String, created: String
    ) -> Int {
        let id = state.nextID("course")
        state.courses[id] = CourseRecord(
            id: id, name: name, courseCode: code, sisCourseID: sis, uuid: random.alphanumerics(40),
            accountID: accountID,
            rootAccountID: 1, termID: termID, workflowState: workflowState, createdAt: created
        )
        let sectionID = state.nextID("section")
        state.sections[sectionID] = SectionRecord(
            id: sectionID, courseID: id, name: name, sisSectionID: "\(sis)-01", createdAt: created, isDefault: true
        )
        return id
    }

    private func addEnrollment(
        _ state: inout SandboxState, userID: Int, courseID: Int, sectionID: Int, type: String, workflowState: String,
        created: String
    ) {
        let id = state.nextID("enrollment")
        state.enrollments[id] = EnrollmentRecord(
            id: id, userID: userID, courseID: courseID, sectionID: sectionID, type: type, role: type,
            workflowState: workflowState, createdAt: created, updatedAt: created
        )
    }

    private func addTemplateContent(_ state: inout SandboxState, courseID: Int, created: String) {
        func add(_ kind: ContentKind, parent: Int? = nil, _ build: (Int) -> JSONValue) -> Int {
            let id = state.nextID(ContentRecord.sequence)
            state.contents[id] = ContentRecord(
                id: id, kind: kind, courseID: courseID, parentID: parent, json: StoredJSON(build(id)))
            return id
        }
        let group = add(.assignmentGroup) { id in
            [
                "id": .int(id), "name": "Assignments", "position": 1, "group_weight": 0.0, "sis_source_id": .null,
                "integration_data": [:], "rules": [:],
            ]
        }
        var assignments: [Int] = []
        for (index, name) in ["Syllabus Quiz", "Essay 1", "Midterm Project", "Final Reflection"].enumerated() {
            var members = ContentSpec.assignment.defaults(0, courseID, created)
            members["name"] = .string(name)
            members["points_possible"] = .double([5, 100, 150, 50][index])
            members["position"] = .int(index + 1)
            members["assignment_group_id"] = .int(group)
            members["submission_types"] = ["online_upload"]
            members["published"] = true
            members["workflow_state"] = "published"
            assignments.append(
                add(.assignment) { id in
                    members["id"] = .int(id)
                    return .object(members)
                })
        }
        for (index, title) in ["Welcome", "Course Policies", "Office Hours"].enumerated() {
            var members = ContentSpec.page.defaults(0, courseID, created)
            members["title"] = .string(title)
            members["url"] = .string(SandboxStore.slug(title))
            members["body"] = .string("<p>\(title) for this course.</p>")
            members["published"] = true
            members["front_page"] = .bool(index == 0)
            members["workflow_state"] = "active"
            _ = add(.page) { id in
                members["page_id"] = .int(id)
                return .object(members)
            }
        }
        for (index, name) in ["Week 1: Getting Started", "Week 2: Foundations"].enumerated() {
            var members = ContentSpec.module.defaults(0, courseID, created)
            members["name"] = .string(name)
            members["position"] = .int(index + 1)
            members["published"] = true
            members["workflow_state"] = "published"
            let module = add(.module) { id in
                members["id"] = .int(id)
                return .object(members)
            }
            let assignment = assignments[index]
            _ = add(.moduleItem, parent: module) { id in
                [
                    "id": .int(id), "module_id": .int(module), "title": .string(["Syllabus Quiz", "Essay 1"][index]),
                    "position": 1, "indent": 0, "type": "Assignment", "content_id": .int(assignment), "published": true,
                ]
            }
        }
    }
}
