import Diagnostics
import Foundation
import JobSpec
import Testing

/// `validate` refuses `via: sis_import` steps whose items cannot be SIS import rows, each at its place.
@Suite struct SISImportCheckTests {
    static let job = """
        easel: 1
        name: sis-mistakes
        inputs:
          rows: { csv: rows.csv }
        steps:
          - id: users
            for_each: ${{ inputs.rows }}
            ensure: user
            via: sis_import
            key: { sis_user_id: "${{ item.id }}" }
            set: { name: "${{ item.name }}", time_zone: America/Chicago }
          - id: by_login
            for_each: ${{ inputs.rows }}
            ensure: user
            via: sis_import
            key: { login_id: "${{ item.login }}" }
          - id: enrollments
            for_each: ${{ inputs.rows }}
            ensure: enrollment
            via: sis_import
            batch_size: 500
            in: "${{ 'section:' }}12"
            key: { user_id: "sis_login_id:${{ item.login }}", type: StudentEnrollment }
          - id: groups
            ensure: group
            via: sis_import
            in: sis_group_category_id:LABS
            key: { sis_group_id: G1 }
          - id: fine
            for_each: ${{ inputs.rows }}
            ensure: enrollment
            via: sis_import
            in: sis_section_id:${{ item.section }}
            key: { user_id: "sis_user_id:${{ item.id }}", type: StudentEnrollment }
            set: { enrollment_state: active }
        """

    @Test func rowsThatCannotBeWrittenAreRefusedAtTheirPlace() throws {
        let found = try EnsureFieldCheckTests.check(Self.job)
        let lines = found.map { "\($0.range?.start.line ?? 0):\($0.range?.start.column ?? 0) \($0.message)" }
        func diagnostic(containing text: String) -> Diagnostic? { found.first { $0.message.contains(text) } }

        let field = try #require(diagnostic(containing: "'time_zone'"), "\(lines)")
        #expect(field.range?.start == SourceLocation(line: 11, column: 38), "\(lines)")
        #expect(field.message.contains("users.csv") && field.message.contains("full_name"), "\(field.message)")

        let key = try #require(diagnostic(containing: "not 'login_id'"), "\(lines)")
        #expect(key.range?.start.line == 16)

        let reference = try #require(diagnostic(containing: "write it as sis_user_id:"), "\(lines)")
        #expect(reference.range?.start.line == 23)

        let group = try #require(diagnostic(containing: "cannot write a group"), "\(lines)")
        #expect(group.range?.start.line == 26)

        #expect(!lines.contains { $0.contains("'fine'") }, "\(lines)")
        #expect(found.count == 4, "\(lines)")
    }

    @Test func batchSizeBelongsToSISImports() throws {
        let text = Self.job.replacingOccurrences(
            of: "via: sis_import\n    batch_size", with: "via: api\n    batch_size")
        let source = SourceFile(path: "job.yaml", text: text)
        #expect(throws: (any Error).self) {
            _ = try JobFileDecoder().decode(source, baseDirectory: FileManager.default.temporaryDirectory.path)
        }
    }
}
