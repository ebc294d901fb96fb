import Foundation
import Testing
@testable import Liandong

/// The plan rounded from the LP relaxation's solution (``Heuristic/construct(guidedBy:work:)``).
@Suite struct RoundingTests {
    /// One volunteer with two hours; a high need of two hours (worth 100) and two normal ones of
    /// an hour for three groups (worth 70 each). The greedy, by value, takes the high need and
    /// then nothing fits (100); the relaxation serves the two others (140), and so does the plan
    /// rounded from it.
    @Test func theRoundedPlanFollowsTheRelaxation() throws {
        var input = PlanningInput(horizon: Horizon(days: 7))
        input.people = [Person(id: "v", role: .volunteer, maxMinutes: 120)]
        let groups = ["subsistenceAllowance", "extremePoverty", "childInDifficulty"]
        input.needs = [Need(id: "a", urgency: .high, durationMinutes: 120),
                       Need(id: "b", groups: groups, durationMinutes: 60),
                       Need(id: "c", groups: groups, durationMinutes: 60)]
        let candidates = Candidates(Catalog(try input.validated().input))
        let heuristic = Heuristic(candidates: candidates, seed: 1, deadline: ContinuousClock.now + .seconds(60))
        #expect(heuristic.construct().objective == 100)
        let relaxation = try #require(GLPKBackend(candidates: candidates, settings: SolverSettings())
            .relaxation(deadline: ContinuousClock.now + .seconds(60)))
        #expect(relaxation.bound == 140)
        let lp = try #require(relaxation.plan)
        #expect(lp.served(0) == 0 && lp.served(1) == 1 && lp.served(2) == 1)
        var work = 0
        let rounded = heuristic.construct(guidedBy: lp, work: &work)
        #expect(rounded.objective == 140)
        #expect(rounded.chosen[0] == nil && rounded.chosen[1] != nil && rounded.chosen[2] != nil)
        #expect(work > 0)
        // The search takes the rounded plan where it meets the bound known before it: with no
        // work to search by (and no probes, as in a brief search), the greedy plan stays without
        // the guide.
        var bare = heuristic
        bare.timeLimit = 0
        bare.brief = true
        bare.target = relaxation.bound
        #expect(bare.search().objective == 100)
        var guided = bare
        guided.guide = lp
        #expect(guided.search().objective == 140)
    }
}
