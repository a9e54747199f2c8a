import ArgumentParser
import Execution
import Foundation
import JSONValues
import Journal
import OrderedCollections
import Session

/// `easel show RUN_ID`: one run's header, its counts per step, and the items that failed or are in doubt.
struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one run: its status, counts per step, and the items that failed or are in doubt."
    )

    @Argument(help: ArgumentHelp("The run's id, as 'easel runs' lists it, or 'latest'.", valueName: "RUN_ID"))
    var runID: String

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    @Option(help: "How many problem items to list in text (JSON lists all).")
    var limit: Int = 50

    @OptionGroup var state: StateDirectoryOptions

    /// The states `show` lists item by item: those resume will retry or reconcile.
    static let problemStates: Set<ItemState> = [.failed, .inDoubt, .sent, .intent, .answered, .refused]

    @OptionGroup var logging: LogOptions

    func run() async throws {
        let output = TerminalOutput()
        let directory = state.stateDirectory
        guard SharedState.journalExists(state) else {
            output.printError("error: no run '\(runID)': there is no journal in \(directory.url.path)")
            throw ExitCode(1)
        }
        let run: RunRecord
        let summary: RunSummary
        let problems: [ItemRecord]
        var items: [ItemRecord] = []
        do {
            let journal = try await SharedState.openJournal(state)
            var found: RunRecord?
            if runID == "latest" {
                found = try await journal.latestRun()
            } else if let id = RunID(validating: runID) {
                found = try await journal.run(id)
            }
            guard let found else {
                output.printError(
                    "error: no run '\(runID)' in the journal at \(SharedState.describe(state)); 'easel runs' lists the runs it has"
                )
                throw ExitCode(1)
            }
            run = found
            summary = try await journal.summary(of: run.id)
            problems = try await journal.items(run: run.id, states: Self.problemStates)
            if run.status != .running { items = try await journal.items(run: run.id) }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            output.printError("error: \(error)")
            throw ExitCode(1)
        }
        // A run journaled as running whose process is gone was killed: resume finishes it. With shared state the
        // process may be on another machine, so this one cannot tell.
        let isOrphaned =
            state.stateURL == nil && run.status == .running
            && RunSession.liveProcess(running: run.id, in: directory) == nil
        let manifest = RunManifest.read(run.id, in: directory)
        let steps = StepProgressTable(summary: summary, manifest: manifest)
        items = steps.ordered(items)
        switch format {
        case .json:
            var shown = json(run, summary, problems, isOrphaned: isOrphaned)
            if case .object(var fields) = shown {
                fields["job_name"] = manifest.map { .string($0.jobName) } ?? .null
                fields["step_progress"] = steps.json
                fields["items"] = .array(items.map(StepProgressTable.json(item:)))
                shown = .object(fields)
            }
            output.printOut(shown.serialized(options: .prettyPrinted))
        case .text:
            output.printOut(
                text(run, summary, problems, isOrphaned: isOrphaned, steps: steps, items: items, manifest: manifest))
        }
    }

    private func text(
        _ run: RunRecord, _ summary: RunSummary, _ problems: [ItemRecord], isOrphaned: Bool, steps: StepProgressTable,
        items: [ItemRecord], manifest: RunManifest?
    ) -> String {
        let formatting = RunFormatting(colored: TerminalOutput.stdoutIsTerminal)
        var finished = "-"
        if let end = run.finishedAt { finished = "\(formatting.localTime(end)) (\(formatting.duration(of: run)))" }
        let variables = run.variables.map { "\($0.key)=\($0.value.serialized())" }.joined(separator: ", ")
        let header = [
            ["Run", run.id.rawValue],
            ["Status", run.status.rawValue + (isOrphaned ? " (its process is gone: it was killed or crashed)" : "")],
            ["Job", manifest.map { "\($0.jobName) (\(run.jobPath))" } ?? run.jobPath],
            ["Job SHA-256", run.jobHash],
            [
                "Environment",
                "\(run.environmentName) (\(run.environmentHost))" + (run.isProduction ? ", production" : ""),
            ],
            ["Variables", variables.isEmpty ? "-" : variables], ["Started", formatting.localTime(run.startedAt)],
            ["Finished", finished],
        ]
        var sections = [
            formatting.table(header) { row, column, padded in
                row == 1 && column == 1 ? formatting.status(run.status) : padded
            }
        ]

        if summary.steps.isEmpty && manifest == nil {
            sections.append("No items were journaled.")
        } else {
            sections.append(formatting.table(steps.rows(finished: run.status == .succeeded)))
        }
        if !items.isEmpty {
            let shown = items.prefix(max(0, limit))
            var lines = "Items (\(items.count)):\n"
            lines += formatting.table(
                [["STEP", "KEY", "OUTCOME", "CHANGED", "CANVAS ID"]]
                    + shown.map { item in
                        [
                            item.stepID, item.itemKey, item.outcome?.description ?? "pending",
                            item.changedFields.isEmpty ? "-" : item.changedFields.joined(separator: ", "),
                            item.canvasID ?? "-",
                        ]
                    })
            if items.count > shown.count {
                lines += "\n… and \(items.count - shown.count) more (--limit, or --format json, lists them all)"
            }
            sections.append(lines)
        }

        if !problems.isEmpty {
            let shown = problems.prefix(max(0, limit))
            let itemHeader = ["STEP", "KEY", "STATE", "HTTP", "ATTEMPTS", "RESUME", "ERROR"]
            let itemRows = shown.map { item in
                [
                    item.stepID, item.itemKey, formatting.label(item.state), item.httpStatus.map(String.init) ?? "-",
                    String(item.attempts), ResumeAction(item).description,
                    item.errorMessage ?? Self.unansweredNote(item.state),
                ]
            }
            var lines = "Items that failed or are in doubt (\(problems.count)):\n"
            lines += formatting.table([itemHeader] + itemRows)
            if problems.count > shown.count {
                lines += "\n… and \(problems.count - shown.count) more (--format json lists them all)"
            }
            sections.append(lines)
        }
        if run.status != .succeeded && (run.status != .running || isOrphaned) {
            sections.append(
                "Resume with: \(ResumeCommandLine.text(run.id, arguments: manifest?.resumeArguments ?? []))")
        }
        return sections.joined(separator: "\n\n")
    }

    /// What an item without an error message is waiting for.
    private static func unansweredNote(_ state: ItemState) -> String {
        switch state {
        case .intent: "journaled as about to be sent when the run stopped; it may have left"
        case .sent: "sent, and no answer journaled"
        default: "-"
        }
    }

    private func json(_ run: RunRecord, _ summary: RunSummary, _ problems: [ItemRecord], isOrphaned: Bool) -> JSONValue
    {
        let totals = Dictionary(uniqueKeysWithValues: ItemState.allCases.map { ($0, summary[$0]) })
        let steps = summary.steps.map { step -> JSONValue in
            ["step": .string(step.stepID), "counts": RunFormatting.json(step.counts), "total": .int(step.total)]
        }
        let items = problems.map { item -> JSONValue in
            [
                "step": .string(item.stepID), "key": .string(item.itemKey), "index": .int(item.itemIndex),
                "state": .string(item.state.rawValue), "action": .string(item.action.rawValue),
                "attempts": .int(item.attempts), "canvas_id": item.canvasID.map { .string($0) } ?? .null,
                "http_status": item.httpStatus.map { .int($0) } ?? .null,
                "error": item.errorMessage.map { .string($0) } ?? .null,
                "resume": .string(ResumeAction(item).rawValue),
                "updated_at": .string(RunFormatting.isoTime(item.updatedAt)),
            ]
        }
        return [
            "run": RunFormatting.json(run, counts: totals), "process_gone": .bool(isOrphaned), "steps": .array(steps),
            "problems": .array(items),
        ]
    }
}
