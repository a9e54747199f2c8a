import ArgumentParser
import Execution
import Foundation
import JSONValues
import JobSpec
import Logging
import OrderedCollections
import PlanModel
import Planning
import Session
import Undo

/// `easel undo RUN_ID`: plans the job that takes a run back, from the values its journal kept from before each
/// write; the plan is shown and saved like `easel plan`'s and applied with `easel apply PLAN`.
struct UndoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undo",
        abstract: "Plan taking a run back: fields to their values from before it, deleted objects brought back.",
        discussion: """
            Reads the run's journal and the objects as Canvas has them now, and writes an undo job (in the run's \
            folder) that puts updated fields back, reactivates concluded or inactive enrollments and undeletes \
            courses where Canvas allows it, and sends the undo: of raw request steps that declare one. The plan is \
            printed like `easel plan`'s; --out saves it, and `easel apply PLAN` applies it with the same guards, \
            journal and resume. An object that changed since the run is a conflict: listed and skipped unless \
            --force. Objects the run created are left in place unless --delete-created.
            """
    )

    @Argument(help: ArgumentHelp("The run to undo, as 'easel runs' lists it, or 'latest'.", valueName: "RUN_ID"))
    var runID: String

    @OptionGroup var target: CanvasTargetOptions
    @OptionGroup var state: StateDirectoryOptions

    @Option(help: ArgumentHelp("Save the plan to apply it with `easel apply PLAN`.", valueName: "PLAN"))
    var out: String?

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    @Flag(help: "Also undo objects that changed since the run, overwriting those changes.")
    var force = false

    @Flag(help: "Delete the objects the run created instead of leaving them in place.")
    var deleteCreated = false

    func run() async throws {
        let output = TerminalOutput()
        guard SharedState.journalExists(state) else {
            output.printError("error: no run '\(runID)': there is no journal in \(state.stateDirectory.url.path)")
            throw ExitCode.failure
        }
        let journal = try await SharedState.openJournal(state)
        let found: RunRecord?
        if runID == "latest" {
            found = try await journal.latestRun()
        } else {
            found = try await RunID(validating: runID).asyncMap { try await journal.run($0) } ?? nil
        }
        guard let run = found else {
            output.printError("error: no run '\(runID)' in the journal; 'easel runs' lists the runs it has")
            throw ExitCode.failure
        }
        // The run's own job, for the undo: of its raw request steps; undo goes on without it for everything else.
        let graph = try? JobLoading.load(path: run.jobPath, vars: run.variables)
        let logger = Logger(label: "easel.undo", factory: { _ in SwiftLogNoOpLogHandler() })
        let (plan, work) = try await target.withSession(stateDirectory: state.stateDirectory) { session in
            guard session.environment.host == run.environmentHost else {
                output.printError(
                    "error: run \(run.id) wrote to \(run.environmentHost), not \(session.environment.host); "
                        + "choose that Canvas with --env or --base-url")
                throw ExitCode.failure
            }
            let planner = UndoPlanner(journal: journal, client: session.client, graph: graph, logger: logger)
            let work = try await planner.plan(
                run: run.id, options: UndoOptions(force: force, deleteCreated: deleteCreated))
            let job = UndoJob(undoing: run.id.rawValue, jobPath: run.jobPath, requests: work.requests)
            let jobPath = Self.relativeToCurrentDirectory(
                try job.write(
                    to: state.stateDirectory.runFolder(run.id).appendingPathComponent("undo", isDirectory: true)))
            let undoGraph = try JobLoading.load(path: jobPath, vars: [:])
            let plan = try await Planner(
                graph: undoGraph, jobPath: jobPath, client: session.client, environment: session.environment,
                easelVersion: EaselVersion.current, logger: logger
            ).plan()
            return (plan, work)
        }
        switch format {
        case .text:
            output.printOut(PlanRenderer(style: PlanStyle.forStandardOutput).render(plan), terminator: "")
            output.printOut(UndoNotesRenderer.text(work), terminator: "")
        case .json:
            var members = plan.jsonValue.objectValue ?? [:]
            members["undo"] = UndoNotesRenderer.json(work)
            output.printOut(JSONValue.object(members).serialized(options: [.prettyPrinted]))
        }
        if let out {
            try PlanFile.write(plan, to: out)
            if format == .text {
                let apply = ResumeCommandLine.text(
                    ["easel", "apply", out] + ResumeCommandLine.arguments(target: target, state: state))
                output.printOut("Saved the plan to \(out); apply it with: \(apply)")
            }
        }
    }
}

extension UndoCommand {
    /// `path` relative to the current directory when it lies under it, as plans and runs show job paths.
    static func relativeToCurrentDirectory(_ path: String) -> String {
        let current = FileManager.default.currentDirectoryPath
        let prefix = current.hasSuffix("/") ? current : current + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}

extension Optional {
    /// The wrapped value transformed by an async function, or nil.
    fileprivate func asyncMap<Result>(_ transform: (Wrapped) async throws -> Result) async rethrows -> Result? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
