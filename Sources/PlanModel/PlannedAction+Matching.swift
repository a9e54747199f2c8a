import JSONValues
import OrderedCollections

extension PlannedAction {
    /// Whether `fresh`, computed at apply time, is the action this plan showed: equal, except that a value the
    /// plan could only know after apply matches whatever it turned out to be.
    public func admits(_ fresh: PlannedAction) -> Bool {
        switch (self, fresh) {
        case (.create(let kind, let fields), .create(let freshKind, let freshFields)):
            return kind == freshKind && JSONValue.object(fields).admits(.object(freshFields))
        case (.update(let kind, let id, let changes), .update(let freshKind, let freshID, let freshChanges)):
            return kind == freshKind && id.admits(freshID) && changes.count == freshChanges.count
                && zip(changes, freshChanges).allSatisfy { planned, actual in
                    planned.field == actual.field && planned.before.admits(actual.before)
                        && planned.after.admits(actual.after)
                }
        case (.delete(let kind, let id, let detail), .delete(let freshKind, let freshID, let freshDetail)):
            return kind == freshKind && id.admits(freshID) && detail == freshDetail
        case (.unchanged(let kind, let id), .unchanged(let freshKind, let freshID)):
            return kind == freshKind && id.admits(freshID)
        case (
            .request(let method, let path, let query, let body),
            .request(let freshMethod, let freshPath, let freshQuery, let freshBody)
        ):
            return method == freshMethod && (path.contains(JSONValue.unknownMarker) || path == freshPath)
                && (query ?? [:]).admits(freshQuery ?? [:]) && (body ?? .null).admits(freshBody ?? .null)
        case (.read, .read), (.skip, .skip):
            return true
        default:
            return false
        }
    }
}

extension JSONValue {
    /// How a text shows a value only known after apply.
    static let unknownMarker = "(known after apply"

    /// Whether `text` is a reference by SIS id (`sis_section_id:BIO-A`), as a plan shows one it could not resolve.
    static func isSISReference(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":") else { return false }
        let prefix = text[..<colon]
        return prefix.hasPrefix("sis_") && prefix.hasSuffix("_id") && text.index(after: colon) < text.endIndex
    }

    /// Equality where an unknown value on this side matches anything.
    func admits(_ other: JSONValue) -> Bool {
        if isUnknown { return true }
        switch (self, other) {
        case (.array(let mine), .array(let theirs)):
            return mine.count == theirs.count && zip(mine, theirs).allSatisfy { $0.admits($1) }
        case (.object(let mine), .object(let theirs)):
            return Set(mine.keys) == Set(theirs.keys)
                && mine.allSatisfy { key, value in theirs[key].map { value.admits($0) } ?? false }
        case (.string(let text), _) where text.contains(Self.unknownMarker):
            return true
        case (.string(let reference), .int) where Self.isSISReference(reference):
            // A reference the plan could not resolve names an object the run creates first (a section of the same
            // job, say); resolved at apply, the same SIS id gives that object's Canvas id.
            return true
        default:
            return self == other
        }
    }
}
