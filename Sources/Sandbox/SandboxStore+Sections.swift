import JSONValues

/// Course sections (CANVAS-API.md 6.4).
extension SandboxStore {
    func listSections(_ call: APICall) throws -> APIResponse {
        let course = try findCourse(call.path("course_id"))
        try requireCourseAccess(course, call)
        _ = defaultSection(for: course)
        let sections = state.sections.values.filter { $0.courseID == course.id && $0.workflowState != "deleted" }
            .sorted { $0.id < $1.id }
        let includes = call.parameters.strings("include")
        return try paginate(sections, call) { json($0, includes: includes) }
    }

    func getSection(_ call: APICall) throws -> APIResponse {
        var courseID: Int?
        if call.pathParameters["course_id"] != nil { courseID = try findCourse(call.path("course_id")).id }
        let section = try findSection(call.path("section_id"), in: courseID)
        if let course = state.courses[section.courseID] { try requireCourseAccess(course, call) }
        return .json(json(section, includes: call.parameters.strings("include")))
    }

    func createSection(_ call: APICall) throws -> APIResponse {
        try requireAdmin(call)
        let course = try findCourse(call.path("course_id"))
        var section = SectionRecord(id: state.nextID("section"), courseID: course.id, name: "", createdAt: timestamp)
        try applySectionParameters(call.parameters, to: &section, zone: requestTimeZone(call))
        if section.name.isEmpty { section.name = course.name }
        state.sections[section.id] = section
        return .json(json(section))
    }

    func updateSection(_ call: APICall) throws -> APIResponse {
        try requireAdmin(call)
        var section = try findSection(call.path("section_id"))
        let before = section
        try applySectionParameters(call.parameters, to: &section, zone: requestTimeZone(call))
        markStuck(section: section, before: before)
        state.sections[section.id] = section
        return .json(json(section))
    }

    func deleteSection(_ call: APICall) throws -> APIResponse {
        try requireAdmin(call)
        var section = try findSection(call.path("section_id"))
        if state.enrollments.values.contains(where: { $0.sectionID == section.id && $0.workflowState != "deleted" }) {
            throw CanvasAPIError.message(status: 400, "You can't delete a section that has enrollments")
        }
        section.workflowState = "deleted"
        state.sections[section.id] = section
        return .json(json(section))
    }

    private func applySectionParameters(
        _ parameters: RequestParameters, to section: inout SectionRecord, zone: String
    ) throws {
        if let name = parameters.string("course_section", "name") {
            if name.count > 255 {
                throw CanvasAPIError.invalid(attributeErrors: [
                    ("name", "too_long", "Name is too long (maximum is 255 characters)")
                ])
            }
            if !name.isEmpty { section.name = name }
        }
        if parameters.has("course_section", "sis_section_id") {
            let sis = parameters.string("course_section", "sis_section_id") ?? ""
            if !sis.isEmpty, state.sections.values.contains(where: { $0.sisSectionID == sis && $0.id != section.id }) {
                throw CanvasAPIError.invalid(attributeErrors: [
                    ("sis_source_id", "taken", "SIS ID \"\(sis)\" is already in use")
                ])
            }
            section.sisSectionID = sis.isEmpty ? nil : sis
        }
        if parameters.has("course_section", "integration_id") {
            let value = parameters.string("course_section", "integration_id") ?? ""
            section.integrationID = value.isEmpty ? nil : value
        }
        if parameters.has("course_section", "start_at") {
            section.startAt = Self.normalizedTime(
                parameters.string("course_section", "start_at"), zone: zone)
        }
        if parameters.has("course_section", "end_at") {
            section.endAt = Self.normalizedTime(
                parameters.string("course_section", "end_at"), zone: zone)
        }
        if let restrict = parameters.bool("course_section", "restrict_enrollments_to_section_dates") {
            section.restrictEnrollmentsToSectionDates = restrict
        }
    }
}
