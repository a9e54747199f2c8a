import Diagnostics
import Foundation
import JSONValues
import JobSpec
import OrderedCollections
import Testing

/// `schemas/job.schema.json` serves editors; these tests keep it equal to the decoder.
@Suite struct JobSchemaTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    let schema: JSONValue

    init() throws {
        let text = try String(
            contentsOf: Self.repositoryRoot.appendingPathComponent("schemas/job.schema.json"), encoding: .utf8)
        schema = try JSONValue(parsing: text)
    }

    private func keys(_ value: JSONValue?) -> Set<String> {
        Set(value?["properties"]?.objectValue?.keys.map { $0 } ?? [])
    }

    private func enumeration(_ value: JSONValue?) -> Set<String> {
        Set(value?["enum"]?.arrayValue?.compactMap(\.stringValue) ?? [])
    }

    private var step: JSONValue? { schema["$defs"]?["step"] }

    @Test func topLevelKeysAreTheDecoders() {
        #expect(keys(schema) == Set(JobKey.allCases.map(\.rawValue)))
    }

    @Test func stepKeysAreTheDecoders() {
        #expect(keys(step) == Set(StepKey.allCases.map(\.rawValue)))
    }

    @Test func nestedKeysAreTheDecoders() {
        let properties = schema["properties"]
        #expect(keys(properties?["defaults"]) == Set(DefaultsKey.allCases.map(\.rawValue)))
        #expect(keys(properties?["defaults"]?["properties"]?["retry"]) == Set(RetryKey.allCases.map(\.rawValue)))
        #expect(keys(step?["properties"]?["retry"]) == Set(RetryKey.allCases.map(\.rawValue)))
        #expect(keys(properties?["limits"]) == Set(LimitsKey.allCases.map(\.rawValue)))
        #expect(keys(properties?["inputs"]?["additionalProperties"]) == Set(InputKey.allCases.map(\.rawValue)))
        #expect(keys(step?["properties"]?["export"]) == Set(ExportKey.allCases.map(\.rawValue)))
        #expect(keys(step?["properties"]?["verify"]) == Set(VerifyKey.allCases.map(\.rawValue)))
        #expect(keys(step?["properties"]?["undo"]) == Set(UndoKey.allCases.map(\.rawValue)))
        #expect(keys(step?["properties"]?["upload"]) == Set(UploadKey.allCases.map(\.rawValue)))
    }

    @Test func enumerationsAreTheDecoders() {
        let properties = step?["properties"]
        #expect(enumeration(properties?["ensure"]) == Set(ResourceKindName.allCases.map(\.rawValue)))
        #expect(enumeration(properties?["state"]) == Set(EnsureState.allCases.map(\.rawValue)))
        #expect(enumeration(properties?["wait"]) == Set(WaitMode.allCases.map(\.rawValue)))
        #expect(enumeration(properties?["on_error"]) == Set(ErrorPolicy.allCases.map(\.rawValue)))
        #expect(
            enumeration(schema["properties"]?["defaults"]?["properties"]?["on_error"])
                == Set(ErrorPolicy.allCases.map(\.rawValue)))
    }

    @Test func everyPropertyHasADescription() {
        func check(_ value: JSONValue, path: String) {
            for (name, property) in value["properties"]?.objectValue ?? [:] {
                #expect(property["description"]?.stringValue != nil, "\(path).\(name) has no description")
                check(property, path: "\(path).\(name)")
            }
        }
        check(schema, path: "job")
        if let step { check(step, path: "step") }
    }

    @Test func requestMethodsAreTheDecoders() throws {
        let pattern = try #require(step?["properties"]?["request"]?["pattern"]?.stringValue)
        let alternatives = try #require(
            pattern.firstRange(of: "^(").flatMap { open in
                pattern[open.upperBound...].firstRange(of: ") ").map { pattern[open.upperBound..<$0.lowerBound] }
            })
        #expect(Set(alternatives.split(separator: "|").map(String.init)) == Set(RequestMethod.allCases.map(\.rawValue)))
    }

    // MARK: - Required keys, checked against what the decoder accepts

    /// The messages of the errors decoding `job` gives, none when it decodes (JSON text is YAML).
    private func errors(decoding job: JSONValue) -> [String] {
        do {
            _ = try StepGraph(try JobFileDecoder().decode(SourceFile(path: "schema.yaml", text: job.serialized())))
            return []
        } catch {
            return error.diagnostics.filter { $0.severity == .error }.map(\.message)
        }
    }

    /// A valid value for each key a schema may require, to build the smallest job it allows.
    static let samples: [String: JSONValue] = [
        "easel": 1, "name": "smallest", "steps": [["id": "me", "get": "/api/v1/users/self"]],
        "id": "me", "get": "/api/v1/users/self", "request": "POST /api/v1/courses/1/sections",
        "ensure": "course", "key": ["sis_course_id": "A-1"], "match": ["name": "A-1"],
        "upload": ["file": "Package.swift", "to": "/api/v1/courses/1/files"],
    ]

    private func requiredKeys(_ value: JSONValue?) -> [String] {
        value?["required"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// An object of the sample value of each key.
    private func smallest(_ keys: [String]) throws -> JSONValue {
        var members = OrderedDictionary<String, JSONValue>()
        for key in keys { members[key] = try #require(Self.samples[key], "no sample value for '\(key)'") }
        return .object(members)
    }

    /// Checks that `object` (placed in a job by `place`) decodes, and that it fails without any one of its keys.
    private func checkRequired(_ object: JSONValue, in place: (JSONValue) -> JSONValue, what: String) {
        #expect(errors(decoding: place(object)) == [], "\(what) with only its required keys: \(object.serialized())")
        for key in object.objectValue?.keys ?? [] {
            var members = object.objectValue ?? [:]
            members[key] = nil
            #expect(
                !errors(decoding: place(.object(members))).isEmpty,
                "\(what) without '\(key)' decodes, but the schema requires it")
        }
    }

    @Test func theRequiredTopLevelKeysAreTheDecoders() throws {
        let keys = requiredKeys(schema)
        #expect(!keys.isEmpty)
        checkRequired(try smallest(keys), in: { $0 }, what: "a job")
    }

    @Test func theRequiredStepKeysAreTheDecoders() throws {
        let base = requiredKeys(step)
        let kinds = try #require(step?["oneOf"]?.arrayValue)
        // Each branch of the step's oneOf is a kind of step: together they are every kind the decoder knows.
        #expect(Set(kinds.compactMap { requiredKeys($0).first }) == ["get", "request", "ensure", "upload"])
        for kind in kinds {
            let stepObject = try smallest(base + requiredKeys(kind))
            checkRequired(
                stepObject,
                in: { ["easel": 1, "name": "steps", "steps": [$0]] },
                what: "a step with \(requiredKeys(kind).joined(separator: ", "))")
        }
    }

    @Test func theRequiredVerifyKeysAreTheDecoders() throws {
        let verify = step?["properties"]?["verify"]
        let keys = requiredKeys(verify)
        #expect(keys == ["get", "match"])
        checkRequired(
            try smallest(keys),
            in: {
                [
                    "easel": 1, "name": "verify",
                    "steps": [["id": "me", "request": "POST /api/v1/courses/1/sections", "verify": $0]],
                ]
            }, what: "'verify'")
    }

    @Test func theRequiredUndoKeysAreTheDecoders() throws {
        let undo = step?["properties"]?["undo"]
        let keys = requiredKeys(undo)
        #expect(keys == ["request"])
        checkRequired(
            try smallest(keys),
            in: {
                [
                    "easel": 1, "name": "undo",
                    "steps": [["id": "me", "request": "PUT /api/v1/courses/1", "undo": $0]],
                ]
            }, what: "'undo'")
    }

    // MARK: - Examples

    /// Where an example goes in a job: member names, and `nil` for the first element of a list.
    typealias InstancePath = [String?]

    /// Every `examples` entry of the schema, with the place in a job its values go.
    private func examples(of node: JSONValue, at path: InstancePath) -> [(InstancePath, JSONValue)] {
        var found = (node["examples"]?.arrayValue ?? []).map { (path, $0) }
        for (name, property) in node["properties"]?.objectValue ?? [:] {
            found += examples(of: property, at: path + [name])
            if property["items"]?["$ref"]?.stringValue == "#/$defs/step", let step {
                found += examples(of: step, at: path + [name, nil])
            }
        }
        return found
    }

    private func setting(_ value: JSONValue, at path: ArraySlice<String?>, in container: JSONValue) -> JSONValue {
        guard let first = path.first else { return value }
        if let name = first {
            var members = container.objectValue ?? [:]
            members[name] = setting(value, at: path.dropFirst(), in: members[name] ?? [:])
            return .object(members)
        }
        var elements = container.arrayValue ?? []
        if elements.isEmpty { elements.append([:]) }
        elements[0] = setting(value, at: path.dropFirst(), in: elements[0])
        return .array(elements)
    }

    /// The job examples are tried in: variables and items that the schema's examples use, and a step of each kind.
    static let exampleSteps: [JSONValue] = [
        ["id": "example", "for_each": [["course_id": "A-1"]], "get": "/api/v1/users/self"],
        ["id": "example", "for_each": [["course_id": "A-1"]], "request": "POST /api/v1/courses/1/sections"],
        ["id": "example", "for_each": [["course_id": "A-1"]], "ensure": "section", "in": "1", "key": ["name": "A"]],
        [
            "id": "example", "for_each": [["id": 1]],
            "upload": ["file": "Package.swift", "to": "/api/v1/courses/1/files"],
        ],
    ]

    @Test func everyExampleInTheSchemaDecodes() {
        let found = examples(of: schema, at: [])
        #expect(found.count >= 10)
        for (path, example) in found {
            let jobs = Self.exampleSteps.map { step -> JSONValue in
                let job: JSONValue = [
                    "easel": 1, "name": "examples",
                    "vars": ["account": "sis_account_id:ENG", "term": "sis_term_id:2026FA"], "steps": [step],
                ]
                return setting(example, at: path[...], in: job)
            }
            let outcomes = jobs.map { errors(decoding: $0) }
            let location = path.map { $0 ?? "0" }.joined(separator: ".")
            #expect(outcomes.contains { $0.isEmpty }, "the example \(example.serialized()) of \(location): \(outcomes)")
        }
    }
}
