import Diagnostics
import EaselTestSupport
import JobSpec
import OrderedCollections
import Testing

/// A credential pasted into a job file is refused, and no rendering of the diagnostics shows it.
@Suite struct PastedSecretTests {
    private func diagnostics(of text: String) -> [Diagnostic] {
        do {
            _ = try StepGraph(try JobFileDecoder().decode(SourceFile(path: "job.yaml", text: text)))
            Issue.record("the job was accepted")
            return []
        } catch {
            return error.diagnostics
        }
    }

    @Test func aTokenPastedAnywhereIsRefusedAndNeverRendered() {
        let token = randomCanvasToken()
        let text = """
            easel: 1
            name: pasted
            vars:
              key: \(token)
              quoted: "\(token)"
            stesp: \(token)
            steps:
              - id: me
                needs: [\(token)]
                get: /api/v1/users/self
              - id: course
                ensure: \(token)
                key: { sis_course_id: A }
            """
        let diagnostics = diagnostics(of: text)
        let tokenErrors = diagnostics.filter { $0.message.contains("looks like a Canvas access token") }
        #expect(tokenErrors.count == 5, "\(diagnostics.map(\.message))")
        // The unknown key, the unknown step and the unknown kind are reported too, on the token's lines.
        #expect(diagnostics.count > tokenErrors.count)
        let source = SourceFile(path: "job.yaml", text: text)
        for colorMode in [DiagnosticRenderer.ColorMode.never, .always] {
            let rendered = DiagnosticRenderer(sources: [source], colorMode: colorMode).render(diagnostics)
            #expect(!rendered.contains(token), "\(rendered)")
            #expect(!rendered.contains(token.suffix(20)))
            #expect(rendered.contains(String(token.prefix(4)) + String(repeating: "*", count: token.count - 4)))
        }
        #expect(!DiagnosticsError(diagnostics).description.contains(token))
        for diagnostic in diagnostics {
            #expect(!DiagnosticRenderer(sources: [source]).render(diagnostic).contains(token))
        }
    }

    @Test(arguments: ["token", "password", "access_token", "Authorization", "api_key"])
    func aValueUnderASecretKeyIsRefusedAndMaskedWhole(_ key: String) {
        let secret = "s3cret-\(Int.random(in: 1000...9999))"
        let text = """
            easel: 1
            name: pasted
            vars:
              \(key): \(secret)
            steps:
              - id: me
                get: /api/v1/users/self
            """
        let diagnostics = diagnostics(of: text)
        #expect(
            diagnostics.map(\.message) == [
                "'\(key)' looks like a secret; job files hold no credentials: Easel sends the environment's token itself"
            ])
        let rendered = DiagnosticRenderer(sources: [SourceFile(path: "job.yaml", text: text)]).render(diagnostics)
        #expect(!rendered.contains(secret))
        #expect(rendered.contains("  \(key): \(String(repeating: "*", count: secret.count))\n"), "\(rendered)")
    }

    @Test func anExpressionUnderASecretKeyIsAllowed() throws {
        let text = """
            easel: 1
            name: users
            steps:
              - id: users
                for_each: [{ login: a, secret: b }]
                ensure: user
                in: self
                key: { login_id: "${{ item.login }}" }
                set: { password: "${{ item.secret }}" }
            """
        let spec = try JobFileDecoder().decode(SourceFile(path: "job.yaml", text: text))
        #expect(Array(spec.steps.keys) == ["users"])
    }

    @Test func aBearerHeaderIsRefusedAndMasked() {
        let credential = String(randomCanvasToken().dropFirst(6))
        let text = """
            easel: 1
            name: pasted
            vars:
              header: Bearer \(credential)
            steps:
              - id: me
                get: /api/v1/users/self
            """
        let diagnostics = diagnostics(of: text)
        #expect(diagnostics.count == 1)
        let rendered = DiagnosticRenderer(sources: [SourceFile(path: "job.yaml", text: text)]).render(diagnostics)
        #expect(!rendered.contains(credential))
        #expect(rendered.contains("  header: Bearer \(credential.prefix(4))****"), "\(rendered)")
    }
}

/// `--var` values are scanned like the job's own values, and never echoed.
@Suite struct VariableOverrideSecretTests {
    static let job = """
        easel: 1
        name: vars
        vars: { account: "sis_account_id:ENG", password: "" }
        steps:
          - id: me
            get: /api/v1/accounts/${{ vars.account }}
        """

    private func diagnostics(overrides: [(String, String)]) -> [Diagnostic] {
        do {
            _ = try JobFileDecoder().decode(SourceFile(path: "job.yaml", text: Self.job), varOverrides: overrides)
            return []
        } catch {
            return error.diagnostics
        }
    }

    @Test func aTokenGivenAsAVariableIsRefusedWithoutBeingShown() {
        let token = randomCanvasToken()
        for value in [token, "Bearer \(token)"] {
            let found = diagnostics(overrides: [("account", value)])
            #expect(found.count == 1)
            #expect(found.first?.message.contains("--var account: the value looks like a Canvas access token") == true)
            let rendered = DiagnosticRenderer(sources: []).render(found) + DiagnosticsError(found).description
            #expect(!rendered.contains(token.suffix(20)), "\(rendered)")
        }
        let secretKey = diagnostics(overrides: [("password", "hunter2-but-longer")])
        #expect(secretKey.first?.message.contains("'password' looks like a secret") == true, "\(secretKey)")
        #expect(!(secretKey.first?.message.contains("hunter2") ?? true))
        #expect(diagnostics(overrides: [("account", "sis_account_id:SCI")]).isEmpty)
    }
}
