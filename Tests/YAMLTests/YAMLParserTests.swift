import Diagnostics
import JSONValues
import Testing
import YAML

@Suite struct YAMLParserTests {
    @Test func emptyFilesAndCommentsOnlyHaveNoDocument() throws {
        #expect(try YAMLParser.parse(SourceFile(path: "a.yaml", text: "")) == nil)
        #expect(try YAMLParser.parse(SourceFile(path: "a.yaml", text: "# only a comment\n\n   # another\n")) == nil)
    }

    @Test func anExplicitEmptyDocumentIsANullScalar() throws {
        let node = try parseDocument("---\n")
        #expect(node.isNull)
        #expect(node.scalar?.style == .plain)
    }

    @Test func scalarsKeepTheirStyleAndText() throws {
        let node = try parseDocument(
            """
            plain: hello world
            single: 'it''s'
            double: "tab\\there \\u00e9"
            literal: |
              line one
              line two
            folded: >
              folded
              text
            empty:
            """
        )
        #expect(node["plain"]?.scalar == YAMLNode.Scalar(text: "hello world", style: .plain))
        #expect(node["single"]?.scalar == YAMLNode.Scalar(text: "it's", style: .singleQuoted))
        #expect(node["double"]?.scalar == YAMLNode.Scalar(text: "tab\there é", style: .doubleQuoted))
        #expect(node["literal"]?.scalar == YAMLNode.Scalar(text: "line one\nline two\n", style: .literal))
        #expect(node["folded"]?.scalar == YAMLNode.Scalar(text: "folded text\n", style: .folded))
        #expect(node["empty"]?.scalar == YAMLNode.Scalar(text: "", style: .plain))
        #expect(node["empty"]?.isNull == true)
        #expect(node["missing"] == nil)
    }

    @Test func tagsAreResolvedByLibYAML() throws {
        let node = try parseDocument("a: !!str 12\nb: !local x\nc: ! 7\nd: 5\n")
        #expect(node["a"]?.scalar?.tag == "tag:yaml.org,2002:str")
        #expect(node["a"]?.scalarValue == .string("12"))
        #expect(node["b"]?.scalar?.tag == "!local")
        #expect(node["c"]?.scalar?.tag == "!")
        #expect(node["c"]?.scalarValue == .string("7"))
        #expect(node["d"]?.scalar?.tag == nil)
        #expect(node["d"]?.scalarValue == .int(5))
    }

    @Test func mappingsKeepDocumentOrder() throws {
        let node = try parseDocument("zeta: 1\nalpha: 2\nmid: 3\n")
        let keys = try #require(node.mapping).map { $0.key.text }
        #expect(keys == ["zeta", "alpha", "mid"])
        #expect(node.isFlow == false)
    }

    @Test func blockAndFlowCollections() throws {
        let node = try parseDocument(
            """
            block:
              - one
              - two
            flow: [a, "b", { c: d }]
            map: { x: 1, y: [2, 3] }
            """
        )
        let block = try #require(node["block"])
        #expect(block.sequence?.map(\.text) == ["one", "two"])
        #expect(block.isFlow == false)
        let flow = try #require(node["flow"])
        #expect(flow.isFlow)
        #expect(flow.sequence?.count == 3)
        #expect(flow.sequence?[1].scalar?.style == .doubleQuoted)
        #expect(flow.sequence?[2]["c"]?.text == "d")
        #expect(flow.sequence?[2].isFlow == true)
        #expect(node["map"]?["y"]?.sequence?.map(\.text) == ["2", "3"])
        #expect(node.scalar == nil && node.sequence == nil)
        #expect(block.mapping == nil)
    }

    @Test func nodesCarryOneBasedPositions() throws {
        let node = try parseDocument(
            """
            name: demo
            steps:
              - id: "term"
                get: /api
            list: [x, yy]
            """
        )
        #expect(node.range == range(1, 1, 5, 14))
        #expect(try #require(node.mapping)[0].key.range == range(1, 1, 1, 5))
        #expect(node["name"]?.range == range(1, 7, 1, 11))
        let steps = try #require(node["steps"])
        #expect(steps.range == range(3, 3, 4, 14))
        let step = try #require(steps.sequence?.first)
        #expect(step.range == range(3, 5, 4, 14))
        // A quoted scalar's range includes its quotes.
        #expect(step["id"]?.range == range(3, 9, 3, 15))
        #expect(step["get"]?.range == range(4, 10, 4, 14))
        #expect(node["list"]?.range == range(5, 7, 5, 14))
        #expect(node["list"]?.sequence?[1].range == range(5, 11, 5, 13))
    }

    @Test func columnsCountUnicodeScalarsAfterMultiByteText() throws {
        // "é", "€" and "🎓" take 2, 3 and 4 bytes in UTF-8, but one column each.
        let node = try parseDocument("title: \"é€🎓\"\nnote: é€🎓 → done\nnext: [🎓, x]\n")
        #expect(node["title"]?.text == "é€🎓")
        #expect(node["title"]?.range == range(1, 8, 1, 13))
        #expect(node["note"]?.range == range(2, 7, 2, 17))
        #expect(node["next"]?.sequence?[1].range == range(3, 11, 3, 12))
    }

    @Test func blockExpressionsAreOrdinaryPlainScalars() throws {
        let node = try parseDocument(
            """
            name: ${{ item.title }}
            when: ${{ item.output.workflow_state == 'unpublished' }}
            list:
              - ${{ vars.a }}
            path: /api/v1/courses/${{ item.output.id }}/x
            """
        )
        #expect(node["name"]?.scalar == YAMLNode.Scalar(text: "${{ item.title }}", style: .plain))
        #expect(node["name"]?.range == range(1, 7, 1, 24))
        #expect(node["when"]?.text == "${{ item.output.workflow_state == 'unpublished' }}")
        #expect(node["list"]?.sequence?.first?.text == "${{ vars.a }}")
        #expect(node["path"]?.text == "/api/v1/courses/${{ item.output.id }}/x")
        // Quoted in flow style, the expression is fine.
        let flow = try parseDocument("body: { course: \"${{ x }}\", ids: ['${{ y }}'] }\n")
        #expect(flow["body"]?["course"]?.text == "${{ x }}")
        #expect(flow["body"]?["ids"]?.sequence?.first?.text == "${{ y }}")
    }

    @Test func complexKeysAreKept() throws {
        let node = try parseDocument("? [a, b]\n: 1\n")
        let pair = try #require(node.mapping?.first)
        #expect(pair.key.sequence?.map(\.text) == ["a", "b"])
        #expect(node.toJSONValue() == ["[a, b]": 1])
    }

    @Test func crlfLineBreaksCountAsOne() throws {
        let node = try parseDocument("a: 1\r\nb: two\r\n")
        #expect(node["b"]?.range == range(2, 4, 2, 7))
    }
}
