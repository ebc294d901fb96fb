import Foundation
import Testing
@testable import Liandong

/// What the ruin-and-recreate search drops so that an unserved need fits (``Heuristic/blockers(of:in:byPerson:rng:work:)``).
@Suite struct RuinTests {
    /// An organization that takes one order, two of its social workers, two needs that only they
    /// may serve. With n1 served by sw1, n2's team (sw2, free) is blocked by nothing but the
    /// organization's cap: the ruin drops n1's order (it once returned nothing, and the search
    /// never freed an order of a full organization for a better need).
    @Test func anOrganizationAtItsCapGivesUpAnOrder() throws {
        var input = oneOrderWeek(sw2Organization: "a")
        input.needs[0].excluded = ["sw2"]
        input.needs[1].excluded = ["sw1"]
        let candidates = Candidates(Catalog(try input.validated().input))
        var state = SearchState(candidates)
        state.serve(need: 0, option: 0, members: [[0]], lead: 0)
        let heuristic = Heuristic(candidates: candidates, seed: 1, deadline: ContinuousClock.now + .seconds(10))
        var rng = SplitMix64(seed: 1)
        var work = 0
        #expect(heuristic.blockers(of: 1, in: state, byPerson: [[0], [1]], rng: &rng, work: &work) == [0])
        // With room for a second order nothing blocks n2.
        var roomy = input
        roomy.organizations[0].maxOrders = 2
        let open = Candidates(Catalog(try roomy.validated().input))
        var free = SearchState(open)
        free.serve(need: 0, option: 0, members: [[0]], lead: 0)
        #expect(Heuristic(candidates: open, seed: 1, deadline: ContinuousClock.now + .seconds(10))
            .blockers(of: 1, in: free, byPerson: [[0], [1]], rng: &rng, work: &work) == nil)
    }
}

/// Who leads a team the heuristic forms (``PlanUsage/team(need:free:catalog:canOrder:spare:work:)``).
@Suite struct LeadTests {
    /// One social-worker position; sw1 (of an organization that takes few orders) ranks first,
    /// sw2 belongs to none. Sparing that organization's orders, sw2 leads; otherwise sw1.
    @Test func aScarceOrganizationsOrderIsSparedWhereAnotherCanLead() throws {
        let input = oneOrderWeek()
        let candidates = Candidates(Catalog(try input.validated().input))
        // Two needs could be led from "a", which takes one order: its orders are scarce.
        #expect(candidates.scarceOrders == [true])
        var work = 0
        let spared = PlanUsage.team(need: 0, free: [[0, 1]], catalog: candidates.catalog, canOrder: { _ in true }, spare: { _ in true }, work: &work)
        #expect(spared?.lead == 1 && spared?.members == [[1]])
        let plain = PlanUsage.team(need: 0, free: [[0, 1]], catalog: candidates.catalog, canOrder: { _ in true }, work: &work)
        #expect(plain?.lead == 0)
        // With no one else to lead, the scarce organization's person still does.
        let alone = PlanUsage.team(need: 0, free: [[0]], catalog: candidates.catalog, canOrder: { _ in true }, spare: { _ in true }, work: &work)
        #expect(alone?.lead == 0)
    }
}
