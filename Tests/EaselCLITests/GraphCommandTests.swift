import Foundation
import Testing

extension CommandLineTests {
    /// `easel graph` on an example job: every step is drawn, with every edge and nothing else.
    @Suite struct GraphCommandTests {
        static let job = "jobs/fall-term-course-shells.yaml"
        static let steps = ["term", "shells", "publish", "copy", "report"]

        /// The job's dependencies: (from, to, per item).
        static let edges: Set<Edge> = [
            Edge(from: "term", to: "shells", perItem: false),
            Edge(from: "shells", to: "publish", perItem: true),
            Edge(from: "shells", to: "copy", perItem: true),
            Edge(from: "publish", to: "report", perItem: false),
            Edge(from: "copy", to: "report", perItem: false),
        ]

        struct Edge: Hashable, Sendable {
            var from: String
            var to: String
            var perItem: Bool
        }

        private func graph(_ format: String) async throws -> [String] {
            let result = try await EaselProcess.run(
                ["graph", Self.job, "--format", format], in: EaselProcess.repositoryRoot)
            #expect(result.status == 0, "\(result)")
            #expect(result.stderr.isEmpty)
            return result.stdout.split(separator: "\n").map(String.init)
        }

        @Test func mermaidNamesEveryStepAndEdge() async throws {
            let lines = try await graph("mermaid")
            #expect(lines.first == "flowchart TD")
            let nodes = lines.compactMap { line -> String? in
                guard let match = line.firstMatch(of: /^[ ]{4}(\w+)\["(\w+)[: ]/), match.1 == match.2 else {
                    return nil
                }
                return String(match.1)
            }
            #expect(nodes == Self.steps)
            let edges = lines.compactMap { line -> Edge? in
                if let match = line.wholeMatch(of: /[ ]{4}(\w+) --> (\w+)/) {
                    return Edge(from: String(match.1), to: String(match.2), perItem: false)
                }
                if let match = line.wholeMatch(of: /[ ]{4}(\w+) -\.->\|per item\| (\w+)/) {
                    return Edge(from: String(match.1), to: String(match.2), perItem: true)
                }
                return nil
            }
            #expect(edges.count == Self.edges.count)
            #expect(Set(edges) == Self.edges)
            #expect(lines.count == 1 + Self.steps.count + Self.edges.count, "\(lines)")
        }

        @Test func dotNamesEveryStepAndEdge() async throws {
            let lines = try await graph("dot")
            #expect(lines.first == "digraph \"fall-2026-course-shells\" {")
            #expect(lines.last == "}")
            let nodes = lines.compactMap { line -> String? in
                guard let match = line.firstMatch(of: /^[ ]{4}"(\w+)" \[label="(\w+)[: ]/), match.1 == match.2 else {
                    return nil
                }
                return String(match.1)
            }
            #expect(nodes == Self.steps)
            let edges = lines.compactMap { line -> Edge? in
                guard let match = line.wholeMatch(of: /[ ]{4}"(\w+)" -> "(\w+)"( \[style=dashed, label="per item"\])?;/)
                else { return nil }
                return Edge(from: String(match.1), to: String(match.2), perItem: match.3 != nil)
            }
            #expect(edges.count == Self.edges.count)
            #expect(Set(edges) == Self.edges)
        }

        @Test func anInvalidJobIsNotDrawn() async throws {
            let folder = try TemporaryFolder([
                "job.yaml": "easel: 1\nname: x\nsteps:\n  - id: a\n    needs: [b]\n    get: /api/v1/users/self\n"
            ])
            defer { folder.remove() }
            let result = try await EaselProcess.run(["graph", "job.yaml", "--format", "dot"], in: folder.url)
            #expect(result.status == 65)
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.hasPrefix("job.yaml:5:13: error: step 'a' needs unknown step 'b'\n"), "\(result)")
        }
    }
}
