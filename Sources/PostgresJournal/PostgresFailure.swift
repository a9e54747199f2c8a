import Foundation
import NIOSSL
import PostgresNIO

/// Describes PostgreSQL's errors for people: the server's message and detail, never the query's parameters or the
/// connection's password.
enum PostgresFailure {
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] {
                let detail = error.serverInfo?[.detail].map { " (\($0))" } ?? ""
                let code = error.serverInfo?[.sqlState].map { " [\($0)]" } ?? ""
                return message + detail + code
            }
            if error.code == .sslUnsupported {
                return "the server does not offer TLS, which sslmode=require, verify-ca and verify-full need"
            }
            if let underlying = error.underlying {
                if let tls = describeTLS(underlying) { return tls }
                return "\(error.code): \(underlying)"
            }
            return "\(error.code)"
        }
        return describeTLS(error) ?? "\(error)"
    }

    /// A failed TLS handshake said for people: BoringSSL's reasons without its error numbers and source paths.
    static func describeTLS(_ error: any Error) -> String? {
        if let error = error as? NIOSSLExtraError, error == .failedToValidateHostname {
            return "the server's TLS certificate does not name the host connected to, as sslmode=verify-full requires"
        }
        guard let error = error as? NIOSSLError, case .handshakeFailed(let stack) = error else { return nil }
        let reasons = reasons(in: "\(stack)")
        if reasons.contains("CERTIFICATE_VERIFY_FAILED") {
            return "the server's TLS certificate is not trusted (CERTIFICATE_VERIFY_FAILED): with sslmode=verify-ca "
                + "or verify-full it must be issued by a certificate in sslrootcert=FILE (else in the system's "
                + "roots), and with verify-full name the host; sslmode=require encrypts without checking it"
        }
        return "the TLS handshake with the server failed"
            + (reasons.isEmpty ? "" : " (" + reasons.joined(separator: ", ") + ")")
    }

    /// The reason codes of a BoringSSL error stack's description (`…:OPENSSL_internal:REASON at FILE:LINE`).
    private static func reasons(in text: String) -> [String] {
        text.components(separatedBy: "OPENSSL_internal:").dropFirst().map { part in
            String(part.prefix { $0.isUppercase || $0.isNumber || $0 == "_" })
        }.filter { !$0.isEmpty }
    }

    /// The SQLSTATE of a server error, if `error` is one.
    static func sqlState(of error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }
}
