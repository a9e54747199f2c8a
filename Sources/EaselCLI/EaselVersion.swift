/// Easel's version, as `easel --version` prints it.
enum EaselVersion {
    static let current = "0.1.0"
}
