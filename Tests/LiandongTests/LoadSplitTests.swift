import Foundation
import PropertyBased
import Testing
@testable import Liandong

/// With a fairness weight, the bound and plans by ranges of the largest load (`LoadSplit`,
/// `Formulation(_:hardRequired:needs:budgetPatterns:largestLoad:)`).
@Suite struct LoadSplitTests {
    /// One volunteer without a budget; an hour's need and a ninety-minute one, both worth 10
    /// (normal urgency). Within largest loads 0…60 only the hour fits: the capped model serves it
    /// alone and counts the load as at least the range's lower end.
    @Test func aRangeCapsEveryonesMinutesAndCountsItsLowerEnd() throws {
        var input = PlanningInput(horizon: Horizon(days: 7))
        input.people = [Person(id: "v", role: .volunteer)]
        input.needs = [Need(id: "hour", urgency: .normal, durationMinutes: 60), Need(id: "longer", urgency: .normal, durationMinutes: 90)]
        input.weights.fairness = 6   // 0.1 a minute
        let candidates = Candidates(Catalog(try input.validated().input))
        func optimum(_ range: ClosedRange<Int>) throws -> (Double, Set<Int>) {
            let f = Formulation(candidates, hardRequired: true, largestLoad: range)
            let o = GLPK.solve(f.program, options: GLPK.Options(timeLimitSeconds: 10, mipGap: 0, verbose: false))
            #expect(o.stop == .optimal)
            return (o.objective ?? .nan, Set(Solution(f, values: try #require(o.values)).chosen.keys))
        }
        let value = Catalog(try input.validated().input).needValue[0]
        let (low, lowServed) = try optimum(0...60)
        #expect(lowServed == [0] && abs(low - (value - 6)) < 1e-9)
        let (lifted, _) = try optimum(40...60)
        #expect(abs(lifted - (value - 6)) < 1e-9)
        let (floor, _) = try optimum(100...200)
        #expect(abs(floor - (2 * value - 15)) < 1e-9, "both needs, 150 minutes")
        // No plan's largest load lies in 200…300 but the model's is at least 200: a bound, not a plan's worth.
        let (above, _) = try optimum(200...300)
        #expect(abs(above - (2 * value - 20)) < 1e-9)
    }

    /// Every bound the ranges give bounds GLPK's proven optimum, whatever plan they start from, and
    /// a plan they find is never worth more than it (random small weeks, fairness 10–300 an hour).
    @Test func theRangesBoundEveryPlan() async throws {
        await propertyCheck(count: 40, input: RandomInstance.generator(weights: true)) { instance in
            guard var input = instance.decoded?.input else { return }
            input.weights.fairness = [10.0, 40, 100, 300][abs(input.needs.count + input.people.count) % 4]
            guard let decoded = try? InputDecoder.decode(try JSONValueEncoder().encode(input)) else { return }
            let glpk = try Engine.plan(decoded, settings: SolverSettings(backend: .glpk, timeLimitSeconds: 20))
            guard glpk.status == .optimal else { return }
            let optimum = glpk.solver.objective
            let candidates = Candidates(Catalog(decoded.input))
            var search = Heuristic(candidates: candidates, seed: 1, deadline: ContinuousClock.now + .seconds(2))
            search.timeLimit = 0.2
            // From the accepted orders alone (the bound is then the ranges' own) and from a search's plan.
            for start in [SearchState.pinnedOnly(candidates), search.search()] {
                let split = LoadSplit(candidates: candidates, settings: SolverSettings(backend: .auto))
                guard let o = split.run(best: start, bound: .infinity, deadline: ContinuousClock.now + .seconds(20)) else { continue }
                let tolerance = 1e-6 * max(1, abs(optimum))
                #expect(o.bound >= optimum - tolerance, "ranges' bound \(o.bound) < proven optimum \(optimum)")
                if let better = o.better {
                    let found = SearchState(candidates, solution: better)
                    #expect(found.objective <= optimum + tolerance && found.objective > start.objective)
                }
            }
        }
    }

    /// A week of the independent generator (Fixtures/valid/fairness-dominates.json: 31 needs, 40
    /// people, fairness 300 an hour, so that the largest load costs more than everything served is
    /// worth): GLPK's relaxation with the budget pattern rows is 284.4 and its branch-and-cut bound
    /// after 20 s 220 for an optimum of 160.5 (HiGHS's proof); `auto` reported a 37 % gap at 10 s. By
    /// ranges of the largest load, it is proven in a few dozen LPs and branch-and-cut runs.
    @Test func rangesOfTheLargestLoadProveAWeekFairnessDominates() throws {
        let decoded = try InputDecoder.decode(try Fixtures.data("valid/fairness-dominates.json"))
        let candidates = Candidates(Catalog(decoded.input))
        let lp = try #require(GLPKBackend(candidates: candidates, settings: SolverSettings(backend: .glpk))
            .relaxationBound(deadline: ContinuousClock.now + .seconds(20)))
        #expect(lp > 280)
        var search = Heuristic(candidates: candidates, seed: 1, deadline: ContinuousClock.now + .seconds(5))
        search.timeLimit = 1
        let start = search.search()
        let o = try #require(LoadSplit(candidates: candidates, settings: SolverSettings(backend: .auto))
            .run(best: start, bound: lp, deadline: ContinuousClock.now + .seconds(60)))
        let best = o.better.map { SearchState(candidates, solution: $0).objective } ?? start.objective
        #expect(abs(best - 160.5) < 1e-9, "best plan \(best)")
        #expect(o.bound <= 160.5 + 1e-6, "bound \(o.bound) after \(o.ranges) ranges")
        #expect(!o.cutByClock, "the split ended on its own, not on the clock")
    }

    /// The split says when the clock ended it (its plan and bound may then differ on another run,
    /// and `auto` reports `termination: timeLimit` with `clockCut`): with no time at all, and with
    /// five milliseconds for a week that needs a few dozen LPs.
    @Test func theSplitSaysWhenTheClockEndedIt() throws {
        let decoded = try InputDecoder.decode(try Fixtures.data("valid/fairness-dominates.json"))
        let candidates = Candidates(Catalog(decoded.input))
        var search = Heuristic(candidates: candidates, seed: 1, deadline: ContinuousClock.now + .seconds(5))
        search.timeLimit = 1
        let start = search.search()
        let split = LoadSplit(candidates: candidates, settings: SolverSettings(backend: .auto))
        let none = try #require(split.run(best: start, bound: 300, deadline: ContinuousClock.now))
        #expect(none.cutByClock && none.ranges == 0 && none.bound == 300)
        let brief = try #require(split.run(best: start, bound: 300, deadline: ContinuousClock.now + .milliseconds(5)))
        #expect(brief.cutByClock, "\(brief.ranges) ranges, bound \(brief.bound)")
    }
}
