internal import CYAML
import Diagnostics

extension SourceLocation {
    /// The position of a libyaml mark: the one place where libyaml's 0-based lines and columns become 1-based.
    ///
    /// libyaml counts columns in Unicode scalars, as `SourceLocation` does.
    init(_ mark: yaml_mark_t) {
        self.init(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }
}
