import Foundation
import PostgresJournal
import Testing

@Suite struct PostgresLocationTests {
    @Test func readsEveryPartOfTheURL() throws {
        let location = try PostgresLocation(
            url: "postgres://easel:pa%40ss@db.example.edu:6543/canvas_state?sslmode=verify-full&schema=team",
            environment: [:])
        #expect(location.host == "db.example.edu")
        #expect(location.port == 6543)
        #expect(location.user == "easel")
        #expect(location.password == "pa@ss")
        #expect(location.database == "canvas_state")
        #expect(location.schema == "team")
        #expect(location.tlsMode == .verifyFull)
        #expect(location.socketPath == nil)
    }

    @Test func takesThePasswordFromPGPASSWORDAndNeverShowsIt() throws {
        let location = try PostgresLocation(
            url: "postgresql://ops@db.example.edu/easel", environment: ["PGPASSWORD": "from-env-secret"])
        #expect(location.password == "from-env-secret")
        #expect(location.port == 5432)
        #expect(location.tlsMode == .prefer)
        #expect(location.description == "postgres://ops@db.example.edu:5432/easel")
        let withPassword = try PostgresLocation(url: "postgres://ops:url-secret@db/easel", environment: [:])
        #expect(!withPassword.description.contains("url-secret"))
    }

    @Test func connectsThroughAUnixSocketFolder() throws {
        let location = try PostgresLocation(
            url: "postgres://postgres@/easel_test?host=/run/postgresql&sslmode=disable", environment: [:])
        #expect(location.host == nil)
        #expect(location.socketPath == "/run/postgresql/.s.PGSQL.5432")
        #expect(location.database == "easel_test")
    }

    @Test func refusesWhatItCannotUseWithoutEchoingThePassword() {
        #expect(throws: PostgresLocationError.notAPostgresURL("mysql://root:***@db/easel")) {
            try PostgresLocation(url: "mysql://root:hunter2@db/easel", environment: [:])
        }
        #expect(throws: PostgresLocationError.badTLSMode("sometimes")) {
            try PostgresLocation(url: "postgres://u@db/easel?sslmode=sometimes", environment: [:])
        }
        #expect(throws: PostgresLocationError.badSchema("Robert'); DROP")) {
            try PostgresLocation(url: "postgres://u@db/easel?schema=Robert%27);%20DROP", environment: [:])
        }
    }
}
