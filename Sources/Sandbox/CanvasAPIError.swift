import JSONValues
import OrderedCollections

/// An error that chooses its own HTTP response, one case per Canvas error body (CANVAS-API.md section 4).
enum CanvasAPIError: Error, Sendable {
    /// 404 `{"errors":[{"message":"The specified resource does not exist."}]}`.
    case notFound
    /// 401 `Invalid access token.` with `WWW-Authenticate`.
    case invalidAccessToken
    /// 401 `user authorization required` with `WWW-Authenticate`.
    case unauthenticated
    /// 401 or 403 `user not authorized to perform that action`.
    case notPermitted
    /// 401 `{"errors":"Invalid as_user_id"}`.
    case invalidMasquerade
    /// 400 `{"errors":[{"message":"<param> is missing"}]}`.
    case parameterMissing(String)
    /// An endpoint's own `{"message":"…"}` body.
    case message(status: Int, String)
    /// An endpoint's own `{"error":"…"}` body.
    case error(status: Int, String)
    /// 400 with attribute-keyed validation errors (`@model.errors`).
    case invalid(attributeErrors: [(attribute: String, type: String, message: String)])
    /// 422 `{"errors":[{"field":…,"message":…,"error_code":…}]}`: a raised `RecordInvalid`, reported by
    /// `Api::Errors::Reporter` (a nil field is an error on the record as a whole).
    case recordInvalid([(field: String?, message: String, errorCode: String)])
    /// Any other body.
    case custom(status: Int, JSONValue)

    /// The response body and status, given the status used for "not permitted".
    func response(notPermittedStatus: Int) -> (status: Int, body: JSONValue, authenticate: Bool) {
        switch self {
        case .notFound:
            return (404, ["errors": [["message": "The specified resource does not exist."]]], false)
        case .invalidAccessToken:
            return (401, ["errors": [["message": "Invalid access token."]]], true)
        case .unauthenticated:
            return (401, ["status": "unauthenticated", "errors": [["message": "user authorization required"]]], true)
        case .notPermitted:
            return (
                notPermittedStatus,
                ["status": "unauthorized", "errors": [["message": "user not authorized to perform that action"]]],
                false
            )
        case .invalidMasquerade:
            return (401, ["errors": "Invalid as_user_id"], false)
        case .parameterMissing(let name):
            return (400, ["errors": [["message": .string("\(name) is missing")]]], false)
        case .message(let status, let text):
            return (status, ["message": .string(text)], false)
        case .error(let status, let text):
            return (status, ["error": .string(text)], false)
        case .invalid(let attributeErrors):
            return (400, ["errors": Self.attributeKeyed(attributeErrors)], false)
        case .recordInvalid(let errors):
            let list = errors.map { error -> JSONValue in
                [
                    "field": error.field.map(JSONValue.string) ?? .null, "message": .string(error.message),
                    "error_code": .string(error.errorCode),
                ]
            }
            return (422, ["errors": .array(list)], false)
        case .custom(let status, let body):
            return (status, body, false)
        }
    }

    /// This error as a sandbox configured for `shape` reports it: validation errors become a raised
    /// `RecordInvalid` (422) when the configuration says so; every other error is unchanged.
    func reported(as shape: SandboxValidationErrors) -> CanvasAPIError {
        guard shape == .recordInvalid, case .invalid(let attributeErrors) = self else { return self }
        return .recordInvalid(attributeErrors.map { (field: $0.attribute, message: $0.message, errorCode: $0.type) })
    }

    /// `{"name":[{"attribute":"name","type":"blank","message":"blank"}]}`.
    static func attributeKeyed(_ errors: [(attribute: String, type: String, message: String)]) -> JSONValue {
        var members = JSONValuesObject()
        for error in errors {
            var list = members[error.attribute]?.arrayValue ?? []
            list.append([
                "attribute": .string(error.attribute), "type": .string(error.type), "message": .string(error.message),
            ])
            members[error.attribute] = .array(list)
        }
        return .object(members)
    }

    /// 500 `{"errors":[{"message":"An error occurred.","error_code":"internal_server_error"}],"error_report_id":N}`.
    static func internalErrorBody(status: Int, reportID: Int) -> JSONValue {
        [
            "errors": [["message": "An error occurred.", "error_code": .string(snakeCaseReason(status))]],
            "error_report_id": .int(reportID),
        ]
    }

    /// The reason phrase of `status`, snake case: `internal_server_error`, `bad_gateway`.
    static func snakeCaseReason(_ status: Int) -> String {
        reasonPhrase(status).lowercased().replacingSpaces(with: "_")
    }

    /// The Rack reason phrase of `status`.
    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 422: "Unprocessable Entity"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "Error"
        }
    }
}

extension String {
    func replacingSpaces(with replacement: String) -> String {
        split(separator: " ").joined(separator: replacement)
    }
}
