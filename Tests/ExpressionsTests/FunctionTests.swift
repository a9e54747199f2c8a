import Expressions
import JSONValues
import Testing

@Suite struct FunctionTests {
    @Test(
        "functions compute their results",
        arguments: [
            ("format('{0} - {1}', item.code, item.title)", JSONValue.string("cs101 - Intro to CS")),
            ("format('{1}{0}{1}', 'a', 'b')", "bab"),
            ("format('{{literal}} {0}', 3)", "{literal} 3"),
            ("format('{0}', item.tags)", "[\"a\",\"b\"]"),
            ("format('{0}|{1}', null, true)", "|true"),
            ("format('no placeholders')", "no placeholders"),
            ("join(item.tags)", "a,b"),
            ("join(item.tags, ' + ')", "a + b"),
            ("join(fromJSON('[1, null, true, \"x\"]'), '/')", "1//true/x"),
            ("join(item.code, '-')", "cs101"),
            ("join(null)", ""),
            ("lower('ÀB')", "àb"),
            ("upper(item.code)", "CS101"),
            ("trim('  a b \t')", "a b"),
            ("contains(item.title, 'CS')", true),
            ("contains(item.title, 'cs')", false),
            ("contains(item.title, '')", true),
            ("contains(item.tags, 'b')", true),
            ("contains(item.tags, 'c')", false),
            ("contains(fromJSON('[1, 2, 3]'), item.credits)", true),
            ("contains(item.missing, 'x')", false),
            ("contains('v1.2', 1.2)", true),
            ("startsWith(vars.term, 'sis_term_id:')", true),
            ("startsWith(vars.term, 'term')", false),
            ("endsWith(vars.term, 'FA')", true),
            ("endsWith(item.missing, 'FA')", false),
            ("toJSON(item.output)", "{\"id\":7,\"workflow_state\":\"unpublished\"}"),
            ("toJSON('a')", "\"a\""),
            ("toJSON(null)", "null"),
            ("fromJSON('{\"a\": [1, 2.5]}').a[1]", 2.5),
            ("fromJSON('null')", nil),
            ("default(item.empty, 'x')", "x"),
            ("default(item.nothing, 0)", 0),
            ("default(item.missing, item.title)", "Intro to CS"),
            ("default(item.zero, 5)", 0),
            ("default(item.code, 'x')", "cs101"),
            ("length(item.title)", 11),
            ("length('Café')", 4),
            ("length(item.tags)", 2),
            ("length(item.output)", 2),
            ("length('')", 0),
            ("split('a,b,,c', ',')", .array(["a", "b", "", "c"])),
            ("split('abc', '')", .array(["a", "b", "c"])),
            ("split('', ',')", .array([""])),
            ("split(vars.term, ':')[1]", "2026FA"),
            ("replace('a-b-c', '-', '/')", "a/b/c"),
            ("replace('abc', '', 'x')", "abc"),
            ("replace(item.code, 'cs', 'CS-')", "CS-101"),
            ("coalesce(item.nothing, item.empty, item.missing, item.code, 'x')", "cs101"),
            ("coalesce(item.nothing, item.zero)", 0),
            ("coalesce(item.nothing, item.empty)", nil),
        ]
    )
    func function(source: String, expected: JSONValue) throws {
        #expect(try evaluate(source) == expected)
    }

    @Test(
        "functions reject arguments of the wrong type or number",
        arguments: [
            ("lower(item.zero)", "lower() expects a string, got number"),
            ("upper(item.tags)", "upper() expects a string, got array"),
            ("trim(null)", "trim() expects a string, got null"),
            ("split(item.code, 1)", "split() expects a string as its second argument, got number"),
            ("replace(item.code, 'a', item.tags)", "replace() expects a string as its third argument, got array"),
            ("length(3)", "length() expects a string, an array or an object, got number"),
            ("length(item.nothing)", "length() expects a string, an array or an object, got null"),
            ("join(item.tags, 1)", "join() expects a string as its second argument, got number"),
            ("join(item.zero)", "join() expects a string, an array or null, got number"),
            (
                "contains(item.zero, 1)",
                "contains() expects a string, an array or null as its first argument, got number"
            ),
            (
                "contains(item.title, item.tags)",
                "contains() looks for a string, number or boolean in a string, got array"
            ),
            ("fromJSON(item.zero)", "fromJSON() expects a string, got number"),
            ("lower()", "lower() takes 1 argument, got 0; call it as lower(text)"),
            ("lower('a', 'b')", "lower() takes 1 argument, got 2; call it as lower(text)"),
            ("replace('a', 'b')", "replace() takes 3 arguments, got 2; call it as replace(text, old, new)"),
            ("join(item.tags, ',', 'x')", "join() takes 1 to 2 arguments, got 3; call it as join(array, separator)"),
            ("format()", "format() takes at least 1 argument, got 0; call it as format(text, values…)"),
            ("format('{0} {2}', 'a', 'b')", "format() uses placeholder {2} but is given 2 values after the text"),
            (
                "format('{x}', 'a')",
                "format() text has a '{' that does not start a placeholder such as {0}; write '{{' for a literal brace"
            ),
            ("format('a}b')", "format() text has a '}' without a matching '{'; write '}}' for a literal brace"),
            ("nope(1)", "unknown function 'nope'"),
            ("Lower('A')", "unknown function 'Lower'; did you mean 'lower'?"),
            ("lenght(item.tags)", "unknown function 'lenght'; did you mean 'length'?"),
        ]
    )
    func functionError(source: String, message: String) throws {
        #expect(try evaluationError(source).message == message)
    }

    @Test func fromJSONExplainsInvalidText() throws {
        let message = try evaluationError("fromJSON('{nope')").message
        #expect(message.hasPrefix("fromJSON() could not read its argument: invalid JSON at byte 1"))
    }
}
