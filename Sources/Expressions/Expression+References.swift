import JSONValues

extension Expression {
    /// The root and components of this expression when it is a path such as `steps.term.output['id']`.
    var path: (root: String, components: [PathComponent])? {
        switch self {
        case .root(let name, _):
            return (name, [])
        case .member(let base, let name, _):
            guard var path = base.path else { return nil }
            path.components.append(.member(name))
            return path
        case .index(let base, let index, _):
            guard var path = base.path else { return nil }
            switch index.literalValue {
            case .int(let position)?: path.components.append(.index(position))
            case .string(let name)?: path.components.append(.member(name))
            default: path.components.append(.dynamic)
            }
            return path
        default:
            return nil
        }
    }

    /// Appends every path this expression reads, outermost first, in source order.
    func collectReferences(into references: inout [Reference]) {
        switch self {
        case .root, .member, .index:
            if let path {
                references.append(Reference(root: path.root, components: path.components, range: range))
                for index in computedIndices() { index.collectReferences(into: &references) }
                return
            }
            switch self {
            case .member(let base, _, _): base.collectReferences(into: &references)
            case .index(let base, let index, _):
                base.collectReferences(into: &references)
                index.collectReferences(into: &references)
            default: break
            }
        case .not(let operand, _):
            operand.collectReferences(into: &references)
        case .binary(_, let left, let right, _):
            left.collectReferences(into: &references)
            right.collectReferences(into: &references)
        case .call(_, let arguments, _):
            for argument in arguments { argument.collectReferences(into: &references) }
        case .literal, .invalid:
            break
        }
    }

    /// The index expressions of a path that are not literals, left to right.
    private func computedIndices() -> [Expression] {
        var indices: [Expression] = []
        var node = self
        while true {
            switch node {
            case .member(let base, _, _):
                node = base
            case .index(let base, let index, _):
                if index.literalValue == nil { indices.append(index) }
                node = base
            default:
                return indices.reversed()
            }
        }
    }
}
