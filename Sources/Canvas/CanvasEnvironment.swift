import Foundation
import JSONValues

/// A named Canvas instance Easel can talk to: its URL, where its tokens come from, whether it is production.
public struct CanvasEnvironment: Sendable, Hashable {
    /// Where a token is read from.
    public enum TokenSource: Sendable, Hashable, CustomStringConvertible {
        /// An environment variable.
        case variable(String)
        /// A file holding the token (one token per line; `#` lines are comments).
        case file(String)

        public var description: String {
            switch self {
            case .variable(let name): "environment variable \(name)"
            case .file(let path): "token file \(path)"
            }
        }
    }

    /// The name (`prod`, `test`, …).
    public var name: String
    /// The Canvas base URL.
    public var baseURL: String
    /// Where the tokens come from.
    public var tokenSources: [TokenSource]
    /// Production, when the file says so; otherwise decided by the host.
    public var declaredProduction: Bool?
    /// The environments file that defines it; nil for `--base-url`.
    public var definedIn: String?
    /// Where runs against it are journaled (`state_url`, a `postgres://` URL), when the file says; nil keeps the
    /// local journal. `--state-url` and `EASEL_STATE_URL` come first.
    public var stateURL: String?

    /// An environment.
    public init(
        name: String, baseURL: String, tokenSources: [TokenSource], declaredProduction: Bool? = nil,
        definedIn: String? = nil, stateURL: String? = nil
    ) {
        self.name = name
        self.baseURL = baseURL
        self.tokenSources = tokenSources
        self.declaredProduction = declaredProduction
        self.definedIn = definedIn
        self.stateURL = stateURL
    }

    /// Whether it names where its tokens come from (`token_env` or `token_file`).
    public var namesTokenSources: Bool { !tokenSources.isEmpty }

    /// Whether writes here need confirmation: as declared, else any host that is not this machine or a
    /// `.test.`/`.beta.` Canvas host.
    public var isProduction: Bool { declaredProduction ?? Self.isProductionHost(URLOrigin(baseURL)?.host ?? baseURL) }

    /// Whether a host is production by default.
    public static func isProductionHost(_ host: String) -> Bool {
        let host = host.lowercased()
        if URLOrigin.isLoopback(host: host) { return false }
        // `school.test.instructure.com`: the label must sit between two others, so `test.example.edu` stays production.
        let inner = host.split(separator: ".").dropFirst().dropLast()
        return !(inner.contains("test") || inner.contains("beta"))
    }

    /// Reads the tokens; throws naming the variable or file (never showing a token) when one is missing.
    public func resolveTokens(environment: [String: String]? = nil) throws(CanvasError)
        -> [CanvasToken]
    {
        let environment = environment ?? ProcessInfo.processInfo.environment
        var tokens: [CanvasToken] = []
        for source in tokenSources {
            switch source {
            case .variable(let variable):
                let token = CanvasToken(environment[variable] ?? "")
                guard !token.isEmpty else {
                    throw CanvasError(.configuration("environment '\(name)': the variable \(variable) holds no token"))
                }
                tokens.append(token)
            case .file(let path):
                let expanded = (path as NSString).expandingTildeInPath
                if FileManager.default.fileExists(atPath: expanded) {
                    try FileOwnership.checkPrivate(expanded, describedAs: "environment '\(name)': the token file")
                }
                guard let text = try? String(contentsOfFile: expanded, encoding: .utf8) else {
                    throw CanvasError(.configuration("environment '\(name)': cannot read the token file \(path)"))
                }
                let lines = text.split(whereSeparator: \.isNewline).map { CanvasToken(String($0)) }
                let found = lines.filter { !$0.isEmpty && !$0.revealed.hasPrefix("#") }
                guard !found.isEmpty else {
                    throw CanvasError(.configuration("environment '\(name)': the token file \(path) holds no token"))
                }
                tokens += found
            }
        }
        guard !tokens.isEmpty else {
            throw CanvasError(.configuration("environment '\(name)' names no token: add token_env or token_file"))
        }
        return tokens
    }
}

extension CanvasEnvironment {
    /// The client configuration for this environment, its tokens read now (throws naming a missing source).
    public func clientConfiguration(
        userAgent: String = CanvasClientConfiguration.defaultUserAgent,
        environment: [String: String]? = nil
    ) throws(CanvasError) -> CanvasClientConfiguration {
        CanvasClientConfiguration(
            baseURL: baseURL, tokens: try resolveTokens(environment: environment), userAgent: userAgent)
    }
}
