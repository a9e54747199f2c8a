/// An operator between two operands, from the loosest binding to the tightest: `||`, `&&`, `== !=`, `< <= > >=`.
public enum BinaryOperator: String, Sendable, Hashable, CaseIterable {
    case or = "||"
    case and = "&&"
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="

    /// How tightly the operator binds: higher binds tighter.
    var precedence: Int {
        switch self {
        case .or: 1
        case .and: 2
        case .equal, .notEqual: 3
        case .less, .lessOrEqual, .greater, .greaterOrEqual: 4
        }
    }

    /// Whether this is one of `< <= > >=`.
    var isOrdering: Bool { precedence == 4 }
}
