import Canvas

/// Easel's version, as `easel --version` prints it.
enum EaselVersion {
    static let current = CanvasClientConfiguration.easelVersion
}
