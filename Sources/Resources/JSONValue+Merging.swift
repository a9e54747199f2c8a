import JSONValues
import OrderedCollections

extension JSONValue {
    /// Sets the value at a nested path of objects, creating the objects on the way.
    mutating func set(_ value: JSONValue, at path: some Collection<String>) {
        guard let first = path.first else {
            self = value
            return
        }
        var members = objectValue ?? [:]
        var child = members[first] ?? [:]
        child.set(value, at: path.dropFirst())
        members[first] = child
        self = .object(members)
    }

    /// Merges another object's members in, recursively; `other` wins on scalars.
    mutating func merge(_ other: JSONValue) {
        guard case .object(var members) = self, case .object(let incoming) = other else {
            if !(other.objectValue?.isEmpty ?? false) { self = other }
            return
        }
        for (key, value) in incoming {
            var current = members[key] ?? [:]
            current.merge(value)
            members[key] = current
        }
        self = .object(members)
    }
}
