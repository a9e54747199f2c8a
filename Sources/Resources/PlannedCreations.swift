import Foundation
public import JSONValues
import OrderedCollections

/// The objects a plan would create, by the ids that will name them (`sis_course_id:BIO-101`), so that a lookup
/// under one of them, such as an enrollment in a course the same plan creates, is known to find nothing without
/// asking Canvas.
public struct PlannedCreations: Sendable, Hashable {
    private var parents: Set<ResourceParent> = []

    /// Nothing created.
    public init() {}

    /// Notes that `item` of `kind` would be created: the SIS ids of its key will name it as a parent.
    public mutating func record(_ item: EnsureItem, of kind: ResourceKind) {
        guard let parentKind = ResourceParent.Kind(objectKind: kind.name) else { return }
        for (field, value) in item.key where field.hasPrefix("sis_") && field.hasSuffix("_id") {
            guard case .string(let text) = value, !value.containsUnknown, !text.isEmpty else { continue }
            parents.insert(ResourceParent(kind: parentKind, id: .string("\(field):\(text)")))
        }
    }

    /// Whether `parent` is an object this plan would create.
    public func contains(_ parent: ResourceParent) -> Bool {
        parents.contains(parent)
    }

    /// The id form of a planned creation that `path` names as one of its segments (`sis_section_id:BIO-A` in
    /// `/api/v1/sections/sis_section_id:BIO-A/enrollments`), if any.
    public func named(in path: String) -> String? {
        let segments = Set(path.split(separator: "/").map { $0.removingPercentEncoding ?? String($0) })
        return parents.map(\.idText).sorted().first { segments.contains($0) }
    }

    /// Whether nothing is recorded.
    public var isEmpty: Bool { parents.isEmpty }
}

extension ResourceParent.Kind {
    /// The parent kind that objects of the `ensure` kind `name` are, if they can be parents at all.
    init?(objectKind name: String) {
        switch name {
        case "course": self = .course
        case "section": self = .section
        default: return nil
        }
    }
}
