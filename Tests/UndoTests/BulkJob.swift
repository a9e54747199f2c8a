import EaselTestSupport
import JSONValues

/// A job of six fan-outs over CSV files built from the demo institution: renames of its courses, new courses,
/// new people enrolled, students concluded or deactivated, courses deleted.
enum BulkJob {
    static let text = """
        easel: 1
        name: bulk-changes
        inputs:
          renames: { csv: renames.csv }
          courses: { csv: courses.csv }
          people: { csv: people.csv }
          enrollments: { csv: enrollments.csv }
          leavers: { csv: leavers.csv }
          dropped: { csv: dropped.csv }
        defaults:
          parallelism: 8
        steps:
          - id: renames
            for_each: ${{ inputs.renames }}
            ensure: course
            key: { sis_course_id: "${{ item.sis }}" }
            set: { name: "${{ item.name }}", course_code: "${{ item.code }}" }
          - id: courses
            for_each: ${{ inputs.courses }}
            ensure: course
            key: { sis_course_id: "${{ item.sis }}" }
            set: { name: "${{ item.name }}" }
          - id: people
            for_each: ${{ inputs.people }}
            ensure: user
            in: self
            key: { sis_user_id: "${{ item.sis }}" }
            set: { name: "${{ item.name }}" }
            create: { login_id: "${{ item.login }}" }
          - id: enroll
            needs: [people]
            for_each: ${{ inputs.enrollments }}
            ensure: enrollment
            in: sis_course_id:${{ item.course }}
            key: { user_id: "sis_user_id:${{ item.user }}", type: StudentEnrollment }
            set: { enrollment_state: active }
          - id: leavers
            for_each: ${{ inputs.leavers }}
            ensure: enrollment
            in: sis_course_id:${{ item.course }}
            key: { user_id: "${{ item.user_id }}", type: StudentEnrollment }
            set: { task: "${{ item.task }}" }
            state: absent
          - id: dropped
            for_each: ${{ inputs.dropped }}
            ensure: course
            key: { sis_course_id: "${{ item.sis }}" }
            state: absent
        """

    /// The data files, and how many rows of each kind they hold.
    struct Files {
        var contents: [String: String] = [:]
        var renames = 0
        var created = 0
        var concluded = 0
        var deactivated = 0
        var dropped = 0
        var rows = 0
    }

    /// Data files for the demo institution as the sandbox has it.
    static func files(from harness: ApplyHarness) async throws -> Files {
        var files = Files()
        let courses = (try await harness.get("/api/v1/accounts/1/courses").arrayValue ?? []).filter {
            $0["sis_course_id"]?.stringValue != "TEMPLATE"
        }
        let available = courses.filter { $0["workflow_state"]?.stringValue == "available" }
        let claimed = courses.filter { $0["workflow_state"]?.stringValue == "claimed" }
        let droppedCourses = Array(available.suffix(2)) + Array(claimed.suffix(2))
        let droppedIDs = Set(droppedCourses.compactMap { $0["sis_course_id"]?.stringValue })
        let kept = courses.filter { !droppedIDs.contains($0["sis_course_id"]?.stringValue ?? "") }
        let keptAvailable = available.filter { !droppedIDs.contains($0["sis_course_id"]?.stringValue ?? "") }

        var renames = "sis,name,code\n"
        for course in kept {
            let sis = course["sis_course_id"]?.stringValue ?? ""
            renames += "\(sis),Renamed \(sis),R-\(sis)\n"
            files.renames += 1
        }
        var newCourses = "sis,name\n"
        for number in 1...100 {
            newCourses += "BULK-\(number),Bulk course \(number)\n"
            files.created += 1
        }
        var people = "sis,name,login\n"
        var enrollments = "course,user\n"
        for number in 1...150 {
            people += "P-\(number),Person \(number),person\(number)\n"
            let course = keptAvailable[number % keptAvailable.count]["sis_course_id"]?.stringValue ?? ""
            enrollments += "\(course),P-\(number)\n"
            files.created += 2
        }
        var leavers = "course,user_id,task\n"
        for course in keptAvailable.prefix(10) {
            let students = try await harness.get(
                "/api/v1/courses/\(course["id"]?.interpolated ?? "")/enrollments",
                query: ["type": ["StudentEnrollment"], "state": ["active"]])
            for (index, student) in (students.arrayValue ?? []).prefix(3).enumerated() {
                let task = index == 2 ? "deactivate" : "conclude"
                leavers +=
                    "\(course["sis_course_id"]?.stringValue ?? ""),\(student["user_id"]?.interpolated ?? ""),\(task)\n"
                if index == 2 { files.deactivated += 1 } else { files.concluded += 1 }
            }
        }
        var dropped = "sis\n"
        for course in droppedCourses {
            dropped += "\(course["sis_course_id"]?.stringValue ?? "")\n"
            files.dropped += 1
        }
        files.contents = [
            "renames.csv": renames, "courses.csv": newCourses, "people.csv": people, "enrollments.csv": enrollments,
            "leavers.csv": leavers, "dropped.csv": dropped,
        ]
        files.rows = files.renames + 100 + 150 * 2 + files.concluded + files.deactivated + files.dropped
        return files
    }
}
