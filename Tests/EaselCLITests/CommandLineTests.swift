import Testing

/// The suites that run the built `easel` as a separate process, one test at a time: each starts processes and
/// sandboxes, and running them side by side would load the machine enough to upset other suites' timing.
@Suite(.serialized) enum CommandLineTests {}
