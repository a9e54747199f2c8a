import Foundation
import Testing

extension CommandLineTests {
    /// Every error the binary prints is spelt `error:`, the usage errors of the argument parser included.
    @Suite struct ErrorSpellingTests {
        @Test func aUsageErrorIsSpeltLikeEveryOther() async throws {
            let folder = try TemporaryFolder([:])
            defer { folder.remove() }
            let invalid = try await EaselProcess.run(["runs", "--limit", "0"], in: folder.url)
            #expect(invalid.status == 64, "\(invalid)")
            #expect(invalid.stderr.hasPrefix("error: --limit must be at least 1, got 0"), "\(invalid)")
            #expect(!invalid.stderr.contains("Error:"), "\(invalid)")

            let unknown = try await EaselProcess.run(["show"], in: folder.url)
            #expect(unknown.status == 64, "\(unknown)")
            #expect(unknown.stderr.hasPrefix("error: "), "\(unknown)")
            #expect(!unknown.stderr.contains("Error:"), "\(unknown)")

            // Help still goes to standard output and succeeds.
            let help = try await EaselProcess.run(["runs", "--help"], in: folder.url)
            #expect(help.status == 0, "\(help)")
            #expect(help.stdout.contains("USAGE"), "\(help)")
        }
    }
}
