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

    @Test func aLongGraphIsOrderedByDependenciesThenDocumentOrder() throws {
        // Even steps form a chain backwards through the file; odd steps are free and keep their places.
        var yaml = "easel: 1\nname: long\nsteps:\n"
        for index in 0..<600 {
            yaml += "  - id: s\(index)\n    get: /api/v1/users/self\n"
            if index % 2 == 0, index + 2 < 600 { yaml += "    needs: [s\(index + 2)]\n" }
        }
        let order = try graph(yaml).order
        let odd = (0..<600).filter { $0 % 2 == 1 }.map { "s\($0)" }
        let even = (0..<600).filter { $0 % 2 == 0 }.reversed().map { "s\($0)" }
        // s598 is ready at once and sits between s597 and s599; each even step is released only by the next.
        #expect(order.filter { odd.contains($0) } == odd)
        #expect(order.filter { !odd.contains($0) } == even)
        #expect(order.firstIndex(of: "s598") ?? 0 < order.firstIndex(of: "s599") ?? 0)
        #expect(order.count == 600)
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

    @Test func aStepThatNeedsItselfIsAnErrorAtItsNeedsEntry() throws {
        let yaml = """
            easel: 1
            name: self
            steps:
              - id: alone
                needs: [users, alone]
                get: /api/v1/users/self
              - id: users
                get: /api/v1/users/self
            """
        do {
            _ = try graph(yaml)
            Issue.record("a step that needs itself was accepted")
        } catch {
            let diagnostic = try #require(error.diagnostics.first)
            #expect(error.diagnostics.count == 1)
            #expect(diagnostic.message.hasPrefix("step 'alone' needs itself, a cycle of one (alone → alone)"))
            #expect(diagnostic.range?.start == SourceLocation(line: 5, column: 20))
        }
    }

    @Test func aSelfEdgeThatReachesTheGraphIsACycleOfOne() throws {
        // The decoder refuses `needs: [self]`; the graph must not drop such an edge either.
        var spec = try JobFileDecoder().decode(
            SourceFile(
                path: "job.yaml",
                text: "easel: 1\nname: self\nsteps:\n  - id: alone\n    get: /api/v1/users/self\n"))
        spec.steps["alone"]?.needs = ["alone"]
        do {
            _ = try StepGraph(spec)
            Issue.record("a self edge was dropped")
        } catch {
            #expect(
                error.diagnostics.map(\.message) == ["step 'alone' depends on itself, a cycle of one: alone → alone"])
            #expect(error.diagnostics.first?.range?.start == SourceLocation(line: 4, column: 9))
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
