import Canvas
import EaselTestSupport
import Execution
import Foundation
import JSONValues
import Journal
import PlanModel
import Planning
import Session
import Testing

/// A run's lifecycle driven through `RunSession` in-process: the sandbox over loopback, a real SQLite journal, the
/// approval answered by a scripted prompt.
@Suite struct RunSessionTests {
    @Test func aRunBegunKeepsItsJobAndFingerprintAndEndsWithItsResults() async throws {
        try await SessionHarness.run { harness in
            let (job, csv) = SessionHarness.coursesJob(count: 3, prefix: "BEGUN")
            let path = try harness.writeJob(job, files: ["courses-BEGUN.csv": csv])
            let prompt = ScriptedPrompt(answers: ["yes"])
            let session = try harness.session(prompt: prompt)
            let runID = RunID.generate()

            let outcome = try await session.apply(
                try harness.request(path), runID: runID, on: harness.canvas(), choices: ApplyChoices())

            #expect(outcome.status == .succeeded, "\(outcome.problems)")
            #expect(outcome.summary.step("shells")?[.confirmed] == 3)
            #expect(prompt.questions == ["Apply these changes to canvas.test? Only 'yes' applies: "])
            #expect(harness.output.out.contains("Run \(runID) on canvas.test"))
            let run = try #require(try await harness.journal.run(runID))
            #expect(run.status == .succeeded)
            #expect(run.startedAt == SessionHarness.startedAt)
            #expect(run.jobPath == path)
            let folder = harness.stateDirectory.runFolder(runID)
            #expect(try String(contentsOf: folder.appendingPathComponent("job.yaml"), encoding: .utf8) == job)
            let fingerprint = try JSONValue(
                parsing: String(contentsOf: folder.appendingPathComponent("fingerprint.json"), encoding: .utf8))
            #expect(fingerprint["inputs"]?["courses"]?.stringValue?.isEmpty == false)
            #expect(RunManifest.read(runID, in: harness.stateDirectory)?.planned["shells"] == 3)
            // The pid file marks a run going; a run that ended leaves none, and its results file instead.
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("pid").path))
            #expect(FileManager.default.fileExists(atPath: harness.stateDirectory.resultsURL(runID).path))
            #expect(
                try await harness.courses(prefix: "BEGUN-")
                    == ["BEGUN-1": "Course BEGUN 1", "BEGUN-2": "Course BEGUN 2", "BEGUN-3": "Course BEGUN 3"])
        }
    }

    @Test func anApplyNotApprovedBeginsNoRun() async throws {
        try await SessionHarness.run { harness in
            let (job, csv) = SessionHarness.coursesJob(count: 2, prefix: "NOPE")
            let path = try harness.writeJob(job, files: ["courses-NOPE.csv": csv])
            let prompt = ScriptedPrompt(answers: ["no"])
            let session = try harness.session(prompt: prompt)

            await #expect(throws: SessionStop(.failed)) {
                try await session.apply(
                    try harness.request(path), runID: RunID.generate(), on: harness.canvas(), choices: ApplyChoices())
            }
            #expect(prompt.questions.count == 1)
            #expect(harness.output.errors.hasSuffix("Not applied.\n"))
            #expect(try await harness.journal.latestRun() == nil)
            #expect(try await harness.courses(prefix: "NOPE-").isEmpty)
        }
    }

    @Test func productionIsConfirmedByItsHostTypedAtThePromptEvenWithAutoApprove() async throws {
        try await SessionHarness.run { harness in
            let (job, csv) = SessionHarness.coursesJob(count: 2, prefix: "PROD")
            let path = try harness.writeJob(job, files: ["courses-PROD.csv": csv])
            let production = harness.canvas(production: true, host: "canvas.example.edu")
            var choices = ApplyChoices()
            choices.autoApprove = true

            // A "yes" is not the host: nothing is written.
            let refusing = ScriptedPrompt(answers: ["yes"])
            await #expect(throws: SessionStop(.failed)) {
                try await harness.session(prompt: refusing).apply(
                    try harness.request(path), runID: RunID.generate(), on: production, choices: choices)
            }
            #expect(refusing.questions == ["canvas.example.edu is PRODUCTION. Type its host name to write to it: "])
            #expect(try await harness.courses(prefix: "PROD-").isEmpty)

            // Without a terminal to ask on, the run is refused before anything is asked.
            let noTerminal = ScriptedPrompt(canAsk: false)
            await #expect(throws: SessionStop(.failed)) {
                try await harness.session(prompt: noTerminal).apply(
                    try harness.request(path), runID: RunID.generate(), on: production, choices: choices)
            }
            #expect(noTerminal.questions.isEmpty)
            #expect(harness.output.errors.contains("pass --confirm-production canvas.example.edu"))
            #expect(try await harness.journal.latestRun() == nil)

            // The host typed: the run goes, its executor held to the confirmed host.
            let confirming = ScriptedPrompt(answers: ["canvas.example.edu"])
            let runID = RunID.generate()
            let outcome = try await harness.session(prompt: confirming).apply(
                try harness.request(path), runID: runID, on: production, choices: choices)
            #expect(outcome.status == .succeeded, "\(outcome.problems)")
            #expect(confirming.questions.count == 1)
            #expect(try await harness.journal.run(runID)?.isProduction == true)
            #expect(try await harness.courses(prefix: "PROD-").count == 2)
        }
    }

    @Test func aSavedPlanIsAppliedWithoutAskingAndItsInterruptedRunIsResumed() async throws {
        try await SessionHarness.run { harness in
            let (job, csv) = SessionHarness.coursesJob(count: 4, prefix: "SAVED")
            let path = try harness.writeJob(job, files: ["courses-SAVED.csv": csv])
            let canvas = harness.canvas()
            let plan = try await Planner(
                graph: try harness.request(path).graph, jobPath: path, client: harness.client,
                environment: canvas.environment, easelVersion: "test", logger: SessionHarness.logger
            ).plan()
            #expect(plan.summary.creates == 4)
            let planPath = harness.folder.appendingPathComponent("saved.plan").path
            try PlanFile.write(plan, to: planPath)

            // Stopped as its executor starts, as a Ctrl-C then would: nothing is written, the run is resumable.
            let prompt = ScriptedPrompt()
            let runID = RunID.generate()
            let request = try harness.request(planPath)
            #expect(request.savedPlan != nil && request.jobPath == path)
            let interrupted = try await harness.session(prompt: prompt, watcher: InterruptingWatcher()).apply(
                request, runID: runID, on: canvas, choices: ApplyChoices())
            #expect(interrupted.status == .interrupted)
            #expect(prompt.questions.isEmpty)
            #expect(harness.output.out.contains("Applying the plan \(planPath) (made "))
            #expect(try await harness.journal.run(runID)?.status == .interrupted)
            #expect(try await harness.courses(prefix: "SAVED-").isEmpty)

            let resumer = try harness.session(prompt: prompt)
            let resume = try #require(try await resumer.prepareResume(runID.rawValue, allowChangedJob: false))
            #expect(resume.run.id == runID && !resume.jobChanged)
            let outcome = try await resumer.resume(resume, on: canvas, choices: ResumeChoices())
            #expect(outcome.status == .succeeded, "\(outcome.problems)")
            #expect(outcome.summary.step("shells")?[.confirmed] == 4)
            // The run was approved when it began: an unchanged job's resume asks nothing.
            #expect(prompt.questions.isEmpty)
            #expect(harness.output.out.contains("Resuming run \(runID) on canvas.test"))
            #expect(try await harness.courses(prefix: "SAVED-").count == 4)

            // Done: a second resume has nothing to do.
            #expect(try await resumer.prepareResume("latest", allowChangedJob: false) == nil)
            #expect(harness.output.out.contains("Run \(runID) already succeeded; nothing to resume."))
        }
    }

    @Test func aResumeIsRefusedWhenTheJobChangedUnlessAllowedAndThenAsks() async throws {
        try await SessionHarness.run { harness in
            let (job, csv) = SessionHarness.coursesJob(count: 3, prefix: "CHANGED")
            let path = try harness.writeJob(job, files: ["courses-CHANGED.csv": csv])
            let canvas = harness.canvas()
            var choices = ApplyChoices()
            choices.autoApprove = true
            let runID = RunID.generate()
            let interrupted = try await harness.session(watcher: InterruptingWatcher()).apply(
                try harness.request(path), runID: runID, on: canvas, choices: choices)
            #expect(interrupted.status == .interrupted)

            // One more row in the input.
            try (csv + "CHANGED-4,Course CHANGED 4\n").write(
                to: harness.folder.appendingPathComponent("courses-CHANGED.csv"), atomically: true, encoding: .utf8)
            let session = try harness.session()
            await #expect(throws: SessionStop(.failed)) {
                try await session.prepareResume(runID.rawValue, allowChangedJob: false)
            }
            #expect(harness.output.errors.contains("error: the job changed since run \(runID) started:\n"))
            #expect(harness.output.errors.contains("courses"))
            #expect(harness.output.errors.contains("Resume anyway with --allow-changed-job"))

            // Allowed, what is left is planned, shown and asked about.
            let prompt = ScriptedPrompt(answers: ["yes"])
            let allowed = try harness.session(prompt: prompt)
            let request = try #require(try await allowed.prepareResume(runID.rawValue, allowChangedJob: true))
            #expect(request.jobChanged)
            let outcome = try await allowed.resume(request, on: canvas, choices: ResumeChoices())
            #expect(outcome.status == .succeeded, "\(outcome.problems)")
            #expect(prompt.questions == ["Apply these changes to canvas.test? Only 'yes' applies: "])
            #expect(harness.output.out.contains("What is left to do under the changed job:"))
            #expect(try await harness.courses(prefix: "CHANGED-").count == 4)
        }
    }

    @Test func aRunHeldByALiveProcessIsNotResumed() async throws {
        try await SessionHarness.run { harness in
            let (job, csv) = SessionHarness.coursesJob(count: 2, prefix: "HELD")
            let path = try harness.writeJob(job, files: ["courses-HELD.csv": csv])
            let canvas = harness.canvas()
            var choices = ApplyChoices()
            choices.autoApprove = true
            let runID = RunID.generate()
            _ = try await harness.session(watcher: InterruptingWatcher()).apply(
                try harness.request(path), runID: runID, on: canvas, choices: choices)

            let other = try ChildProcess(
                executable: URL(fileURLWithPath: "/bin/sleep"), arguments: ["60"], environment: [:],
                directory: harness.folder)
            defer {
                other.send(SIGKILL)
                _ = other.waitUntilExit()
            }
            let session = try harness.session()

            // Its pid file names a live process: the run is still going.
            let pidFile = harness.stateDirectory.runFolder(runID).appendingPathComponent("pid")
            try String(other.processIdentifier).write(to: pidFile, atomically: true, encoding: .utf8)
            await #expect(throws: SessionStop(.failed)) {
                try await session.prepareResume(runID.rawValue, allowChangedJob: false)
            }
            #expect(
                harness.output.errors.contains(
                    "error: run \(runID) is still going (process \(other.processIdentifier)); stop it first"))

            // No pid file, but the live process holds the run's lease in the journal: refused, try later (75).
            try FileManager.default.removeItem(at: pidFile)
            let request = try #require(try await session.prepareResume(runID.rawValue, allowChangedJob: false))
            try await harness.journal.lockRun(
                runID,
                holder: RunLockHolder(
                    host: ProcessInfo.processInfo.hostName, pid: other.processIdentifier, token: "the other process"),
                at: Date())
            await #expect(throws: SessionStop(.temporary)) {
                try await session.resume(request, on: canvas, choices: ResumeChoices())
            }
            #expect(try await harness.courses(prefix: "HELD-").isEmpty)

            // Once that process is gone, its lease is too.
            other.send(SIGKILL)
            _ = other.waitUntilExit()
            let outcome = try await harness.session().resume(request, on: canvas, choices: ResumeChoices())
            #expect(outcome.status == .succeeded, "\(outcome.problems)")
            #expect(try await harness.courses(prefix: "HELD-").count == 2)
        }
    }
}
