import Diagnostics
import Expressions
import Foundation
import JSONValues
import OrderedCollections
import YAML

/// The state of decoding one job file: the diagnostics found so far and the pieces decoded.
struct JobDecoding {
    let source: SourceFile
    var diagnostics: DiagnosticCollector
    let baseDirectory: String
    /// Steps kept out of the job by an error of their own, with every expression they hold: their references
    /// are still checked, so that fixing the error reveals no new round of problems.
    var partialSteps: [PartialStep] = []

    /// A step that did not decode, as far as it did.
    struct PartialStep {
        var step: Step
        var templates: [Template]
    }

    init(source: SourceFile, baseDirectory: String? = nil) {
        self.source = source
        self.diagnostics = DiagnosticCollector(file: source.path)
        let directory = baseDirectory ?? (source.path as NSString).deletingLastPathComponent
        self.baseDirectory = directory.isEmpty ? "." : directory
    }

    mutating func decodeJob(_ root: YAMLNode, varOverrides: [(String, String)]) -> JobSpec? {
        SecretScanner.scan(root, into: &diagnostics)
        guard let pairs = mapping(root, what: "the job file") else { return nil }
        checkKeys(pairs, allowed: JobKey.allCases.map(\.rawValue), in: "the job")

        var version = 1
        if let node = root[JobKey.easel.rawValue] {
            if let value = integer(node, what: "'easel'") {
                if value != 1 {
                    diagnostics.error(
                        "unsupported job file version \(value); this Easel reads version 1", at: node.range)
                }
                version = value
            }
        } else {
            diagnostics.error("missing 'easel: 1' (the job file's grammar version)", at: root.range.startOnly)
        }

        var name = ""
        if let node = root[JobKey.name.rawValue] {
            name = string(node, what: "'name'") ?? ""
        } else {
            diagnostics.error("missing 'name' (the job's name, shown in plans and runs)", at: root.range.startOnly)
        }
        let summary = root[JobKey.description.rawValue].flatMap { string($0, what: "'description'") }

        let vars = decodeVars(root[JobKey.vars.rawValue], overrides: varOverrides)
        let inputs = decodeInputs(root[JobKey.inputs.rawValue])
        let allowedEnvironment = decodeEnvironment(root[JobKey.env.rawValue])
        let defaults = decodeDefaults(root[JobKey.defaults.rawValue])
        let limits = decodeLimits(root[JobKey.limits.rawValue])

        var steps = OrderedDictionary<String, Step>()
        var undecodedSteps: Set<String> = []
        if let node = root[JobKey.steps.rawValue] {
            if let elements = sequence(node, what: "'steps'") {
                if elements.isEmpty {
                    diagnostics.error("'steps' is empty: a job needs at least one step", at: node.range)
                }
                for element in elements {
                    guard let step = decodeStep(element) else {
                        // A step with an error of its own still exists for the steps that name it, so that one
                        // typo does not also make every reference to the step an error.
                        if let id = element[StepKey.id.rawValue]?.scalar?.text { undecodedSteps.insert(id) }
                        continue
                    }
                    if let first = steps[step.id] {
                        diagnostics.append(
                            .error(
                                "duplicate step id '\(step.id)'", at: step.idRange,
                                notes: [
                                    .init("first used at line \(first.idRange?.start.line ?? 0)", at: first.idRange)
                                ]))
                        continue
                    }
                    steps[step.id] = step
                }
            }
        } else {
            diagnostics.error("missing 'steps' (the list of what the job does)", at: root.range.startOnly)
        }

        if defaults.asUserID != nil,
            let ensure = steps.values.first(where: { if case .ensure = $0.kind { true } else { false } })
        {
            diagnostics.append(
                .error(
                    "'defaults.as_user_id' would not apply to 'ensure' steps, whose reads and writes act as the "
                        + "token's user; set 'as_user_id' on the get and request steps instead",
                    at: root[JobKey.defaults.rawValue]?[DefaultsKey.asUserID.rawValue]?.range,
                    notes: [.init("an ensure step of this job", at: ensure.idRange)]))
        }
        let spec = JobSpec(
            version: version, name: name, summary: summary, vars: vars, inputs: inputs,
            allowedEnvironment: allowedEnvironment, defaults: defaults, limits: limits, steps: steps, source: source)
        ReferenceChecker(spec: spec, undecodedSteps: undecodedSteps, partialSteps: partialSteps).check(
            into: &diagnostics)
        return spec
    }

    // MARK: - Top-level sections

    mutating func decodeVars(_ node: YAMLNode?, overrides: [(String, String)]) -> OrderedDictionary<
        String, JobSpec.Variable
    > {
        var vars = OrderedDictionary<String, JobSpec.Variable>()
        if let node, let pairs = mapping(node, what: "'vars'") {
            for pair in pairs {
                guard let name = identifier(pair.key, what: "variable name") else { continue }
                vars[name] = JobSpec.Variable(value: pair.value.toJSONValue(), range: pair.value.range)
            }
        }
        for (name, value) in overrides {
            guard vars[name] != nil else {
                diagnostics.append(
                    Diagnostic.error("--var \(name): the job has no variable '\(name)'", file: source.path)
                        .suggesting(suggestion(for: name, among: vars.keys)))
                continue
            }
            // Scanned like the job's own values, and never echoed: a token on a command line ends up in shell
            // history, plans and run records.
            if SecretScanner.looksLikeToken(value) {
                diagnostics.append(
                    Diagnostic.error(
                        "--var \(name): the value looks like a Canvas access token; tokens never go in job variables "
                            + "(they would end up in plans and run records): set the environment's token_env or "
                            + "token_file instead, and revoke this token", file: source.path))
                continue
            }
            if SecretScanner.isSecretKey(name), !value.isEmpty {
                diagnostics.append(
                    Diagnostic.error(
                        "--var \(name): '\(name)' looks like a secret; job variables hold no credentials: Easel "
                            + "sends the environment's token itself", file: source.path))
                continue
            }
            vars[name]?.value = .string(value)
        }
        return vars
    }

    mutating func decodeInputs(_ node: YAMLNode?) -> OrderedDictionary<String, JobSpec.InputSpec> {
        var inputs = OrderedDictionary<String, JobSpec.InputSpec>()
        guard let node, let pairs = mapping(node, what: "'inputs'") else { return inputs }
        for pair in pairs {
            guard let name = identifier(pair.key, what: "input name") else { continue }
            guard let entry = mapping(pair.value, what: "input '\(name)'") else { continue }
            checkKeys(entry, allowed: InputKey.allCases.map(\.rawValue), in: "input '\(name)'")
            let formats = entry.compactMap { entry in InputKey(rawValue: entry.key.scalar?.text ?? "") }
            guard formats.count == 1, let format = formats.first, let pathNode = pair.value[format.rawValue] else {
                diagnostics.error(
                    "input '\(name)' needs exactly one of 'csv: FILE' or 'json: FILE'", at: pair.value.range.startOnly)
                continue
            }
            guard let path = string(pathNode, what: "the path of input '\(name)'") else { continue }
            let resolved = path.hasPrefix("/") ? path : baseDirectory + "/" + path
            var columns: [String]?
            if !FileManager.default.fileExists(atPath: resolved) {
                diagnostics.error(
                    "cannot read input '\(name)': no file '\(path)' next to the job file", at: pathNode.range)
            } else if format == .csv {
                do {
                    columns = try CSVHeaderReader.columns(ofFileAt: resolved)
                } catch {
                    diagnostics.error("cannot read the header of '\(path)': \(error)", at: pathNode.range)
                }
            }
            inputs[name] = JobSpec.InputSpec(
                format: format == .csv ? .csv : .json, path: path, resolvedPath: resolved, columns: columns,
                range: pair.value.range)
        }
        return inputs
    }

    mutating func decodeEnvironment(_ node: YAMLNode?) -> [String] {
        guard let node, let elements = sequence(node, what: "'env' (a list of environment variable names)") else {
            return []
        }
        var names: [String] = []
        for element in elements {
            guard let name = string(element, what: "an environment variable name") else { continue }
            let upper = name.uppercased()
            if ["TOKEN", "SECRET", "PASSWORD", "KEY"].contains(where: { upper.contains($0) }) {
                diagnostics.error(
                    "a job may not read '\(name)': secrets stay out of job files and plans; Easel reads the token itself from the environment's token_env or token_file",
                    at: element.range)
                continue
            }
            names.append(name)
        }
        return names
    }

    mutating func decodeDefaults(_ node: YAMLNode?) -> JobSpec.Defaults {
        var defaults = JobSpec.Defaults()
        guard let node, let pairs = mapping(node, what: "'defaults'") else { return defaults }
        checkKeys(pairs, allowed: DefaultsKey.allCases.map(\.rawValue), in: "'defaults'")
        if let value = node[DefaultsKey.parallelism.rawValue],
            let parallelism = positiveInteger(value, what: "'parallelism'")
        {
            defaults.parallelism = parallelism
        }
        if let value = node[DefaultsKey.retry.rawValue], let retry = decodeRetry(value) {
            defaults.retry = retry
        }
        if let value = node[DefaultsKey.onError.rawValue],
            let policy = enumeration(value, ErrorPolicy.self, what: "'on_error'")
        {
            defaults.onError = policy
        }
        if let value = node[DefaultsKey.asUserID.rawValue] {
            defaults.asUserID = template(value, what: "'as_user_id'")
        }
        if let value = node[DefaultsKey.via.rawValue],
            let via = enumeration(value, EnsureTransport.self, what: "'via'")
        {
            defaults.via = via
        }
        return defaults
    }

    mutating func decodeLimits(_ node: YAMLNode?) -> JobSpec.Limits {
        var limits = JobSpec.Limits()
        guard let node, let pairs = mapping(node, what: "'limits'") else { return limits }
        checkKeys(pairs, allowed: LimitsKey.allCases.map(\.rawValue), in: "'limits'")
        if let value = node[LimitsKey.maxDeletes.rawValue] {
            limits.maxDeletes = nonNegativeInteger(value, what: "'max_deletes'")
        }
        if let value = node[LimitsKey.maxChanges.rawValue] {
            limits.maxChanges = nonNegativeInteger(value, what: "'max_changes'")
        }
        return limits
    }

    mutating func decodeRetry(_ node: YAMLNode) -> JobSpec.RetryPolicy? {
        guard let pairs = mapping(node, what: "'retry'") else { return nil }
        checkKeys(pairs, allowed: RetryKey.allCases.map(\.rawValue), in: "'retry'")
        var policy = JobSpec.RetryPolicy()
        if let value = node[RetryKey.attempts.rawValue], let attempts = positiveInteger(value, what: "'attempts'") {
            policy.attempts = attempts
        }
        if let value = node[RetryKey.backoff.rawValue], let duration = duration(value, what: "'backoff'") {
            policy.backoff = duration
        }
        if let value = node[RetryKey.maxBackoff.rawValue], let duration = duration(value, what: "'max_backoff'") {
            policy.maxBackoff = duration
        }
        if let value = node[RetryKey.maxTime.rawValue], let duration = duration(value, what: "'max_time'") {
            policy.maxTime = duration
        }
        if let value = node[RetryKey.settle.rawValue], let duration = duration(value, what: "'settle'") {
            policy.settle = duration
        }
        return policy
    }
}

extension SourceRange {
    /// An empty range at this range's start, for "missing key" errors that point at the enclosing mapping.
    var startOnly: SourceRange { SourceRange(at: start) }
}
