import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Sends raw HTTP/1.1 requests so that they reach the sandbox together.
///
/// Every connection is opened first, and only then are the requests written, back to back, like runners
/// released by a barrier. A connection pool cannot promise that (it opens connections as requests queue, and
/// reuses those that free up), and a machine under load spreads such requests out.
enum SimultaneousRequests {
    /// One answer read off its connection.
    struct Answer: Sendable {
        let status: Int
        let headers: [(name: String, value: String)]
        let body: String

        /// A header, looked up without regard to case.
        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
    }

    /// A failed socket call.
    struct SocketError: Error, CustomStringConvertible {
        let description: String
    }

    /// A GET of `path` with a bearer token, asking the server to close the connection after answering.
    static func get(_ path: String, token: String) -> String {
        "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: easel-sandbox-tests\r\n"
            + "Authorization: Bearer \(token)\r\nConnection: close\r\n\r\n"
    }

    /// Opens one loopback connection to `port` per request, then writes every request, then reads every answer,
    /// each on a thread of its own (the socket calls block), telling `onAnswer` of each as it arrives.
    static func send(
        _ requests: [String], port: Int, onAnswer: @escaping @Sendable (Answer) -> Void = { _ in }
    ) async throws -> [Answer] {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try blockingSend(requests, port: port, onAnswer: onAnswer) })
            }
            thread.start()
        }
    }

    private static func blockingSend(
        _ requests: [String], port: Int, onAnswer: @escaping @Sendable (Answer) -> Void
    ) throws -> [Answer] {
        var sockets: [Int32] = []
        defer { for socket in sockets { close(socket) } }
        for _ in requests { sockets.append(try connectToLoopback(port: port)) }
        for (socket, request) in zip(sockets, requests) {
            let bytes = Array(request.utf8)
            var sent = 0
            while sent < bytes.count {
                let written = bytes[sent...].withUnsafeBytes { write(socket, $0.baseAddress, $0.count) }
                guard written > 0 else { throw SocketError(description: "write failed: errno \(errno)") }
                sent += written
            }
        }
        let answers = Mutex([Result<Answer, any Error>?](repeating: nil, count: sockets.count))
        let readers = DispatchGroup()
        for (index, socket) in sockets.enumerated() {
            readers.enter()
            Thread {
                let answer = Result { try readAnswer(socket) }
                if case .success(let answer) = answer { onAnswer(answer) }
                answers.withLock { $0[index] = answer }
                readers.leave()
            }.start()
        }
        readers.wait()
        return try answers.withLock { $0 }.map {
            try ($0 ?? .failure(SocketError(description: "no answer read"))).get()
        }
    }

    private static func connectToLoopback(port: Int) throws -> Int32 {
        #if canImport(Glibc)
            let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let socket = Darwin.socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard socket >= 0 else { throw SocketError(description: "socket failed: errno \(errno)") }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(socket)
            throw SocketError(description: "connect failed: errno \(errno)")
        }
        return socket
    }

    /// Reads until the server closes the connection, and parses the answer.
    private static func readAnswer(_ socket: Int32) throws -> Answer {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(socket, $0.baseAddress, $0.count) }
            guard count >= 0 else { throw SocketError(description: "read failed: errno \(errno)") }
            if count == 0 { break }
            received += buffer[0..<count]
        }
        let text = String(decoding: received, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else {
            throw SocketError(description: "no complete answer in \(received.count) bytes")
        }
        let lines = text[..<split.lowerBound].components(separatedBy: "\r\n")
        let statusWords = lines.first?.split(separator: " ") ?? []
        guard statusWords.count >= 2, let status = Int(statusWords[1]) else {
            throw SocketError(description: "no status line: \(lines.first ?? "")")
        }
        let headers = lines.dropFirst().compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return Answer(status: status, headers: headers, body: String(text[split.upperBound...]))
    }
}
