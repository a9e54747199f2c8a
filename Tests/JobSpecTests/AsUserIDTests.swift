import Diagnostics
import Expressions
import JobSpec
import OrderedCollections
import Testing

/// `as_user_id` does what it says or is refused: ensure steps read and write as the token's user, so the key is
/// an error there, pointing at it.
@Suite struct AsUserIDTests {
    private func diagnostics(of text: String) -> [Diagnostic] {
        do {
            _ = try StepGraph(try JobFileDecoder().decode(SourceFile(path: "job.yaml", text: text)))
            return []
        } catch {
            return error.diagnostics
        }
    }

    @Test func onAnEnsureStepItIsAPositionedError() {
        let found = diagnostics(
            of: """
                easel: 1
                name: masquerade
                steps:
                  - id: course
                    ensure: course
                    in: sis_account_id:ENG
                    key: { sis_course_id: A }
                    as_user_id: sis_user_id:teacher-1
                """)
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.message.contains("'as_user_id' is not supported on an 'ensure' step") == true)
        #expect(found.first?.range?.start.line == 8)
        #expect(found.first?.range?.start.column == 17)
    }

    @Test func inTheDefaultsOfAJobWithEnsureStepsItIsAPositionedError() {
        let found = diagnostics(
            of: """
                easel: 1
                name: masquerade
                defaults: { as_user_id: "sis_user_id:teacher-1" }
                steps:
                  - id: course
                    ensure: course
                    in: sis_account_id:ENG
                    key: { sis_course_id: A }
                """)
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.message.contains("'defaults.as_user_id' would not apply to 'ensure' steps") == true)
        #expect(found.first?.range?.start.line == 3)
        #expect(found.first?.notes.first?.range?.start.line == 5)
    }

    @Test func onGetAndRequestStepsItIsKept() throws {
        let spec = try JobFileDecoder().decode(
            SourceFile(
                path: "job.yaml",
                text: """
                    easel: 1
                    name: masquerade
                    defaults: { as_user_id: "sis_user_id:admin-2" }
                    steps:
                      - id: me
                        get: /api/v1/users/self
                        as_user_id: sis_user_id:teacher-1
                      - id: touch
                        request: PUT /api/v1/users/self/settings
                    """))
        #expect(spec.steps["me"]?.asUserID?.description.contains("teacher-1") == true)
        #expect(spec.defaults.asUserID != nil)
    }
}
