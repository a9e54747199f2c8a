/// Every API route the sandbox answers.
enum SandboxRoutes {
    static let router = Router(routes: core + content + jobs)

    static let core: [Route] = [
        Route("GET", "/api/v1/accounts") { try $0.listAccounts($1) },
        Route("GET", "/api/v1/accounts/:account_id") { try $0.getAccount($1) },
        Route("PUT", "/api/v1/accounts/:account_id") { try $0.updateAccount($1) },
        Route("GET", "/api/v1/accounts/:account_id/sub_accounts") { try $0.listSubAccounts($1) },
        Route("POST", "/api/v1/accounts/:account_id/sub_accounts") { try $0.createSubAccount($1) },
        Route("GET", "/api/v1/accounts/:account_id/terms") { try $0.listTerms($1) },
        Route("POST", "/api/v1/accounts/:account_id/terms") { try $0.createTerm($1) },
        Route("GET", "/api/v1/accounts/:account_id/terms/:term_id") { try $0.getTerm($1) },
        Route("PUT", "/api/v1/accounts/:account_id/terms/:term_id") { try $0.updateTerm($1) },
        Route("DELETE", "/api/v1/accounts/:account_id/terms/:term_id") { try $0.deleteTerm($1) },
        Route("GET", "/api/v1/accounts/:account_id/courses") { try $0.listAccountCourses($1) },
        Route("POST", "/api/v1/accounts/:account_id/courses") { try $0.createCourse($1) },
        Route("PUT", "/api/v1/accounts/:account_id/courses") { try $0.batchUpdateCourses($1) },
        Route("GET", "/api/v1/accounts/:account_id/users") { try $0.listAccountUsers($1) },
        Route("POST", "/api/v1/accounts/:account_id/users") { try $0.createUser($1) },
        Route("DELETE", "/api/v1/accounts/:account_id/users/:user_id") { try $0.deleteUser($1) },
        Route("POST", "/api/v1/accounts/:account_id/logins") { try $0.createLogin($1) },
        Route("GET", "/api/v1/courses") { try $0.listUserCourses($1) },
        Route("GET", "/api/v1/courses/:course_id") { try $0.getCourse($1) },
        Route("PUT", "/api/v1/courses/:course_id") { try $0.updateCourse($1) },
        Route("DELETE", "/api/v1/courses/:course_id") { try $0.deleteCourse($1) },
        Route("GET", "/api/v1/courses/:course_id/users") { try $0.listCourseUsers($1) },
        Route("GET", "/api/v1/courses/:course_id/sections") { try $0.listSections($1) },
        Route("POST", "/api/v1/courses/:course_id/sections") { try $0.createSection($1) },
        Route("GET", "/api/v1/courses/:course_id/sections/:section_id") { try $0.getSection($1) },
        Route("GET", "/api/v1/sections/:section_id") { try $0.getSection($1) },
        Route("PUT", "/api/v1/sections/:section_id") { try $0.updateSection($1) },
        Route("DELETE", "/api/v1/sections/:section_id") { try $0.deleteSection($1) },
        Route("GET", "/api/v1/courses/:course_id/enrollments") { try $0.listEnrollments($1) },
        Route("POST", "/api/v1/courses/:course_id/enrollments") { try $0.createEnrollment($1) },
        Route("DELETE", "/api/v1/courses/:course_id/enrollments/:enrollment_id") { try $0.deleteEnrollment($1) },
        Route("PUT", "/api/v1/courses/:course_id/enrollments/:enrollment_id/reactivate") {
            try $0.reactivateEnrollment($1)
        },
        Route("POST", "/api/v1/courses/:course_id/enrollments/:enrollment_id/accept") { try $0.acceptEnrollment($1) },
        Route("POST", "/api/v1/courses/:course_id/enrollments/:enrollment_id/reject") { try $0.acceptEnrollment($1) },
        Route("GET", "/api/v1/sections/:section_id/enrollments") { try $0.listEnrollments($1) },
        Route("POST", "/api/v1/sections/:section_id/enrollments") { try $0.createEnrollment($1) },
        Route("GET", "/api/v1/users/:user_id/enrollments") { try $0.listEnrollments($1) },
        Route("GET", "/api/v1/users/:user_id") { try $0.getUser($1) },
        Route("PUT", "/api/v1/users/:user_id") { try $0.updateUser($1) },
        Route("GET", "/api/v1/users/:user_id/profile") { try $0.getProfile($1) },
        Route("GET", "/api/v1/users/:user_id/logins") { try $0.listLogins($1) },
        Route("POST", "/api/v1/courses/:course_id/files") { try $0.preflightUpload($1) },
        Route("GET", "/api/v1/courses/:course_id/files") { try $0.listCourseFiles($1) },
        Route("POST", "/api/v1/users/:user_id/files") { try $0.preflightUpload($1) },
        Route("GET", "/api/v1/files/:file_id") { try $0.getFile($1) },
        Route("GET", "/api/v1/files/:file_id/create_success") { try $0.confirmUpload($1) },
        Route("GET", "/api/v1/courses/:course_id/folders/by_path") { try $0.resolveFolderPath($1) },
        Route("GET", "/api/v1/courses/:course_id/folders/by_path/*full_path") { try $0.resolveFolderPath($1) },
        Route("GET", "/api/v1/users/:user_id/folders/by_path") { try $0.resolveFolderPath($1) },
        Route("GET", "/api/v1/users/:user_id/folders/by_path/*full_path") { try $0.resolveFolderPath($1) },
        Route("GET", "/api/v1/folders/:folder_id") { try $0.getFolder($1) },
        Route("GET", "/api/v1/folders/:folder_id/files") { try $0.listFolderFiles($1) },
        Route("POST", "/api/v1/folders/:folder_id/files") { try $0.preflightUpload($1) },
    ]

    static let content: [Route] = {
        var routes: [Route] = []
        func resource(_ collection: String, _ member: String, _ spec: ContentSpec, update: String = "PUT") {
            routes.append(Route("GET", collection) { try $0.listContent(spec, $1) })
            routes.append(Route("POST", collection) { try $0.createContent(spec, $1) })
            routes.append(Route("GET", member) { try $0.getContent(spec, $1) })
            routes.append(Route(update, member) { try $0.updateContent(spec, $1) })
            routes.append(Route("DELETE", member) { try $0.deleteContent(spec, $1) })
        }
        let course = "/api/v1/courses/:course_id"
        resource("\(course)/assignments", "\(course)/assignments/:content_id", .assignment)
        resource("\(course)/assignment_groups", "\(course)/assignment_groups/:content_id", .assignmentGroup)
        resource("\(course)/modules", "\(course)/modules/:content_id", .module)
        resource("\(course)/modules/:module_id/items", "\(course)/modules/:module_id/items/:content_id", .moduleItem)
        resource("\(course)/pages", "\(course)/pages/:content_id", .page)
        resource("\(course)/discussion_topics", "\(course)/discussion_topics/:content_id", .discussionTopic)
        resource("/api/v1/calendar_events", "/api/v1/calendar_events/:content_id", .calendarEvent)
        resource("\(course)/group_categories", "/api/v1/group_categories/:content_id", .groupCategory)
        resource("/api/v1/group_categories/:group_category_id/groups", "/api/v1/groups/:content_id", .group)
        routes.append(Route("GET", "\(course)/groups") { try $0.listContent(.group, $1) })
        return routes
    }()

    static let jobs: [Route] = [
        Route("GET", "/api/v1/progress/:progress_id") { try $0.getProgress($1) },
        Route("POST", "/api/v1/progress/:progress_id/cancel") { try $0.cancelProgress($1) },
        Route("POST", "/api/v1/courses/:course_id/content_migrations") { try $0.createMigration($1) },
        Route("GET", "/api/v1/courses/:course_id/content_migrations") { try $0.listMigrations($1) },
        Route("GET", "/api/v1/courses/:course_id/content_migrations/:migration_id") { try $0.getMigration($1) },
        Route("POST", "/api/v1/accounts/:account_id/sis_imports") { try $0.createSISImport($1) },
        Route("GET", "/api/v1/accounts/:account_id/sis_imports") { try $0.listSISImports($1) },
        Route("GET", "/api/v1/accounts/:account_id/sis_imports/:import_id") { try $0.getSISImport($1) },
        Route("GET", "/api/v1/accounts/:account_id/sis_imports/:import_id/errors") {
            try $0.listSISImportErrors($1)
        },
    ]
}
