import Diagnostics
import EaselTestSupport
import EndpointCatalog
import Foundation
import JobSpec
import Testing

/// Every file in `Lint/` is a valid job with raw requests the endpoint catalog questions (or, for the clean one,
/// does not); its rendered warnings must equal `Lint/<name>.txt`.
@Suite struct EndpointLintTests {
    static let folder = Golden.folder(of: #filePath).appendingPathComponent("Lint")
    static let cases: [String] =
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".yaml") }
        .sorted()

    @Test func thereAreTwentyCases() {
        #expect(Self.cases.count >= 20)
    }

    @Test(arguments: cases)
    func lintGivesTheExpectedWarnings(_ name: String) throws {
        let path = "Lint/\(name)"
        let text = try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
        let source = SourceFile(path: path, text: text)
        // The lint questions valid jobs only: each case must pass the decoder.
        _ = try StepGraph(JobFileDecoder().decode(source, baseDirectory: Self.folder.path))
        let warnings = EndpointLinter().lint(source)
        #expect(warnings.allSatisfy { $0.severity == .warning })
        #expect(warnings.isEmpty == name.contains("clean"), "\(warnings.count) warnings")
        let rendered = DiagnosticRenderer(sources: [source]).render(warnings)
        let golden = Self.folder.appendingPathComponent(name.replacingOccurrences(of: ".yaml", with: ".txt"))
        if let mismatch = Golden.mismatch(rendered, goldenFile: golden) {
            Issue.record(Comment(rawValue: mismatch))
        }
    }

    @Test func exampleJobsHaveNoWarnings() throws {
        let jobs = JobSchemaTests.repositoryRoot.appendingPathComponent("jobs")
        let files = try FileManager.default.contentsOfDirectory(atPath: jobs.path).filter { $0.hasSuffix(".yaml") }
        #expect(!files.isEmpty)
        for file in files {
            let text = try String(contentsOf: jobs.appendingPathComponent(file), encoding: .utf8)
            #expect(EndpointLinter().lint(SourceFile(path: file, text: text)).isEmpty, "\(file)")
        }
    }

    @Test func theCatalogMatchesRoutesAndTheirParameters() throws {
        let catalog = CanvasEndpoints.catalog
        #expect(catalog.endpoints.count == 981)
        let path = RequestPathPattern(jobPath: "/api/v1/courses/${{ item.id }}/enrollments?per_page=10")
        guard case .found(let endpoints) = catalog.lookUp(method: "POST", path: path) else {
            Issue.record("POST enrollments not found")
            return
        }
        #expect(endpoints.map(\.id) == ["enroll_user_courses"])
        let type = try #require(endpoints[0].parameter(accepting: ParameterName("enrollment[type]")))
        #expect(type.isRequired && type.allowedValues.contains("StudentEnrollment"))
        #expect(endpoints[0].parameter(accepting: ParameterName("enrollment[typo]")) == nil)
        // A literal segment matched literally beats a placeholder: `self` is an id, `courses` a route.
        guard
            case .found(let listing) = catalog.lookUp(
                method: "GET", path: RequestPathPattern(jobPath: "/api/v1/accounts/self/courses"))
        else {
            Issue.record("GET courses not found")
            return
        }
        #expect(listing.map(\.id) == ["list_active_courses_in_account"])
    }

    @Test func parameterNamesSplitCanvasBrackets() {
        #expect(ParameterName("course[name]").parts == ["course", "name"])
        #expect(ParameterName("include[]").parts == ["include"] && ParameterName("include[]").isArray)
        #expect(ParameterName("grading_periods[][start_date]").parts == ["grading_periods", "start_date"])
        #expect(ParameterName(parts: ["course", "name"]).text == "course[name]")
    }
}
