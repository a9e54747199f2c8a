import Execution
import Journal
import PostgresJournal

/// Who began each listed run and where, as the journal (shared or local) keeps them; a run recorded by an Easel
/// that kept neither shows "-".
struct RunOrigins {
    private var byRun: [RunID: (user: String, host: String)] = [:]

    /// The origins of `runs` that `journal` keeps.
    static func of(_ runs: [RunID], in journal: any JournalStore) async throws -> RunOrigins {
        var origins = RunOrigins()
        guard !runs.isEmpty else { return origins }
        if let shared = journal as? PostgresJournalStore {
            origins.byRun = try await shared.origins(of: runs)
        } else if let local = journal as? SQLiteJournalStore {
            origins.byRun = try await local.origins(of: runs)
        }
        return origins
    }

    func user(of run: RunID) -> String { byRun[run].map(\.user).flatMap { $0.isEmpty ? nil : $0 } ?? "-" }
    func host(of run: RunID) -> String { byRun[run].map(\.host).flatMap { $0.isEmpty ? nil : $0 } ?? "-" }
}
