import Canvas
import EaselTestSupport
import Execution
import Foundation
import JSONValues
import Sandbox
import Testing

/// A failure every item would hit reaches the outcome as a value, with its payload, and the items that failed on it
/// are known by their failure's cause, not by what their messages say.
@Suite struct RunLevelFailureValueTests {
    /// Users to create, the first in an account that does not exist: its failure is its own.
    private static let usersCSV =
        "account,login\n999999,value-user-0\n" + (1...6).map { "1,value-user-\($0)\n" }.joined()

    private static let job = """
        easel: 1
        name: run-level values
        inputs: { users: { csv: users.csv } }
        defaults: { parallelism: 1, retry: { attempts: 1 }, on_error: continue }
        steps:
          - id: create
            for_each: ${{ inputs.users }}
            request: POST /api/v1/accounts/${{ item.account }}/users
            body:
              user: { name: "${{ item.login }}" }
              pseudonym: { unique_id: "${{ item.login }}" }
        """

    @Test func aPermissionAStepLacksIsAValueNamingTheRequestTheStepAndTheRefusals() async throws {
        try await ApplyHarness.run(sandbox: { $0.seed = .empty }) { harness in
            try await SandboxControl.post(
                "/__sandbox/denied", body: ["requests": ["POST /api/v1/accounts/1/users"]], to: harness.sandbox)
            let graph = try harness.job(Self.job, files: ["users.csv": Self.usersCSV])
            let outcome = try await harness.apply(graph)

            guard case .notPermitted(let lack)? = outcome.runFailure else {
                Issue.record(
                    "a permission every item of the step lacks stops the run: \(String(describing: outcome.runFailure))"
                )
                return
            }
            #expect(lack.request == "POST /api/v1/accounts/1/users")
            #expect(lack.stepID == "create")
            #expect(lack.refusals == 3, "three refusals in a row make the step's refusal the run's")
            #expect(outcome.runFailure?.cause == .notPermitted)

            // The three refused items failed on it; the user of the missing account failed on its own.
            #expect(outcome.problems.count == 4, "\(outcome.problems)")
            let missing = try #require(outcome.problems.first { $0.itemIndex == 0 }, "\(outcome.problems)")
            #expect(
                missing.errorMessage?.hasPrefix("not found: POST /api/v1/accounts/999999/users") == true, "\(missing)")
            let refused = outcome.problems.filter { $0.itemIndex != 0 }
            #expect(refused.map(\.itemIndex) == [1, 2, 3])
            #expect(outcome.runFailureItems == Set(refused.map(ItemReference.init)))
        }
    }

    @Test func oneRefusedItemIsItsOwnFailureAndNoRunLevelOne() async throws {
        try await ApplyHarness.run(sandbox: { $0.seed = .empty }) { harness in
            let graph = try harness.job(Self.job, files: ["users.csv": Self.usersCSV])
            try await SandboxControl.post(
                "/__sandbox/denied", body: ["requests": ["POST /api/v1/accounts/999999/users"]], to: harness.sandbox)
            let outcome = try await harness.apply(graph)
            #expect(outcome.runFailure == nil, "\(String(describing: outcome.runFailure))")
            #expect(outcome.runFailureItems.isEmpty)
            let refused = try #require(outcome.problems.first, "\(outcome.problems)")
            #expect(refused.itemIndex == 0)
            #expect(refused.errorMessage?.contains("the token's user may not do this") == true, "\(refused)")
            #expect(outcome.problems.count == 1, "the other items were all allowed: \(outcome.problems)")
        }
    }

    @Test func itemsThatCouldNotReachCanvasCarryTheRefusedConnectionAsAValue() async throws {
        try await ApplyHarness.run(sandbox: { $0.seed = .empty }) { harness in
            let graph = try harness.job(Self.job, files: ["users.csv": Self.usersCSV])
            let id = try await harness.beginRun(graph)
            // A port bound and never listened on: the connection is refused.
            let refusing = try RefusingPort()
            let (closed, port) = (refusing.baseURL, String(refusing.port))
            let configuration = CanvasClientConfiguration(
                baseURL: closed, tokens: [CanvasToken("any-token")], retry: .none)
            let outcome = try await withCanvasClient(configuration) { client in
                try await Executor(
                    graph: graph, client: client, journal: harness.journal, runID: id, logger: ApplyHarness.logger
                )
                .run()
            }

            guard case .unreachable(.refused(let place))? = outcome.runFailure else {
                Issue.record("nothing listening stops the run: \(String(describing: outcome.runFailure))")
                return
            }
            #expect(place == "127.0.0.1:\(port)")
            #expect(outcome.runFailure?.cause == .unreachable)
            #expect(
                outcome.runFailure?.description
                    == "could not reach Canvas: 127.0.0.1:\(port) refused the connection: nothing is listening there "
                    + "(is Canvas, or the sandbox, running on that port?)")
            // Every item that was started failed on it, and is counted by its cause.
            #expect(!outcome.problems.isEmpty)
            #expect(outcome.runFailureItems == Set(outcome.problems.map(ItemReference.init)))
        }
    }
}
