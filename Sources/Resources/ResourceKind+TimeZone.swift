public import Canvas
import Foundation
public import JSONValues
public import Logging
import OrderedCollections

extension ResourceKind {
    /// Whether the item writes a time without an offset (a date alone, or a local time), whose instant depends on
    /// the zone Canvas reads it in.
    public func hasLocalTimes(_ item: EnsureItem) -> Bool {
        item.key.merging(item.set, uniquingKeysWith: { $1 }).contains { fieldName, value in
            guard field(named: fieldName)?.type == .date, case .string(let text) = value else { return false }
            return !CanvasTime.hasExplicitZone(text) && CanvasTime.parse(text) != nil
        }
    }

    /// The zone Canvas will read the item's times without an offset in; nil when the item has no such time.
    ///
    /// Canvas reads every such time of a request in the request's zone (`ApplicationController#set_time_zone`):
    /// the `time_zone` of the user the token belongs to, else the root account's `default_time_zone`; a course's
    /// own `time_zone` does not enter into it. Both are read once per plan when the plan shares its reads. When
    /// neither can be read, the item is refused with a request to write the offset.
    public func timeZone(
        for item: EnsureItem, client: any CanvasBoundary, logger: Logger, context: CanvasRequestContext = .init(),
        reads: SharedReads? = nil
    ) async throws -> CanvasTimeZone? {
        guard hasLocalTimes(item) else { return nil }
        let reader = ZoneReader(client: client, logger: logger, context: context, reads: reads)
        var name = try await reader.member("time_zone", of: CanvasPath.apiV1("users", "self", "profile"))
        if name == nil {
            name = try await reader.member("default_time_zone", of: CanvasPath.apiV1("accounts", "self"))
        }
        guard let name else {
            throw unknownZone(item, reason: "neither the token's user nor the root account names a time zone")
        }
        guard let zone = CanvasTimeZone(name: name) else {
            throw unknownZone(item, reason: "Canvas's time zone '\(name)' is not one Easel knows")
        }
        return zone
    }

    /// The refusal of a time without an offset whose zone cannot be known.
    private func unknownZone(_ item: EnsureItem, reason: String) -> ResourceError {
        let (fieldName, value) =
            item.key.merging(item.set, uniquingKeysWith: { $1 }).first { fieldName, value in
                guard field(named: fieldName)?.type == .date, case .string(let text) = value else { return false }
                return !CanvasTime.hasExplicitZone(text)
            } ?? ("", .null)
        return .invalidValue(
            kind: name, field: fieldName, value: value.serialized(),
            expected: "a time with a zone offset, such as 2026-12-20T00:00:00-06:00 (\(reason), so the zone Canvas "
                + "will read it in is not known)")
    }
}

/// Reads one member of a Canvas object for a zone, once per plan when the plan shares its reads.
private struct ZoneReader {
    let client: any CanvasBoundary
    let logger: Logger
    let context: CanvasRequestContext
    let reads: SharedReads?

    func member(_ member: String, of path: String) async throws -> String? {
        let (client, logger, context) = (client, logger, context)
        let fetch: @Sendable () async throws -> JSONValue? = {
            do {
                return try await client.json(.get(path, context: context), logger: logger)[member]
            } catch let error as CanvasError {
                // An object the token may not read names no zone, as a missing one does.
                if error.kind.isNotFound { return nil }
                if case .notPermitted = error.kind { return nil }
                throw error
            }
        }
        let value: JSONValue?
        if let reads {
            value = try await reads.value(for: "\(member) of \(path)", fetch: fetch)
        } else {
            value = try await fetch()
        }
        guard case .string(let text) = value, !text.isEmpty else { return nil }
        return text
    }
}
