import Foundation
import Testing

extension CommandLineTests {
    /// `easel validate` refuses an `ensure` that may create an object it could never find again by its key, at the
    /// key's place in the file.
    @Suite struct KeyWritabilityCommandTests {
        static let job = """
            easel: 1
            name: keyed-by-lookup-only-fields
            steps:
              - id: course
                ensure: course
                in: self
                key: { id: 12 }
                set: { name: Statics }
              - id: syllabus
                ensure: page
                in: sis_course_id:ENG-101
                key:
                  url: syllabus
                set: { body: Hello }
              - id: retired
                ensure: course
                in: self
                key: { id: 13 }
                state: absent

            """

        @Test func aLookupOnlyKeyOnACreatingEnsureIsAPositionedError() async throws {
            let folder = try TemporaryFolder(["keyed.yaml": Self.job])
            defer { folder.remove() }
            let result = try await EaselProcess.run(["validate", "keyed.yaml"], in: folder.url)
            #expect(result.status == 65, "\(result)")
            #expect(result.stdout.isEmpty, "\(result)")
            #expect(
                result.stderr.contains(
                    "keyed.yaml:7:12: error: step 'course': a new course cannot be given [id], so one created by this "
                        + "step would never be found by its key again"), "\(result)")
            #expect(result.stderr.contains("key it by one of: sis_course_id (or use state: absent"), "\(result)")
            #expect(
                result.stderr.contains("keyed.yaml:13:7: error: step 'syllabus': a new page cannot be given [url]"),
                "\(result)")
            #expect(result.stderr.contains("key it by one of: title (or use state: absent"), "\(result)")
            // A delete never creates: any key that finds the object will do.
            #expect(!result.stderr.contains("step 'retired'"), "\(result)")
            #expect(result.stderr.components(separatedBy: ": error: ").count == 3, "\(result)")
        }
    }
}
