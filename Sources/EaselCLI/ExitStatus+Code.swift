import ArgumentParser
import Session

extension ExitStatus {
    /// The status as ArgumentParser throws it.
    var code: ExitCode { ExitCode(rawValue) }
}
