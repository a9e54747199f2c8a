import Execution
import Foundation
import Synchronization
import Testing

@testable import PostgresJournal

@Suite(TestDatabase.required) struct PostgresJobLockingTests {
    /// A holder row naming `pid` on this machine.
    static func holder(pid: Int32) -> JobLockHolder {
        JobLockHolder(
            user: "admin", host: RunOrigin.current.host, pid: Int(pid), runID: RunID.generate(), since: Date())
    }

    /// A pid no process has: above the kernel's largest. (Spawning a process and waiting for it would block one of
    /// the test process's few threads while every suite runs.)
    static func pidOfNoProcess() throws -> Int32 {
        let text = try String(contentsOfFile: "/proc/sys/kernel/pid_max", encoding: .utf8)
        let largest = try #require(Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)))
        return largest + 1
    }

    @Test func aLiveHolderIsNamedAtOnce() async throws {
        try await TestDatabase.withStore { store in
            let locking = PostgresJobLocking(location: store.location)
            let key = JobLockKey(canvasHost: "canvas.example.edu", jobName: "live-\(UUID().uuidString)")
            let first = Self.holder(pid: getpid())
            let lock = try await locking.acquire(key, for: first, timeout: .zero)
            defer { lock.release() }
            let started = ContinuousClock.now
            await #expect {
                _ = try await locking.acquire(key, for: Self.holder(pid: getpid() + 1), timeout: .zero)
            } throws: { error in
                guard case .held(_, let by) = error as? JobLockError else { return false }
                return by?.pid == first.pid && by?.runID == first.runID
            }
            #expect(ContinuousClock.now - started < PostgresJobLocking.deadHolderGrace)
        }
    }

    /// A writer killed with -9 keeps its session until the server notices the closed socket; a writer started at
    /// once after it waits for that instead of being refused in the name of a process that is gone.
    @Test func aLockWhoseHolderIsGoneIsWaitedForNotRefused() async throws {
        try await TestDatabase.withStore { store in
            let locking = PostgresJobLocking(location: store.location)
            let key = JobLockKey(canvasHost: "canvas.example.edu", jobName: "gone-\(UUID().uuidString)")
            let gone = Self.holder(pid: try Self.pidOfNoProcess())
            let lingering = try await locking.acquire(key, for: gone, timeout: .zero)
            // The server frees the session a moment later, as it does for a killed client.
            let released = Mutex(false)
            let freeing = Task {
                try await Task.sleep(for: .milliseconds(600))
                released.withLock { $0 = true }
                lingering.release()
            }
            let next = try await locking.acquire(key, for: Self.holder(pid: getpid()), timeout: .zero)
            // Taken only once the lingering session was let go: the wait is what the test shows, not its length.
            #expect(released.withLock { $0 }, "the lock was taken while the lingering session held it")
            next.release()
            try await freeing.value
        }
    }
}
