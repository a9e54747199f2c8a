import Diagnostics
import EaselTestSupport
import Testing

@Suite struct SecretMaskTests {
    @Test func findsTokensOfCanvasShape() {
        #expect(SecretMask.containsToken(randomCanvasToken()))
        #expect(SecretMask.containsToken("key=" + randomCanvasToken(shardDigits: 1) + "&x=1"))
        #expect(SecretMask.containsToken(randomCanvasToken(shardDigits: 5, length: 20)))
        #expect(!SecretMask.containsToken(randomCanvasToken(shardDigits: 6)))
        #expect(!SecretMask.containsToken(randomCanvasToken(length: 19)))
        #expect(!SecretMask.containsToken("~" + String(randomCanvasToken().dropFirst(5))))
        #expect(!SecretMask.containsToken("sis_course_id:ENGL-101~2026"))
    }

    @Test func findsPastedBearerHeadersInAnyCase() {
        let credential = String(randomCanvasToken().dropFirst(5).prefix(24))
        #expect(SecretMask.containsToken("Bearer \(credential)"))
        #expect(SecretMask.containsToken("Authorization: bEARER \(credential)"))
        #expect(SecretMask.containsToken("bbeaREr \(credential)"))
        #expect(SecretMask.containsToken("beare bearer \(credential)"))
        #expect(!SecretMask.containsToken("Bearer short"))
        #expect(!SecretMask.containsToken("Bearer ${{ vars.header_that_is_long }}"))
        #expect(!SecretMask.containsToken("Bearer" + credential))
    }

    @Test func maskingKeepsTheFirstFourCharactersAndTheLength() {
        let token = randomCanvasToken()
        let masked = SecretMask.masking("token=\(token) and more")
        #expect(masked == "token=\(token.prefix(4))\(String(repeating: "*", count: token.count - 4)) and more")
        let credential = String(token.dropFirst(5))
        #expect(
            SecretMask.masking("Bearer \(credential)")
                == "Bearer \(credential.prefix(4))\(String(repeating: "*", count: credential.count - 4))")
        #expect(SecretMask.masking("nothing secret here") == "nothing secret here")
    }

    @Test func everyTokenInATextIsMasked() {
        let first = randomCanvasToken()
        let second = randomCanvasToken(shardDigits: 2)
        let masked = SecretMask.masking("\(first),\(second)")
        #expect(!masked.contains(first.dropFirst(4)) && !masked.contains(second.dropFirst(4)))
        #expect(masked.split(separator: ",").map { $0.prefix(4) } == [first.prefix(4), second.prefix(4)])
    }

    @Test func renderedSourceLinesNeverShowAToken() {
        let token = randomCanvasToken()
        let text = "vars:\n  key: \(token)\n  other: \"\(token)\"\n"
        let source = SourceFile(path: "job.yaml", text: text)
        let at = SourceRange(
            start: SourceLocation(line: 2, column: 3), end: SourceLocation(line: 2, column: 6))
        // A diagnostic about something else on the line still hides the token.
        let rendered = DiagnosticRenderer(sources: [source]).render(
            .error("unknown key 'key'", file: "job.yaml", at: at))
        #expect(!rendered.contains(token))
        #expect(
            rendered.contains("  key: \(token.prefix(4))\(String(repeating: "*", count: token.count - 4))\n  ^~~\n"))
        // A token in the message or a note is hidden too.
        let echoed = Diagnostic.error(
            "unknown step '\(token)'", file: "job.yaml", at: at, notes: [.init("did you mean '\(token)'?")])
        #expect(!DiagnosticRenderer(sources: [source]).render(echoed).contains(token))
        #expect(!echoed.description.contains(token))
    }

    @Test func aRedactedSpanIsMaskedWholeKeepingQuotesAndSpaces() {
        let text = "vars:\n  password: \"hunter2 and more\"\n  other: 1\n"
        let value = SourceRange(
            start: SourceLocation(line: 2, column: 13), end: SourceLocation(line: 2, column: 31))
        let diagnostic = Diagnostic.error("'password' looks like a secret", file: "job.yaml", at: value)
            .redacting(value)
        #expect(diagnostic.redactions == [value])
        let renderer = DiagnosticRenderer(sources: [SourceFile(path: "job.yaml", text: text)])
        #expect(
            renderer.render(diagnostic) == """
                job.yaml:2:13: error: 'password' looks like a secret
                  password: "******* *** ****"
                            ^~~~~~~~~~~~~~~~~~

                """)
        // Another diagnostic on the same line, rendered with it, does not reveal the secret either.
        let key = SourceRange(start: SourceLocation(line: 2, column: 3), end: SourceLocation(line: 2, column: 11))
        let other = Diagnostic.error("unknown key 'password'", file: "job.yaml", at: key)
        let both = renderer.render([other, diagnostic])
        #expect(!both.contains("hunter2"))
        #expect(renderer.render(other).contains("hunter2"), "without the redaction, the line is shown as it is")
    }

    @Test func aRedactionOverSeveralLinesMasksEachLineItCovers() {
        let text = "text: |\n  first secret line\n  second secret line\nnext: 1\n"
        let value = SourceRange(
            start: SourceLocation(line: 1, column: 7), end: SourceLocation(line: 4, column: 1))
        let renderer = DiagnosticRenderer(sources: [SourceFile(path: "job.yaml", text: text)])
        let secret = Diagnostic.error("secret", file: "job.yaml", at: value).redacting(value)
        let onLine3 = Diagnostic.error(
            "here", file: "job.yaml",
            at: SourceRange(at: SourceLocation(line: 3, column: 3)))
        let rendered = renderer.render([secret, onLine3])
        #expect(rendered.contains("text: *\n"))
        #expect(rendered.contains("  ****** ****** ****\n  ^\n"))
    }
}
