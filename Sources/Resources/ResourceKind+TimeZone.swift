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

    /// The zone Canvas will read the item's times without an offset in, read from Canvas the way Canvas chooses
    /// it; nil when the item has no such time.
    ///
    /// A course's own times are read in the course's `time_zone` (the one `set:` gives, else the live course's),
    /// else its account's `default_time_zone`; the times of objects in a course in that course's `time_zone`; a
    /// term's in its account's; and, where the context has none, the zone of the user the token belongs to. When
    /// the zone cannot be known before apply (the course is one this plan creates, without a `time_zone`), the
    /// item is refused with a request to write the offset.
    public func timeZone(
        for item: EnsureItem, live: JSONValue?, client: CanvasClient, logger: Logger,
        context: CanvasRequestContext = .init(), reads: SharedReads? = nil,
        creations: PlannedCreations = PlannedCreations()
    ) async throws -> CanvasTimeZone? {
        guard hasLocalTimes(item) else { return nil }
        let reader = ZoneReader(client: client, logger: logger, context: context, reads: reads)
        var name: String?
        if self.name == "course" {
            name = Self.zoneName(item.set["time_zone"]) ?? Self.zoneName(live?["time_zone"])
            if name == nil, let parent = try? parent(of: item), !parent.isUnknown {
                name = try await reader.member("default_time_zone", of: CanvasPath.apiV1("accounts", parent.idText))
            }
        } else if parentKind == .course, let parent = try? parent(of: item) {
            if let planned = creations.timeZone(of: parent) {
                name = planned
            } else if !parent.isUnknown, !creations.contains(parent) {
                name = try await reader.member("time_zone", of: CanvasPath.apiV1("courses", parent.idText))
            } else {
                throw unknownZone(item, reason: "the course is created by this run without a time_zone")
            }
        } else if parentKind == .account, let parent = try? parent(of: item), !parent.isUnknown {
            name = try await reader.member("default_time_zone", of: CanvasPath.apiV1("accounts", parent.idText))
        }
        if name == nil {
            name = try await reader.member("time_zone", of: CanvasPath.apiV1("users", "self", "profile"))
        }
        guard let name else { throw unknownZone(item, reason: "Canvas names no time zone for its context") }
        guard let zone = CanvasTimeZone(name: name) else {
            throw unknownZone(item, reason: "the time zone '\(name)' is not one Easel knows")
        }
        return zone
    }

    private static func zoneName(_ value: JSONValue?) -> String? {
        guard case .string(let text) = value, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return text
    }

    /// The refusal of a time without an offset whose zone cannot be known before apply.
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
    let client: CanvasClient
    let logger: Logger
    let context: CanvasRequestContext
    let reads: SharedReads?

    func member(_ member: String, of path: String) async throws -> String? {
        let (client, logger, context) = (client, logger, context)
        let fetch: @Sendable () async throws -> JSONValue? = {
            do {
                return try await client.json(.get(path, context: context), logger: logger)[member]
            } catch let error as CanvasError {
                // A token that may not read the account falls back to the user's zone, as a missing one does.
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
