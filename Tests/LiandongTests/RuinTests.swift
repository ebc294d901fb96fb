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

/// Whom the heuristic staffs first (``Candidates/demand``): the least demanded, by the minutes the
/// needs ask of a person over the minutes they can give.
@Suite struct DemandTests {
    /// Two social workers qualified for the same two needs, sw1 with a budget of 120 minutes and
    /// sw2 of 600: the needs ask the same of both, which is a larger share of sw1's week, so sw2 is
    /// staffed first (by need value alone the two were alike and sw1, listed first, was taken).
    @Test func aPersonWithMoreMinutesToGiveIsLessDemanded() throws {
        var input = oneOrderWeek(sw2Organization: "a")
        input.organizations[0].maxOrders = nil
        input.people[0].maxMinutes = 120
        input.people[1].maxMinutes = 600
        let candidates = Candidates(Catalog(try input.validated().input))
        #expect(candidates.demand[1] < candidates.demand[0])
        let usage = PlanUsage(candidates.catalog)
        let team = usage.team(need: 0, option: candidates.options[0][0], demand: candidates.demand)
        #expect(team?.members == [[1]])
    }

    /// Without a minute budget, what a person can give is their available time.
    @Test func withoutABudgetTheAvailableMinutesCount() throws {
        var input = oneOrderWeek()
        input.people[0].availability = [DayWindow(day: 1, from: TimeOfDay(minutes: 540), to: TimeOfDay(minutes: 660)),
                                        DayWindow(day: 2, from: TimeOfDay(minutes: 600), to: TimeOfDay(minutes: 630))]
        input.people[1].maxMinutes = 300
        let catalog = Catalog(try input.validated().input)
        #expect(catalog.minutesToGive(0) == 150)
        #expect(catalog.minutesToGive(1) == 300)
    }
}

/// Members exchanged between two services (``SearchState/replaceMembers(_:)``, the moves of
/// ``Restaff`` and ``BudgetTabu``).
@Suite struct ReplaceMembersTests {
    /// Organization "a" takes one order; n2 (two social workers) is led by a2 of "a", n1 by x, who
    /// belongs to none. Swapping a1 and x gives n1 to a1 (an order for "a") while n2 stays led by
    /// a2: two orders where "a" takes one. The swap once passed, as n2's order "stayed" with its
    /// organization — but n1 had taken the order n2's drop freed (found on a random week:
    /// `liandong check` rejected the heuristic's plan and the plan gate had to repair it).
    @Test func aSwapThatGivesAFullOrganizationASecondOrderIsRefused() throws {
        var input = PlanningInput(horizon: Horizon(days: 7))
        input.organizations = [Organization(id: "a", maxOrders: 1)]
        input.people = [Person(id: "a1", role: .socialWorker, level: .assistant, organization: "a"),
                        Person(id: "a2", role: .socialWorker, level: .assistant, organization: "a"),
                        Person(id: "x", role: .socialWorker, level: .assistant)]
        input.needs = [Need(id: "n1", team: [TeamPosition(role: .socialWorker)], durationMinutes: 60),
                       Need(id: "n2", team: [TeamPosition(role: .socialWorker, count: 2)], durationMinutes: 60)]
        let candidates = Candidates(Catalog(try input.validated().input))
        var state = SearchState(candidates)
        state.serve(need: 1, option: 0, members: [[0, 1]], lead: 1)
        state.serve(need: 0, option: 0, members: [[2]], lead: 2)
        #expect(state.usage.orders == [1])
        let swap = [(need: 0, position: 0, out: 2, in: 0), (need: 1, position: 0, out: 0, in: 2)]
        #expect(state.replaceMembers(swap) == nil)
        #expect(state.usage.orders == [1])
        #expect(state.chosen[0]?.members == [[2]] && state.chosen[1]?.members == [[0, 1]])
        // With room for two orders the same swap is made.
        input.organizations[0].maxOrders = 2
        let roomy = Candidates(Catalog(try input.validated().input))
        var free = SearchState(roomy)
        free.serve(need: 1, option: 0, members: [[0, 1]], lead: 1)
        free.serve(need: 0, option: 0, members: [[2]], lead: 2)
        #expect(free.replaceMembers(swap) != nil)
        #expect(free.usage.orders == [2])
    }
}

/// The construction by minute prices (``Heuristic/construct(minutePrice:)``), for weeks whose
/// greedy staffing leaves required needs out where budgets bind.
@Suite struct PricedConstructionTests {
    /// A type-D-like assignment week of 6 agents and 60 required jobs, whose greedy construction
    /// often leaves a job out (then staffed by minute prices).
    private func assignmentWeek(seed: Int) throws -> Candidates {
        let input = TightAssignment.input(agents: 6, jobs: 60, seed: UInt64(seed), required: true).input
        return Candidates(Catalog(try input.validated().input))
    }

    /// a (60 minutes) and b (40): four needs cost 1 and take 15 minutes with a, cost 3 and 10 with
    /// b; a fifth, r, only a may serve, taking all 60 of a's minutes. All five are required. The
    /// greedy by cost fills a's budget with the four unless r comes first in its random order;
    /// priced by the relaxation, a's minutes cost more than the difference and r (one candidate:
    /// the largest regret) goes first — every need served, as in the only plan that serves all.
    @Test func requiredNeedsTheGreedyCannotFitAreStaffedByMinutePrices() throws {
        let week = """
        {"schema": "liandong/v1", "horizon": {"days": 7},
         "people": [{"id": "a", "role": "volunteer", "maxMinutes": 60}, {"id": "b", "role": "volunteer", "maxMinutes": 40}],
         "needs": [{"id": "f1", "durationMinutes": 0, "required": true}, {"id": "f2", "durationMinutes": 0, "required": true},
                   {"id": "f3", "durationMinutes": 0, "required": true}, {"id": "f4", "durationMinutes": 0, "required": true},
                   {"id": "r", "durationMinutes": 0, "required": true, "excluded": ["b"]}],
         "pairs": [{"need": "f1", "person": "a", "cost": 1, "extraMinutes": 15}, {"need": "f1", "person": "b", "cost": 3, "extraMinutes": 10},
                   {"need": "f2", "person": "a", "cost": 1, "extraMinutes": 15}, {"need": "f2", "person": "b", "cost": 3, "extraMinutes": 10},
                   {"need": "f3", "person": "a", "cost": 1, "extraMinutes": 15}, {"need": "f3", "person": "b", "cost": 3, "extraMinutes": 10},
                   {"need": "f4", "person": "a", "cost": 1, "extraMinutes": 15}, {"need": "f4", "person": "b", "cost": 3, "extraMinutes": 10},
                   {"need": "r", "person": "a", "cost": 1, "extraMinutes": 60}],
         "weights": {"urgency": {"critical": 0, "high": 0, "normal": 0, "low": 0}, "preferred": 0, "cost": 1, "fairness": 0}}
        """
        let candidates = Candidates(Catalog(try InputDecoder.decode(Array(week.utf8)).input))
        var greedyFailed = 0
        for seed in 1...10 {
            let heuristic = Heuristic(candidates: candidates, seed: seed, deadline: ContinuousClock.now + .seconds(10))
            let greedy = heuristic.construct()
            if !greedy.servesEveryRequired() { greedyFailed += 1 }
            var work = 0
            let (prices, bound, _) = try #require(heuristic.minutePrices(work: &work))
            #expect(work > 0)
            #expect(bound >= -13, "seed \(seed): the steps' bound is below the optimum")
            let priced = heuristic.construct(minutePrice: prices)
            #expect(priced.servesEveryRequired(), "seed \(seed)")
            #expect(priced.score == -13, "seed \(seed)")
            #expect(priced.minutePrice == nil)
            // The search keeps the priced construction exactly when the greedy left a need out.
            #expect(heuristic.search().staffedByPrices == !greedy.servesEveryRequired(), "seed \(seed)")
        }
        #expect(greedyFailed > 0)
    }

    /// Where the construction staffed by minute prices, the search takes ``Heuristic/pricedShare``
    /// of its work budget (`auto` leaves the rest to the budget tabu search), and the steps behind
    /// the prices stay with the plan for the tabu search's guide.
    @Test func theSearchTakesItsPricedShareWhereTheConstructionStaffedByPrices() throws {
        var staffed = 0
        for seed in 1...4 {
            let candidates = try assignmentWeek(seed: seed)
            var heuristic = Heuristic(candidates: candidates, seed: seed, deadline: ContinuousClock.now + .seconds(60))
            heuristic.timeLimit = 0.02
            heuristic.workShare = 1
            heuristic.withTabu = false
            let whole = heuristic.search()
            guard whole.staffedByPrices else { continue }
            staffed += 1
            let steps = try #require(whole.priceSteps, "seed \(seed)")
            #expect(steps.steps > 0 && steps.bound >= whole.objective - 1e-9, "seed \(seed)")
            heuristic.pricedShare = 0.25
            let share = heuristic.search()
            #expect(share.staffedByPrices)
            #expect(share.searchWork < whole.searchWork, "seed \(seed): \(share.searchWork) against \(whole.searchWork)")
        }
        #expect(staffed > 0)
    }

    /// The `heuristic` backend's search takes its priced share too (the budget tabu search after it
    /// gets the rest), and the phases from the tabu search on may run to the solve's deadline.
    @Test func theHeuristicBackendsSearchTakesItsPricedShare() throws {
        var staffed = 0
        for seed in 1...4 {
            let candidates = try assignmentWeek(seed: seed)
            let now = ContinuousClock.now
            let backend = HeuristicBackend(candidates: candidates, settings: SolverSettings(backend: .heuristic, timeLimitSeconds: 0.05, seed: seed),
                                           deadline: now + .seconds(60))
            let searcher = backend.searcher(until: now + .seconds(42))
            #expect(searcher.pricedShare == Heuristic.pricedSearchShare)
            #expect(searcher.solveDeadline == backend.deadline)
            var whole = searcher
            whole.pricedShare = 1
            let full = whole.search()
            guard full.staffedByPrices else { continue }
            staffed += 1
            let share = searcher.search()
            #expect(share.staffedByPrices && share.servesEveryRequired())
            #expect(share.searchWork < full.searchWork, "seed \(seed): \(share.searchWork) against \(full.searchWork)")
        }
        #expect(staffed > 0)
    }

    /// The budget tabu search's guide goes on from the steps behind the minute prices, which are
    /// paid for: a guide even where the effort affords fewer than 20 steps of its own, and no
    /// cost for the steps already taken.
    @Test func theTabuGuideGoesOnFromThePricesSteps() {
        #expect(BudgetTabu.firstPhaseSteps(effort: 1_000, columns: 100, earlier: nil) == nil)
        let resumed = BudgetTabu.firstPhaseSteps(effort: 1_000, columns: 100, earlier: 500)
        #expect(resumed?.steps == 500 && resumed?.cost == 0)
        let own = BudgetTabu.firstPhaseSteps(effort: 6 * 100 * 150, columns: 100, earlier: nil)
        #expect(own?.steps == 150 && own?.cost == 3 * 150 * 100)
        let more = BudgetTabu.firstPhaseSteps(effort: 6 * 100 * 150, columns: 100, earlier: 100)
        #expect(more?.steps == 150 && more?.cost == 3 * 50 * 100)
    }

    /// Going on from earlier steps is the same as taking them all at once: the same bound, prices
    /// and count of steps (the run carries the step size and patience with its prices).
    @Test func stepsResumedEqualStepsTakenAtOnce() throws {
        let bound = LagrangianBound(candidates: try assignmentWeek(seed: 7))
        let far = ContinuousClock.now + .seconds(60)
        let once = try #require(bound.searchGuide(lower: -.infinity, iterations: 400, knapsackSteps: 0, knapsackWork: 0, deadline: far))
        let part = try #require(bound.searchGuide(lower: -.infinity, iterations: 150, knapsackSteps: 0, knapsackWork: 0, deadline: far))
        let resumed = try #require(bound.searchGuide(lower: -.infinity, iterations: 400, knapsackSteps: 0, knapsackWork: 0, deadline: far,
                                                     resuming: part.firstPhase))
        #expect(part.firstPhase.steps == 150)
        #expect(part.bound > once.bound, "the test wants steps that still lower the bound after the first 150, its step size halved on the way")
        #expect(part.firstPhase.theta < 2)
        #expect(resumed.bound == once.bound)
        #expect(resumed.prices == once.prices)
        #expect(resumed.firstPhase.steps == once.firstPhase.steps)
        let none = try #require(bound.searchGuide(lower: -.infinity, iterations: 150, knapsackSteps: 0, knapsackWork: 0, deadline: far,
                                                  resuming: part.firstPhase))
        #expect(none.firstPhase.steps == 150 && none.bound == part.bound)
    }

    /// Knapsack picks need ``LagrangianBound/guideSteps`` steps from a guide's own prices, but only
    /// ``LagrangianBound/resumedGuideSteps`` when its first phase went on from earlier steps.
    @Test func aResumedGuideNeedsFewerKnapsackStepsForItsPicks() throws {
        let bound = LagrangianBound(candidates: try assignmentWeek(seed: 7))
        let far = ContinuousClock.now + .seconds(60)
        let earlier = try #require(bound.searchGuide(lower: -.infinity, iterations: 150, knapsackSteps: 0, knapsackWork: 0, deadline: far))
        let lower = earlier.bound - 0.02 * abs(earlier.bound)
        let steps = LagrangianBound.resumedGuideSteps
        #expect(steps < LagrangianBound.guideSteps)
        let fresh = try #require(bound.searchGuide(lower: lower, iterations: 150, knapsackSteps: steps, knapsackWork: 1_000_000_000, deadline: far))
        #expect(fresh.knapsack == nil)
        let resumed = try #require(bound.searchGuide(lower: lower, iterations: 150, knapsackSteps: steps, knapsackWork: 1_000_000_000,
                                                     deadline: far, resuming: earlier.firstPhase))
        #expect(resumed.knapsack?.steps.done == steps)
    }
}

/// What the search left out that is worth much of the plan is tried again, staffed first
/// (``Heuristic/construct(minutePrice:first:)``).
@Suite struct ProbeTests {
    /// v may serve a high need alone (100 a person) or, at the same hour, a critical need with
    /// fourteen others (about 67 a person): the construction by value a person staffs the high
    /// need and the critical one then has no team; staffed first, the critical one is served.
    @Test func aNeedStaffedFirstTakesThePeopleItNeeds() throws {
        var input = PlanningInput(horizon: Horizon(days: 7))
        let day = [DayWindow(day: 1, from: TimeOfDay(minutes: 9 * 60), to: TimeOfDay(minutes: 10 * 60))]
        input.people = [Person(id: "v", role: .volunteer, skills: ["sign"], availability: day)]
            + (1...14).map { Person(id: "w\($0)", role: .volunteer, availability: day) }
        input.needs = [Need(id: "one", urgency: .high, team: [TeamPosition(role: .volunteer, skills: ["sign"])], windows: day),
                       Need(id: "big", urgency: .critical,
                            team: [TeamPosition(role: .volunteer, skills: ["sign"]), TeamPosition(role: .volunteer, count: 14)], windows: day)]
        let candidates = Candidates(Catalog(try input.validated().input))
        let heuristic = Heuristic(candidates: candidates, seed: 1, deadline: ContinuousClock.now + .seconds(10))
        #expect(Set(heuristic.construct().chosen.keys) == [0])
        #expect(Set(heuristic.construct(first: [1]).chosen.keys) == [1])
    }

    /// Two such pairs: one critical need staffed first leaves the other's person to its high
    /// need; both staffed first (``Heuristic/probeTogether``), both critical needs are served.
    @Test func needsStaffedFirstTogetherTakeThePeopleTheyNeed() throws {
        var input = PlanningInput(horizon: Horizon(days: 7))
        let day = [DayWindow(day: 1, from: TimeOfDay(minutes: 9 * 60), to: TimeOfDay(minutes: 10 * 60))]
        input.people = [Person(id: "v", role: .volunteer, skills: ["sign"], availability: day),
                        Person(id: "u", role: .volunteer, skills: ["braille"], availability: day)]
            + (1...28).map { Person(id: "w\($0)", role: .volunteer, availability: day) }
        input.needs = [Need(id: "one", urgency: .high, team: [TeamPosition(role: .volunteer, skills: ["sign"])], windows: day),
                       Need(id: "big", urgency: .critical,
                            team: [TeamPosition(role: .volunteer, skills: ["sign"]), TeamPosition(role: .volunteer, count: 14)], windows: day),
                       Need(id: "two", urgency: .high, team: [TeamPosition(role: .volunteer, skills: ["braille"])], windows: day),
                       Need(id: "big2", urgency: .critical,
                            team: [TeamPosition(role: .volunteer, skills: ["braille"]), TeamPosition(role: .volunteer, count: 14)], windows: day)]
        let candidates = Candidates(Catalog(try input.validated().input))
        let heuristic = Heuristic(candidates: candidates, seed: 1, deadline: ContinuousClock.now + .seconds(10))
        #expect(Set(heuristic.construct().chosen.keys) == [0, 2])
        #expect(Set(heuristic.construct(first: [1]).chosen.keys) == [1, 2])
        #expect(Set(heuristic.construct(first: [1, 3]).chosen.keys) == [1, 3])
        #expect(Heuristic.probeTogether >= 2)
    }

    /// The independent week where it showed (150 people, fairness 5): critical need n023, a team
    /// of seven, was left out by the search (66,979 at 2 s); made required it is served and the
    /// plan is about 940 better. Tried again staffed first, it is served.
    @Test func aValuableNeedLeftOutIsTriedAgain() throws {
        let week = try InputDecoder.decode(try Fixtures.data("valid/critical-team-of-seven.json"))
        let candidates = Candidates(Catalog(week.input))
        let n023 = try #require(week.input.needs.firstIndex { $0.id == "n023" })
        // The budgets of a one-second search, not the clock (a debug build is slower).
        var heuristic = Heuristic(candidates: candidates, seed: 1, deadline: ContinuousClock.now + .seconds(600))
        heuristic.timeLimit = 1
        let state = heuristic.search()
        #expect(state.chosen[n023] != nil)
        #expect(state.objective > 67_500, "objective \(state.objective)")
    }
}
