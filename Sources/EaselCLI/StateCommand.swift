import ArgumentParser
import Execution
import Foundation
import Journal
import PostgresJournal

/// `easel state`: the journal's schema and moving a history between journals.
struct StateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state",
        abstract: "Bring a journal's schema up to date, or copy runs from one journal to another.",
        subcommands: [StateMigrateCommand.self, StateCopyCommand.self]
    )
}

/// `easel state migrate`: creates or upgrades the journal's tables (also done on first use).
struct StateMigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create the journal's tables or bring them up to date (every command also does so on first use)."
    )

    @OptionGroup var state: StateDirectoryOptions

    @OptionGroup var logging: LogOptions

    func run() async throws {
        let output = TerminalOutput()
        do {
            if let url = state.stateURL {
                let store = try await PostgresJournalStore.open(try PostgresLocation(url: url))
                defer { store.close() }
                let version = try await store.schemaVersion()
                output.printOut("\(store.location): schema version \(version)")
            } else {
                _ = try SQLiteJournalStore(stateDirectory: state.stateDirectory)
                output.printOut("\(state.stateDirectory.journalPath): up to date")
            }
        } catch {
            output.printError("error: \(error)")
            throw ExitCode.failure
        }
    }
}

/// `easel state copy --from A --to B`: copies every run of one journal, with its items (and stored job files
/// between databases), into another; runs the target has already are left alone, so a copy can be repeated.
struct StateCopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy runs and their items from one journal to another (a state folder or a postgres:// URL)."
    )

    @Option(help: ArgumentHelp("The journal to copy from: a state folder or a postgres:// URL.", valueName: "URL"))
    var from: String

    @Option(help: ArgumentHelp("The journal to copy into: a state folder or a postgres:// URL.", valueName: "URL"))
    var to: String

    @OptionGroup var logging: LogOptions

    func run() async throws {
        let output = TerminalOutput()
        do {
            let source = try await Self.open(from, creating: false)
            let target = try await Self.open(to, creating: true)
            var copied = 0
            var skipped = 0
            // Oldest first, so the target lists them in the same order whatever it sorts by.
            for run in try await source.runs(limit: Int(Int32.max)).reversed() {
                if try await target.run(run.id) != nil {
                    skipped += 1
                    continue
                }
                try await target.beginRun(run)
                try await target.record(try await source.items(run: run.id), durable: true)
                if let finished = run.finishedAt {
                    try await target.finishRun(run.id, status: run.status, at: finished)
                }
                if let from = source as? PostgresJournalStore, let into = target as? PostgresJournalStore {
                    try await into.storeFiles(try await from.files(of: run.id), of: run.id)
                }
                copied += 1
            }
            output.printOut("Copied \(copied) run(s) to \(Self.describe(to)); \(skipped) were there already.")
        } catch let error as ExitCode {
            throw error
        } catch {
            output.printError("error: \(error)")
            throw ExitCode.failure
        }
    }

    /// The journal `text` names: a PostgreSQL URL, else a state folder (refused when it has no journal and
    /// `creating` is false).
    static func open(_ text: String, creating: Bool) async throws -> any JournalStore {
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            return try await PostgresJournalStore.open(try PostgresLocation(url: text))
        }
        let directory = StateDirectory(url: URL(fileURLWithPath: text, isDirectory: true))
        guard creating || FileManager.default.fileExists(atPath: directory.journalPath) else {
            throw ValidationError("there is no journal in \(directory.url.path)")
        }
        return try SQLiteJournalStore(stateDirectory: directory)
    }

    private static func describe(_ text: String) -> String {
        (try? PostgresLocation(url: text).description) ?? text
    }
}
