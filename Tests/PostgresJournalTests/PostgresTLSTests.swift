import Execution
import Foundation
import PostgresNIO
import Testing

@testable import PostgresJournal

/// The journal over TLS to the test server's TCP port (scripts/with-postgres.sh gives it a self-signed certificate
/// made on the fly): `sslmode` as libpq means it.
@Suite(TestDatabase.required) struct PostgresTLSTests {
    /// `EASEL_TEST_POSTGRES_TLS_URL`, the test database over TLS with `sslmode=require`.
    static func tlsURL() throws -> String {
        guard let url = TestDatabase.environment["EASEL_TEST_POSTGRES_TLS_URL"], !url.isEmpty else {
            throw MissingTLSServer()
        }
        return url
    }

    /// The server's certificate, `EASEL_TEST_POSTGRES_TLS_CERT`.
    static func certificatePath() throws -> String {
        guard let path = TestDatabase.environment["EASEL_TEST_POSTGRES_TLS_CERT"], !path.isEmpty else {
            throw MissingTLSServer()
        }
        return path
    }

    /// The TLS URL with its `sslmode` replaced by `mode`, and `extra` query parameters.
    static func url(mode: String, _ extra: String = "") throws -> String {
        try tlsURL().replacingOccurrences(of: "sslmode=require", with: "sslmode=\(mode)") + extra
    }

    @Test func requireEncryptsEveryConnectionOfTheJournalAndItsJobLock() async throws {
        let location = try PostgresLocation(url: Self.url(mode: "require")).inSchema(TestDatabase.uniqueSchema())
        #expect(location.tlsMode == .require && location.socketPath == nil)
        let store = try await PostgresJournalStore.open(location)
        do {
            let run = RunRecord(
                id: RunID.generate(), jobPath: "job.yaml", jobHash: "h", environmentName: "sandbox",
                environmentHost: "canvas.example.edu", isProduction: false, startedAt: Date())
            try await store.beginRun(run)
            try await store.record(
                ItemRecord(
                    runID: run.id, stepID: "courses", itemKey: "C-1", itemIndex: 0, state: .confirmed, attempts: 1,
                    action: .create, updatedAt: Date()),
                durable: true)
            #expect(try await store.summary(of: run.id)[.confirmed] == 1)
            let encrypted = try await store.client.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
                .collect().first?.decode(Bool.self)
            #expect(encrypted == true, "the journal's connection is not encrypted")

            // The job lock keeps a connection of its own: encrypted too.
            let key = JobLockKey(canvasHost: "canvas.example.edu", jobName: "tls-\(UUID().uuidString)")
            let holder = JobLockHolder(user: "u", host: "h", pid: 1, runID: run.id, since: Date())
            let lock = try await PostgresJobLocking(location: location).acquire(key, for: holder, timeout: .zero)
            let lockSessions = try await store.client.query(
                """
                SELECT s.ssl FROM pg_locks l JOIN pg_stat_ssl s ON s.pid = l.pid
                WHERE l.locktype = 'advisory' AND l.granted
                  AND (l.classid::bigint << 32 | l.objid::bigint) = \(PostgresJobLocking.lockKey(key))
                """
            ).collect().map { try $0.decode(Bool.self) }
            lock.release()
            #expect(lockSessions == [true], "the job lock's session: \(lockSessions)")
        } catch {
            try? await store.dropSchema()
            store.close()
            throw error
        }
        try await store.dropSchema()
        store.close()
    }

    @Test func verifyFullRefusesACertificateItCannotTrustAndSaysWhy() async throws {
        let untrusted = try PostgresLocation(url: Self.url(mode: "verify-full")).inSchema(TestDatabase.uniqueSchema())
        await #expect {
            _ = try await PostgresJournalStore.open(untrusted)
        } throws: { error in
            guard case .storageFailed(let path, let reason) = error as? JournalError else { return false }
            return path.contains("sslmode=verify-full")
                && reason.hasPrefix("the server's TLS certificate is not trusted (CERTIFICATE_VERIFY_FAILED)")
                && reason.contains("sslrootcert=FILE") && !reason.contains(".cc")
        }

        // Given the certificate as its root, verify-full checks the chain and the address, and connects.
        let trusted = try PostgresLocation(
            url: Self.url(mode: "verify-full", "&sslrootcert=\(Self.certificatePath())")
        ).inSchema(TestDatabase.uniqueSchema())
        let store = try await PostgresJournalStore.open(trusted)
        #expect(try await store.schemaVersion() > 0)
        try await store.dropSchema()
        store.close()
    }

    struct MissingTLSServer: Error, CustomStringConvertible {
        var description: String {
            "EASEL_TEST_POSTGRES_TLS_URL or EASEL_TEST_POSTGRES_TLS_CERT is not set: run the tests under "
                + "scripts/with-postgres.sh"
        }
    }
}
