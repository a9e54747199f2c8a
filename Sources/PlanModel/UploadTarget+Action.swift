public import JSONValues
import JobSpec
import OrderedCollections
public import RunContext

extension UploadTarget {
    /// What uploading `contents` does given the file Canvas has (`live`): `+` none there, `~` a different size, `=`
    /// the same size.
    public func action(live: JSONValue?, contents: [UInt8]) -> PlannedAction {
        guard let live else {
            var fields: OrderedDictionary<String, JSONValue> = [
                "name": .string(name), "file": .string(file), "to": .string(endpoint), "size": .int(contents.count),
                "sha256": .string(Self.sha256(contents)),
            ]
            switch folder {
            case .path(let fullName, _)?: fields["folder"] = .string(fullName)
            case .id(let id)?: fields["folder_id"] = .string(id)
            case nil: break
            }
            fields["on_duplicate"] = .string(onDuplicate.rawValue)
            return .create(kind: Self.kindName, fields: fields)
        }
        let id = live["id"] ?? .null
        let size = live["size"]?.intValue
        if size == contents.count { return .unchanged(kind: Self.kindName, id: id) }
        return .update(
            kind: Self.kindName, id: id,
            changes: [
                PlannedChange(field: "size", before: size.map(JSONValue.int) ?? .null, after: .int(contents.count))
            ]
        )
    }
}
