import Execution
import Foundation
import JobSpec

extension RunSession {
    /// Brings the run's manifest up to date with the step totals the executor learns, once a second until
    /// cancelled, so that `show` of a run killed midway knows how many items each step has.
    static func keepManifest(
        _ runID: RunID, graph: StepGraph, progress: RunProgress, resumeArguments: [String], in directory: StateDirectory
    ) async {
        var written: RunManifest?
        while !Task.isCancelled {
            let manifest = manifest(
                runID, graph: graph, progress: progress, resumeArguments: resumeArguments, in: directory)
            if manifest != written {
                manifest.write(runID, in: directory)
                written = manifest
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }

    /// Writes the run's manifest with the step totals known now.
    static func updateManifest(
        _ runID: RunID, graph: StepGraph, progress: RunProgress, resumeArguments: [String], in directory: StateDirectory
    ) {
        manifest(runID, graph: graph, progress: progress, resumeArguments: resumeArguments, in: directory)
            .write(runID, in: directory)
    }

    /// The run's manifest: the one on disk (a resume keeps what the first attempt learnt), with what `progress`
    /// knows now added, and the options this attempt reached the run's Canvas and state with.
    private static func manifest(
        _ runID: RunID, graph: StepGraph, progress: RunProgress, resumeArguments: [String], in directory: StateDirectory
    ) -> RunManifest {
        var base =
            RunManifest.read(runID, in: directory)
            ?? RunManifest(jobName: graph.spec.name, steps: graph.order, planned: [:])
        base.resumeArguments = resumeArguments
        return base.adding(progress.snapshot)
    }
}
