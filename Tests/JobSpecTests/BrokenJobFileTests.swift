import Diagnostics
import EaselTestSupport
import Foundation
import JobSpec
import Testing

/// Every file in `Broken/` holds one kind of mistake; its rendered diagnostics must equal `Golden/<name>.txt`.
@Suite struct BrokenJobFileTests {
    static let folder = Golden.folder(of: #filePath)

    static var brokenFiles: [String] {
        let names =
            (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("Broken").path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
    }

    static var goldenFiles: [String] {
        let names =
            (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("Golden").path)) ?? []
        return names.filter { $0.hasSuffix(".txt") }.sorted()
    }

    @Test func thereIsABrokenFileForEachKindOfMistake() {
        #expect(Self.brokenFiles.count >= 25)
    }

    @Test func everyGoldenFileHasItsBrokenFileAndViceVersa() {
        let broken = Set(Self.brokenFiles.map { String($0.dropLast(".yaml".count)) })
        let golden = Set(Self.goldenFiles.map { String($0.dropLast(".txt".count)) })
        #expect(!broken.isEmpty)
        #expect(broken.subtracting(golden).sorted() == [], "broken files without a golden file")
        #expect(golden.subtracting(broken).sorted() == [], "golden files without a broken file")
    }

    /// Each golden file's errors point into the broken file of the same name.
    @Test(arguments: goldenFiles)
    func goldenFilePointsIntoItsOwnBrokenFile(_ name: String) throws {
        let text = try String(
            contentsOf: Self.folder.appendingPathComponent("Golden").appendingPathComponent(name), encoding: .utf8)
        let expected = "Broken/" + name.replacingOccurrences(of: ".txt", with: ".yaml")
        let errorLines = text.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(!errorLines.isEmpty)
        for line in errorLines {
            #expect(line.hasPrefix(expected + ":"), "\(line)")
        }
    }

    @Test(arguments: brokenFiles)
    func brokenFileGivesTheExpectedDiagnostics(_ name: String) throws {
        // Diagnostics print the path as given: a relative one keeps the golden files free of machine paths.
        let path = "Broken/\(name)"
        let text = try String(contentsOf: Self.folder.appendingPathComponent(path), encoding: .utf8)
        let diagnostics: [Diagnostic]
        do {
            let spec = try JobFileDecoder().decode(
                SourceFile(path: path, text: text), baseDirectory: Self.folder.appendingPathComponent("Broken").path)
            _ = try StepGraph(spec)
            Issue.record("\(name) loaded without errors")
            return
        } catch {
            diagnostics = error.diagnostics
        }
        #expect(diagnostics.contains { $0.severity == .error })
        let rendered = DiagnosticRenderer(sources: [SourceFile(path: path, text: text)]).render(diagnostics)
        let golden = Self.folder.appendingPathComponent("Golden").appendingPathComponent(
            name.replacingOccurrences(of: ".yaml", with: ".txt"))
        if let mismatch = Golden.mismatch(rendered, goldenFile: golden) {
            Issue.record(Comment(rawValue: mismatch))
        }
    }
}
