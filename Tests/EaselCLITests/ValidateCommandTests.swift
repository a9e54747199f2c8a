import EaselTestSupport
import Foundation
import Testing

extension CommandLineTests {
    /// `easel validate` run as a separate process, as an admin or CI runs it.
    @Suite struct ValidateCommandTests {
        static var exampleJobs: [String] {
            let folder = EaselProcess.repositoryRoot.appendingPathComponent("jobs").path
            return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter {
                $0.hasSuffix(".yaml")
            }
            .sorted().map { "jobs/\($0)" }
        }

        @Test func theExampleJobsValidate() async throws {
            let jobs = Self.exampleJobs
            #expect(jobs.count >= 3)
            let result = try await EaselProcess.run(["validate"] + jobs, in: EaselProcess.repositoryRoot)
            #expect(result.status == 0, "\(result)")
            for job in jobs { #expect(result.stdout.contains("\(job): ok ("), "\(result)") }
            #expect(result.stderr.isEmpty, "\(result)")
        }

        /// Independent typos are all reported by one validate, once each: a step rejected for its kind still has
        /// its keys, expressions and references checked, and the other steps' fields are checked too, so fixing
        /// what was reported reveals no new round.
        @Test func everyProblemInOnePassNoneTwice() async throws {
            let folder = try TemporaryFolder([
                "typos.yaml": """
                easel: 1
                name: typos
                vars: { title: Algebra }
                steps:
                  - id: sections
                    ensure: sectoin
                    in: sis_course_id:MATH-101-2026FA
                    key: { sis_section_id: MATH-101-2026FA-09 }
                    set: { name: "${{ vars.titel }}" }
                    parralelism: 2
                  - id: course
                    ensure: course
                    in: sis_account_id:ENG
                    key: { sis_course_id: MATH-101-2026FA }
                    set: { nmae: Algebra }
                  - id: enroll
                    needs: [sections]
                    when: ${{ vars.title == }}
                    request: POST /api/v1/sections/${{ steps.sections.output.id }}/enrollments
                    bodyy: { enrollment: { user_id: "1" } }

                """
            ])
            defer { folder.remove() }
            let result = try await EaselProcess.run(["validate", "typos.yaml"], in: folder.url)
            #expect(result.status == 65, "\(result)")
            let errors = result.stderr.split(separator: "\n").filter { $0.contains(": error: ") }.map {
                String($0.prefix { $0 != " " })
            }
            #expect(
                errors == [
                    "typos.yaml:6:13:", "typos.yaml:9:23:", "typos.yaml:10:5:", "typos.yaml:15:12:",
                    "typos.yaml:18:29:", "typos.yaml:20:5:",
                ], "\(result.stderr)")
            #expect(result.stderr.contains("did you mean 'section'?"), "\(result.stderr)")
            #expect(result.stderr.contains("undefined variable 'vars.titel'"), "\(result.stderr)")
            #expect(result.stderr.contains("did you mean 'parallelism'?"), "\(result.stderr)")
            #expect(result.stderr.contains("did you mean 'name'?"), "\(result.stderr)")
            #expect(result.stderr.contains("did you mean 'body'?"), "\(result.stderr)")
            #expect(!result.stderr.contains("unknown step"), "\(result.stderr)")
        }

        @Test func endpointLintWarnsAndStrictMakesItAnError() async throws {
            let folder = try TemporaryFolder([
                "typo.yaml": """
                easel: 1
                name: typo
                steps:
                  - id: roster
                    get: /api/v1/courses/sis_course_id:BIO-101/enrolments

                """
            ])
            defer { folder.remove() }
            let lenient = try await EaselProcess.run(["validate", "typo.yaml"], in: folder.url)
            #expect(lenient.status == 0, "\(lenient)")
            #expect(lenient.stdout == "typo.yaml: ok (1 step, 1 warning)\n", "\(lenient)")
            #expect(lenient.stderr.contains("typo.yaml:5:10: warning: no Canvas endpoint matches"), "\(lenient)")
            #expect(lenient.stderr.contains("did you mean 'GET /api/v1/courses/:course_id/enrollments'?"), "\(lenient)")
            let strict = try await EaselProcess.run(["validate", "--strict", "typo.yaml"], in: folder.url)
            #expect(strict.status == 65, "\(strict)")
            #expect(
                strict.stdout.isEmpty && strict.stderr.contains("typo.yaml:5:10: error: no Canvas endpoint"),
                "\(strict)")
        }

        @Test func aBrokenFileExits65WithEveryProblemCompilerStyleAndNoColourInAPipe() async throws {
            let folder = try TemporaryFolder([
                "good.yaml": "easel: 1\nname: good\nsteps:\n  - id: me\n    get: /api/v1/users/self\n",
                "broken.yaml": """
                easel: 1
                name: broken
                vars:
                  account: sis_account_id:ENG
                steps:
                  - id: terms
                    get: /api/v1/accounts/${{ vars.acount }}/terms
                  - id: list
                    gett: /api/v1/courses

                """,
            ])
            defer { folder.remove() }
            let result = try await EaselProcess.run(["validate", "good.yaml", "broken.yaml"], in: folder.url)
            #expect(result.status == 65, "\(result)")
            #expect(result.stdout == "good.yaml: ok (1 step)\n")
            #expect(!result.stderr.contains("\u{1B}") && !result.stdout.contains("\u{1B}"), "\(result)")
            let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let errorLines = lines.indices.filter { lines[$0].contains(": error: ") }
            // The misspelt 'gett' is one error, not also "needs one of 'get', 'request' or 'ensure'".
            #expect(errorLines.count == 2, "\(result)")
            for index in errorLines {
                #expect(lines[index].wholeMatch(of: /broken\.yaml:[0-9]+:[0-9]+: error: .+/) != nil, "\(lines[index])")
            }
            #expect(
                result.stderr.contains(
                    """
                    broken.yaml:7:31: error: undefined variable 'vars.acount'
                        get: /api/v1/accounts/${{ vars.acount }}/terms
                                                  ^~~~~~~~~~~
                    note: did you mean 'account'?

                    """), "\(result)")
            #expect(
                result.stderr.contains(
                    """
                    broken.yaml:9:5: error: unknown key 'gett' in step 'list'
                        gett: /api/v1/courses
                        ^~~~
                    note: did you mean 'get'?

                    """), "\(result)")
            #expect(result.stderr.hasSuffix("\n2 errors\n"), "\(result)")
        }

        @Test func aMissingFileIsAnErrorThatNamesIt() async throws {
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            let result = try await EaselProcess.run(["validate", "nowhere.yaml"], in: folder.url)
            #expect(result.status == 65)
            #expect(result.stderr == "nowhere.yaml: error: cannot read job file: no such file\n1 error\n", "\(result)")
        }

        @Test func aPastedTokenIsNotPrinted() async throws {
            let token = randomCanvasToken()
            let folder = try TemporaryFolder([
                "job.yaml":
                    "easel: 1\nname: pasted\nvars:\n  key: \(token)\nsteps:\n  - id: \(token)\n    get: /api/v1/users/self\n"
            ])
            defer { folder.remove() }
            let result = try await EaselProcess.run(["validate", "job.yaml"], in: folder.url)
            #expect(result.status == 65)
            #expect(result.stderr.contains("looks like a Canvas access token"), "\(result)")
            #expect(!result.stderr.contains(token) && !result.stdout.contains(token))
            #expect(!result.stderr.contains(token.suffix(40)))
            #expect(result.stderr.contains("  key: \(token.prefix(4))****"), "\(result)")
        }

        /// The README's `easel validate` sample is the real output of a real broken file.
        @Test func theReadmeSampleIsWhatValidatePrints() async throws {
            let readme = try String(
                contentsOf: EaselProcess.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
            let blocks = readme.components(separatedBy: "```")
            let sample = try #require(
                blocks.first { $0.hasPrefix("\n$ easel validate ") || $0.hasPrefix("sh\n$ easel validate ") },
                "README.md has no block starting with '$ easel validate'")
            var lines = sample.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            lines.removeAll { $0 == "sh" || $0.isEmpty }
            let command = try #require(lines.first?.dropFirst("$ easel ".count))
            let arguments = command.split(separator: " ").map(String.init)
            let result = try await EaselProcess.run(arguments, in: EaselProcess.repositoryRoot)
            #expect(result.status == 65)
            #expect(result.stdout.isEmpty)
            #expect(result.stderr == lines.dropFirst().joined(separator: "\n") + "\n", "\(result)")
        }
    }
}
