public import Foundation

/// Golden files: expected outputs kept next to the tests, re-recorded with `EASEL_RECORD_GOLDEN=1 swift test`.
public enum Golden {
    /// Whether this run records golden files instead of comparing with them.
    public static var isRecording: Bool {
        ProcessInfo.processInfo.environment["EASEL_RECORD_GOLDEN"] == "1"
    }

    /// Compares `actual` with the golden file at `url` (or writes it when recording), and returns a
    /// description of the difference, or nil when they agree.
    public static func mismatch(_ actual: String, goldenFile url: URL) -> String? {
        if isRecording {
            do {
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try actual.write(to: url, atomically: true, encoding: .utf8)
                return nil
            } catch {
                return "cannot record \(url.lastPathComponent): \(error)"
            }
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            return "no golden file \(url.lastPathComponent); run with EASEL_RECORD_GOLDEN=1 to record it"
        }
        guard expected != actual else { return nil }
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(expectedLines.count, actualLines.count) {
            let left = index < expectedLines.count ? String(expectedLines[index]) : "<end of file>"
            let right = index < actualLines.count ? String(actualLines[index]) : "<end of file>"
            if left != right {
                return
                    "\(url.lastPathComponent) differs at line \(index + 1):\n  expected: \(left)\n  actual:   \(right)\n--- actual output ---\n\(actual)"
            }
        }
        return "\(url.lastPathComponent) differs"
    }

    /// The folder holding the test file that calls this (pass `#filePath`).
    public static func folder(of filePath: String) -> URL {
        URL(fileURLWithPath: filePath).deletingLastPathComponent()
    }
}
