import ArgumentParser
import Execution
import Foundation
import JSONValues
import Journal
import OrderedCollections
import Session

/// `easel runs`: lists the journal's recent runs, newest first.
struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List recent runs, newest first, with their status and item counts."
    )

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    @Option(help: "How many runs to list.")
    var limit: Int = 20

    @OptionGroup var filter: RunFilter
    @OptionGroup var state: StateDirectoryOptions

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1, got \(limit)") }
    }

    /// How many of the newest runs a filtered listing looks through.
    static let filteredSearchDepth = 100_000

    @OptionGroup var logging: LogOptions

    func run() async throws {
        var origins = RunOrigins()
        let output = TerminalOutput()
        let directory = state.stateDirectory
        // Listing must not create a state folder where there is none.
        guard SharedState.journalExists(state) else {
            switch format {
            case .json: output.printOut("[]")
            case .text: output.printOut("No runs yet: there is no journal in \(directory.url.path).")
            }
            return
        }
        let listed: [(RunRecord, RunSummary)]
        do {
            let journal = try await SharedState.openJournal(state)
            var runs: [(RunRecord, RunSummary)] = []
            // Filters read further back than --limit, then keep the newest that match.
            let candidates = try await journal.runs(limit: filter.isActive ? Self.filteredSearchDepth : limit)
            for run in candidates.filter({ filter.matches($0) }).prefix(limit) {
                runs.append((run, try await journal.summary(of: run.id)))
            }
            listed = runs
            origins = try await RunOrigins.of(listed.map(\.0.id), in: journal)
        } catch {
            output.printError("error: \(error)")
            throw ExitCode(1)
        }
        switch format {
        case .json:
            let runs = listed.map { run, summary in
                var json = RunFormatting.json(run, counts: totals(summary))
                if case .object(var fields) = json {
                    fields["user"] = .string(origins.user(of: run.id))
                    fields["host"] = .string(origins.host(of: run.id))
                    fields["job_name"] = jobName(run).map(JSONValue.string) ?? .null
                    fields["outcomes"] = RunFormatting.json(summary.outcomeTotals)
                    json = .object(fields)
                }
                return json
            }
            output.printOut(JSONValue.array(runs).serialized(options: .prettyPrinted))
        case .text:
            output.printOut(text(listed, origins: origins))
        }
    }

    private func text(_ listed: [(RunRecord, RunSummary)], origins: RunOrigins) -> String {
        guard !listed.isEmpty else { return "No runs yet." }
        let formatting = RunFormatting(colored: TerminalOutput.stdoutIsTerminal)
        let header = ["RUN", "USER", "HOST", "NAME", "JOB", "ENVIRONMENT", "STATUS", "STARTED", "DURATION", "ITEMS"]
        let rows = listed.map { run, summary in
            [
                run.id.rawValue, origins.user(of: run.id), origins.host(of: run.id), jobName(run) ?? "-", run.jobPath,
                run.environmentHost + (run.isProduction ? " (production)" : ""),
                run.status.rawValue, formatting.localTime(run.startedAt), formatting.duration(of: run),
                formatting.outcomes(summary.outcomeTotals, pending: summary.pending),
            ]
        }
        return formatting.table([header] + rows) { row, column, padded in
            guard row > 0, column == 6 else { return padded }
            return formatting.status(listed[row - 1].0.status, width: padded.count)
        }
    }

    /// The job's `name:` as the run's manifest keeps it, when this machine has the run's folder.
    private func jobName(_ run: RunRecord) -> String? {
        RunManifest.read(run.id, in: state.stateDirectory)?.jobName
    }

    private func totals(_ summary: RunSummary) -> [ItemState: Int] {
        Dictionary(uniqueKeysWithValues: ItemState.allCases.map { ($0, summary[$0]) })
    }
}
