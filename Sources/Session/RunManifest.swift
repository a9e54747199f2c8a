public import Execution
public import Foundation

/// What `easel runs` and `easel show` tell of a run besides its journal: the job's `name:` and how many items each
/// step has, kept as `run.json` in the run's folder and brought up to date while the run goes.
///
/// A run begun on another machine (shared state) has no such file here; then only the job's path is shown.
public struct RunManifest: Codable, Equatable, Sendable {
    /// The job's `name:`.
    public var jobName: String
    /// The job's steps in the order they run.
    public var steps: [String]
    /// How many items each step has, for the steps whose items are known.
    public var planned: [String: Int]
    /// The options `resume` needs to reach the run's Canvas and state again (`--base-url URL`, `--env NAME`,
    /// `--state-dir DIR` …), as the last command that ran it was given them; nil in a manifest written before
    /// they were kept.
    public var resumeArguments: [String]?

    /// A manifest of a job named `jobName` with `steps`, knowing how many items `planned` says.
    public init(jobName: String, steps: [String], planned: [String: Int]) {
        self.jobName = jobName
        self.steps = steps
        self.planned = planned
    }

    private enum CodingKeys: String, CodingKey {
        case jobName = "job_name"
        case steps
        case planned
        case resumeArguments = "resume_arguments"
    }

    /// The file of `run` in `directory`.
    public static func url(of run: RunID, in directory: StateDirectory) -> URL {
        directory.runFolder(run).appendingPathComponent("run.json", isDirectory: false)
    }

    /// The manifest of `run`, or nil when this machine has none.
    public static func read(_ run: RunID, in directory: StateDirectory) -> RunManifest? {
        guard let data = try? Data(contentsOf: url(of: run, in: directory)) else { return nil }
        return try? JSONDecoder().decode(RunManifest.self, from: data)
    }

    /// Writes the manifest of `run`; a manifest that cannot be written only costs `runs` and `show` a detail.
    public func write(_ run: RunID, in directory: StateDirectory) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(self) else { return }
        try? data.write(to: Self.url(of: run, in: directory), options: .atomic)
    }

    /// This manifest with the step totals `progress` knows so far added.
    public func adding(_ progress: [RunProgress.StepCounts]) -> RunManifest {
        var updated = self
        for step in progress {
            if let total = step.total { updated.planned[step.stepID] = total }
        }
        return updated
    }
}
