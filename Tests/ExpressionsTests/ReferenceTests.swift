import Diagnostics
import Expressions
import Testing

@Suite struct ReferenceTests {
    @Test func referencesListEveryPathInSourceOrder() throws {
        let text = MarkedText(
            "/x/${{ 1️⃣steps.term.output.id2️⃣ }}/${{ format('{0}', 3️⃣item.input['first name']4️⃣, 5️⃣vars.term) }}"
        )
        let (template, diagnostics) = parseTemplate(text.text)
        #expect(diagnostics.isEmpty)
        let references = template.references
        #expect(references.map(\.description) == ["steps.term.output.id", "item.input['first name']", "vars.term"])
        #expect(references[0].root == "steps")
        #expect(references[0].firstMember == "term")
        #expect(references[0].components == [.member("term"), .member("output"), .member("id")])
        #expect(references[0].range?.start == text.location(of: "1️⃣", from: testStart))
        #expect(references[0].range?.end == text.location(of: "2️⃣", from: testStart))
        #expect(references[1].range?.start == text.location(of: "3️⃣", from: testStart))
        #expect(references[1].range?.end == text.location(of: "4️⃣", from: testStart))
        #expect(references[2].range?.start == text.location(of: "5️⃣", from: testStart))
    }

    @Test func computedIndicesAreDynamicAndTheirPathsAreReferencesToo() throws {
        let (template, _) = parseTemplate("${{ item.rows[vars.column].x[0] == steps.a.items[1] }}")
        let references = template.references
        #expect(references.map(\.root) == ["item", "vars", "steps"])
        #expect(references[0].components == [.member("rows"), .dynamic, .member("x"), .index(0)])
        #expect(references[1].components == [.member("column")])
        #expect(references[2].components == [.member("a"), .member("items"), .index(1)])
    }

    @Test func pathsOffAFunctionResultAreNotReferencesButTheirArgumentsAre() {
        let (template, _) = parseTemplate("${{ fromJSON(vars.json).a && !item.ok }}")
        #expect(template.references.map(\.description) == ["vars.json", "item.ok"])
    }

    @Test func literalValuesHaveNoReferences() {
        #expect(parseTemplate("just text").0.references.isEmpty)
        #expect(parseTemplate("${{ 'a' == 'b' }}").0.references.isEmpty)
    }
}
