import ArgumentParser
import CMallocArenas
import Foundation
import Session

/// The `easel` command: plans and applies changes to Canvas LMS from reviewed YAML job files.
@main
struct Easel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "easel",
        abstract: "Plan and apply changes to Canvas LMS from reviewed YAML job files.",
        version: EaselVersion.current,
        subcommands: [
            ValidateCommand.self, GraphCommand.self, PlanCommand.self, ApplyCommand.self, ResumeCommand.self,
            RunsCommand.self, ShowCommand.self, EnvCommand.self, SandboxCommand.self, StateCommand.self,
            UndoCommand.self,
        ]
    )

    /// Runs the command with a umask that keeps every file Easel writes (journal, request logs, results, saved
    /// plans, exports) readable by the user alone.
    ///
    /// A command that takes `--log-level`/`--log-file` has its log started before it runs, so that every logger
    /// it hands to the library writes there.
    static func main() async {
        umask(0o077)
        // glibc gives threads that allocate at once arenas of their own, and what is freed in one is not reused by
        // the others: a 100,000-row plan peaked 20% higher with two arenas than with one. Easel waits on Canvas,
        // not on the allocator's lock.
        easel_use_one_malloc_arena()
        do {
            var command = try parseAsRoot()
            if let logged = command as? any LoggedCommand { EaselLog.start(try logged.logging.destination()) }
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            // Help and the statuses commands chose are ArgumentParser's to end with; usage mistakes are printed with
            // Easel's one spelling, `error:`; any other error that reaches here is printed once and exits by the
            // table in ExitStatus.
            if error is ExitCode || error is CleanExit { exit(withError: error) }
            if exitCode(for: error) != .failure { exit(withLowercaseError: error) }
            FileHandle.standardError.write(Data((ExitStatus.message(reaching: error) + "\n").utf8))
            Foundation.exit(ExitStatus(reaching: error).rawValue)
        }
    }

    /// Ends the process for `error` as the argument parser would, but with Easel's one spelling, `error:`, for
    /// the usage errors it reports (`Error:` in the parser's own words).
    private static func exit(withLowercaseError error: any Error) -> Never {
        let code = exitCode(for: error)
        let message = fullMessage(for: error)
        guard code != .success, message.hasPrefix("Error: ") else { exit(withError: error) }
        FileHandle.standardError.write(Data(("error: " + message.dropFirst("Error: ".count) + "\n").utf8))
        Foundation.exit(code.rawValue)
    }
}
