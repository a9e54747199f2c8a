/// Small jobs the command-line tests run, with their CSV files.
enum CLIJobs {
    /// A job that ensures `rows` courses in the root account, named after their CSV row.
    static func courses(rows: Int, prefix: String, limits: String? = nil) -> [String: String] {
        let csv = (1...rows).map { "\(prefix)-\($0),Course \($0) of \(prefix)" }.joined(separator: "\n")
        return [
            "courses.csv": "sis_course_id,name\n\(csv)\n",
            "job.yaml": """
            easel: 1
            name: cli-courses
            inputs: { courses: { csv: courses.csv } }
            \(limits.map { "limits: \($0)\n" } ?? "")steps:
              - id: courses
                for_each: ${{ inputs.courses }}
                ensure: course
                in: self
                key: { sis_course_id: "${{ item.sis_course_id }}" }
                set: { name: "${{ item.name }}" }

            """,
        ]
    }

    /// Courses, a section in each, and a raw write that fails (its course does not exist): a run with results
    /// of every kind.
    static func coursesSectionsAndAFailure(prefix: String) -> [String: String] {
        [
            "courses.csv": "sis_course_id,name\n\(prefix)-1,First\n\(prefix)-2,Second\n\(prefix)-3,Third\n",
            "job.yaml": """
            easel: 1
            name: cli-run
            inputs: { courses: { csv: courses.csv } }
            defaults: { on_error: continue }
            steps:
              - id: courses
                for_each: ${{ inputs.courses }}
                ensure: course
                in: self
                key: { sis_course_id: "${{ item.sis_course_id }}" }
                set: { name: "${{ item.name }}" }
              - id: sections
                for_each: ${{ steps.courses.items }}
                ensure: section
                in: ${{ item.output.id }}
                key: { name: "Section of ${{ item.input.sis_course_id }}" }
              - id: rename_missing
                request: PUT /api/v1/courses/sis_course_id:\(prefix)-MISSING
                body: { course: { name: Nobody } }

            """,
        ]
    }
}
