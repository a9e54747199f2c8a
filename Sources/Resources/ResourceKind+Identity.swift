public import JSONValues
public import OrderedCollections

extension ResourceKind {
    /// A text that is the same for two items exactly when they name the same Canvas object the same way: the
    /// kind, the parent and the key, each value in its field's canonical form; nil while any of them is only
    /// known after apply, or the item is not valid.
    public func identity(of item: EnsureItem) -> String? {
        guard let parent = try? parent(of: item), !parent.isUnknown,
            !item.key.values.contains(where: \.containsUnknown)
        else { return nil }
        let key = item.key.sorted { $0.key < $1.key }.map { name, value in
            let canonical = field(named: name)?.type.normalized(value) ?? value
            return "\(name)=\(canonical.interpolated)"
        }
        return "\(name) in \(parent.kind.rawValue) \(parent.idText): " + key.joined(separator: ", ")
    }

    /// The object an item names, in words: `enrollment in section sis_section_id:A (user_id sis_user_id:u1, type
    /// StudentEnrollment)`.
    public func describe(_ item: EnsureItem) -> String {
        let parentText = (try? parent(of: item)).map { " in \($0.kind.rawValue) \($0.idText)" } ?? ""
        let key = item.key.map { "\($0.key) \($0.value.interpolated)" }.joined(separator: ", ")
        return "\(name)\(parentText) (\(key))"
    }

    /// The fields two items of the same object want differently, each value compared in its field's canonical
    /// form (`state` when one is present and the other absent); empty when they want the same.
    public func differences(between first: EnsureItem, and second: EnsureItem) -> [String] {
        guard first.state == second.state else { return ["state"] }
        var names = OrderedSet(first.set.keys)
        names.append(contentsOf: second.set.keys)
        var created = OrderedSet(first.create.keys)
        created.append(contentsOf: second.create.keys)
        let differing = { (name: String, one: JSONValue?, other: JSONValue?) -> Bool in
            let type = self.field(named: name)?.type ?? .text
            return type.normalized(one) != type.normalized(other)
        }
        return names.filter { differing($0, first.set[$0], second.set[$0]) }.elements
            + created.filter { differing($0, first.create[$0], second.create[$0]) }.map { "create.\($0)" }
    }
}
