public import JSONValues
public import Logging
import OrderedCollections

/// A file to upload.
public struct CanvasUploadFile: Sendable {
    /// The file's name in Canvas.
    public var name: String
    /// The MIME type.
    public var contentType: String
    /// The bytes.
    public var data: [UInt8]

    /// A file.
    public init(name: String, contentType: String, data: [UInt8]) {
        self.name = name
        self.contentType = contentType
        self.data = data
    }
}

extension CanvasClient {
    /// Uploads a file in Canvas's three steps and returns the File JSON: a preflight POST to `filesPath`
    /// (such as `/api/v1/courses/1/files`), a multipart POST of the bytes to the `upload_url` (without the
    /// token, `upload_params` untouched and in order, the file last), then the confirmation, followed by hand
    /// with the token only when it leads back to Canvas.
    public func upload(
        _ file: CanvasUploadFile,
        to filesPath: String,
        parameters: JSONValue = [:],
        context: CanvasRequestContext = .init(),
        logger: Logger
    ) async throws -> JSONValue {
        var preflightBody: [(String, JSONValue)] = [
            ("name", .string(file.name)), ("size", .int(file.data.count)), ("content_type", .string(file.contentType)),
        ]
        for member in parameters.objectValue ?? [:] { preflightBody.append((member.key, member.value)) }
        // A repeated preflight only leaves an unconfirmed placeholder behind, so it is safe to retry.
        let preflight = try await json(
            CanvasRequest(
                .post, filesPath, body: .form(Self.object(preflightBody)), retrySafety: .idempotent, context: context),
            logger: logger
        )
        guard let uploadURL = preflight["upload_url"]?.stringValue, let target = URLOrigin(uploadURL) else {
            throw CanvasError(.invalidResponse("the upload preflight gave no upload_url"))
        }
        guard target.scheme == "https" || target.isLoopback else {
            throw CanvasError(.insecureURL(URLRedaction.redact(uploadURL)))
        }

        var parts: [MultipartForm.Part] = []
        for member in preflight["upload_params"]?.objectValue ?? [:] {
            parts.append(.field(member.key, FormEncoding.scalarText(member.value) ?? member.value.serialized()))
        }
        let fileField = preflight["file_param"]?.stringValue ?? "file"
        parts.append(.file(fileField, filename: file.name, contentType: file.contentType, data: file.data))
        let form = MultipartForm(parts: parts)
        let uploadCall = PreparedCall(
            method: .post, url: uploadURL, body: form.encoded(), contentType: form.contentType, context: context,
            isIdempotent: true, verify: nil, sendsToken: false, isGoverned: false, acceptsRedirects: true
        )
        let uploaded = try await execute(uploadCall, logger: logger)
        return try await confirmUpload(uploaded, context: context, logger: logger)
    }

    /// Step 3: follow the 3XX (GET, token only for the Canvas host) or read the 201's `Location`.
    private func confirmUpload(_ response: CanvasResponse, context: CanvasRequestContext, logger: Logger) async throws
        -> JSONValue
    {
        if (300..<400).contains(response.status) || response.status == 201, let location = response.headers["Location"]
        {
            let absolute = location.hasPrefix("/") ? configuration.baseURL + location : location
            guard let target = URLOrigin(absolute) else {
                throw CanvasError(.invalidResponse("the upload gave a Location Easel cannot follow"))
            }
            if target.isSameServer(as: origin) || configuration.trustedHosts.contains(target.host) {
                return try await fetch(absoluteURL: absolute, context: context, logger: logger).json()
            }
            let call = PreparedCall(
                method: .get, url: absolute, body: nil, contentType: nil, context: context, isIdempotent: true,
                verify: nil, sendsToken: false, isGoverned: false
            )
            return try await execute(call, logger: logger).json()
        }
        guard (200..<300).contains(response.status) else {
            throw CanvasError(.invalidResponse("the upload answered \(response.status) without a Location"))
        }
        return try response.json()
    }

    static func object(_ members: [(String, JSONValue)]) -> JSONValue {
        .object(OrderedDictionary(members, uniquingKeysWith: { _, last in last }))
    }
}
