import Foundation
import Testing
@testable import Liandong

/// The shipped demo week: proven optimal, accepted by the independent checker, deterministic,
/// and each deliberately hard need explained by its intended reason (datasets/README.md).
@Suite struct DemoTests {
    static let path = SharedData.repositoryRoot.appendingPathComponent("datasets/wenchang-week.json")

    static func plan(backend: Backend = .glpk) throws -> Plan {
        let decoded = try InputDecoder.decode(Array(try Data(contentsOf: path)))
        return try Engine.plan(decoded, settings: SolverSettings(backend: backend, timeLimitSeconds: 60))
    }

    @Test func optimalAndChecked() throws {
        let plan = try Self.plan()
        #expect(plan.status == .optimal)
        #expect(plan.summary.needs == 44)
        let input = try InputDecoder.decode(Array(try Data(contentsOf: Self.path))).input
        #expect(PlanChecker(input: input).violations(of: plan) == [])
        let reasons = Dictionary(uniqueKeysWithValues: plan.unserved.map { ($0.need, Set($0.reasons)) })
        #expect(reasons["n-38"] == [.noQualifiedPerson])
        #expect(reasons["n-30"] == [.noCommonTime])
        #expect(reasons["n-07"] == [.notInsured])
        #expect(reasons["n-24"] == [.declined])
        #expect(reasons["n-33"]?.contains(.lowerValue) == true)
        // Every required need is served.
        #expect(plan.unserved.allSatisfy { !$0.required })
    }

    @Test func sameInputSameBytes() throws {
        var a = try Self.plan(), b = try Self.plan()
        a.solver.seconds = 0; b.solver.seconds = 0
        #expect(try JSONValueEncoder().encodeText(a) == JSONValueEncoder().encodeText(b))
    }

    @Test func heuristicPlanIsValidAndNoBetterThanTheOptimum() throws {
        let exact = try Self.plan()
        let greedy = try Self.plan(backend: .heuristic)
        let input = try InputDecoder.decode(Array(try Data(contentsOf: Self.path))).input
        #expect(PlanChecker(input: input).violations(of: greedy) == [])
        #expect(greedy.solver.objective <= exact.solver.objective + 1e-9)
        #expect(greedy.solver.bound >= exact.solver.objective - 1e-9)
        // It may claim optimal only with a proof: its LP bound meeting its objective.
        #expect(greedy.status == .feasible || greedy.solver.bound == greedy.solver.objective)
    }
}
