import Execution
import Foundation
import Testing

@testable import PostgresJournal

/// The PostgreSQL server the tests use, named by `EASEL_TEST_POSTGRES_URL` (scripts/with-postgres.sh sets it).
///
/// In CI a missing server is a failure, never a skip: otherwise a broken cluster start would pass unnoticed. On a
/// developer's machine without the variable the tests are skipped, since not everyone runs a server; the reason is
/// in the trait.
enum TestDatabase {
    static let environment = ProcessInfo.processInfo.environment

    /// The server's URL, if one is set.
    static var url: String? { environment["EASEL_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 } }

    /// Whether these tests run: always in CI (where they fail without a server), else only with a server.
    static var isAvailableOrRequired: Bool { url != nil || environment["CI"] != nil }

    /// The trait of every test that needs the server.
    static let required = ConditionTrait.enabled(
        if: isAvailableOrRequired,
        "EASEL_TEST_POSTGRES_URL is not set: run the tests under scripts/with-postgres.sh (CI requires it)")

    /// The server's location, or a failure when CI has none.
    static func location() throws -> PostgresLocation {
        guard let url else {
            throw MissingServer()
        }
        return try PostgresLocation(url: url)
    }

    /// A store in a schema of its own, dropped when `body` returns.
    static func withStore<Result>(
        batchLimit: Int = 1_000, _ body: (PostgresJournalStore) async throws -> Result
    ) async throws -> Result {
        let location = try location().inSchema(uniqueSchema())
        let store = try await PostgresJournalStore.open(location, batchLimit: batchLimit)
        do {
            let result = try await body(store)
            try await store.dropSchema()
            store.close()
            return result
        } catch {
            try? await store.dropSchema()
            store.close()
            throw error
        }
    }

    /// A schema name no other test uses.
    static func uniqueSchema() -> String {
        "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
    }

    struct MissingServer: Error, CustomStringConvertible {
        var description: String {
            "CI is set but EASEL_TEST_POSTGRES_URL is not: the PostgreSQL tests must run under scripts/with-postgres.sh"
        }
    }
}
