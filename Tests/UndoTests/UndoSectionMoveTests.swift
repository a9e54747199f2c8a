import EaselTestSupport
import Execution
import Foundation
import JSONValues
import Testing
import Undo

/// A student moved to another section is a replacement in Canvas (a new enrollment, the old one deleted): undo
/// says it cannot bring the old one back, rather than finding the deleted one "as before".
@Suite struct UndoSectionMoveTests {
    static func job(section: String) -> String {
        """
        easel: 1
        name: placement
        inputs: { sections: { csv: sections.csv } }
        steps:
          - id: sections
            for_each: ${{ inputs.sections }}
            ensure: section
            in: sis_course_id:MATH-101-2026FA
            key: { sis_section_id: "${{ item.sis }}" }
            set: { name: "Section ${{ item.sis }}" }
          - id: student
            ensure: user
            key: { sis_user_id: MOVE-S1 }
            set: { name: Moved Student }
            create: { login_id: move-s1 }
          - id: enroll
            needs: [sections, student]
            ensure: enrollment
            in: sis_course_id:MATH-101-2026FA
            key: { user_id: "sis_user_id:MOVE-S1", type: StudentEnrollment }
            set: { enrollment_state: active, course_section_id: "sis_section_id:\(section)" }
        """
    }

    static let files = ["sections.csv": "sis\nMOVE-A\nMOVE-B\n"]

    @Test func aSectionMoveIsListedAsNotUndoable() async throws {
        try await ApplyHarness.run { harness in
            let placed = try harness.job(Self.job(section: "MOVE-A"), files: Self.files)
            let (_, first) = try await harness.apply(placed, jobPath: "placement.yaml")
            #expect(first.status == .succeeded)
            let moved = try harness.job(Self.job(section: "MOVE-B"), files: Self.files)
            let (run, second) = try await harness.apply(moved, jobPath: "placement.yaml")
            #expect(second.status == .succeeded)

            let work = try await harness.undoWork(run, of: moved)
            let enrollKey = "enroll"
            #expect(!work.alreadyUndone.contains { $0.itemKey == enrollKey }, "\(work.alreadyUndone)")
            let listed = try #require(work.notUndoable.first { $0.itemKey == enrollKey }, "\(work)")
            #expect(listed.reason.contains("moved the enrollment"), "\(listed.reason)")
            #expect(work.requests.allSatisfy { $0.itemKey != enrollKey })
        }
    }
}
