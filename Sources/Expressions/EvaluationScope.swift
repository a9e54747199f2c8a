public import JSONValues

/// The values an expression can read: one per root name (`vars`, `inputs`, `item`, `steps`, `env`).
///
/// Values that are only known after a write are `JSONValue.unknown(_:)`; expressions that read them evaluate to
/// another unknown.
public struct EvaluationScope: Sendable {
    /// The names an expression may start with.
    public static let rootNames = ["vars", "inputs", "item", "steps", "env"]

    /// The roots whose direct members are declared in the job file, so a missing one is a mistake, not a gap in
    /// the data: `vars.acount` is an error while `item.output.nickname` may simply be null.
    static let declaredRoots: Set<String> = ["vars", "inputs", "steps", "env"]

    /// The value of each root name.
    public var roots: [String: JSONValue]

    /// Creates a scope from its roots.
    public init(roots: [String: JSONValue] = [:]) {
        self.roots = roots
    }

    /// Creates a scope from the usual roots; nil leaves a root out.
    public init(
        vars: JSONValue? = nil,
        inputs: JSONValue? = nil,
        steps: JSONValue? = nil,
        env: JSONValue? = nil,
        item: JSONValue? = nil
    ) {
        var roots: [String: JSONValue] = [:]
        roots["vars"] = vars
        roots["inputs"] = inputs
        roots["steps"] = steps
        roots["env"] = env
        roots["item"] = item
        self.roots = roots
    }

    /// The job's variables, an object.
    public var vars: JSONValue? {
        get { roots["vars"] }
        set { roots["vars"] = newValue }
    }

    /// The job's inputs, an object of input name to rows.
    public var inputs: JSONValue? {
        get { roots["inputs"] }
        set { roots["inputs"] = newValue }
    }

    /// The steps' results, an object of step id to `{ output, items, status }`.
    public var steps: JSONValue? {
        get { roots["steps"] }
        set { roots["steps"] = newValue }
    }

    /// The allow-listed environment variables, an object.
    public var env: JSONValue? {
        get { roots["env"] }
        set { roots["env"] = newValue }
    }

    /// The current item of a `for_each` step.
    public var item: JSONValue? {
        get { roots["item"] }
        set { roots["item"] = newValue }
    }
}
