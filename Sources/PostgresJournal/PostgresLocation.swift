public import Foundation
import NIOSSL
import PostgresNIO

/// Where a PostgreSQL journal lives, read from a `postgres://` URL.
///
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE?sslmode=MODE&schema=NAME`; a `host` query parameter that starts
/// with `/` names the folder of a Unix socket instead (`postgres://USER@/DATABASE?host=/run/postgresql`). The
/// password comes from the URL, else from `PGPASSWORD`; it never appears in `description`.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    /// How the connection uses TLS, as libpq's `sslmode` spells it.
    public enum TLSMode: String, Sendable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    /// The server's host name or address; nil with a Unix socket.
    public var host: String?
    /// The server's port (also the suffix of the socket's file name).
    public var port: Int
    /// The folder of the server's Unix socket, when connecting through one.
    public var socketFolder: String?
    public var user: String
    public var password: String?
    public var database: String
    /// The schema that holds Easel's tables.
    public var schema: String
    public var tlsMode: TLSMode
    /// A file of trusted root certificates (PEM), for `verify-ca` and `verify-full`.
    public var rootCertificatePath: String?

    /// Reads a `postgres://` or `postgresql://` URL; `environment` supplies `PGPASSWORD` and the default user.
    public init(url text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard let components = URLComponents(string: text),
            let scheme = components.scheme?.lowercased(), scheme == "postgres" || scheme == "postgresql"
        else {
            throw PostgresLocationError.notAPostgresURL(Self.redacted(text))
        }
        var query: [String: String] = [:]
        for item in components.queryItems ?? [] { query[item.name] = item.value ?? "" }
        let socketHost = query["host"].flatMap { $0.hasPrefix("/") ? $0 : nil }
        let urlHost = components.host.flatMap { $0.isEmpty ? nil : $0 }
        if socketHost == nil && urlHost == nil { throw PostgresLocationError.missingHost(Self.redacted(text)) }
        host = socketHost == nil ? (urlHost ?? query["host"]) : nil
        socketFolder = socketHost
        port = components.port ?? query["port"].flatMap(Int.init) ?? 5432
        user = components.user?.removingPercentEncoding ?? environment["PGUSER"] ?? environment["USER"] ?? "postgres"
        password = components.password?.removingPercentEncoding ?? environment["PGPASSWORD"]
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = path.isEmpty ? user : (path.removingPercentEncoding ?? path)
        schema = query["schema"] ?? "easel"
        guard Self.isPlainName(schema) else { throw PostgresLocationError.badSchema(schema) }
        if let mode = query["sslmode"] {
            guard let parsed = TLSMode(rawValue: mode) else { throw PostgresLocationError.badTLSMode(mode) }
            tlsMode = parsed
        } else {
            tlsMode = .prefer
        }
        rootCertificatePath = query["sslrootcert"]
    }

    /// The location without its password, safe to print.
    public var description: String {
        var text = "postgres://\(user)@\(host ?? ""):\(port)/\(database)"
        var query: [String] = []
        if let socketFolder { query.append("host=\(socketFolder)") }
        if schema != "easel" { query.append("schema=\(schema)") }
        if tlsMode != .prefer { query.append("sslmode=\(tlsMode.rawValue)") }
        if !query.isEmpty { text += "?" + query.joined(separator: "&") }
        return text
    }

    /// The path of the Unix socket, when connecting through one.
    public var socketPath: String? {
        socketFolder.map { "\($0)/.s.PGSQL.\(port)" }
    }

    /// The same location in another schema (the tests give each store its own).
    public func inSchema(_ name: String) throws -> PostgresLocation {
        guard Self.isPlainName(name) else { throw PostgresLocationError.badSchema(name) }
        var copy = self
        copy.schema = name
        return copy
    }

    /// The pool's configuration, with the schema first on the search path.
    func clientConfiguration() throws -> PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        if let socketPath {
            configuration = .init(unixSocketPath: socketPath, username: user, password: password, database: database)
        } else {
            configuration = .init(
                host: host ?? "localhost", port: port, username: user, password: password, database: database,
                tls: try clientTLS())
        }
        configuration.options.additionalStartupParameters = startupParameters
        configuration.options.maximumConnections = 4
        return configuration
    }

    /// A single connection's configuration, for the job lock that lives as long as its session.
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        if let socketPath {
            configuration = .init(unixSocketPath: socketPath, username: user, password: password, database: database)
        } else {
            let tls: PostgresConnection.Configuration.TLS
            switch tlsMode {
            case .disable: tls = .disable
            case .allow, .prefer: tls = .prefer(try NIOSSLContext(configuration: tlsConfiguration()))
            case .require, .verifyCA, .verifyFull: tls = .require(try NIOSSLContext(configuration: tlsConfiguration()))
            }
            configuration = .init(
                host: host ?? "localhost", port: port, username: user, password: password, database: database, tls: tls)
        }
        configuration.options.additionalStartupParameters = startupParameters
        return configuration
    }

    private var startupParameters: [(String, String)] {
        [("search_path", schema), ("application_name", "easel")]
    }

    private func clientTLS() throws -> PostgresClient.Configuration.TLS {
        switch tlsMode {
        case .disable: .disable
        case .allow, .prefer: .prefer(try tlsConfiguration())
        case .require, .verifyCA, .verifyFull: .require(try tlsConfiguration())
        }
    }

    /// libpq's meaning of each mode: `require` encrypts without checking the certificate, `verify-ca` checks the
    /// chain, `verify-full` the chain and the host name.
    private func tlsConfiguration() throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch tlsMode {
        case .disable, .allow, .prefer, .require: configuration.certificateVerification = .none
        case .verifyCA: configuration.certificateVerification = .noHostnameVerification
        case .verifyFull: configuration.certificateVerification = .fullVerification
        }
        if let rootCertificatePath { configuration.trustRoots = .file(rootCertificatePath) }
        return configuration
    }

    /// `text` with any password in it replaced, for error messages about a URL that did not parse.
    static func redacted(_ text: String) -> String {
        guard let at = text.lastIndex(of: "@"), let schemeEnd = text.range(of: "://") else { return text }
        let userInfo = text[schemeEnd.upperBound..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return text }
        return text[..<colon] + ":***" + text[at...]
    }

    private static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 63
            && name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }
            && !(name.first?.isNumber ?? true)
    }
}

/// A state URL that cannot be used; the URL in it is shown without its password.
public enum PostgresLocationError: Error, Equatable, CustomStringConvertible {
    case notAPostgresURL(String)
    case missingHost(String)
    case badTLSMode(String)
    case badSchema(String)

    public var description: String {
        switch self {
        case .notAPostgresURL(let url): "'\(url)' is not a postgres:// URL"
        case .missingHost(let url): "'\(url)' names no host (nor a socket folder in ?host=/…)"
        case .badTLSMode(let mode):
            "sslmode '\(mode)' is not one of \(PostgresLocation.TLSMode.allCases.map(\.rawValue).joined(separator: ", "))"
        case .badSchema(let name): "schema '\(name)' must be lowercase letters, digits and _, not starting with a digit"
        }
    }
}
