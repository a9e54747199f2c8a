/// Where the environments file was found, which decides how far it is trusted.
public struct EnvironmentsFileLocation: Sendable, Hashable {
    /// Who named the file.
    public enum Origin: Sendable, Hashable {
        /// `--environments FILE`: any file, perhaps one that came with a repository.
        case commandLine
        /// `$EASEL_ENVIRONMENTS`: the user's own setting.
        case variable
        /// `$XDG_CONFIG_HOME/easel/environments.json`, else `~/.config/easel/environments.json`.
        case userConfiguration
    }

    /// The file's path.
    public var path: String
    /// Who named it.
    public var origin: Origin

    /// A location.
    public init(path: String, origin: Origin) {
        self.path = path
        self.origin = origin
    }
}
