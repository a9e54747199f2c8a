/// A token of Canvas's shape (`SHARD~BODY`) made up for a test, different on every call, so that a test which
/// finds it in a log, a plan or an error finds the token it was given and not a fixed string.
public func randomCanvasToken(shardDigits: Int = 4, length: Int = 64) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    let shard = String((0..<max(1, shardDigits)).map { _ in "123456789".randomElement() ?? "1" })
    return shard + "~" + String((0..<length).map { _ in alphabet.randomElement() ?? "x" })
}
