import Execution
import Foundation
import Testing

@testable import PostgresJournal

/// A schema of its own in the test PostgreSQL server (`EASEL_TEST_POSTGRES_URL`, set by scripts/with-postgres.sh)
/// for one command-line test of shared state.
///
/// In CI a missing server fails the tests rather than skipping them, so that a cluster that did not start cannot
/// pass unnoticed; without CI and without the variable they are skipped (not every developer runs a server).
struct SharedStateDatabase {
    static let environment = ProcessInfo.processInfo.environment
    static var serverURL: String? { environment["EASEL_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 } }

    /// The trait of every test that needs the server.
    static let required = ConditionTrait.enabled(
        if: serverURL != nil || environment["CI"] != nil,
        "EASEL_TEST_POSTGRES_URL is not set: run the tests under scripts/with-postgres.sh (CI requires it)")

    /// The `--state-url` of this test's schema.
    let url: String
    let location: PostgresLocation

    init() throws {
        guard let server = Self.serverURL else {
            throw MissingServer()
        }
        let schema = "cli_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        url = server + (server.contains("?") ? "&" : "?") + "schema=\(schema)"
        location = try PostgresLocation(url: url)
    }

    /// The journal in this test's schema.
    func open() async throws -> PostgresJournalStore {
        try await PostgresJournalStore.open(location)
    }

    /// Drops the schema.
    func remove() async {
        guard let store = try? await open() else { return }
        try? await store.dropSchema()
        store.close()
    }

    struct MissingServer: Error, CustomStringConvertible {
        var description: String {
            "CI is set but EASEL_TEST_POSTGRES_URL is not: the tests must run under scripts/with-postgres.sh"
        }
    }
}
