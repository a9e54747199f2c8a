import ArgumentParser
import Execution
import Foundation
import Journal
import PostgresJournal

/// Where a command's journal is: the state folder's SQLite file, or a PostgreSQL database shared by a team.
enum SharedState {
    /// The environment variable that names the shared state when `--state-url` is not given.
    static let environmentVariable = "EASEL_STATE_URL"

    /// The journal the options choose: PostgreSQL for a state URL (schema migrated on first use), else the state
    /// folder's SQLite journal. Errors name the database without its password.
    static func openJournal(_ options: StateDirectoryOptions) async throws -> any JournalStore {
        guard let url = options.stateURL else {
            return try SQLiteJournalStore(stateDirectory: options.stateDirectory)
        }
        return try await PostgresJournalStore.open(try PostgresLocation(url: url))
    }

    /// Whether the options name a journal that exists: always for a database (it is created on first use),
    /// and for a state folder once it has a journal file.
    static func journalExists(_ options: StateDirectoryOptions) -> Bool {
        options.stateURL != nil || FileManager.default.fileExists(atPath: options.stateDirectory.journalPath)
    }

    /// Where the journal is, for messages: the database without its password, or the journal file.
    static func describe(_ options: StateDirectoryOptions) -> String {
        if let url = options.stateURL {
            return (try? PostgresLocation(url: url).description) ?? "the state URL"
        }
        return options.stateDirectory.journalPath
    }
}
