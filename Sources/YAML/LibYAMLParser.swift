internal import CYAML
import Diagnostics

/// Owns a libyaml parser and the copy of the text it reads, and frees both when released.
///
/// Not `Sendable` on purpose: a libyaml parser belongs to one thread at a time.
final class LibYAMLParser {
    // On the heap rather than a stored struct: libyaml keeps a pointer to the parser inside the parser (its read
    // handler's data), which must not move.
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let input: UnsafeMutableBufferPointer<UInt8>
    private let isInitialized: Bool

    /// Creates a parser over a copy of the UTF-8 text.
    init(text: String) {
        let utf8 = text.utf8
        input = .allocate(capacity: max(1, utf8.count))
        let copied = input.initialize(fromContentsOf: utf8)
        parser = .allocate(capacity: 1)
        parser.initialize(to: yaml_parser_t())
        isInitialized = yaml_parser_initialize(parser) == 1
        if isInitialized {
            yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(parser, input.baseAddress, copied)
        }
    }

    deinit {
        if isInitialized { yaml_parser_delete(parser) }
        parser.deinitialize(count: 1)
        parser.deallocate()
        input.deallocate()
    }

    /// The next event of the stream, or the error libyaml stopped at.
    func nextEvent() throws(LibYAMLError) -> YAMLEvent {
        guard isInitialized else { throw LibYAMLError.outOfMemory }
        let event = LibYAMLEvent()
        guard yaml_parser_parse(parser, &event.event) == 1 else { throw LibYAMLError(failedParser: parser.pointee) }
        return event.converted()
    }
}

@available(*, unavailable)
extension LibYAMLParser: Sendable {}
