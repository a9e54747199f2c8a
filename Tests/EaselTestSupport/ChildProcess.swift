public import Foundation
import Glibc
import Synchronization

/// A child process the tests start, with its standard output and error read through pipes.
///
/// Started with `posix_spawn` directly rather than Foundation's `Process`: on Linux, `Process.run()` lists
/// `/proc/self/fd` and copies each entry's whole 256-byte name buffer, which reads past the end of the directory
/// buffer once the test process holds about 1,400 descriptors (many suites keep loopback connections open at once)
/// and crashes the whole test run. Its `FileHandle` reads also stop the process on an interrupted system call. Here,
/// the child closes every descriptor above standard error before it starts, and reads retry when interrupted.
public final class ChildProcess: Sendable {
    /// How a child process ended.
    public enum Termination: Sendable, Equatable {
        /// It exited with this status.
        case exited(Int32)
        /// It was ended by this signal.
        case signalled(Int32)
    }

    /// The child's process id.
    public let processIdentifier: pid_t
    private let outputDescriptor: Int32
    private let errorDescriptor: Int32?
    private let ending = Mutex<Termination?>(nil)

    /// Starts `executable` with `arguments`, in `directory`, with exactly `environment`; standard input is
    /// `/dev/null`. With `mergingErrors`, standard error goes into the same pipe as standard output.
    public init(
        executable: URL, arguments: [String], environment: [String: String], directory: URL,
        mergingErrors: Bool = false
    ) throws {
        let output = try Self.makePipe()
        let errors = mergingErrors ? nil : try Self.makePipe()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output.write, STDOUT_FILENO)
        posix_spawn_file_actions_adddup2(&actions, errors?.write ?? output.write, STDERR_FILENO)
        try Self.changeDirectory(&actions, to: directory.path)
        Self.closeInheritedDescriptors(&actions)

        let argv = ([executable.path] + arguments).map { strdup($0) }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") }
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable.path, &actions, nil, argv + [nil], envp + [nil])
        close(output.write)
        if let errors { close(errors.write) }
        guard status == 0 else {
            close(output.read)
            if let errors { close(errors.read) }
            throw POSIXError(POSIXErrorCode(rawValue: status) ?? .EIO)
        }
        processIdentifier = pid
        outputDescriptor = output.read
        errorDescriptor = errors?.read
    }

    /// Whether the child is still running.
    public var isRunning: Bool {
        ending.withLock { ending in
            if ending != nil { return false }
            var status: Int32 = 0
            guard waitpid(processIdentifier, &status, WNOHANG) == processIdentifier else { return true }
            ending = Self.termination(status)
            return false
        }
    }

    /// Sends `signal` to the child, unless it has already been waited for.
    public func send(_ signal: Int32) {
        ending.withLock { ending in
            if ending == nil { _ = kill(processIdentifier, signal) }
        }
    }

    /// Reads standard output (and standard error, when kept apart) to their ends, then waits for the child to end.
    ///
    /// This blocks its thread; call it from a Dispatch thread, not from the tests' cooperative pool.
    public func readToEndAndWait() -> (termination: Termination, output: Data, errors: Data) {
        let errors = ReadResult()
        let group = DispatchGroup()
        if let errorDescriptor {
            DispatchQueue.global().async(group: group) {
                errors.set(Self.readToEnd(errorDescriptor))
            }
        }
        let output = Self.readToEnd(outputDescriptor)
        group.wait()
        return (waitUntilExit(), output, errors.value)
    }

    /// Waits for the child to end.
    public func waitUntilExit() -> Termination {
        while true {
            if let ended = ending.withLock({ $0 }) { return ended }
            var status: Int32 = 0
            let waited = waitpid(processIdentifier, &status, 0)
            if waited == processIdentifier {
                let ended = Self.termination(status)
                ending.withLock { $0 = ended }
                return ended
            }
            // ECHILD: `isRunning` reaped it on another thread and records its ending under the lock; EINTR: again.
            if waited == -1 && errno == ECHILD { usleep(1_000) }
        }
    }

    private static func termination(_ status: Int32) -> Termination {
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
    }

    private static func makePipe() throws -> (read: Int32, write: Int32) {
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        // Close-on-exec, so that no other child inherits them; this child gets its ends by dup2.
        for descriptor in descriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        return (descriptors[0], descriptors[1])
    }

    private static func readToEnd(_ descriptor: Int32) -> Data {
        defer { close(descriptor) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                data.append(contentsOf: buffer[..<count])
            } else if count == 0 || errno != EINTR {
                return data
            }
        }
    }

    // glibc has both calls, but its headers declare them only for _GNU_SOURCE builds, which Swift's Glibc module is not.
    private typealias AddChangeDirectory =
        @convention(c) (
            UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>
        ) -> Int32
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    private static func changeDirectory(_ actions: inout posix_spawn_file_actions_t, to path: String) throws {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addchdir_np") else {
            throw POSIXError(.ENOSYS)
        }
        let status = unsafeBitCast(symbol, to: AddChangeDirectory.self)(&actions, path)
        guard status == 0 else { throw POSIXError(POSIXErrorCode(rawValue: status) ?? .EIO) }
    }

    private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        // Descriptors opened without close-on-exec by other threads (a pipe of another child, say) would otherwise
        // stay open in this child and keep that pipe from reaching its end.
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return }
        _ = unsafeBitCast(symbol, to: AddCloseFrom.self)(&actions, STDERR_FILENO + 1)
    }
}

/// What one reading thread read, handed to the thread that waits for it.
private final class ReadResult: Sendable {
    private let data = Mutex(Data())

    func set(_ read: Data) { data.withLock { $0 = read } }

    var value: Data { data.withLock { $0 } }
}
