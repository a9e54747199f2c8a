import Diagnostics

/// Builds the node tree from parse events with an explicit stack (no recursion, whatever the nesting), resolving
/// anchors, aliases and merge keys, and finding duplicate keys.
struct YAMLTreeBuilder {
    /// The most values a document may hold once aliases are expanded, against alias "billion laughs" bombs.
    static let maximumNodeCount = 1_000_000
    /// The deepest nesting accepted, so that nothing downstream recurses without bound.
    static let maximumDepth = 256

    /// A node under construction: an open sequence or mapping.
    private struct Frame {
        var isMapping: Bool
        var isFlow: Bool
        var startRange: SourceRange
        var anchor: String?
        var elements: [YAMLNode] = []
        var pairs: [YAMLNode.Pair] = []
        /// The key waiting for its value, in a mapping.
        var pendingKey: YAMLNode?
        var pendingKeyIsMerge = false
        /// Each explicit key's identity and where it is first written.
        var keys: [String: SourceRange] = [:]
        /// Each `<<` value, with the number of explicit pairs before it.
        var merges: [(position: Int, value: YAMLNode)] = []
        /// The number of nodes in this subtree, aliases expanded.
        var count = 1
        /// The number of levels in this subtree.
        var height = 1
    }

    /// A completed anchored node, with its size for the expansion limits.
    private struct Anchored {
        var node: YAMLNode
        var count: Int
        var height: Int
    }

    private var frames: [Frame] = []
    private var anchors: [String: Anchored] = [:]
    private var nodeCount = 0
    private var documentCount = 0

    /// The document's root, once it is complete.
    private(set) var root: YAMLNode?
    /// Whether the last document closed with an explicit `...`, after which only a new document may follow.
    private(set) var documentEndedExplicitly = false
    /// Problems that do not stop the parse, in the order found.
    private(set) var errors: [YAMLError] = []

    /// Creates an empty builder.
    init() {}

    /// Where the outermost open flow collection (`{` or `[`) starts, if one is open.
    var outermostOpenFlowCollection: SourceLocation? {
        frames.first { $0.isFlow }?.startRange.start
    }

    /// Takes the next event.
    ///
    /// Returns true once the stream has ended; throws for problems that stop the parse.
    mutating func consume(_ event: YAMLEvent) throws(YAMLError) -> Bool {
        switch event {
        case .streamStart:
            break
        case .documentEnd(let isExplicit):
            documentEndedExplicitly = isExplicit
        case .streamEnd:
            return true
        case .documentStart(let range):
            documentCount += 1
            if documentCount > 1 { throw .multipleDocuments(at: range) }
        case .scalar(let scalar, let anchor, let range):
            try countNodes(1, at: range)
            let node = YAMLNode(kind: .scalar(scalar), range: range)
            if let anchor { anchors[anchor] = Anchored(node: node, count: 1, height: 1) }
            attach(node, count: 1, height: 1)
        case .alias(let name, let range):
            try resolveAlias(name, at: range)
        case .sequenceStart(let anchor, let isFlow, let range):
            try open(Frame(isMapping: false, isFlow: isFlow, startRange: range, anchor: anchor))
        case .mappingStart(let anchor, let isFlow, let range):
            try open(Frame(isMapping: true, isFlow: isFlow, startRange: range, anchor: anchor))
        case .sequenceEnd(let range), .mappingEnd(let range):
            close(endRange: range)
        }
        return false
    }

    private mutating func countNodes(_ count: Int, at range: SourceRange) throws(YAMLError) {
        nodeCount += count
        if nodeCount > Self.maximumNodeCount { throw .tooManyNodes(limit: Self.maximumNodeCount, at: range) }
    }

    private mutating func open(_ frame: Frame) throws(YAMLError) {
        try countNodes(1, at: frame.startRange)
        if frames.count >= Self.maximumDepth { throw .tooDeep(limit: Self.maximumDepth, at: frame.startRange) }
        frames.append(frame)
    }

    private mutating func close(endRange: SourceRange) {
        guard let frame = frames.popLast() else { return }
        let kind: YAMLNode.Kind = frame.isMapping ? .mapping(mergedPairs(of: frame)) : .sequence(frame.elements)
        let end: SourceLocation
        if frame.isFlow {
            end = endRange.end
        } else {
            // A block collection's end event sits at the next token, possibly lines below; end at the last entry.
            let lastEnd = frame.isMapping ? frame.pairs.last?.value.range.end : frame.elements.last?.range.end
            end = lastEnd ?? frame.startRange.end
        }
        let node = YAMLNode(
            kind: kind, range: SourceRange(start: frame.startRange.start, end: end), isFlow: frame.isFlow)
        if let anchor = frame.anchor {
            anchors[anchor] = Anchored(node: node, count: frame.count, height: frame.height)
        }
        attach(node, count: frame.count, height: frame.height)
    }

    private mutating func resolveAlias(_ name: String, at range: SourceRange) throws(YAMLError) {
        if frames.contains(where: { $0.anchor == name }) {
            errors.append(.recursiveAlias(name, at: range))
        } else if let anchored = anchors[name] {
            try countNodes(anchored.count, at: range)
            if frames.count + anchored.height > Self.maximumDepth {
                throw .tooDeep(limit: Self.maximumDepth, at: range)
            }
            attach(anchored.node, count: anchored.count, height: anchored.height)
            return
        } else {
            errors.append(.unknownAlias(name, at: range, suggestion: suggestion(for: name, among: anchors.keys)))
        }
        // Stand in with an empty value so the rest of the document is still checked.
        attach(YAMLNode(kind: .scalar(YAMLNode.Scalar(text: "")), range: range), count: 1, height: 1)
    }

    private mutating func attach(_ node: YAMLNode, count: Int, height: Int) {
        guard !frames.isEmpty else {
            root = node
            return
        }
        let index = frames.count - 1
        frames[index].count += count
        frames[index].height = max(frames[index].height, height + 1)
        guard frames[index].isMapping else {
            frames[index].elements.append(node)
            return
        }
        if let key = frames[index].pendingKey {
            frames[index].pendingKey = nil
            if frames[index].pendingKeyIsMerge {
                frames[index].merges.append((frames[index].pairs.count, node))
            } else {
                frames[index].pairs.append(YAMLNode.Pair(key: key, value: node))
            }
            return
        }
        frames[index].pendingKey = node
        frames[index].pendingKeyIsMerge = Self.isMergeKey(node)
        guard !frames[index].pendingKeyIsMerge else { return }
        let identity = Self.identity(ofKey: node)
        if let first = frames[index].keys[identity] {
            errors.append(.duplicateKey(node.keyText, at: node.range, firstAt: first))
        } else {
            frames[index].keys[identity] = node.range
        }
    }

    /// The pairs of a closed mapping with its merge keys applied: merged pairs take the place of their `<<`,
    /// explicit keys win over merged ones, and an earlier merged mapping wins over a later one.
    private mutating func mergedPairs(of frame: Frame) -> [YAMLNode.Pair] {
        guard !frame.merges.isEmpty else { return frame.pairs }
        var seen = Set(frame.keys.keys)
        var result: [YAMLNode.Pair] = []
        result.reserveCapacity(frame.pairs.count)
        var mergeIndex = 0
        for position in 0...frame.pairs.count {
            while mergeIndex < frame.merges.count, frame.merges[mergeIndex].position == position {
                for source in mergeSources(frame.merges[mergeIndex].value) {
                    for pair in source where seen.insert(Self.identity(ofKey: pair.key)).inserted {
                        result.append(pair)
                    }
                }
                mergeIndex += 1
            }
            if position < frame.pairs.count { result.append(frame.pairs[position]) }
        }
        return result
    }

    /// The mappings a `<<` value merges, in order; reports a value that is not a mapping or a list of mappings.
    private mutating func mergeSources(_ value: YAMLNode) -> [[YAMLNode.Pair]] {
        switch value.kind {
        case .mapping(let pairs):
            return [pairs]
        case .sequence(let elements):
            var sources: [[YAMLNode.Pair]] = []
            for element in elements {
                if let pairs = element.mapping {
                    sources.append(pairs)
                } else {
                    errors.append(.invalidMergeValue(at: element.range))
                }
            }
            return sources
        case .scalar:
            errors.append(.invalidMergeValue(at: value.range))
            return []
        }
    }

    private static func isMergeKey(_ node: YAMLNode) -> Bool {
        guard let scalar = node.scalar, scalar.text == "<<" else { return false }
        return (scalar.style == .plain && scalar.tag == nil) || scalar.tag == "tag:yaml.org,2002:merge"
    }

    /// What makes two keys the same: a scalar's text, or a collection's flow-style text marked apart from scalars.
    private static func identity(ofKey key: YAMLNode) -> String {
        key.scalar?.text ?? "\u{0}" + key.keyText
    }
}
