import Canvas
import EaselTestSupport
import Execution
import Foundation
import JSONValues
import JobSpec
import Journal
import Logging
import OrderedCollections
import PlanModel
import Planning
import RunContext
import Sandbox
import Testing

/// Every key of `schemas/job.schema.json` does something: a job that sets it and one that does not are planned
/// and applied on fresh sandboxes, and what Easel sent, planned, journaled and exported must differ. A key that
/// changes nothing fails, and so does a key the schema gains without an entry here.
@Suite struct JobKeyEffectTests {
    /// Two jobs that differ by one key (and only what the key needs around it).
    struct Case: Sendable, CustomTestStringConvertible {
        var key: String
        var with: String
        var without: String
        var files: [String: String] = [:]
        /// Read after the run, so that a key whose effect is on Canvas's state shows.
        var probe: String?
        /// Without the key the job is refused (a required key): the refusal is the difference.
        var required = false
        /// Faults the sandbox injects while the job is applied (after the plan), for keys that matter then.
        var faults: String?
        /// Whether the waits the client chose (between attempts, before a lookup) are part of the observation.
        var showsWaits = false

        var testDescription: String { key }
    }

    static func job(_ steps: String, top: String = "", name: String = "keys") -> String {
        "easel: 1\nname: \(name)\n\(top)steps:\n" + steps
    }

    static let me = "  - id: me\n    get: /api/v1/accounts/1\n"
    static let course = "sis_course_id:ENGL-101-2026SP"
    static let section = "  - id: s\n    ensure: section\n    in: \(course)\n    key: { name: Lab K }\n"
    static let rows = ["rows.csv": "id\n1\n2\n", "rows.json": #"[{"id": "1"}, {"id": "2"}]"#]

    /// Sections keyed by SIS id, as a `via: sis_import` step needs.
    static func sisSections(count: Int, extra: String) -> String {
        "  - id: s\n    for_each: \((1...count).map(String.init))\n    ensure: section\n    in: \(course)\n"
            + "    key: { sis_section_id: \"KEY-${{ item }}\" }\n    set: { name: \"Lab ${{ item }}\" }\n" + extra
    }

    static let cases: [Case] = [
        Case(key: "easel", with: job(me), without: "name: keys\nsteps:\n" + me, required: true),
        Case(key: "name", with: job(me), without: job(me, name: "other"), required: false),
        Case(key: "steps", with: job(me), without: "easel: 1\nname: keys\n", required: true),
        Case(key: "id", with: job(me), without: job("  - get: /api/v1/accounts/1\n"), required: true),
        Case(key: "get", with: job(me), without: job("  - id: me\n    request: GET /api/v1/accounts/1\n")),
        Case(
            key: "request",
            with: job("  - id: me\n    request: PUT /api/v1/accounts/1\n    body: { account: { name: R } }\n"),
            without: job(me), probe: "/api/v1/accounts/1"),
        Case(key: "ensure", with: job(section), without: job(me)),
        Case(
            key: "vars", with: job("  - id: me\n    get: /api/v1/accounts/${{ vars.a }}\n", top: "vars: { a: 2 }\n"),
            without: job("  - id: me\n    get: /api/v1/accounts/${{ 1 }}\n")),
        Case(
            key: "inputs",
            with: job(
                "  - id: me\n    for_each: ${{ inputs.rows }}\n    get: /api/v1/accounts/${{ item.id }}\n",
                top: "inputs: { rows: { csv: rows.csv } }\n"),
            without: job(me), files: rows),
        Case(
            key: "csv",
            with: job(
                "  - id: me\n    for_each: ${{ inputs.rows }}\n    get: /api/v1/accounts/${{ item.id }}\n",
                top: "inputs: { rows: { csv: rows.csv } }\n"),
            without: job(me), files: rows),
        Case(
            key: "json",
            with: job(
                "  - id: me\n    for_each: ${{ inputs.rows }}\n    get: /api/v1/accounts/${{ item.id }}\n",
                top: "inputs: { rows: { json: rows.json } }\n"),
            without: job(me), files: rows),
        Case(
            key: "env",
            with: job(
                "  - id: me\n    when: ${{ env.HOME == '' }}\n    get: /api/v1/accounts/1\n", top: "env: [HOME]\n"),
            without: job(me)),
        Case(
            key: "defaults",
            with: job(
                "  - id: me\n    get: /api/v1/accounts/1\n    for_each: [1, 2]\n",
                top: "defaults: { as_user_id: '1' }\n"),
            without: job("  - id: me\n    get: /api/v1/accounts/1\n    for_each: [1, 2]\n")),
        Case(
            key: "as_user_id", with: job("  - id: me\n    get: /api/v1/accounts/1\n    as_user_id: '1'\n"),
            without: job(me)),
        Case(
            key: "limits", with: job(section, top: "limits: { max_changes: 0 }\n"), without: job(section)),
        Case(
            key: "max_changes", with: job(section, top: "limits: { max_changes: 0 }\n"),
            without: job(section, top: "limits: {}\n")),
        Case(
            key: "max_deletes",
            with: job(
                "  - id: s\n    ensure: section\n    in: \(course)\n    key: { sis_section_id: ENGL-101-2026SP-01 }\n    state: absent\n",
                top: "limits: { max_deletes: 0 }\n"),
            without: job(
                "  - id: s\n    ensure: section\n    in: \(course)\n    key: { sis_section_id: ENGL-101-2026SP-01 }\n    state: absent\n",
                top: "limits: {}\n")),
        Case(
            key: "for_each", with: job("  - id: me\n    for_each: [1, 2]\n    get: /api/v1/accounts/${{ item }}\n"),
            without: job("  - id: me\n    get: /api/v1/accounts/1\n")),
        Case(
            key: "when", with: job("  - id: me\n    when: ${{ false }}\n    get: /api/v1/accounts/1\n"),
            without: job(me)),
        Case(
            key: "needs",
            with: job(
                "  - id: bad\n    get: /api/v1/accounts/999\n  - id: me\n    needs: [bad]\n    get: /api/v1/accounts/1\n",
                top: "defaults: { on_error: continue }\n"),
            without: job(
                "  - id: bad\n    get: /api/v1/accounts/999\n  - id: me\n    get: /api/v1/accounts/1\n",
                top: "defaults: { on_error: continue }\n")),
        Case(
            key: "item_key",
            with: job(
                "  - id: me\n    for_each: [1, 2]\n    item_key: ${{ 'n' }}${{ item }}\n    get: /api/v1/accounts/${{ item }}\n"
            ),
            without: job("  - id: me\n    for_each: [1, 2]\n    get: /api/v1/accounts/${{ item }}\n")),
        Case(
            key: "on_error",
            with: job(
                "  - id: me\n    for_each: [999, 1]\n    parallelism: 1\n    on_error: continue\n    get: /api/v1/accounts/${{ item }}\n"
            ),
            without: job(
                "  - id: me\n    for_each: [999, 1]\n    parallelism: 1\n    get: /api/v1/accounts/${{ item }}\n")),
        Case(
            key: "via", with: job(sisSections(count: 1, extra: "    via: sis_import\n")),
            without: job(sisSections(count: 1, extra: "")), probe: "/api/v1/accounts/1/sis_imports"),
        Case(
            key: "batch_size", with: job(sisSections(count: 2, extra: "    via: sis_import\n    batch_size: 1\n")),
            without: job(sisSections(count: 2, extra: "    via: sis_import\n")),
            probe: "/api/v1/accounts/1/sis_imports"),
        Case(
            key: "parallelism",
            with: job(
                "  - id: me\n    for_each: [1, 2, 3, 4, 5, 6, 7, 8]\n    parallelism: 1\n    get: /api/v1/accounts/1\n"),
            without: job(
                "  - id: me\n    for_each: [1, 2, 3, 4, 5, 6, 7, 8]\n    get: /api/v1/accounts/1\n"),
            // Each read lasts 300 ms while the job is applied, so reads that may run together do overlap (the
            // peak in flight shows it) even on a machine too busy to overlap instant ones.
            faults: "slow=1@300ms"
        ),
        Case(
            key: "query", with: job("  - id: me\n    get: /api/v1/accounts/1/courses\n    query: { per_page: 1 }\n"),
            without: job("  - id: me\n    get: /api/v1/accounts/1/courses\n")),
        Case(
            key: "body",
            with: job("  - id: me\n    request: PUT /api/v1/accounts/1\n    body: { account: { name: Bodied } }\n"),
            without: job("  - id: me\n    request: PUT /api/v1/accounts/1\n"), probe: "/api/v1/accounts/1"),
        Case(
            key: "wait", with: job("  - id: me\n    request: PUT /api/v1/accounts/1\n    wait: progress\n"),
            without: job("  - id: me\n    request: PUT /api/v1/accounts/1\n")),
        Case(
            key: "export", with: job("  - id: me\n    get: /api/v1/accounts/1\n    export: { json: out.json }\n"),
            without: job(me)),
        Case(
            key: "columns",
            with: job("  - id: me\n    get: /api/v1/accounts/1\n    export: { csv: out.csv, columns: [id] }\n"),
            without: job("  - id: me\n    get: /api/v1/accounts/1\n    export: { csv: out.csv }\n")),
        Case(
            key: "in", with: job(section),
            without: job(
                "  - id: s\n    ensure: section\n    in: sis_course_id:HIST-210-2026SP\n    key: { name: Lab K }\n")),
        Case(
            key: "key", with: job(section), without: job("  - id: s\n    ensure: section\n    in: \(course)\n"),
            required: true),
        Case(
            key: "set",
            with: job(
                "  - id: c\n    ensure: course\n    in: sis_account_id:ENG\n    key: { sis_course_id: ENGL-101-2026SP }\n    set: { name: Renamed }\n"
            ),
            without: job(
                "  - id: c\n    ensure: course\n    in: sis_account_id:ENG\n    key: { sis_course_id: ENGL-101-2026SP }\n"
            ),
            probe: "/api/v1/courses/sis_course_id:ENGL-101-2026SP"),
        Case(
            key: "state",
            with: job(
                "  - id: s\n    ensure: section\n    in: \(course)\n    key: { name: Section 1 }\n    state: absent\n"),
            without: job("  - id: s\n    ensure: section\n    in: \(course)\n    key: { name: Section 1 }\n"),
            probe: "/api/v1/courses/\(course)/sections"),
        Case(
            key: "verify", with: job(Self.lostSection + Self.verifySection), without: job(Self.lostSection),
            faults: "lost=1"),
        // A `verify:` without `match:` is refused: no other object the read returns may pass for the write.
        Case(
            key: "match", with: job(Self.lostSection + Self.verifySection),
            without: job(Self.lostSection + "    verify: { get: /api/v1/courses/\(course)/sections }\n"),
            required: true, faults: "lost=1"),
        // A new user gets the login under `create:`; without one, Easel refuses to plan a user Canvas cannot make.
        Case(
            key: "create",
            with: job(
                "  - id: u\n    ensure: user\n    key: { sis_user_id: KEYS-1 }\n    set: { name: Key Person }\n"
                    + "    create: { login_id: key.person }\n"),
            without: job(
                "  - id: u\n    ensure: user\n    key: { sis_user_id: KEYS-1 }\n    set: { name: Key Person }\n")),
        Case(
            key: "retry", with: job(me + "    retry: { attempts: 3 }\n"), without: job(me), faults: "500=1"),
        Case(
            key: "attempts", with: job(me + "    retry: { attempts: 3 }\n"),
            without: job(me + "    retry: { backoff: 5ms }\n"), faults: "500=1"),
        // The first wait is at least half the backoff: an hour's backoff cannot fit in ten seconds, five
        // milliseconds' can.
        Case(
            key: "backoff", with: job(me + "    retry: { attempts: 3, backoff: 1h, max_backoff: 1h, max_time: 10s }\n"),
            without: job(me + "    retry: { attempts: 3, max_backoff: 1h, max_time: 10s }\n"), faults: "500=1"),
        Case(
            key: "max_backoff",
            with: job(me + "    retry: { attempts: 3, backoff: 1h, max_backoff: 1h, max_time: 10s }\n"),
            without: job(me + "    retry: { attempts: 3, backoff: 1h, max_time: 10s }\n"), faults: "500=1"),
        Case(
            key: "max_time", with: job(me + "    retry: { attempts: 3, max_time: 1ms }\n"),
            without: job(me + "    retry: { attempts: 3 }\n"), faults: "500=1"),
        // A lost write is looked up after the settle time: the step's, or else the client's 200ms.
        Case(
            key: "settle",
            with: job(Self.lostSection + Self.verifySection + "    retry: { settle: 1ms }\n"),
            without: job(Self.lostSection + Self.verifySection),
            faults: "lost=1", showsWaits: true),
    ]

    /// The lookup that finds ``lostSection``'s section.
    static let verifySection = "    verify: { get: /api/v1/courses/\(course)/sections, match: { name: V } }\n"

    /// A raw write whose answer the sandbox loses (with `lost=1`).
    static let lostSection =
        "  - id: s\n    request: POST /api/v1/courses/\(course)/sections\n    body: { course_section: { name: V } }\n"

    /// Keys that are documentation only, with why: Easel checks their type and nothing else reads them.
    static let documentationOnly: [String: String] = [
        "description": "free text for people reading the job file: neither planned, sent, journaled nor exported"
    ]

    /// Keys that change nothing a plan or an apply does, with the tests that show their effect.
    static let effectShownElsewhere: [String: String] = [
        "undo": "read only by easel undo: RawRequestUndoTests undoes a step with it and lists one without it",
        "upload": "UploadStepTests plans and applies upload steps against the sandbox",
        "file": "UploadStepTests: the local file's size decides + ~ =, and its bytes are what Canvas receives",
        "to": "UploadStepTests, UploadFolderTests: the files endpoint the upload goes to, whose folder is looked in",
        "on_duplicate": "UploadStepTests: a changed file, overwritten, leaves one file of its name",
        "parent_folder_path": "UploadFolderTests: the folder the file is looked up in and goes to, made when missing",
    ]

    static var schemaKeys: Set<String> {
        let url = Golden.folder(of: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("schemas/job.schema.json")
        guard let text = try? String(contentsOf: url, encoding: .utf8), let schema = try? JSONValue(parsing: text)
        else { return [] }
        var keys = Set<String>()
        func walk(_ value: JSONValue) {
            if let properties = value["properties"]?.objectValue { keys.formUnion(properties.keys) }
            for child in value.objectValue?.values.map({ $0 }) ?? value.arrayValue ?? [] { walk(child) }
        }
        walk(schema)
        return keys
    }

    @Test func everySchemaKeyHasACase() {
        let keys = Self.schemaKeys
        #expect(keys.count > 30)
        let covered = Set(Self.cases.map(\.key)).union(Self.documentationOnly.keys)
            .union(Self.effectShownElsewhere.keys)
        #expect(keys.subtracting(covered).sorted() == [], "schema keys without a case")
        #expect(covered.subtracting(keys).sorted() == [], "cases for keys the schema does not have")
    }

    /// The comparison means something only if the same job, observed twice, gives the same observation.
    @Test func theSameJobIsObservedTheSameTwice() async throws {
        for text in [Self.job(Self.me), Self.job(Self.section), Self.cases[8].with] {
            let first = try await Self.observe(text, files: Self.rows, probe: "/api/v1/accounts/1")
            let second = try await Self.observe(text, files: Self.rows, probe: "/api/v1/accounts/1")
            #expect(first == second, "\(first)\n----\n\(second)")
            #expect(first.contains("GET /api/v1/accounts/1"), "\(first)")
        }
    }

    @Test(arguments: cases)
    func settingTheKeyChangesWhatHappens(_ entry: Case) async throws {
        let with = try await Self.observe(
            entry.with, files: entry.files, probe: entry.probe, faults: entry.faults, showsWaits: entry.showsWaits)
        let without = try await Self.observe(
            entry.without, files: entry.files, probe: entry.probe, faults: entry.faults, showsWaits: entry.showsWaits)
        #expect(!with.hasPrefix("refused"), "the job setting '\(entry.key)' was refused: \(with)")
        if entry.required {
            #expect(without.hasPrefix("refused"), "without '\(entry.key)': \(without)")
        } else {
            #expect(!without.hasPrefix("refused"), "the job without '\(entry.key)' was refused: \(without)")
        }
        #expect(with != without, "setting '\(entry.key)' changed nothing:\n\(with)")
    }

    /// The retry keys counted: how often a read the sandbox answers with a 500 every time is sent. A step's
    /// `retry:` replaces `defaults.retry` key by key.
    @Test func retryKeysDecideHowOftenAFailingReadIsSent() async throws {
        func sent(_ retry: String, defaults: String = "") async throws -> Int {
            let top = defaults.isEmpty ? "" : "defaults: { retry: \(defaults) }\n"
            let step = Self.me + (retry.isEmpty ? "" : "    retry: \(retry)\n")
            let observed = try await Self.observe(Self.job(step, top: top), files: [:], probe: nil, faults: "500=1")
            let sends = observed.split(separator: "\n").filter {
                $0.hasPrefix("GET /api/v1/accounts/1") && $0.hasSuffix(" 500")
            }
            if sends.isEmpty { Issue.record("no read answered 500:\n\(observed)") }
            return sends.count
        }
        #expect(try await sent("") == 1)
        #expect(try await sent("{ attempts: 3 }") == 3)
        #expect(try await sent("", defaults: "{ attempts: 2 }") == 2)
        #expect(try await sent("{ attempts: 4 }", defaults: "{ attempts: 2, max_time: 1ms }") == 1)
        #expect(try await sent("{ attempts: 3, backoff: 1h, max_backoff: 1h, max_time: 10s }") == 1)
        #expect(try await sent("{ attempts: 3, backoff: 1h, max_time: 10s }") == 3)
        #expect(try await sent("{ attempts: 3, max_time: 1ms }") == 1)
    }

    /// What planning and applying `text` on a fresh demo sandbox did: the plan, the requests, the journal, the
    /// exports and the probe's answer.
    static func observe(
        _ text: String, files: [String: String], probe: String?, faults: String? = nil, showsWaits: Bool = false
    ) async throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("easel-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, contents) in files {
            try contents.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let path = folder.appendingPathComponent("job.yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let graph: StepGraph
        do {
            graph = try StepGraph.load(path: path)
        } catch {
            return "refused: \(error)"
        }
        let logPath = folder.appendingPathComponent("requests.jsonl").path
        let journal = try SQLiteJournalStore(path: folder.appendingPathComponent("journal.sqlite").path)
        var configuration = SandboxConfiguration()
        configuration.latency = .milliseconds(5)
        return try await withSandbox(configuration) { sandbox in
            let recorder = RecordingClock()
            // A short settle time, so that a lost write is looked up soon unless the job says otherwise.
            let clientConfiguration = CanvasClientConfiguration(
                baseURL: sandbox.baseURL, tokens: sandbox.tokens.map(CanvasToken.init),
                retry: RetryPolicy(
                    maximumAttempts: 1, baseDelay: .milliseconds(5), maximumDelay: .milliseconds(5),
                    settleDelay: .milliseconds(200)),
                clock: recorder.clock)
            let log = try RequestLog(path: logPath)
            return try await withCanvasClient(clientConfiguration, requestLog: log) { client in
                var lines: [String] = []
                do {
                    let plan = try await Planner(
                        graph: graph, jobPath: "job.yaml", client: client, environment: ApplyHarness.environment,
                        easelVersion: "test", logger: ApplyHarness.logger
                    ).plan(now: Date(timeIntervalSince1970: 0))
                    lines.append(PlanRenderer().render(plan))
                    guard plan.limitViolations.isEmpty else { return lines.joined(separator: "\n") }
                } catch {
                    lines.append("plan failed: \(error)")
                }
                let run = RunID.generate()
                try await journal.beginRun(
                    RunRecord(
                        id: run, jobPath: "job.yaml", jobHash: "", environmentName: "sandbox", environmentHost: "h",
                        isProduction: false, startedAt: Date()))
                if let faults {
                    try await SandboxControl.send("PUT", "/__sandbox/faults", form: "spec=" + faults, to: sandbox)
                }
                var options = Executor.Options()
                options.exportDirectory = folder
                let outcome = try await Executor(
                    graph: graph, client: client, journal: journal, runID: run, options: options,
                    logger: ApplyHarness.logger
                ).run()
                lines.append("status \(outcome.status) \(outcome.stepFailures.sorted { $0.key < $1.key })")
                if showsWaits { lines.append("waits \(recorder.recorded)") }
                for item in try await journal.items(run: run).sorted(by: {
                    ($0.stepID, $0.itemKey) < ($1.stepID, $1.itemKey)
                }) {
                    lines.append(
                        "item \(item.stepID) \(item.itemKey) \(item.state) \(item.action) \(item.errorMessage ?? "")")
                }
                if faults != nil {
                    try await SandboxControl.send("PUT", "/__sandbox/faults", form: "spec=", to: sandbox)
                }
                let stats = try await SandboxControl.stats(of: sandbox)
                lines.append("peak \(stats["peak_in_flight"]?.serialized() ?? "")")
                if let probe {
                    lines.append(
                        "probe " + (try await client.getAll(.get(probe), logger: ApplyHarness.logger)).serialized())
                }
                let logged = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
                let requests = logged.split(separator: "\n").compactMap { line -> String? in
                    guard let entry = try? JSONValue(parsing: String(line)) else { return nil }
                    // Without the sandbox's origin, whose port changes with every sandbox.
                    let url = (entry["url"]?.stringValue ?? "").replacingOccurrences(of: sandbox.baseURL, with: "")
                    return "\(entry["method"]?.stringValue ?? "") \(url) \(entry["status"]?.interpolated ?? "")"
                }
                lines += requests.sorted()
                for name in ["out.json", "out.csv"] {
                    if let exported = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) {
                        lines.append("\(name): \(exported)")
                    }
                }
                return lines.joined(separator: "\n")
            }
        }
    }
}
