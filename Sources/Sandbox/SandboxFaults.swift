/// Random faults injected into API requests, parsed from a spec such as
/// `500=0.05,502=0.01,drop=0.02,slow=0.01@2s,lost=0.05,applied504=0.02,late504=0.01@3s,text=0.01`.
public struct SandboxFaults: Sendable, Equatable {
    /// The probability of answering with each 5xx status instead of running the request.
    public var statusRates: [Int: Double] = [:]
    /// The probability of running the request and committing it, then answering with each 5xx status instead of
    /// its result: a gateway that gave up while the application finished the work.
    public var appliedStatusRates: [Int: Double] = [:]
    /// The probability of answering with each 5xx status at once and running the request ``lateDelay`` later:
    /// a proxy that gave up while the request was still queued or running.
    public var lateStatusRates: [Int: Double] = [:]
    /// How long after its 5xx answer a late request runs.
    public var lateDelay: Duration = .seconds(2)
    /// The probability of closing the connection without running the request or answering.
    public var dropRate: Double = 0
    /// The probability of delaying a request by ``slowDelay``.
    public var slowRate: Double = 0
    /// How long a slow request is delayed.
    public var slowDelay: Duration = .seconds(2)
    /// The probability of running the request, then closing the connection without answering.
    public var lostRate: Double = 0
    /// The probability of running a write, then answering its success with a plain-text body instead of its JSON:
    /// a proxy or an endpoint whose 2xx is not JSON.
    public var textRate: Double = 0

    /// No faults.
    public init() {}

    /// Parses a fault spec: comma-separated `KIND=PROBABILITY`, where KIND is a 5xx status, `appliedNNN` or
    /// `lateNNN` (`NNN` a 5xx status; `late` takes an optional `@DELAY`), `drop`, `slow` (with an optional
    /// `@DELAY` such as `@2s` or `@500ms`), `lost` or `text`.
    public init(parsing spec: String) throws(SandboxFaultsSpecError) {
        for item in spec.split(separator: ",").map({ $0.trimmingCharacters(in: " ") }) where !item.isEmpty {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else {
                throw SandboxFaultsSpecError(item: item, reason: "expected KIND=PROBABILITY")
            }
            let kind = parts[0]
            var rateText = parts[1]
            var delay: Duration?
            if let at = rateText.firstIndex(of: "@") {
                let delayText = String(rateText[rateText.index(after: at)...])
                guard kind == "slow" || kind.hasPrefix("late") else {
                    throw SandboxFaultsSpecError(item: item, reason: "only slow and lateNNN take a delay")
                }
                guard let parsed = Self.parseDuration(delayText) else {
                    throw SandboxFaultsSpecError(
                        item: item, reason: "the delay should look like 2s or 500ms, and be at most an hour")
                }
                delay = parsed
                rateText = String(rateText[..<at])
            }
            guard rateText.allSatisfy({ $0.isASCII && ($0.isNumber || ".eE+-".contains($0)) }),
                let rate = Double(rateText), (0...1).contains(rate)
            else {
                throw SandboxFaultsSpecError(item: item, reason: "the probability should be a number from 0 to 1")
            }
            switch kind {
            case "drop": dropRate = rate
            case "lost": lostRate = rate
            case "text": textRate = rate
            case "slow":
                slowRate = rate
                if let delay { slowDelay = delay }
            default:
                if kind.hasPrefix("applied") {
                    appliedStatusRates[try Self.serverStatus(kind.dropFirst("applied".count), item: item)] = rate
                } else if kind.hasPrefix("late") {
                    lateStatusRates[try Self.serverStatus(kind.dropFirst("late".count), item: item)] = rate
                    if let delay { lateDelay = delay }
                } else {
                    statusRates[try Self.serverStatus(Substring(kind), item: item)] = rate
                }
            }
        }
        let total = [statusRates, appliedStatusRates, lateStatusRates].flatMap(\.values).reduce(dropRate, +)
        guard total <= 1 + 1e-9 else {
            throw SandboxFaultsSpecError(
                item: spec,
                reason: "the 5xx, applied, late and drop probabilities add up to more than 1 (one is drawn per request)"
            )
        }
    }

    /// Whether no fault can happen.
    public var isEmpty: Bool {
        [statusRates, appliedStatusRates, lateStatusRates].allSatisfy { $0.values.allSatisfy { $0 == 0 } }
            && dropRate == 0 && slowRate == 0 && lostRate == 0 && textRate == 0
    }

    private static func serverStatus(_ text: Substring, item: String) throws(SandboxFaultsSpecError) -> Int {
        guard let status = Int(text), (500...599).contains(status) else {
            throw SandboxFaultsSpecError(
                item: item,
                reason: "unknown fault '\(item.split(separator: "=").first ?? "")' (use a 5xx status, appliedNNN, "
                    + "lateNNN, drop, slow, lost or text)")
        }
        return status
    }

    /// The longest delay a `slow` fault may ask for.
    public static let longestDelay: Duration = .seconds(3600)

    /// `2s` or `500ms`, from zero to ``longestDelay``; nil for anything else (`1e300s`, `nans`, `-1s`).
    static func parseDuration(_ text: String) -> Duration? {
        let (number, scale): (Substring, Double) =
            text.hasSuffix("ms") ? (text.dropLast(2), 1) : text.hasSuffix("s") ? (text.dropLast(1), 1000) : ("", 0)
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || ".eE+-".contains($0)) }),
            let value = Double(number), value.isFinite, value >= 0
        else { return nil }
        let milliseconds = value * scale
        guard milliseconds <= Double(longestDelay.components.seconds) * 1000 else { return nil }
        return .milliseconds(Int64(milliseconds))
    }
}

/// Why a fault spec could not be read.
public struct SandboxFaultsSpecError: Error, Sendable, CustomStringConvertible {
    /// The item of the spec at fault.
    public let item: String
    /// What is wrong with it.
    public let reason: String

    public var description: String { "invalid fault '\(item)': \(reason)" }
}

extension StringProtocol {
    func trimmingCharacters(in set: Character) -> String {
        var text = Substring(self)
        while text.first == set { text = text.dropFirst() }
        while text.last == set { text = text.dropLast() }
        return String(text)
    }
}
