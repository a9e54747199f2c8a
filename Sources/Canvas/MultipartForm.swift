import Foundation

/// A `multipart/form-data` body: fields in order, each either text or a file.
public struct MultipartForm: Sendable {
    /// One part.
    public struct Part: Sendable {
        /// The field name.
        public var name: String
        /// The file name, for a file part.
        public var filename: String?
        /// The content type, for a file part.
        public var contentType: String?
        /// The bytes.
        public var data: [UInt8]

        /// A text field.
        public static func field(_ name: String, _ value: String) -> Part {
            Part(name: name, filename: nil, contentType: nil, data: Array(value.utf8))
        }

        /// A file field.
        public static func file(_ name: String, filename: String, contentType: String, data: [UInt8]) -> Part {
            Part(name: name, filename: filename, contentType: contentType, data: data)
        }
    }

    /// The parts, in the order they are sent.
    public var parts: [Part]
    /// The boundary between parts.
    public var boundary: String

    /// A form; the boundary is random unless given.
    public init(parts: [Part], boundary: String? = nil) {
        self.parts = parts
        self.boundary = boundary ?? "easel-" + UUID().uuidString
    }

    /// The `Content-Type` header value.
    public var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    /// The encoded body.
    public func encoded() -> [UInt8] {
        var output: [UInt8] = []
        for part in parts {
            output += Array("--\(boundary)\r\n".utf8)
            var disposition = "Content-Disposition: form-data; name=\"\(Self.quoted(part.name))\""
            if let filename = part.filename { disposition += "; filename=\"\(Self.quoted(filename))\"" }
            output += Array((disposition + "\r\n").utf8)
            if let contentType = part.contentType { output += Array("Content-Type: \(contentType)\r\n".utf8) }
            output += Array("\r\n".utf8)
            output += part.data
            output += Array("\r\n".utf8)
        }
        output += Array("--\(boundary)--\r\n".utf8)
        return output
    }

    private static func quoted(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\r", with: "").replacingOccurrences(of: "\n", with: "")
    }
}
