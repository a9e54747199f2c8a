import Foundation

/// Who runs this process and where: the user, the machine and the process id that `easel runs` and a refused
/// lock show.
public struct RunOrigin: Sendable, Equatable {
    public var user: String
    public var host: String
    public var pid: Int

    public init(user: String, host: String, pid: Int) {
        self.user = user
        self.host = host
        self.pid = pid
    }

    /// This process's user, host name and id.
    public static var current: RunOrigin {
        let environment = ProcessInfo.processInfo.environment
        let user = environment["USER"] ?? environment["LOGNAME"] ?? NSUserName()
        return RunOrigin(
            user: user.isEmpty ? "unknown" : user, host: ProcessInfo.processInfo.hostName,
            pid: Int(ProcessInfo.processInfo.processIdentifier))
    }
}
