/// One step of a path such as `steps.term.output.id` or `item.input['first name']`.
public enum PathComponent: Sendable, Hashable, CustomStringConvertible {
    /// A named member: `.name` or `['name']`.
    case member(String)
    /// A literal array index: `[0]`.
    case index(Int)
    /// An index computed at evaluation time: `[item.column]`.
    case dynamic

    public var description: String {
        switch self {
        case .member(let name): Expression.isPlainIdentifier(name) ? ".\(name)" : "['\(Expression.quoted(name))']"
        case .index(let index): "[\(index)]"
        case .dynamic: "[…]"
        }
    }
}
