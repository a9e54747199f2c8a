public import JSONValues
public import OrderedCollections

/// A list of a parent's objects that answers lookups by some of a kind's keys, so that the items of one parent
/// can be read a page at a time rather than one request each: an account's users, a course's enrollments or
/// sections, a course's assignments…
///
/// Only keys the list can answer exactly are answered from it: an object the list holds must be the one a lookup
/// would find, and a complete list that holds none proves a lookup would find none.
struct ResourceListing: Sendable {
    /// The key-field sets the list answers.
    let keys: [Set<String>]
    /// Whether the list holds every object these keys can name for this parent (an account's users only for the
    /// root account, since a user lookup by SIS id searches the whole institution).
    var covers: @Sendable (ResourceParent) -> Bool = { _ in true }
    /// Query parameters besides the kind's own `listQuery`.
    var query: JSONValue = [:]
    /// Whether one listed object settles its key (a unique key), or the whole list must be read first because
    /// several objects may match and a lookup picks among them (enrollments of one user in several states).
    var hitsAreFinal = true
    /// The index entries a listed object is found under.
    let entries: @Sendable (ResourceKind, JSONValue) -> [String]
    /// The index entry an item's key looks for, or nil when its form is one the list cannot answer.
    let entry: @Sendable (ResourceKind, OrderedDictionary<String, JSONValue>) -> String?
    /// The object a lookup would give among the listed candidates for a key; nil when none.
    var choose: @Sendable (ResourceKind, OrderedDictionary<String, JSONValue>, [JSONValue]) -> JSONValue? = {
        kind, key, candidates in
        candidates.first { candidate in
            key.allSatisfy { name, value in
                guard let field = kind.field(named: name) else { return false }
                return field.type.isEquivalent(value, field.liveValue(in: candidate))
            }
        }.flatMap { kind.endpoints.isGone($0) ? nil : $0 }
    }

    /// A list that answers keys of one field each (an id or a SIS id), matched by the field's own comparison.
    static func byFields(_ names: [String], covers: @escaping @Sendable (ResourceParent) -> Bool = { _ in true })
        -> ResourceListing
    {
        ResourceListing(
            keys: names.map { [$0] },
            covers: covers,
            entries: { kind, object in
                names.compactMap { name in
                    guard let field = kind.field(named: name), let value = field.liveValue(in: object),
                        !value.isNull, let canonical = field.type.normalized(value)
                    else { return nil }
                    return "\(field.parameter.last ?? name)=\(canonical.interpolated)"
                }
            },
            entry: { kind, key in
                guard key.count == 1, let (name, value) = key.elements.first, let field = kind.field(named: name),
                    let canonical = field.type.normalized(value)
                else { return nil }
                return "\(field.parameter.last ?? name)=\(canonical.interpolated)"
            })
    }
}

extension ResourceKind {
    /// The list that answers this kind's lookups by some keys, for kinds that have one.
    var listing: ResourceListing? {
        switch name {
        case "user":
            // `login_id` and `unique_id` are one login field: both are indexed under `unique_id`.
            .byFields(["sis_user_id", "login_id", "unique_id"], covers: { $0.id == "self" })
        case "enrollment": .enrollments
        case "section": .byFields(["sis_section_id", "id"])
        case "term": .byFields(["sis_term_id", "id"])
        case "assignment": .byFields(["sis_assignment_id", "id"])
        // Not groups, whose lookups by SIS id or id search every group set, nor discussion topics, whose lookup
        // by id also finds announcements, which their listing leaves out.
        case "module", "assignment_group": .byFields(["id"])
        default: nil
        }
    }

    /// The listing that can answer `item`'s key, and the entry its key is indexed under.
    func listingAnswering(_ key: OrderedDictionary<String, JSONValue>) -> (ResourceListing, String)? {
        guard let listing, listing.keys.contains(Set(key.keys)),
            !key.values.contains(where: \.containsUnknown), let entry = listing.entry(self, key)
        else { return nil }
        return (listing, entry)
    }
}

extension ResourceListing {
    /// A course's or section's enrollments in every state, answering a key of the user (by id or SIS user id)
    /// and type as `findEnrollment` does: among the user's enrollments of that type, a current one before a
    /// concluded or deleted one.
    static let enrollments = ResourceListing(
        keys: [["user_id", "type"], ["user_id"]],
        query: ["state": .array(ResourceKind.enrollmentStates.map(JSONValue.string))],
        hitsAreFinal: false,
        entries: { _, object in
            var entries: [String] = []
            if let id = object["user_id"], !id.isNull { entries.append("user=\(id.interpolated)") }
            if let sis = object["sis_user_id"]?.stringValue { entries.append("user=sis_user_id:\(sis)") }
            return entries
        },
        entry: { _, key in
            guard let user = key["user_id"], !user.isNull else { return nil }
            let text = user.interpolated
            if !text.isEmpty, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber) { return "user=\(text)" }
            if text.hasPrefix("sis_user_id:"), text.count > "sis_user_id:".count { return "user=\(text)" }
            return nil
        },
        choose: { _, key, candidates in
            let type = key["type"].map { FieldType.choice(ResourceKind.enrollmentTypes).normalized($0) ?? $0 }
            let preference = ResourceKind.enrollmentStates
            func rank(_ enrollment: JSONValue) -> Int {
                preference.firstIndex(of: enrollment["enrollment_state"]?.stringValue ?? "") ?? preference.count
            }
            return candidates.filter { type == nil || $0["type"] == type }.min { rank($0) < rank($1) }
        })
}
