import Foundation
import Testing
@testable import Liandong

/// With a fairness weight, more value under the plan's own largest load
/// (``Heuristic/searchUnderOwnCeiling(_:rng:)``).
@Suite struct OwnCeilingTests {
    /// Two volunteers of two hours; three needs of an hour. The plan serves n1 with a: largest
    /// load 60. Under that load as a ceiling, b takes n2 (or n3) and nobody passes 60 minutes —
    /// worth more at the same fairness charge; without the ceiling a would take a second hour.
    @Test func theSearchServesMoreUnderThePlansLargestLoad() throws {
        var input = PlanningInput(horizon: Horizon(days: 7))
        input.people = [Person(id: "a", role: .volunteer, maxMinutes: 120), Person(id: "b", role: .volunteer, maxMinutes: 120)]
        input.needs = [Need(id: "n1", urgency: .high, durationMinutes: 60), Need(id: "n2", durationMinutes: 60),
                       Need(id: "n3", durationMinutes: 60)]
        input.pairs = [Pair(need: "n2", person: "b", cost: 1), Pair(need: "n3", person: "b", cost: 1)]
        input.weights.fairness = 20
        let candidates = Candidates(Catalog(try input.validated().input))
        var state = SearchState.pinnedOnly(candidates)
        let option = candidates.options[0][0]
        state.serve(need: 0, option: 0, members: [[0]], lead: 0)
        #expect(state.largestLoad == 60 && option.candidates[0].contains(0))
        let before = state.objective
        let heuristic = Heuristic(candidates: candidates, seed: 1, deadline: ContinuousClock.now + .seconds(60))
        var rng = SplitMix64(seed: 1)
        #expect(heuristic.searchUnderOwnCeiling(&state, rng: &rng) > 0)
        #expect(state.largestLoad == 60)
        #expect(state.chosen.count == 2)
        #expect(state.objective > before)
    }
}
