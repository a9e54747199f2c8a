import Canvas
import Diagnostics
import Foundation
import JSONValues
import JobSpec
import Logging
import OrderedCollections
import PlanModel
import Planning
import Testing

/// Planning against canned Canvas objects in memory: fast, and exact about what the planner read.
@Suite struct PlannerWithFakeCanvasTests {
    static let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    /// A job ensuring one course per row of `rows` (SIS id, name) in account 1.
    static func coursesJob(_ rows: [(String, String)]) throws -> StepGraph {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("easel-fake-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let csv = "sis_course_id,title\n" + rows.map { "\($0.0),\($0.1)\n" }.joined()
        try csv.write(to: folder.appendingPathComponent("courses.csv"), atomically: true, encoding: .utf8)
        let job = """
            easel: 1
            name: courses
            inputs: { courses: { csv: courses.csv } }
            steps:
              - id: courses
                for_each: ${{ inputs.courses }}
                ensure: course
                in: "1"
                key: { sis_course_id: "${{ item.sis_course_id }}" }
                set: { name: "${{ item.title }}" }
            """
        let path = folder.appendingPathComponent("job.yaml").path
        try job.write(toFile: path, atomically: true, encoding: .utf8)
        return try StepGraph.load(path: path)
    }

    /// The plan of `graph` on `canvas`; the job's folder is removed afterwards.
    static func plan(_ graph: StepGraph, on canvas: FakeCanvas) async throws -> Plan {
        defer {
            try? FileManager.default.removeItem(
                at: URL(fileURLWithPath: graph.spec.source.path).deletingLastPathComponent())
        }
        return try await Planner(
            graph: graph, jobPath: "job.yaml", client: canvas,
            environment: PlanEnvironment(name: "fake", host: "canvas.test", isProduction: false),
            easelVersion: "test", logger: logger
        ).plan(now: Date(timeIntervalSince1970: 1_790_000_000))
    }

    static func course(_ id: Int, _ sisID: String, _ name: String) -> JSONValue {
        [
            "id": .int(id), "sis_course_id": .string(sisID), "name": .string(name), "account_id": 1,
            "workflow_state": "available",
        ]
    }

    static let account: [String: JSONValue] = ["/api/v1/accounts/1": ["id": 1, "name": "Root"]]

    /// The plan's actions by item key.
    static func actions(_ plan: Plan) -> [String: PlannedAction] {
        Dictionary(uniqueKeysWithValues: (plan.steps.first?.items ?? []).map { ($0.key, $0.action) })
    }

    @Test func anEnsureItemIsPlannedUnchangedUpdateOrCreateFromWhatCanvasHolds() async throws {
        var objects = Self.account
        objects["/api/v1/courses/sis_course_id:A"] = Self.course(11, "A", "Algebra")
        objects["/api/v1/courses/sis_course_id:B"] = Self.course(12, "B", "Botany")
        let canvas = FakeCanvas(objects: objects)
        let graph = try Self.coursesJob([("A", "Algebra"), ("B", "Biology"), ("C", "Chemistry")])

        let plan = try await Self.plan(graph, on: canvas)

        let actions = Self.actions(plan)
        #expect(actions["sis_course_id=A"] == .unchanged(kind: "course", id: 11))
        #expect(
            actions["sis_course_id=B"]
                == .update(
                    kind: "course", id: 12,
                    changes: [PlannedChange(field: "name", before: "Botany", after: "Biology")]))
        #expect(
            actions["sis_course_id=C"] == .create(kind: "course", fields: ["sis_course_id": "C", "name": "Chemistry"]))
        #expect(plan.summary.creates == 1 && plan.summary.updates == 1 && plan.summary.unchanged == 1)
        #expect(canvas.requests.allSatisfy { $0.hasPrefix("GET ") })
    }

    @Test func aFewItemsAreLookedUpOneByOne() async throws {
        var objects = Self.account
        objects["/api/v1/courses/sis_course_id:A"] = Self.course(11, "A", "Algebra")
        let canvas = FakeCanvas(
            objects: objects, lists: ["/api/v1/accounts/self/courses": [[Self.course(11, "A", "Algebra")]]])

        let plan = try await Self.plan(try Self.coursesJob([("A", "Algebra"), ("B", "Biology")]), on: canvas)

        #expect(
            Set(canvas.requests)
                == [
                    "GET /api/v1/courses/sis_course_id:A", "GET /api/v1/courses/sis_course_id:B",
                    "GET /api/v1/accounts/1",
                ])
        #expect(plan.summary.unchanged == 1 && plan.summary.creates == 1)
    }

    @Test func manyItemsAreAnsweredByOneReadOfTheRootAccountsCourses() async throws {
        let rows = (1...25).map { ("S\($0)", "Course \($0)") }
        // Canvas holds the first 24, the last of them under another name; the 25th is new.
        var listed = (1...23).map { Self.course(100 + $0, "S\($0)", "Course \($0)") }
        listed.append(Self.course(124, "S24", "Old name"))
        let canvas = FakeCanvas(objects: Self.account, lists: ["/api/v1/accounts/self/courses": [listed]])

        let plan = try await Self.plan(try Self.coursesJob(rows), on: canvas)

        #expect(canvas.requests.filter { $0 == "GET /api/v1/accounts/self/courses" }.count == 1)
        #expect(!canvas.requests.contains { $0.hasPrefix("GET /api/v1/courses/") }, "\(canvas.requests)")
        let actions = Self.actions(plan)
        #expect(actions["sis_course_id=S1"] == .unchanged(kind: "course", id: 101))
        #expect(
            actions["sis_course_id=S24"]
                == .update(
                    kind: "course", id: 124,
                    changes: [PlannedChange(field: "name", before: "Old name", after: "Course 24")]))
        #expect(
            actions["sis_course_id=S25"]
                == .create(kind: "course", fields: ["sis_course_id": "S25", "name": "Course 25"]))
        #expect(plan.summary.unchanged == 23 && plan.summary.updates == 1 && plan.summary.creates == 1)
    }
}
