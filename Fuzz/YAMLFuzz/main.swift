// A libFuzzer harness for the YAML layer: every input must parse or fail with diagnostics, never crash or hang.
// Built and run by scripts/fuzz-yaml.sh.
import Diagnostics
import YAML

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYAMLParser(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: data == nil ? 0 : size)
    let source = SourceFile(path: "fuzz.yaml", text: String(decoding: bytes, as: UTF8.self))
    do {
        if let node = try YAMLParser.parse(source) {
            // Walk the result too: conversions must hold up on whatever the parser accepts.
            _ = node.toJSONValue()
            _ = node.scalarValue
        }
    } catch {
        precondition(!error.diagnostics.isEmpty, "a failed parse must say why")
        for diagnostic in error.diagnostics {
            precondition(diagnostic.range.map { $0.start.line >= 1 && $0.start.column >= 1 } ?? true)
        }
        _ = DiagnosticRenderer(sources: [source]).render(error.diagnostics)
    }
    return 0
}
