import Diagnostics
import Foundation
import JobSpec
import Planning
import Testing

/// `validate` checks every `ensure` field against its kind's table, each problem at its place in the file.
@Suite struct EnsureFieldCheckTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Decodes `text` as a job file and returns the field check's diagnostics.
    static func check(_ text: String) throws -> [Diagnostic] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("easel-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "id,name,login,section\nu1,A,a,S1\n".write(
            to: folder.appendingPathComponent("rows.csv"), atomically: true, encoding: .utf8)
        let source = SourceFile(path: "job.yaml", text: text)
        let spec = try JobFileDecoder().decode(source, baseDirectory: folder.path)
        return EnsureFieldCheck.diagnostics(for: spec)
    }

    static let mistakes = """
        easel: 1
        name: mistakes
        inputs:
          rows: { csv: rows.csv }
        steps:
          - id: users
            for_each: ${{ inputs.rows }}
            ensure: user
            key: { sis_user_id: "${{ item.id }}" }
            set:
              nmae: "${{ item.name }}"
            create:
              login_id: "${{ item.login }}"
          - id: enroll
            ensure: enrollment
            in: sis_term_id:2026FA
            key: { user_id: "sis_user_id:u0001", type: StudentEnrolment }
            set: { enrollment_state: actve }
          - id: drop
            for_each: ${{ inputs.rows }}
            ensure: enrollment
            in: sis_section_id:${{ item.section }}
            key: { user_id: "sis_user_id:${{ item.id }}" }
            set: { task: conclud }
            state: absent
          - id: shells
            ensure: course
            key: { name: Statics }
        """

    @Test func everyFieldMistakeIsReportedAtItsPlaceWithASuggestion() throws {
        let found = try Self.check(Self.mistakes)
        let lines = found.map { "\($0.range?.start.line ?? 0):\($0.range?.start.column ?? 0) \($0.message)" }
        #expect(found.count == 6, "\(lines)")
        func diagnostic(containing text: String) -> Diagnostic? { found.first { $0.message.contains(text) } }

        let name = try #require(diagnostic(containing: "'nmae'"), "\(lines)")
        #expect(name.range?.start == SourceLocation(line: 11, column: 7))
        #expect(name.notes.map(\.message).contains("did you mean 'name'?"))
        #expect(name.file == "job.yaml")

        let parent = try #require(diagnostic(containing: "'in:'"), "\(lines)")
        #expect(parent.range?.start.line == 16)
        #expect(parent.message.contains("sis_section_id:…"), "\(parent.message)")

        let type = try #require(diagnostic(containing: "StudentEnrolment"), "\(lines)")
        #expect(type.range?.start.line == 17)
        #expect(type.notes.map(\.message).contains("did you mean 'StudentEnrollment'?"))

        let state = try #require(diagnostic(containing: "actve"), "\(lines)")
        #expect(state.range?.start == SourceLocation(line: 18, column: 30))
        #expect(state.notes.map(\.message).contains("did you mean 'active'?"))

        let task = try #require(diagnostic(containing: "conclud"), "\(lines)")
        #expect(task.notes.map(\.message).contains("did you mean 'conclude'?"))

        let key = try #require(diagnostic(containing: "cannot be found by key [name]"), "\(lines)")
        #expect(key.range?.start.line == 28)
    }

    @Test func theExampleJobsHaveNoFieldMistakes() throws {
        let folder = Self.repositoryRoot.appendingPathComponent("jobs")
        let jobs = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }
        #expect(!jobs.isEmpty)
        for job in jobs {
            let graph = try StepGraph.load(path: folder.appendingPathComponent(job).path)
            #expect(EnsureFieldCheck.diagnostics(for: graph.spec).isEmpty, "\(job)")
        }
    }

    @Test func createFieldsAreCheckedAndNamingAFieldTwiceIsAnError() throws {
        let found = try Self.check(
            """
            easel: 1
            name: twice
            steps:
              - id: users
                ensure: user
                key: { sis_user_id: u1 }
                set: { login_id: a }
                create: { login_id: a, pasword: x }
            """)
        #expect(found.count == 2, "\(found.map(\.message))")
        #expect(found.contains { $0.message.contains("'login_id' is named twice") })
        #expect(found.contains { $0.message.contains("'pasword'") })
    }
}
