public import Foundation

/// A file a run was started from (its job file or an input), kept with the run so that it can be resumed where
/// the original checkout is not.
public struct RunFile: Sendable, Equatable {
    /// The path as the job names it: the job file's name, or an input's path relative to the job's folder.
    public var path: String
    public var content: Data

    public init(path: String, content: Data) {
        self.path = path
        self.content = content
    }
}
