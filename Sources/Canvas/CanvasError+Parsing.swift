import Foundation
import JSONValues
import OrderedCollections

extension CanvasError {
    /// The error for a non-2xx response, read from every error body shape Canvas sends: `errors` as an array,
    /// an attribute hash, a string or nested per object; `message`; `error`; plain text.
    public static func fromResponse(
        status: Int,
        headers: CanvasHeaders,
        body: [UInt8],
        request: String? = nil
    ) -> CanvasError {
        let text = String(decoding: body, as: UTF8.self)
        let excerpt = String(text.prefix(500))
        let parsed = ErrorBody(text: text)
        let message = parsed.message
        let kind: Kind
        if isThrottling(status: status, body: text) {
            kind = .throttled
        } else {
            switch status {
            case 401:
                let mentionsToken = message.localizedLowercase.contains("access token")
                let isMasquerade = message.contains("as_user_id") || message.contains("masquerade")
                if !isMasquerade && (mentionsToken || headers["WWW-Authenticate"] != nil) {
                    kind = .invalidToken(message)
                } else {
                    kind = .notPermitted(message)
                }
            case 403:
                kind = .notPermitted(message)
            case 404:
                kind = .notFound(message)
            case 400, 422:
                kind =
                    parsed.fields.isEmpty
                    ? .badRequest(message.isEmpty ? "bad request" : message) : .validation(parsed.fields)
            case 500...599:
                kind = .server(status: status, errorReportID: parsed.errorReportID)
            default:
                kind = parsed.fields.isEmpty ? .unexpectedStatus(status, message) : .validation(parsed.fields)
            }
        }
        return CanvasError(kind, status: status, request: request, bodyExcerpt: excerpt.isEmpty ? nil : excerpt)
    }

    /// Whether a response is Canvas's throttle: 429, or a 403 whose body says "Rate Limit Exceeded".
    public static func isThrottling(status: Int, body: String) -> Bool {
        status == 429 || (status == 403 && body.contains("Rate Limit Exceeded"))
    }
}

/// What an error body says: its messages, field errors and error report id.
struct ErrorBody {
    var messages: [String] = []
    var fields: [CanvasError.FieldErrors] = []
    var errorReportID: String?

    /// Everything said, as one line.
    var message: String {
        if !messages.isEmpty { return messages.joined(separator: "; ") }
        return fields.map { "\($0.field): \($0.messages.joined(separator: ", "))" }.joined(separator: "; ")
    }

    init(text: String) {
        guard let json = try? JSONValue(parsing: text), case .object = json else {
            let plain = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if !plain.isEmpty, !plain.hasPrefix("<") { messages = [String(plain.prefix(300))] }
            return
        }
        if let report = json["error_report_id"], !report.isNull { errorReportID = report.interpolated }
        if let errors = json["errors"] { read(errors: errors) }
        for key in ["message", "error"] {
            if let text = json[key]?.stringValue, !text.isEmpty, !messages.contains(text) { messages.append(text) }
        }
    }

    private mutating func read(errors: JSONValue) {
        switch errors {
        case .string(let text):
            messages.append(text)
        case .array(let elements):
            for element in elements {
                if let text = element.stringValue {
                    messages.append(text)
                } else if let message = element["message"]?.stringValue {
                    if let field = element["field"]?.stringValue ?? element["attribute"]?.stringValue {
                        append(field: field, message: message)
                    } else {
                        messages.append(message)
                    }
                }
            }
        case .object(let members):
            readAttributes(members.map { ($0.key, $0.value) }, prefix: "")
        default:
            break
        }
    }

    /// `{"name": [{"attribute": "name", "type": "blank", "message": "blank"}]}`, or nested per object:
    /// `{"user": {…}, "pseudonym": {"unique_id": [...]}, "observee": {}}`.
    private mutating func readAttributes(_ members: [(String, JSONValue)], prefix: String) {
        for (key, value) in members {
            let field = prefix.isEmpty ? key : "\(prefix).\(key)"
            switch value {
            case .array(let entries):
                for entry in entries {
                    if let text = entry.stringValue {
                        append(field: field, message: text)
                    } else if let message = entry["message"]?.stringValue ?? entry["type"]?.stringValue {
                        append(field: field, message: message)
                    }
                }
            case .object(let nested):
                readAttributes(nested.map { ($0.key, $0.value) }, prefix: field)
            case .string(let text):
                append(field: field, message: text)
            default:
                break
            }
        }
    }

    private mutating func append(field: String, message: String) {
        if let index = fields.firstIndex(where: { $0.field == field }) {
            fields[index].messages.append(message)
        } else {
            fields.append(CanvasError.FieldErrors(field: field, messages: [message]))
        }
    }
}
