import Execution
import PostgresJournal

/// Who began each listed run and where: from the shared journal, which keeps them; a local journal's runs were
/// all begun on this machine, and it keeps no user, so they show as "-".
struct RunOrigins {
    private var byRun: [RunID: (user: String, host: String)] = [:]

    /// The origins of `runs` that `journal` keeps.
    static func of(_ runs: [RunID], in journal: any JournalStore) async throws -> RunOrigins {
        var origins = RunOrigins()
        if let shared = journal as? PostgresJournalStore, !runs.isEmpty {
            origins.byRun = try await shared.origins(of: runs)
        }
        return origins
    }

    func user(of run: RunID) -> String { byRun[run].map(\.user).flatMap { $0.isEmpty ? nil : $0 } ?? "-" }
    func host(of run: RunID) -> String { byRun[run].map(\.host).flatMap { $0.isEmpty ? nil : $0 } ?? "-" }
}
