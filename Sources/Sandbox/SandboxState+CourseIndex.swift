extension SandboxState {
    /// Course ids by SIS id, so that finding a course by `sis_course_id:` costs the same with 50 courses or
    /// 100,000, as it does in Canvas. Rebuilt on load; kept in step by `putCourse(_:)`.
    struct SISIndex: Codable, Sendable {
        var ids: [String: Int] = [:]

        init() {}

        // Not saved: rebuilt from the courses when a state is loaded.
        init(from decoder: any Decoder) throws {}
        func encode(to encoder: any Encoder) throws {}
    }

    /// Builds the SIS index from the courses.
    mutating func indexCourses() {
        var index = SISIndex()
        for course in courses.values {
            if let sis = course.sisCourseID { index.ids[sis] = course.id }
        }
        courseSISIndex = index
    }

    /// Stores a new or changed course, keeping the SIS index in step.
    mutating func putCourse(_ course: CourseRecord) {
        if courseSISIndex == nil { indexCourses() }
        if let old = courses[course.id]?.sisCourseID, old != course.sisCourseID { courseSISIndex?.ids[old] = nil }
        courses[course.id] = course
        if let sis = course.sisCourseID { courseSISIndex?.ids[sis] = course.id }
    }

    /// The course with this SIS id.
    func course(sis: String) -> CourseRecord? {
        guard let index = courseSISIndex else { return courses.values.first { $0.sisCourseID == sis } }
        return index.ids[sis].flatMap { courses[$0] }
    }
}
