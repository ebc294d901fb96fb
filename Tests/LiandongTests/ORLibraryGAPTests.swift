import Foundation
import Testing
@testable import Liandong

/// Outside witnesses: the 60 OR-Library GAP instances with proven optima must be reproduced exactly.
@Suite struct ORLibraryGAPTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let optimum: Int
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        guard let dir = SharedData.orlibGAP,
              let csv = try? String(contentsOf: dir.appendingPathComponent("optima.csv"), encoding: .utf8) else { return [] }
        return csv.split(separator: "\n").dropFirst().compactMap { line in
            let f = line.split(separator: ",")
            guard f.count == 4, let opt = Int(f[3]) else { return nil }
            return Case(name: String(f[0]), optimum: opt)
        }
    }()

    static let skipMessage: Comment = "SKIPPED: ../shared/datasets/orlib-gap is missing (set LIANDONG_SHARED or place shared/ beside the repository)"

    @Test(.enabled(if: SharedData.orlibGAP != nil, skipMessage))
    func datasetHasSixtyInstances() {
        #expect(Self.cases.count == 60)
    }

    @Test(.enabled(if: SharedData.orlibGAP != nil, skipMessage), arguments: cases)
    func reproducesProvenOptimum(_ c: Case) throws {
        let dir = try #require(SharedData.orlibGAP)
        let text = try String(contentsOf: dir.appendingPathComponent("\(c.name).txt"), encoding: .utf8)
        let instance = try GAPInstance(name: c.name, text: text)
        let decoded = try InputDecoder.decode(Array(JSONValueEncoder().encodeText(instance.planningInput).utf8))
        let plan = try Engine.plan(decoded, settings: SolverSettings(backend: .glpk, timeLimitSeconds: 120))
        #expect(plan.status == .optimal)
        #expect(plan.solver.objective == -Double(c.optimum), "\(c.name): total cost \(-plan.solver.objective), proven optimum \(c.optimum)")
        #expect(plan.summary.served == instance.jobs)
    }
}

/// Outside witnesses, hard ones: GAP types C, D and E (Chu–Beasley; Yagiura et al.), best known
/// values published with them. Every plan must keep every rule, serve every job, and never beat a
/// proven optimum; its bound must not exclude it; and the plan stays near the best known value.
/// (The benchmark `Benchmarks/gap_cde.py` measures all 18 in release mode against the targets.)
/// One instance at a time: each solve is cut by its clock in a debug build, and six of them at
/// once on two cores left each a third of a core (e20200 once ended 14.6 % above its best known
/// under the suite's load, against 8 % allowed; alone it passed).
@Suite(.serialized) struct GAPTypesCDETests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let best: Int
        let proven: Bool
        var testDescription: String { name }
    }

    static var directory: URL? {
        SharedData.sharedDirectory.map { $0.appendingPathComponent("datasets/gap-cde") }
            .flatMap { FileManager.default.fileExists(atPath: $0.appendingPathComponent("best-known.csv").path) ? $0 : nil }
    }

    /// One instance of each type at 100 and at 200 jobs (the 400-job ones run in the benchmark).
    static let cases: [Case] = {
        guard let dir = directory,
              let csv = try? String(contentsOf: dir.appendingPathComponent("best-known.csv"), encoding: .utf8) else { return [] }
        let chosen: Set<String> = ["c05100", "c10200", "d05100", "d10200", "e05100", "e20200"]
        return csv.split(separator: "\n").dropFirst().compactMap { line in
            let f = line.split(separator: ",")
            guard f.count == 6, chosen.contains(String(f[0])), let best = Int(f[4]) else { return nil }
            return Case(name: String(f[0]), best: best, proven: f[5] == "yes")
        }
    }()

    static let skipMessage: Comment = "SKIPPED: ../shared/datasets/gap-cde is missing (set LIANDONG_SHARED or place shared/ beside the repository)"

    /// The instance and the week it maps to.
    static func load(_ c: Case) throws -> (GAPInstance, DecodedInput) {
        let dir = try #require(directory)
        let text = try String(contentsOf: dir.appendingPathComponent("\(c.name).txt"), encoding: .utf8)
        let instance = try GAPInstance(name: c.name, text: text)
        return (instance, try InputDecoder.decode(Array(JSONValueEncoder().encodeText(instance.planningInput).utf8)))
    }

    @Test(.enabled(if: directory != nil, skipMessage))
    func datasetHasTheChosenInstances() { #expect(Self.cases.count == 6) }

    /// `--backend glpk` starts GLPK from the search's plan (since 2026-12-06): from nothing, GLPK's
    /// first plans came late and c10200 (type C, 10 agents, 200 jobs) ended 65 % above the best
    /// known at 10 s in a release build (the 18 instances 10.6 % on average); from the search's
    /// plan 0.2 % (mean 0.22 %). The test build is 10–20 times slower: 15 s and 8 %, as for `auto`.
    @Test(.enabled(if: directory != nil, skipMessage))
    func theGLPKBackendStartsFromTheSearchsPlan() throws {
        let c = try #require(Self.cases.first { $0.name == "c10200" })
        let (instance, decoded) = try Self.load(c)
        let plan = try Engine.plan(decoded, settings: SolverSettings(backend: .glpk, timeLimitSeconds: 15))
        #expect(PlanChecker(input: decoded.input).violations(of: plan).isEmpty)
        #expect(plan.summary.served == instance.jobs)
        let cost = -plan.solver.objective
        #expect(-plan.solver.bound <= Double(c.best) + 1e-6)
        #expect((cost - Double(c.best)) / Double(c.best) <= 0.08, "\(c.name): cost \(cost), best known \(c.best)")
    }

    @Test(.enabled(if: directory != nil, skipMessage), arguments: cases)
    func staysNearTheBestKnownValue(_ c: Case) throws {
        let (instance, decoded) = try Self.load(c)
        let plan = try Engine.plan(decoded, settings: SolverSettings(backend: .auto, timeLimitSeconds: 15))
        #expect(PlanChecker(input: decoded.input).violations(of: plan).isEmpty)
        #expect(plan.summary.served == instance.jobs)
        let cost = -plan.solver.objective, boundCost = -plan.solver.bound
        if c.proven {
            #expect(cost >= Double(c.best) - 1e-6, "\(c.name): cost \(cost) below the proven optimum \(c.best)")
            #expect(boundCost <= Double(c.best) + 1e-6, "\(c.name): the bound \(boundCost) excludes the proven optimum \(c.best)")
        }
        // Release builds are within 0.8 % on every instance at 10 s (Benchmarks/RESULTS.md). The
        // test build is 10–20 times slower, so every phase is cut by the clock: it gets 15 s and
        // the test allows 8 % (at 8 s the tabu search's pricing steps alone could use up its time
        // and e20200 stayed at 18 %; before the knapsack guide's steps were cut at a quarter of
        // the time left, they did so on a busy machine: 16 %).
        #expect((cost - Double(c.best)) / Double(c.best) <= 0.08, "\(c.name): cost \(cost), best known \(c.best)")
    }
}
