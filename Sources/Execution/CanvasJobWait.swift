import Canvas
import Foundation
import JSONValues
import Logging
import OrderedCollections

/// Follows the Canvas job a raw write started (`wait: progress`, `wait: sis_import`) to its end.
struct CanvasJobWait: Sendable {
    let client: any CanvasBoundary
    let logger: Logger

    /// The answer with the finished Progress it names added as `progress`.
    func waitForProgress(named response: JSONValue) async throws -> JSONValue {
        let target =
            response["progress_url"]?.stringValue ?? response["progress"]?["url"]?.stringValue
            ?? response["url"]?.stringValue ?? response["id"]?.interpolated
        guard let target else {
            throw ItemFailure(state: .failed, .noProgressNamed, status: nil)
        }
        let progress = try await client.waitForProgress(target, logger: logger)
        guard var members = response.objectValue else { return progress }
        members["progress"] = progress
        return .object(members)
    }

    /// The finished SIS import the answer to a POST to `path` names.
    func waitForSISImport(_ response: JSONValue, path: String) async throws -> JSONValue {
        let components = path.split(separator: "/")
        guard let accountIndex = components.firstIndex(of: "accounts"), accountIndex + 1 < components.count,
            let importID = response["id"]?.interpolated
        else {
            throw ItemFailure(state: .failed, .notASISImportRequest, status: nil)
        }
        let accountID = String(components[accountIndex + 1]).removingPercentEncoding ?? ""
        return try await client.waitForSISImport(accountID: accountID, importID: importID, logger: logger)
    }
}
