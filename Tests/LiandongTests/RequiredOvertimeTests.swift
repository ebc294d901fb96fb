import Foundation
import Testing
@testable import Liandong

/// The probes after the search may serve a required need past the search's deadline
/// (``Heuristic/probeValuableNeeds(_:tabuFollows:)``), so that a clock cut — a loaded machine —
/// does not turn a servable week `infeasible`.
@Suite struct RequiredOvertimeTests {
    /// Two volunteers of an hour each. Required r1 (critical) may be served by either, and goes
    /// first to a (b costs more); required r2 and the valuable v only a may serve. The
    /// construction then leaves r2 out; a search that moves r1 to b serves it. With the search's
    /// deadline already past (the clock cut it before it began), the probes still run while r2 is
    /// left out, until the later deadline for required needs; a required need nobody may serve
    /// does not keep them going.
    @Test func aProbeServesTheRequiredNeedTheClockLeftOut() throws {
        var input = PlanningInput(horizon: Horizon(days: 7))
        input.people = [Person(id: "a", role: .volunteer, skills: ["rare"], maxMinutes: 60),
                        Person(id: "b", role: .volunteer, maxMinutes: 60)]
        input.needs = [Need(id: "r1", urgency: .critical, team: [TeamPosition(role: .volunteer)], required: true),
                       Need(id: "r2", team: [TeamPosition(role: .volunteer, skills: ["rare"])], required: true),
                       Need(id: "v", urgency: .high, team: [TeamPosition(role: .volunteer, skills: ["rare"])]),
                       // Required, but nobody may serve it: not what the probes wait for.
                       Need(id: "r3", team: [TeamPosition(role: .volunteer, skills: ["none"])], required: true)]
        input.pairs = [Pair(need: "r1", person: "b", cost: 5)]
        let candidates = Candidates(Catalog(try input.validated().input))
        let now = ContinuousClock.now
        var heuristic = Heuristic(candidates: candidates, seed: 1, deadline: now)
        let built = heuristic.construct()
        #expect(built.chosen[1] == nil && built.missesServableRequired())
        // No later deadline for required needs: the clock cut leaves r2 out.
        #expect(heuristic.search().chosen[1] == nil)
        heuristic.requiredDeadline = now + .seconds(60)
        let state = heuristic.search()
        #expect(state.chosen[1] != nil && !state.missesServableRequired() && !state.servesEveryRequired())
        #expect(state.cutByClock)
    }
}
