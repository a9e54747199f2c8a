import EaselTestSupport
import Foundation
import Resources
import Testing

/// `docs/resources.md` is written from the kinds' tables; this keeps the two equal, as the JSON schema is kept
/// equal to the decoder.
@Suite struct ResourceReferenceTests {
    static let file = Golden.folder(of: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/resources.md")

    @Test func theReferenceIsTheKindsTables() {
        if let mismatch = Golden.mismatch(ResourceReference.markdown, goldenFile: Self.file) {
            Issue.record("\(mismatch)")
        }
    }

    @Test func everyKindAndFieldIsDocumented() {
        // Lines, compared whole or by prefix: Foundation's substring search is not needed for Markdown.
        let lines = ResourceReference.markdown.split(separator: "\n").map(String.init)
        for kind in ResourceKinds.all {
            #expect(lines.contains("`ensure: \(kind.name)`"))
            for field in kind.fields {
                #expect(lines.contains { $0.hasPrefix("| `\(field.name)`") }, "\(kind.name).\(field.name)")
            }
        }
        #expect(lines.contains("- create (in a section): `POST /api/v1/sections/:section_id/enrollments`"))
        #expect(
            lines.contains { $0.hasPrefix("**Parents** (`in:`): `42` (a course id), `sis_course_id:…`, `section:42`") })
    }
}
