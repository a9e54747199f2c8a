import Foundation
public import JSONValues
import OrderedCollections

/// The objects a plan would create, by the ids that will name them (`sis_course_id:BIO-101`), so that a lookup
/// under one of them, such as an enrollment in a course the same plan creates, is known to find nothing without
/// asking Canvas.
public struct PlannedCreations: Sendable, Hashable {
    private var parents: Set<ResourceParent> = []
    /// The id forms of created objects that are never parents (`sis_user_id:S1`, `sis_login_id:ann@example.edu`
    /// in lower case), as a reference in another item's key names them.
    private var objects: Set<String> = []

    /// Nothing created.
    public init() {}

    /// Notes that `item` of `kind` would be created: the SIS ids of its key will name it as a parent.
    public mutating func record(_ item: EnsureItem, of kind: ResourceKind) {
        if kind.name == "user" { recordUser(item) }
        guard let parentKind = ResourceParent.Kind(objectKind: kind.name) else { return }
        for (field, value) in item.key where field.hasPrefix("sis_") && field.hasSuffix("_id") {
            guard case .string(let text) = value, !value.containsUnknown, !text.isEmpty else { continue }
            parents.insert(ResourceParent(kind: parentKind, id: .string("\(field):\(text)")))
        }
    }

    /// Notes that `item` of `kind` was created and Canvas gave it `canvasID`: besides the SIS ids of its key, its
    /// Canvas id names it as a parent (`in: ${{ steps.courses.items[0].id }}`).
    public mutating func record(_ item: EnsureItem, of kind: ResourceKind, canvasID: String?) {
        record(item, of: kind)
        guard let canvasID, !canvasID.isEmpty, let parentKind = ResourceParent.Kind(objectKind: kind.name) else {
            return
        }
        parents.insert(ResourceParent(kind: parentKind, id: .string(canvasID)))
        if let number = Int(canvasID) { parents.insert(ResourceParent(kind: parentKind, id: .int(number))) }
    }

    private mutating func recordUser(_ item: EnsureItem) {
        for (field, value) in item.key {
            guard case .string(let text) = value, !value.containsUnknown, !text.isEmpty else { continue }
            switch field {
            case "sis_user_id": objects.insert("sis_user_id:\(text)")
            case "login_id", "unique_id": objects.insert("sis_login_id:\(text)".lowercased())
            default: continue
            }
        }
    }

    /// Whether `reference` (`sis_user_id:S1`) names an object this plan would create.
    public func namesObject(_ reference: JSONValue) -> Bool {
        guard case .string(let text) = reference, !objects.isEmpty else { return false }
        return objects.contains(text) || (text.hasPrefix("sis_login_id:") && objects.contains(text.lowercased()))
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
    public var isEmpty: Bool { parents.isEmpty && objects.isEmpty }
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
