import Foundation
public import PlanModel

/// The approval every command that writes asks for before its run begins: on production, the host typed at the
/// prompt or given as `--confirm-production HOST` (`--auto-approve` never stands in for it); elsewhere a `yes`,
/// unless `--auto-approve`.
///
/// The host confirmed here goes to the executor, whose write guard refuses any write to a production host that
/// was not confirmed: the approval holds even for writes no plan showed.
public struct WriteApproval: Sendable {
    /// `--auto-approve`.
    public var autoApprove: Bool
    /// `--confirm-production HOST`.
    public var confirmProduction: String?
    let output: any SessionOutput
    let prompt: any ApprovalPrompt

    /// An approval with the choices of the command line, asked through `prompt`.
    public init(
        autoApprove: Bool, confirmProduction: String?, output: any SessionOutput, prompt: any ApprovalPrompt
    ) {
        self.autoApprove = autoApprove
        self.confirmProduction = confirmProduction
        self.output = output
        self.prompt = prompt
    }

    /// Asks for what the run needs and returns the production host it confirmed, if any; throws (exit 1) when
    /// the run is not approved.
    ///
    /// - Parameters:
    ///   - mayWrite: whether the run may write at all; when not, nothing is asked.
    ///   - asksYes: whether a run outside production asks for a `yes` (`resume` of an unchanged job does not:
    ///     the run was approved when it began).
    public func approve(environment: PlanEnvironment, mayWrite: Bool, asksYes: Bool = true) throws -> String? {
        if environment.isProduction {
            if let confirmProduction {
                guard confirmProduction == environment.host else {
                    output.printError(
                        "error: --confirm-production \(confirmProduction) does not name this environment's host, "
                            + environment.host)
                    throw SessionStop(.failed)
                }
                return environment.host
            }
            guard mayWrite else { return nil }
            guard prompt.canAsk else {
                output.printError(
                    "error: \(environment.host) is production; pass --confirm-production \(environment.host) "
                        + "to write to it without a prompt")
                throw SessionStop(.failed)
            }
            let answer = prompt.ask("\(environment.host) is PRODUCTION. Type its host name to write to it: ")
            guard answer?.trimmingCharacters(in: .whitespaces) == environment.host else {
                output.printError("Not applied.")
                throw SessionStop(.failed)
            }
            return environment.host
        }
        guard mayWrite, asksYes, !autoApprove else { return nil }
        guard prompt.canAsk else {
            output.printError(
                "error: this asks for approval on a terminal; pass --auto-approve to write without asking")
            throw SessionStop(.failed)
        }
        let answer = prompt.ask("Apply these changes to \(environment.host)? Only 'yes' applies: ")
        guard answer?.trimmingCharacters(in: .whitespaces) == "yes" else {
            output.printError("Not applied.")
            throw SessionStop(.failed)
        }
        return nil
    }
}
