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
}
