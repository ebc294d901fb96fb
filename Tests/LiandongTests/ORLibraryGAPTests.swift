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
