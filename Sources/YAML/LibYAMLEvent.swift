internal import CYAML
import Diagnostics

/// Owns one `yaml_event_t` and deletes it when released, whatever path the parse takes.
final class LibYAMLEvent {
    /// The event libyaml fills in; zeroed until then, which `yaml_event_delete` accepts.
    var event = yaml_event_t()

    deinit { yaml_event_delete(&event) }

    /// The event as a Swift value, copying every string out of libyaml's memory.
    func converted() -> YAMLEvent {
        let range = SourceRange(start: SourceLocation(event.start_mark), end: SourceLocation(event.end_mark))
        switch event.type {
        case YAML_STREAM_START_EVENT:
            return .streamStart
        case YAML_DOCUMENT_START_EVENT:
            return .documentStart(range)
        case YAML_DOCUMENT_END_EVENT:
            return .documentEnd(isExplicit: event.data.document_end.implicit == 0)
        case YAML_ALIAS_EVENT:
            return .alias(name: Self.string(event.data.alias.anchor) ?? "", range: range)
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let text = String(
                decoding: UnsafeBufferPointer(start: data.value, count: data.value == nil ? 0 : Int(data.length)),
                as: UTF8.self
            )
            let scalar = YAMLNode.Scalar(text: text, style: Self.style(data.style), tag: Self.string(data.tag))
            return .scalar(scalar, anchor: Self.string(data.anchor), range: range)
        case YAML_SEQUENCE_START_EVENT:
            let data = event.data.sequence_start
            return .sequenceStart(
                anchor: Self.string(data.anchor),
                isFlow: data.style == YAML_FLOW_SEQUENCE_STYLE,
                range: range
            )
        case YAML_SEQUENCE_END_EVENT:
            return .sequenceEnd(range)
        case YAML_MAPPING_START_EVENT:
            let data = event.data.mapping_start
            return .mappingStart(
                anchor: Self.string(data.anchor),
                isFlow: data.style == YAML_FLOW_MAPPING_STYLE,
                range: range
            )
        case YAML_MAPPING_END_EVENT:
            return .mappingEnd(range)
        default:
            // YAML_STREAM_END_EVENT; libyaml produces no event of any other type after a successful parse.
            return .streamEnd
        }
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    private static func style(_ style: yaml_scalar_style_t) -> YAMLNode.ScalarStyle {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }
}

@available(*, unavailable)
extension LibYAMLEvent: Sendable {}
