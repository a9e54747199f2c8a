import Diagnostics
import JobSpec
import OrderedCollections
import Testing

@Suite struct StepGraphTests {
    private func graph(_ yaml: String) throws(DiagnosticsError) -> StepGraph {
        try StepGraph(try JobFileDecoder().decode(SourceFile(path: "job.yaml", text: yaml)))
    }

    @Test func orderFollowsDependenciesThenDocumentOrder() throws {
        let graph = try graph(
            """
            easel: 1
            name: order
            steps:
              - id: report
                needs: [publish]
                get: /api/v1/accounts/1/courses
              - id: term
                get: /api/v1/accounts/1/terms/1
              - id: publish
                request: PUT /api/v1/courses/${{ steps.term.output.id }}
              - id: audit
                get: /api/v1/users/self
            """)
        #expect(graph.order == ["term", "publish", "report", "audit"])
        #expect(graph.dependents(of: "term") == ["publish"])
    }

    @Test func iteratingAnotherStepsItemsIsAPerItemEdge() throws {
        let graph = try graph(
            """
            easel: 1
            name: fan-out
            steps:
              - id: shells
                for_each: [a, b]
                get: /api/v1/courses/sis_course_id:${{ item }}
              - id: publish
                for_each: ${{ steps.shells.items }}
                request: PUT /api/v1/courses/${{ item.output.id }}
              - id: count
                for_each: ${{ steps.shells.items }}
                get: /api/v1/courses/${{ length(steps.shells.output) }}
            """)
        #expect(graph.dependencies["publish"]?["shells"] == .perItem)
        // Reading the whole step besides the item makes the edge whole-step.
        #expect(graph.dependencies["count"]?["shells"] == .wholeStep)
    }

    @Test func aCycleIsReportedWithItsWholePath() throws {
        let yaml = """
            easel: 1
            name: cycle
            steps:
              - id: first
                get: /api/v1/courses/${{ steps.third.output.id }}
              - id: second
                get: /api/v1/courses/${{ steps.first.output.id }}
              - id: third
                needs: second
                get: /api/v1/users/self
              - id: alone
                needs: alone
                get: /api/v1/users/self
            """
        do {
            _ = try graph(yaml)
            Issue.record("a cycle was accepted")
        } catch {
            #expect(
                error.diagnostics.map(\.message) == [
                    "steps depend on each other in a cycle: first → second → third → first"
                ])
        }
    }

    @Test func drawingsNameEveryStepAndEdge() throws {
        let graph = try graph(
            """
            easel: 1
            name: draw
            steps:
              - id: term
                get: /api/v1/accounts/1/terms/1
              - id: shells
                for_each: [a]
                ensure: course
                in: self
                key: { sis_course_id: a }
                set:
                  term_id: ${{ steps.term.output.id }}
              - id: publish
                for_each: ${{ steps.shells.items }}
                request: PUT /api/v1/courses/${{ item.output.id }}
            """)
        #expect(
            graph.drawing(.mermaid) == """
                flowchart TD
                    term["term: get /api/v1/accounts/1/terms/1"]
                    shells["shells (for each): ensure course"]
                    publish["publish (for each): PUT /api/v1/courses/${{ item.output.id }}"]
                    term --> shells
                    shells -.->|per item| publish

                """)
        #expect(graph.drawing(.dot).contains("\"shells\" -> \"publish\" [style=dashed, label=\"per item\"];"))
    }
}
