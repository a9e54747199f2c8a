internal import CYAML
import Diagnostics

/// Why libyaml stopped: its problem and context, as libyaml words them, with 1-based positions.
struct LibYAMLError: Error, Sendable {
    /// The libyaml stage that failed.
    enum Stage: Sendable {
        /// Decoding the input (bad UTF-8, control characters); libyaml gives a byte offset, not a mark.
        case reader(byteOffset: Int)
        /// Splitting the text into tokens.
        case scanner
        /// Arranging tokens into nodes.
        case parser
        /// Allocating memory.
        case memory
    }

    /// The stage that failed.
    var stage: Stage
    /// libyaml's description of the problem, such as `mapping values are not allowed in this context`.
    var problem: String
    /// Where the problem is, when libyaml gives a mark.
    var problemLocation: SourceLocation?
    /// What libyaml was doing, such as `while parsing a block mapping`.
    var context: String?
    /// Where what libyaml was doing began.
    var contextLocation: SourceLocation?

    /// Memory ran out.
    static let outOfMemory = LibYAMLError(stage: .memory, problem: "out of memory")

    /// Creates an error from its parts.
    init(
        stage: Stage,
        problem: String,
        problemLocation: SourceLocation? = nil,
        context: String? = nil,
        contextLocation: SourceLocation? = nil
    ) {
        self.stage = stage
        self.problem = problem
        self.problemLocation = problemLocation
        self.context = context
        self.contextLocation = contextLocation
    }

    /// Reads the error a parser stopped with: every libyaml failure becomes a Swift error here.
    init(failedParser parser: yaml_parser_t) {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
        let context = parser.context.map { String(cString: $0) }
        switch parser.error {
        case YAML_READER_ERROR:
            self.init(stage: .reader(byteOffset: Int(parser.problem_offset)), problem: problem)
        case YAML_SCANNER_ERROR, YAML_PARSER_ERROR:
            self.init(
                stage: parser.error == YAML_SCANNER_ERROR ? .scanner : .parser,
                problem: problem,
                problemLocation: SourceLocation(parser.problem_mark),
                context: context,
                contextLocation: context == nil ? nil : SourceLocation(parser.context_mark)
            )
        case YAML_MEMORY_ERROR:
            self = .outOfMemory
        default:
            self.init(stage: .parser, problem: problem, problemLocation: SourceLocation(parser.problem_mark))
        }
    }
}
