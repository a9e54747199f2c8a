import Canvas
import Execution
import Testing

/// The two state machines of a write, walked through every event they can meet, against a model of Canvas that
/// commits writes when it answers, after it answers with a 5xx, or a little later.
///
/// The invariant: a write that may have run is never sent again unless a lookup, made after any wait, said it
/// did not run. In the model, the lookup tells the truth about what has committed, and a late commit lands within
/// the settle time, as the `settle:` setting assumes. It holds for raw writes (with or without `verify:` and
/// `wait:`) and for the writes an `ensure` chooses by reading: a create found by its key, an update, a delete or
/// conclude.
@Suite struct ExactlyOnceModelTests {
    static let policy = RetryPolicy(
        maximumAttempts: 2, maximumThrottledAttempts: 2, maximumTotalTime: .seconds(3600), baseDelay: .seconds(1),
        maximumDelay: .seconds(4), settleDelay: .seconds(5))

    // MARK: - Every state of each machine through every event

    /// What the request machine asked for last: it decides which events can follow.
    enum Asked: Hashable { case send, lookUp, done }

    static func asked(_ command: RequestAttemptState.Command) -> Asked {
        switch command {
        case .send: .send
        case .lookUp: .lookUp
        default: .done
        }
    }

    static let outcomes: [RequestAttemptState.Outcome] = [
        .answered, .throttled(delay: .seconds(1), retryAfter: nil), .serverError, .rejected(alreadyInUse: false),
        .rejected(alreadyInUse: true), .transportError(sent: false, timeout: false),
        .transportError(sent: true, timeout: false), .transportError(sent: true, timeout: true),
    ]

    @Test(arguments: RequestAttemptState.Safety.allCases)
    func everyRequestStateMeetsEveryEventWithoutABlindResend(_ safety: RequestAttemptState.Safety) {
        var start = RequestAttemptState(safety: safety, policy: Self.policy)
        let first = start.start()
        var seen: Set<[AnyHashable]> = []
        var queue: [(RequestAttemptState, RequestAttemptState.Command)] = [(start, first)]
        var transitions = 0
        while let (machine, command) = queue.popLast() {
            guard seen.insert([machine, Self.asked(command)]).inserted else { continue }
            var nexts: [(RequestAttemptState, RequestAttemptState.Command)] = []
            switch Self.asked(command) {
            case .send:
                nexts = Self.outcomes.map { outcome in
                    var next = machine
                    let command = next.next(after: outcome, elapsed: .seconds(1), jitter: 0.5)
                    return (next, command)
                }
            case .lookUp:
                nexts = RequestAttemptState.LookupResult.allCases.map { result in
                    var next = machine
                    let command = next.next(afterLookup: result, elapsed: .seconds(1))
                    return (next, command)
                }
            case .done:
                continue
            }
            for (next, command) in nexts {
                transitions += 1
                if case .send(let delay) = command, safety != .idempotent {
                    // A write goes out again only when no earlier send may have run, or right after a lookup that
                    // said so (no wait between that lookup and the send).
                    #expect(!next.mayHaveRun)
                    if machine.mayHaveRun { #expect(delay == .zero) }
                }
                if case .lookUp(let delay) = command, safety == .verifiable, !machine.mayHaveRun, next.mayHaveRun {
                    // The first look after a doubtful answer waits at least the settle time and the backoff.
                    #expect(delay >= Self.policy.settle(beforeLook: next.looks))
                }
                if safety == .unverifiable, case .lookUp = command { Issue.record("an unverifiable write looked up") }
                queue.append((next, command))
            }
        }
        #expect(transitions > 20)
    }

    static let itemEvents: [ItemLifecycle.Event] =
        RequestAttemptState.LookupResult.allCases.map { .lookup($0) }
        + ItemLifecycle.SendResult.allCases.map { .sent($0) } + ItemLifecycle.WaitResult.allCases.map { .waited($0) }
        + ItemLifecycle.Diff.allCases.map { .diffed($0) }

    @Test(arguments: ItemLifecycle.Check.allCases, [false, true])
    func everyItemStateMeetsEveryEventWithoutABlindResend(_ check: ItemLifecycle.Check, waits: Bool) {
        for restored in ItemLifecycle.Restored.allCases {
            var machine = ItemLifecycle(check: check, waits: waits)
            let first = machine.start(restoring: restored)
            if restored == .answered || restored == .confirmed, first == .send {
                Issue.record("an answered write was sent again")
            }
            if restored == .mayHaveRun, first == .send { Issue.record("a write that may have run was sent blind") }
            var queue = [(machine, first)]
            var seen: Set<ItemLifecycle> = []
            while let (machine, _) = queue.popLast() {
                guard seen.insert(machine).inserted, machine.phase != .done else { continue }
                for event in Self.itemEvents {
                    var next = machine
                    let command = next.next(after: event)
                    if command == .send {
                        #expect(!machine.answered, "\(restored) \(event)")
                        #expect(
                            !machine.mayHaveRun || event == .lookup(.notFound),
                            "sent again after \(event) from \(restored)")
                    }
                    queue.append((next, command))
                }
            }
        }
    }

    @Test func everyEnsureItemStateMeetsEveryEventWithoutABlindResend() {
        for restored in ItemLifecycle.Restored.allCases {
            var machine = ItemLifecycle(ensureWith: .resend)
            let first = machine.start(restoring: restored)
            // An ensure never writes before a read chooses the write, and reads a write that may have run only
            // as a lookup, after the settle time.
            #expect(first != .send, "\(restored) sent before reading")
            if restored == .mayHaveRun || restored == .failedAfterSending { #expect(first == .lookUp, "\(restored)") }
            if restored == .nothing || restored == .failedUnsent { #expect(first == .read, "\(restored)") }
            var queue = [(machine, first)]
            var seen: Set<ItemLifecycle> = []
            var sends = 0
            while let (machine, _) = queue.popLast() {
                guard seen.insert(machine).inserted, machine.phase != .done else { continue }
                for event in Self.itemEvents {
                    var next = machine
                    let command = next.next(after: event)
                    if command == .send {
                        sends += 1
                        #expect(event == .diffed(.write), "sent after \(event) from \(restored)")
                        #expect(!machine.answered, "\(restored) \(event)")
                        #expect(
                            !machine.mayHaveRun || machine.phase == .lookingUp,
                            "sent again after \(event) from \(restored) without a lookup")
                    }
                    if case .confirm(.unchanged) = command { #expect(!machine.mayHaveRun) }
                    queue.append((next, command))
                }
            }
            if restored != .confirmed && restored != .answered { #expect(sends > 0, "\(restored) never sends") }
        }
    }

    // MARK: - Both machines against a model of Canvas, with kills

    /// The write an `ensure` chooses by reading the live object.
    enum EnsureWrite: CaseIterable {
        /// A create, found again by its key: sending it twice makes two objects.
        case create
        /// An update of fields, sent as an idempotent PUT.
        case update
        /// A delete, or a conclude sent as a DELETE with its event.
        case delete
    }

    /// The item the model runs.
    enum Subject {
        /// A raw `request:` write, checked by `verify:` or not, waiting for its job or not.
        case raw(ItemLifecycle.Check, waits: Bool)
        /// An `ensure` write.
        case ensure(EnsureWrite)

        func lifecycle() -> ItemLifecycle {
            switch self {
            case .raw(let check, let waits): ItemLifecycle(check: check, waits: waits)
            case .ensure: ItemLifecycle(ensureWith: .stop)
            }
        }

        /// How the client repeats the write's request: an ensure's update or delete is an idempotent PUT or
        /// DELETE, its create is looked up by its key, a raw write by its `verify:` read when it has one.
        var safety: RequestAttemptState.Safety {
            switch self {
            case .raw(let check, _): check == .lookup ? .verifiable : .unverifiable
            case .ensure(.create): .verifiable
            case .ensure(.update), .ensure(.delete): .idempotent
            }
        }
    }

    /// What Canvas does with one send, as the model chooses it.
    enum Fault: CaseIterable {
        case answered, serverError, serverErrorAfterCommit, lateServerError, refusedConnection, lostBeforeRunning,
            lostAfterCommit, timeoutLateCommit, throttled, killAfterSending
    }

    /// The model's Canvas: how many times the write committed, and commits still to land.
    struct World {
        var now: Duration = .zero
        var committed = 0
        var pending: [Duration] = []

        mutating func advance(by duration: Duration) {
            now += duration
            committed += pending.filter { $0 <= now }.count
            pending.removeAll { $0 <= now }
        }

        /// Whether the write committed or will: a lookup sees only what committed.
        var mayHaveRun: Bool { committed > 0 || !pending.isEmpty }
    }

    /// Walks one path of choices; records how many options each choice point had.
    struct Chooser {
        var path: [Int]
        var arities: [Int] = []

        mutating func choose(_ count: Int) -> Int {
            let index = arities.count
            arities.append(count)
            if index < path.count { return path[index] }
            path.append(0)
            return 0
        }

        /// The next path in depth-first order, or nil when every path was walked.
        static func next(after path: [Int], arities: [Int]) -> [Int]? {
            var path = Array(path.prefix(arities.count))
            while let last = path.last {
                let index = path.count - 1
                if last + 1 < arities[index] {
                    path[index] = last + 1
                    return path
                }
                path.removeLast()
            }
            return nil
        }
    }

    /// The journal of the item, as the shell records it.
    struct Journal {
        var state: ItemState?
        var attempts = 0
    }

    /// Runs one process on the item; returns false when the process was killed.
    static func process(
        _ subject: Subject, world: inout World, journal: inout Journal, chooser: inout Chooser,
        violations: inout [String]
    ) -> Bool {
        var item = subject.lifecycle()
        var command = item.start(restoring: .init(journal.state, attempts: journal.attempts))
        while true {
            switch command {
            case .read:
                guard case .ensure = subject else {
                    violations.append("a raw write was asked to read")
                    return true
                }
                // The first read of an item nothing was sent for: it sees what committed, or fails.
                let fails = chooser.choose(2) == 1
                command = item.next(after: .diffed(fails ? .failed : world.committed > 0 ? .nothingToWrite : .write))
            case .lookUp:
                // A restarted process gives a write the previous one may have left running its settle time.
                world.advance(by: Self.policy.settleDelay)
                let fails = chooser.choose(2) == 1
                switch subject {
                case .raw:
                    command = item.next(after: .lookup(fails ? .failed : world.committed > 0 ? .found : .notFound))
                case .ensure:
                    // The ensure's read, made again: the object is as the job wants it once the write took effect.
                    command = item.next(
                        after: .diffed(fails ? .failed : world.committed > 0 ? .nothingToWrite : .write))
                }
            case .send:
                // The item's write leaves only when nothing it sent before may have taken effect.
                if world.mayHaveRun {
                    violations.append("the item sent its write again at \(world.now) after a commit")
                }
                journal.state = .intent
                journal.attempts += 1
                var request = RequestAttemptState(safety: subject.safety, policy: Self.policy)
                var step = request.start()
                let started = world.now
                sending: while true {
                    switch step {
                    case .send(let delay):
                        world.advance(by: delay)
                        // An idempotent PUT or DELETE may be repeated by the client; any other write may not.
                        if world.mayHaveRun, subject.safety != .idempotent {
                            violations.append("sent again at \(world.now) after a commit")
                        }
                        journal.state = .sent
                        let fault = Fault.allCases[chooser.choose(Fault.allCases.count)]
                        let outcome: RequestAttemptState.Outcome
                        switch fault {
                        case .answered:
                            world.committed += 1
                            outcome = .answered
                        case .serverError: outcome = .serverError
                        case .serverErrorAfterCommit:
                            world.committed += 1
                            outcome = .serverError
                        case .lateServerError:
                            world.pending.append(world.now + Self.policy.settleDelay / 2)
                            outcome = .serverError
                        case .refusedConnection: outcome = .transportError(sent: false, timeout: false)
                        case .lostBeforeRunning: outcome = .transportError(sent: true, timeout: false)
                        case .lostAfterCommit:
                            world.committed += 1
                            outcome = .transportError(sent: true, timeout: false)
                        case .timeoutLateCommit:
                            world.pending.append(world.now + Self.policy.settleDelay / 2)
                            outcome = .transportError(sent: true, timeout: true)
                        case .throttled: outcome = .throttled(delay: .seconds(1), retryAfter: nil)
                        case .killAfterSending:
                            world.committed += chooser.choose(2)
                            return false
                        }
                        step = request.next(after: outcome, elapsed: world.now - started, jitter: 0.5)
                    case .lookUp(let delay):
                        // Killed while it waits to look: a late commit may land after the process died.
                        if chooser.choose(2) == 1 { return false }
                        world.advance(by: delay)
                        let fails = chooser.choose(2) == 1
                        step = request.next(
                            afterLookup: fails ? .failed : world.committed > 0 ? .found : .notFound,
                            elapsed: world.now - started)
                    case .succeed, .found:
                        command = item.next(after: .sent(.answered))
                        break sending
                    case .fail:
                        command = item.next(after: .sent(.failed))
                        break sending
                    case .inDoubt:
                        command = item.next(after: .sent(.inDoubt))
                        break sending
                    }
                }
            case .wait(let journalAnswer):
                if journalAnswer { journal.state = .answered }
                if chooser.choose(2) == 1 { return false }
                command = item.next(after: .waited(chooser.choose(2) == 0 ? .finished : .failed))
            case .confirm(let source):
                if source != .restored, !world.mayHaveRun, source != .assumed {
                    violations.append("confirmed \(source) with nothing committed")
                }
                journal.state = .confirmed
                return true
            case .fail:
                journal.state = .failed
                return true
            case .failAfterAnswer:
                journal.state = .answered
                return true
            case .inDoubt:
                journal.state = .inDoubt
                return true
            }
        }
    }

    @Test(arguments: ItemLifecycle.Check.allCases, [false, true])
    func killsAndFaultsNeverDuplicateNorLoseAWrite(_ check: ItemLifecycle.Check, waits: Bool) {
        Self.walkEveryPath(of: .raw(check, waits: waits))
    }

    @Test(arguments: EnsureWrite.allCases)
    func killsAndFaultsNeverDuplicateNorLoseAnEnsureWrite(_ write: EnsureWrite) {
        Self.walkEveryPath(of: .ensure(write))
    }

    /// Runs the item through every path of faults, kills and resumes, and checks that the write committed
    /// exactly once when the journal says confirmed, never twice (an idempotent update or delete excepted,
    /// which the client may repeat), and that the item never sent it again after it took effect.
    static func walkEveryPath(of subject: Subject) {
        var path: [Int]? = []
        var paths = 0
        var failures: [String] = []
        while let current = path, failures.count < 5 {
            var chooser = Chooser(path: current)
            var world = World()
            var journal = Journal()
            var violations: [String] = []
            // A first run and up to two resumes, each of which may be killed or fail.
            for _ in 0..<3 {
                _ = Self.process(
                    subject, world: &world, journal: &journal, chooser: &chooser, violations: &violations)
                if journal.state == .confirmed { break }
            }
            world.advance(by: .seconds(3600))
            if world.committed > 1, subject.safety != .idempotent {
                violations.append("committed \(world.committed) times")
            }
            if journal.state == .confirmed, world.committed == 0 { violations.append("confirmed but not committed") }
            if !violations.isEmpty { failures.append("path \(chooser.path): \(violations.joined(separator: "; "))") }
            paths += 1
            path = Chooser.next(after: chooser.path, arities: chooser.arities)
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(paths > 100)
    }
}
