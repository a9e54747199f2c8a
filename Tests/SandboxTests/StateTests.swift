import Foundation
import JSONValues
import NIOCore
import NIOHTTP1
import OrderedCollections
import Sandbox
import Testing

@Suite struct StateTests {
    /// An ISO 8601 time `days` from now.
    static func time(days: Int) -> String {
        Date.now.addingTimeInterval(Double(days) * 86_400).formatted(.iso8601)
    }

    @Test func subAccountsNestAndListRecursively() async throws {
        try await withSandboxClient(testConfiguration(seed: .empty)) { (client) async throws in
            let faculty = try await client.send(
                .POST, "/api/v1/accounts/1/sub_accounts", form: "account[name]=Faculty&account[sis_account_id]=FAC")
            #expect(faculty.status == 200)
            #expect(faculty.json?["parent_account_id"] == 1)
            #expect(faculty.json?["root_account_id"] == 1)
            let department = try await client.send(
                .POST, "/api/v1/accounts/sis_account_id:FAC/sub_accounts",
                json: ["account": ["name": "Department", "sis_account_id": "DEP"]])
            #expect(department.json?["parent_account_id"] == faculty.json?["id"])
            let direct = try await client.all("/api/v1/accounts/1/sub_accounts")
            #expect(direct.map { $0["sis_account_id"] } == ["FAC"])
            let recursive = try await client.all("/api/v1/accounts/1/sub_accounts?recursive=true")
            #expect(recursive.compactMap { $0["sis_account_id"]?.stringValue } == ["FAC", "DEP"])
            let taken = try await client.send(
                .POST, "/api/v1/accounts/1/sub_accounts", form: "account[name]=Again&account[sis_account_id]=DEP")
            #expect(taken.status == 400)
            #expect(taken.json?["errors"]?["sis_source_id"]?[0]?["type"] == "taken")
        }
    }

    @Test func termsHaveDefaultAndCurrent() async throws {
        try await withSandboxClient(testConfiguration(seed: .empty)) { (client) async throws in
            let defaultTerm = try await client.get("/api/v1/accounts/1/terms/default")
            #expect(defaultTerm.json?["name"] == "Default Term")
            // The default term has no dates, so it is never current.
            #expect(try await client.get("/api/v1/accounts/1/terms/current").status == 404)
            let form =
                "enrollment_term[name]=Now&enrollment_term[sis_term_id]=NOW"
                + "&enrollment_term[start_at]=\(Self.time(days: -10))&enrollment_term[end_at]=\(Self.time(days: 10))"
            let now = try await client.send(.POST, "/api/v1/accounts/1/terms", form: form)
            #expect(now.status == 200)
            let current = try await client.get("/api/v1/accounts/self/terms/current")
            #expect(current.json?["id"] == now.json?["id"])
            let future = try await client.send(
                .POST, "/api/v1/accounts/1/terms",
                form: "enrollment_term[name]=Later&enrollment_term[start_at]=\(Self.time(days: 30))")
            #expect(future.status == 200)
            #expect(try await client.get("/api/v1/accounts/1/terms/current").json?["id"] == now.json?["id"])
            // Two terms covering now: "current" is ambiguous, so not found.
            _ = try await client.send(
                .POST, "/api/v1/accounts/1/terms",
                form: "enrollment_term[name]=Overlap&enrollment_term[end_at]=\(Self.time(days: 5))")
            #expect(try await client.get("/api/v1/accounts/1/terms/current").status == 404)
            let terms = try await client.get("/api/v1/accounts/1/terms").json?["enrollment_terms"]?.arrayValue
            #expect(terms?.count == 4)
        }
    }

    @Test func usersHaveLoginsThatFindThem() async throws {
        try await withSandboxClient(testConfiguration(seed: .empty)) { (client) async throws in
            let user = try await client.send(
                .POST, "/api/v1/accounts/1/users",
                form: "user[name]=Ada+Quinn&pseudonym[unique_id]=aquinn@example.edu&pseudonym[sis_user_id]=AQ-1")
            let userID = try #require(user.json?["id"]?.intValue)
            let login = try await client.send(
                .POST, "/api/v1/accounts/1/logins",
                form: "user[id]=sis_user_id:AQ-1&login[unique_id]=ada.quinn&login[sis_user_id]=AQ-2")
            #expect(login.status == 200)
            #expect(login.json?["user_id"] == .int(userID))
            let logins = try await client.all("/api/v1/users/\(userID)/logins")
            #expect(logins.compactMap { $0["unique_id"]?.stringValue } == ["aquinn@example.edu", "ada.quinn"])
            for path in ["sis_login_id:ADA.QUINN", "sis_user_id:AQ-2", "sis_login_id:aquinn@example.edu"] {
                #expect(try await client.get("/api/v1/users/\(path)").json?["id"] == .int(userID), "\(path)")
            }
            let taken = try await client.send(
                .POST, "/api/v1/accounts/1/logins", form: "user[id]=\(userID)&login[unique_id]=Ada.Quinn")
            #expect(taken.status == 400)
            #expect(taken.json?["errors"]?["unique_id"]?[0]?["type"] == "taken")
            let missing = try await client.send(.POST, "/api/v1/accounts/1/logins", form: "login[unique_id]=x")
            #expect(missing.json == ["errors": [["message": "user[id] is missing"]]])
        }
    }

    @Test func sectionsAreRenamedFoundBySISAndDeletedWhenEmpty() async throws {
        try await withSandboxClient { (client) async throws in
            let created = try await client.send(
                .POST, "/api/v1/courses/sis_course_id:TEMPLATE/sections",
                form: "course_section[name]=Evening&course_section[sis_section_id]=TEMPLATE-EVE")
            let id = try #require(created.json?["id"]?.intValue)
            #expect(created.json?["sis_course_id"] == "TEMPLATE")
            let renamed = try await client.send(
                .PUT, "/api/v1/sections/sis_section_id:TEMPLATE-EVE", form: "course_section[name]=Late")
            #expect(renamed.json?["name"] == "Late")
            let deleted = try await client.send(.DELETE, "/api/v1/sections/\(id)")
            #expect(deleted.status == 200)
            #expect(try await client.get("/api/v1/sections/\(id)").status == 404)
            let busy = try await client.send(.DELETE, "/api/v1/sections/sis_section_id:BIO-101-2026SP-01")
            #expect(busy.status == 400)
            #expect(busy.json == ["message": "You can't delete a section that has enrollments"])
        }
    }

    @Test func modulesItemsAndPagesAreCourseContent() async throws {
        try await withSandboxClient { (client) async throws in
            let course = "/api/v1/courses/sis_course_id:CHEM-110-2026SP"
            let module = try await client.send(.POST, "\(course)/modules", form: "module[name]=Week+1")
            #expect(module.status == 200)
            #expect(module.json?["workflow_state"] == "unpublished")
            let moduleID = try #require(module.json?["id"]?.intValue)
            let page = try await client.send(
                .POST, "\(course)/pages", form: "wiki_page[title]=Lab+Safety!&wiki_page[body]=<p>Goggles</p>")
            #expect(page.status == 200)
            #expect(page.json?["url"] == "lab-safety")
            let second = try await client.send(.POST, "\(course)/pages", form: "wiki_page[title]=Lab+safety")
            #expect(second.json?["url"] == "lab-safety-2")
            let item = try await client.send(
                .POST, "\(course)/modules/\(moduleID)/items",
                form: "module_item[type]=Page&module_item[page_url]=lab-safety&module_item[title]=Safety")
            #expect(item.status == 200)
            #expect(item.json?["module_id"] == .int(moduleID))
            #expect(try await client.all("\(course)/modules/\(moduleID)/items").count == 1)
            let published = try await client.send(
                .PUT, "\(course)/modules/\(moduleID)", form: "module[published]=true")
            #expect(published.json?["workflow_state"] == "published")
            let bySlug = try await client.get("\(course)/pages/lab-safety")
            #expect(bySlug.json?["body"] == "<p>Goggles</p>")
            let blank = try await client.send(.POST, "\(course)/modules", form: "module[name]=")
            #expect(blank.status == 400)
            #expect(blank.json?["errors"]?["name"]?[0]?["type"] == "blank")
            #expect(try await client.send(.DELETE, "\(course)/pages/lab-safety").status == 200)
            #expect(try await client.get("\(course)/pages/lab-safety").status == 404)
            // Content of one course is not found through another.
            let other = "/api/v1/courses/sis_course_id:BIO-101-2026SP"
            #expect(try await client.get("\(other)/modules/\(moduleID)").status == 404)
        }
    }

    @Test func calendarEventsAreListedByContextCode() async throws {
        try await withSandboxClient { (client) async throws in
            let course = try await client.get("/api/v1/courses/sis_course_id:CHEM-110-2026SP").json
            let courseID = try #require(course?["id"]?.intValue)
            let created = try await client.send(
                .POST, "/api/v1/calendar_events",
                form: "calendar_event[context_code]=course_\(courseID)&calendar_event[title]=Midterm"
                    + "&calendar_event[start_at]=2026-03-10T14:00:00Z&calendar_event[end_at]=2026-03-10T16:00:00Z")
            #expect(created.status == 201)
            #expect(created.json?["start_at"] == "2026-03-10T14:00:00Z")
            let listed = try await client.all("/api/v1/calendar_events?context_codes[]=course_\(courseID)")
            let titles = listed.compactMap { $0["title"]?.stringValue }
            #expect(titles.contains("Midterm"))
            #expect(try await client.all("/api/v1/calendar_events").isEmpty)
            // Canvas looks the context up by its code: without one, there is none to find.
            let missing = try await client.send(.POST, "/api/v1/calendar_events", form: "calendar_event[title]=X")
            #expect(missing.status == 404)
        }
    }

    @Test func contentKeepsOnlyTheFieldsCanvasHas() async throws {
        try await withSandboxClient { (client) async throws in
            let course = "/api/v1/courses/sis_course_id:TEMPLATE"
            let created = try await client.send(
                .POST, "\(course)/assignments",
                form: "assignment[name]=Lab&assignment[made_up]=1&assignment[id]=5&assignment[course_id]=9&color=red")
            #expect(created.status == 201)
            let assignment = try #require(created.json?.objectValue)
            #expect(assignment["made_up"] == nil && assignment["color"] == nil)
            #expect(assignment["id"] != 5 && assignment["course_id"] != 9)
            let id = try #require(assignment["id"]?.intValue)
            let updated = try await client.send(
                .PUT, "\(course)/assignments/\(id)", form: "assignment[points_possible]=5&assignment[also_made_up]=2")
            #expect(updated.json?["points_possible"] == .double(5))
            #expect(updated.json?["also_made_up"] == nil)
            #expect(try await client.get("\(course)/assignments/\(id)").json?["also_made_up"] == nil)
            // Kinds whose fields are top-level parameters drop the request's other parameters.
            let group = try await client.send(
                .POST, "\(course)/assignment_groups?per_page=5", form: "name=Labs&group_weight=10&made_up=1")
            let groupJSON = try #require(group.json?.objectValue)
            #expect(groupJSON["name"] == "Labs" && groupJSON["group_weight"] == .double(10))
            #expect(groupJSON["made_up"] == nil && groupJSON["per_page"] == nil)
        }
    }
}
