public import Diagnostics

/// A path an expression reads, such as `steps.term.output.id`: the dependency graph and validation use these.
public struct Reference: Sendable, Hashable, CustomStringConvertible {
    /// The first name of the path: `vars`, `inputs`, `item`, `steps` or `env` (or a misspelling of one).
    public var root: String
    /// What follows the root, in order.
    public var components: [PathComponent]
    /// Where the whole path is in the job file.
    public var range: SourceRange?

    /// Creates a reference.
    public init(root: String, components: [PathComponent], range: SourceRange? = nil) {
        self.root = root
        self.components = components
        self.range = range
    }

    /// The name of the first member after the root, such as the step id of `steps.term.output`.
    public var firstMember: String? {
        guard case .member(let name) = components.first else { return nil }
        return name
    }

    /// The path as written in canonical form: `steps.term.output.id`.
    public var description: String {
        root + components.map(\.description).joined()
    }
}
