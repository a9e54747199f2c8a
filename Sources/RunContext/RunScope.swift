public import Expressions
public import Foundation
public import JSONValues
public import JobSpec
public import OrderedCollections

/// The values a job's expressions read while it is planned or applied: its variables, inputs, allow-listed
/// environment variables, and the results of the steps done so far.
public struct RunScope: Sendable {
    /// `vars`, after `--var` overrides.
    public var vars: JSONValue
    /// `inputs`: each input file's value.
    public var inputs: JSONValue
    /// `env`: only the variables the job lists under `env:`.
    public var env: JSONValue
    /// `steps`: each finished step's `{ output, items, status }`.
    public private(set) var steps: OrderedDictionary<String, JSONValue> = [:]
    /// Each finished step's result.
    public private(set) var results: [String: StepResult] = [:]

    /// Creates the scope of a job, reading its inputs and its allowed environment variables.
    public init(spec: JobSpec, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(PlanningError)
    {
        var vars = OrderedDictionary<String, JSONValue>()
        for (name, variable) in spec.vars { vars[name] = variable.value }
        self.vars = .object(vars)
        self.inputs = try JobInputs.load(spec)
        var env = OrderedDictionary<String, JSONValue>()
        for name in spec.allowedEnvironment { env[name] = environment[name].map(JSONValue.string) ?? .null }
        self.env = .object(env)
    }

    /// Records a finished step so later steps can read it.
    public mutating func record(_ result: StepResult, for stepID: String) {
        results[stepID] = result
        steps[stepID] = result.scopeValue
    }

    /// The scope an expression of a step sees, with `item` when the step runs per item.
    public func evaluationScope(item: JSONValue? = nil) -> EvaluationScope {
        EvaluationScope(vars: vars, inputs: inputs, steps: .object(steps), env: env, item: item)
    }
}
