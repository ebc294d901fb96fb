import Foundation
import PropertyBased
import Testing
@testable import Liandong
import LiandongGenerate

/// The Lagrangian bound keeps each person's budget whole (a knapsack per person, not a price per
/// minute), and stays a bound.
@Suite struct KnapsackBoundTests {
    /// One volunteer with 100 minutes; a normal need of 30 minutes (worth 10) and two high ones of
    /// 60 (worth 100 each). Priced by the minute, the budget holds one and two thirds of the high
    /// needs (166); kept whole, it holds one high need and the normal one: the bound is the
    /// optimum, 110.
    @Test func aBudgetIsKeptWhole() throws {
        var input = PlanningInput(horizon: Horizon(days: 7))
        input.people = [Person(id: "v", role: .volunteer, maxMinutes: 100)]
        input.needs = [Need(id: "a", urgency: .normal, durationMinutes: 30),
                       Need(id: "b", urgency: .high, durationMinutes: 60),
                       Need(id: "c", urgency: .high, durationMinutes: 60)]
        let (optimum, bound) = try optimumAndBound(input)
        #expect(optimum == 110)
        #expect(bound >= 110 && bound < 111, "bound \(bound)")
    }

    /// A required need nobody can serve (no one has its skill): every plan leaves it out, and the
    /// bound of the others still comes from the relaxation (it served the required need, or
    /// nothing, until 2026-12-03: the sum of every servable need's value, 210 here).
    @Test func aRequiredNeedNoOneCanServeLeavesTheBoundTight() throws {
        var input = PlanningInput(horizon: Horizon(days: 7))
        input.people = [Person(id: "v", role: .volunteer, maxMinutes: 100)]
        input.needs = [Need(id: "a", urgency: .normal, durationMinutes: 30),
                       Need(id: "b", urgency: .high, durationMinutes: 60),
                       Need(id: "c", urgency: .high, durationMinutes: 60),
                       Need(id: "r", team: [TeamPosition(role: .volunteer, skills: ["astronomy"])], required: true)]
        let plan = try Engine.plan(try input.validated(), settings: SolverSettings(backend: .heuristic, timeLimitSeconds: 2))
        #expect(plan.status == .infeasible)
        #expect(plan.solver.objective == 110)
        #expect(plan.solver.bound >= 110 && plan.solver.bound < 111, "bound \(plan.solver.bound)")
    }

    /// A required need whose volunteer position only `v` can fill takes 10 of v's 127 minutes in
    /// every plan that serves it: v's entries in a need of 120 minutes are out of the relaxation
    /// when the required need is forced, and in it when it is not (the bound then holds for
    /// every plan). `w`, who may fill the long need's other position, keeps every entry. The
    /// bound stays at least GLPK's optimum.
    @Test func aRequiredNeedsOnlyCandidateIsCommittedToIt() throws {
        var input = PlanningInput(horizon: Horizon(days: 7))
        input.people = [Person(id: "v", role: .volunteer, skills: ["sign"], maxMinutes: 127),
                        Person(id: "w", role: .volunteer, maxMinutes: 600)]
        input.needs = [Need(id: "r", team: [TeamPosition(role: .volunteer, skills: ["sign"])], durationMinutes: 10, required: true),
                       Need(id: "c", urgency: .critical, team: [TeamPosition(role: .volunteer, count: 2)], durationMinutes: 120)]
        let candidates = Candidates(Catalog(try input.validated().input))
        let deadline = ContinuousClock.now + .seconds(30)
        func excluded(forceRequired: Bool) throws -> [String] {
            let relaxation = try #require(LagrangianBound.Relaxation(candidates, needs: [0, 1], forceRequired: forceRequired, deadline: deadline))
            var out: [String] = []
            for (i, n) in relaxation.needs.enumerated() {
                for model in relaxation.options[i] {
                    for slot in model.slots {
                        for e in relaxation.slots[slot].entries where relaxation.isBarred(e) {
                            out.append("\(input.needs[n].id):\(input.people[Int(relaxation.entries[e].person)].id)")
                        }
                    }
                }
            }
            return out
        }
        #expect(try excluded(forceRequired: true) == ["c:v"])
        #expect(try excluded(forceRequired: false).isEmpty)
        let (optimum, bound) = try optimumAndBound(input)
        #expect(bound >= optimum - 1e-6, "bound \(bound) below the optimum \(optimum)")
    }

    /// The Lagrangian bound on its own (the LP relaxation, which small weeks also get, would hide
    /// a wrong one) stays at least GLPK's proven optimum when needs are `required`: random small
    /// weeks, each with a random half of the needs of GLPK's plan made required (so that every
    /// plan the bound is for exists), their candidates' budgets committed to them.
    @Test func theLagrangianBoundHoldsWithRequiredNeeds() async throws {
        await propertyCheck(count: 120, input: RandomInstance.generator()) { instance in
            guard let decoded = instance.decoded,
                  let first = try? Engine.plan(decoded, settings: SolverSettings(backend: .glpk, timeLimitSeconds: 20)),
                  first.status == .optimal, !first.assignments.isEmpty else { return }
            var input = decoded.input
            let served = Set(first.assignments.map(\.need))
            for n in input.needs.indices where served.contains(input.needs[n].id) && (n + first.assignments.count) % 2 == 0 {
                input.needs[n].required = true
            }
            guard let required = try? InputDecoder.decode(try JSONValueEncoder().encode(input)),
                  let glpk = try? Engine.plan(required, settings: SolverSettings(backend: .glpk, timeLimitSeconds: 20)),
                  glpk.status == .optimal else { return }
            let optimum = glpk.solver.objective
            let candidates = Candidates(Catalog(required.input))
            let bound = try #require(LagrangianBound(candidates: candidates).bound(lower: optimum, deadline: ContinuousClock.now + .seconds(5)).value)
            #expect(bound >= optimum - 1e-6 * max(1, abs(optimum)), "bound \(bound) below the proven optimum \(optimum)")
        }
    }

    /// Assignment instances with tight budgets (costs falling as resource use rises, like the
    /// published type D): the bound is never below GLPK's proven optimum, and within 5 % of it.
    @Test(arguments: 1...6) func theBoundHoldsOnTightAssignments(_ seed: Int) throws {
        let input = TightAssignment.input(agents: 3, jobs: 10, seed: UInt64(seed), required: false, costDivisor: 10).input
        let (optimum, bound) = try optimumAndBound(input, boundSeconds: 2)
        #expect(bound >= optimum - 1e-6 * max(1, abs(optimum)), "seed \(seed): bound \(bound) < optimum \(optimum)")
        #expect(bound <= optimum + 0.05 * abs(optimum), "seed \(seed): bound \(bound), optimum \(optimum)")
    }
}

/// What the budget tabu search starts from: each person's knapsack at the best prices found.
@Suite struct SearchGuideTests {
    /// On assignment instances with tight budgets, the knapsack picks — first and refined — fit
    /// each person's budget, take a position at most once a person, and the guide's bound is never
    /// below GLPK's proven optimum (the search stops at it).
    @Test(arguments: 1...4) func knapsackPicksFitEachBudget(_ seed: Int) throws {
        let instance = TightAssignment.input(agents: 3, jobs: 12, seed: UInt64(seed), required: false, costDivisor: 10)
        let (optimum, _) = try optimumAndBound(instance.input, boundSeconds: 2)
        let candidates = Candidates(Catalog(try instance.input.validated().input))
        // From an empty plan's value, so that the steps have room to move.
        let guide = try #require(LagrangianBound(candidates: candidates).searchGuide(
            lower: 0, iterations: 100, knapsackSteps: 50, knapsackWork: .max, deadline: ContinuousClock.now + .seconds(60)))
        #expect(guide.bound >= optimum - 1e-6 * max(1, abs(optimum)), "seed \(seed): bound \(guide.bound) < optimum \(optimum)")
        #expect(guide.knapsackWork > 0)
        var knapsack = try #require(guide.knapsack, "budgets bind, so the knapsack steps run")
        try expectWithinBudgets(knapsack.picked, candidates, capacity: instance.capacity, "seed \(seed)")
        // Refined towards the optimum's value (as a restart does with a better plan): still within budgets.
        var work = 0
        #expect(knapsack.refine(lower: optimum, iterations: 10, deadline: ContinuousClock.now + .seconds(60), work: &work))
        #expect(work > 0)
        try expectWithinBudgets(knapsack.picked, candidates, capacity: instance.capacity, "seed \(seed), refined")
    }

    /// The bound goes on from steps already taken on the same relaxation (the whole week, every
    /// required need forced: ``SearchState/priceSteps``) instead of starting from no prices; on a
    /// part of the week, whose relaxation is another, it starts afresh. Each is a bound.
    @Test(arguments: 1...3) func theBoundGoesOnFromTheStepsAlreadyTaken(_ seed: Int) throws {
        let instance = TightAssignment.input(agents: 4, jobs: 24, seed: UInt64(seed), required: true, costDivisor: 10)
        let (optimum, _) = try optimumAndBound(instance.input, boundSeconds: 2)
        let candidates = Candidates(Catalog(try instance.input.validated().input))
        let far = ContinuousClock.now + .seconds(60)
        let earlier = try #require(LagrangianBound(candidates: candidates).searchGuide(
            lower: -.infinity, iterations: 200, knapsackSteps: 0, knapsackWork: 0, deadline: far)).firstPhase
        var resumed = LagrangianBound(candidates: candidates)
        resumed.resume = earlier
        // One step at most: none of the first phase is left (200 taken), one of the knapsack phase.
        let goneOn = try #require(resumed.bound(lower: optimum, deadline: far, iterations: 1).value)
        let afresh = try #require(LagrangianBound(candidates: candidates).bound(lower: optimum, deadline: far, iterations: 1).value)
        #expect(goneOn >= optimum - 1e-6 * max(1, abs(optimum)), "seed \(seed): \(goneOn) below the optimum \(optimum)")
        #expect(goneOn <= earlier.bound + 1e-9 * max(1, abs(earlier.bound)), "seed \(seed)")
        #expect(goneOn < afresh, "seed \(seed): one step from no prices, \(afresh), should be above \(goneOn)")
        // A part: the earlier steps are of another relaxation.
        let part = Array(0..<12)
        let partBound = try #require(resumed.bound(needs: part, lower: -.infinity, deadline: far, iterations: 1).value)
        let partAfresh = try #require(LagrangianBound(candidates: candidates).bound(needs: part, lower: -.infinity, deadline: far, iterations: 1).value)
        #expect(partBound == partAfresh, "seed \(seed)")
    }

    /// Earlier steps (the whole week, every required need forced) go on only in that relaxation:
    /// the one rule the bound and the budget tabu search's guide read.
    @Test func earlierStepsGoOnOnlyInTheirOwnRelaxation() throws {
        let instance = TightAssignment.input(agents: 3, jobs: 12, seed: 1, required: false, costDivisor: 10)
        let candidates = Candidates(Catalog(try instance.input.validated().input))
        var relaxation = LagrangianBound(candidates: candidates)
        let far = ContinuousClock.now + .seconds(60)
        let earlier = try #require(relaxation.searchGuide(lower: -.infinity, iterations: 20, knapsackSteps: 0, knapsackWork: 0,
                                                          deadline: far)).firstPhase
        let all = Array(candidates.catalog.input.needs.indices)
        #expect(relaxation.resumable(earlier, needs: nil)?.steps == earlier.steps)
        #expect(relaxation.resumable(earlier, needs: all) != nil)
        #expect(relaxation.resumable(earlier, needs: Array(all.dropLast())) == nil, "a part starts afresh")
        relaxation.forceRequired = false
        #expect(relaxation.resumable(earlier, needs: nil) == nil, "so does a relaxation that does not force the required needs")
    }

    /// A knapsack step that could count more than the work allowed is not taken at all (the
    /// first step used to be, whatever it counted, and on a 20 × 1,600 GAP instance it left the
    /// tabu search that pays for it less than no effort): the guide is the prices alone.
    @Test func noKnapsackStepBeyondTheWorkAllowed() throws {
        let instance = TightAssignment.input(agents: 3, jobs: 12, seed: 1, required: false, costDivisor: 10)
        let candidates = Candidates(Catalog(try instance.input.validated().input))
        let deadline = ContinuousClock.now + .seconds(60)
        let relaxation = LagrangianBound(candidates: candidates)
        let full = try #require(relaxation.searchGuide(lower: 0, iterations: 100, knapsackSteps: 50, knapsackWork: .max, deadline: deadline))
        #expect(full.knapsackWork > 0)
        let starved = try #require(relaxation.searchGuide(lower: 0, iterations: 100, knapsackSteps: 50, knapsackWork: 10, deadline: deadline))
        #expect(starved.knapsackWork == 0)
        #expect(starved.knapsack == nil)
        #expect(starved.prices == full.prices)
        // Where the worst step is allowed apart from the steps' work, the first step is taken
        // (and the work ends the steps there: too few for picks).
        let oneStep = try #require(relaxation.searchGuide(lower: 0, iterations: 100, knapsackSteps: 50, knapsackWork: 10,
                                                          worstStepWork: .max, deadline: deadline))
        #expect(oneStep.knapsackWork > 0 && oneStep.knapsackWork < full.knapsackWork)
        #expect(oneStep.knapsack == nil)
    }

    /// A step's work is counted as it is done: a person's knapsack the branch and bound settles
    /// counts its nodes, not the cells of the programme it spared (counted so, type E's steps,
    /// whose trees settle after many nodes, ran 4 to 8 times slower per unit than type D's, and
    /// the work allowed took them past the clock's cut). On a small week with tight budgets,
    /// every tree settles in a few nodes: far less than the programmes' cells.
    @Test(arguments: 1...3) func aStepCountsTheNodesItOpensNotTheProgrammeItSpares(_ seed: Int) throws {
        let instance = TightAssignment.input(agents: 3, jobs: 12, seed: UInt64(seed), required: false, costDivisor: 10)
        let candidates = Candidates(Catalog(try instance.input.validated().input))
        let guide = try #require(LagrangianBound(candidates: candidates).searchGuide(
            lower: 0, iterations: 100, knapsackSteps: 50, knapsackWork: .max, deadline: ContinuousClock.now + .seconds(60)))
        let knapsack = try #require(guide.knapsack, "budgets bind, so the knapsack steps run")
        #expect(guide.knapsackWork > 0)
        #expect(guide.knapsackWork * 4 < knapsack.steps.done * knapsack.phase.stepWorkAtMost,
                "seed \(seed): \(guide.knapsackWork) in \(knapsack.steps.done) steps of at most \(knapsack.phase.stepWorkAtMost)")
    }

    private func expectWithinBudgets(_ picked: [[[[Int]]]], _ candidates: Candidates, capacity: Int, _ label: String) throws {
        var minutes = Array(repeating: 0, count: candidates.catalog.input.people.count)
        var anyPick = false
        for (n, options) in picked.enumerated() {
            for positions in options {
                for people in positions {
                    #expect(Set(people).count == people.count, "\(label): need \(n) taken twice by one person")
                    for p in people { minutes[p] += candidates.catalog.load(need: n, person: p); anyPick = true }
                }
            }
        }
        #expect(anyPick, "\(label): nobody takes anything")
        for p in minutes.indices { #expect(minutes[p] <= capacity, "\(label): person \(p) takes \(minutes[p]) minutes") }
    }
}

/// The order of a served need goes to its lead's organization, and the Lagrangian bound prices it
/// there — not at the cheapest organization anyone who may lead belongs to.
@Suite struct OrderCapBoundTests {
    /// Two needs, each for one social worker: sw1 of an organization that takes one order, or sw2
    /// of none, who costs 5. The best plan sends one need to each (10 + 10 − 5 = 15). Priced at
    /// the cheapest organization of anyone who may lead — sw2's, none — the cap never binds and the
    /// bound stays at 20; priced at the lead's, it is the optimum.
    @Test func anOrderCapIsPricedAtTheLeadsOrganization() throws {
        var input = oneOrderWeek()
        input.pairs = ["n1", "n2"].map { Pair(need: $0, person: "sw2", cost: 5) }
        let (optimum, bound) = try optimumAndBound(input)
        #expect(optimum == 15)
        #expect(bound >= 15 && bound < 16, "bound \(bound)")
    }
}

/// The knapsack phase keeps the link between an order and its lead: the group of possible leads
/// a need sends its order to must have a member on the team.
@Suite struct KnapsackLeadLinkTests {
    /// Two needs for one social worker each: sw1 or sw3 of an organization that takes one order,
    /// or sw2 of none, who costs 5 and has minutes for one need. The best plan sends one need to
    /// the organization and one to sw2 (10 + 10 − 5 = 15). Without the link a need sends its order
    /// to sw2's group, which costs nothing, whoever serves it: the cap never binds and the knapsack
    /// bound stays at 20.
    @Test func anOrderGoesWhereItsLeadIs() throws {
        var input = oneOrderWeek()
        input.people.append(Person(id: "sw3", role: .socialWorker, level: .assistant, organization: "a"))
        input.people[1].maxMinutes = 100
        input.pairs = ["n1", "n2"].map { Pair(need: $0, person: "sw2", cost: 5) }
        let (optimum, _) = try optimumAndBound(input)
        #expect(optimum == 15)
        let candidates = Candidates(Catalog(try input.validated().input))
        let deadline = ContinuousClock.now + .seconds(30)
        let relaxation = try #require(LagrangianBound.Relaxation(candidates, needs: [0, 1], deadline: deadline))
        let phase = LagrangianBound.KnapsackPhase(relaxation)
        var steps = phase.steps(from: LagrangianBound.Multipliers(relaxation))
        var none: [Bool] = []
        var work = 0
        #expect(phase.advance(&steps, lower: optimum, deadline: deadline, iterations: 3_000, picks: &none, work: &work))
        #expect(steps.best >= optimum - 1e-6, "bound \(steps.best) below the optimum")
        #expect(steps.best < optimum + 1, "bound \(steps.best)")
    }
}

/// GLPK's proven optimum of `input` and the Lagrangian bound computed with it as the target.
func optimumAndBound(_ input: PlanningInput, boundSeconds: Int = 30) throws -> (optimum: Double, bound: Double) {
    let decoded = try input.validated()
    let glpk = try Engine.plan(decoded, settings: SolverSettings(backend: .glpk, timeLimitSeconds: 60))
    try #require(glpk.status == .optimal)
    let optimum = glpk.solver.objective
    let candidates = Candidates(Catalog(decoded.input))
    let bound = try #require(LagrangianBound(candidates: candidates).bound(lower: optimum, deadline: ContinuousClock.now + .seconds(boundSeconds)).value)
    return (optimum, bound)
}

/// The people's knapsacks of the knapsack phase, solved by branch and bound: exact, or nil.
@Suite struct ZeroOneKnapsackTests {
    /// Every subset of a few items, the best by brute force.
    private func bestByEnumeration(_ w: [Int], _ p: [Double], _ capacity: Int) -> Double {
        var best = 0.0
        for mask in 0..<(1 << w.count) {
            var weight = 0, profit = 0.0
            for i in w.indices where mask & (1 << i) != 0 { weight += max(0, w[i]); profit += p[i] }
            if weight <= capacity && profit > best { best = profit }
        }
        return best
    }

    @Test func equalsEnumerationOnRandomKnapsacks() {
        var rng = SplitMix64(seed: 17)
        var knapsack = ZeroOneKnapsack()
        for _ in 0..<2_000 {
            let n = 1 + Int(rng.next() % 12)
            // Weights like loads (some equal, some zero), profits with ties and non-positive ones.
            let w = (0..<n).map { _ in Int(rng.next() % 8) * 15 }
            let p = (0..<n).map { _ in Double(Int(rng.next() % 40)) - 5 }
            let capacity = Int(rng.next() % 200)
            guard let value = knapsack.solve(weights: w, profits: p, capacity: capacity, nodeLimit: 1_000_000) else {
                Issue.record("not settled"); return
            }
            #expect(abs(value - bestByEnumeration(w, p, capacity)) < 1e-9)
            // The set it reports is within the capacity and worth what it says.
            let taken = w.indices.filter { knapsack.chosen[$0] }
            #expect(taken.reduce(0) { $0 + max(0, w[$1]) } <= capacity)
            #expect(abs(taken.reduce(0.0) { $0 + p[$1] } - value) < 1e-9)
        }
    }

    @Test func saysWhenItsNodesRanOut() {
        // Forty items of equal ratio and a capacity between their sums: the relaxation cuts little.
        var knapsack = ZeroOneKnapsack()
        let w = (0..<40).map { 100 + $0 }, p = w.map(Double.init)
        #expect(knapsack.solve(weights: w, profits: p, capacity: 1_999, nodeLimit: 64) == nil)
        #expect(knapsack.nodes > 64)
        #expect(knapsack.solve(weights: [3, 4, 5], profits: [3, 4, 5], capacity: 8, nodeLimit: 64) == 8)
    }
}

/// The bound that needs no solver: each servable need at its value plus its team's best gains,
/// each person once — worked out here the plain way (every qualified person, sorted) and
/// compared, on weeks whose positions share people (teams of several positions, `any` roles).
@Suite struct TrivialBoundTests {
    @Test func theTeamsBestGainsCountEachPersonOnce() throws {
        for (seed, scale) in [(1, Scale.street), (2, .street), (3, .street)] {
            var knobs = GeneratorKnobs()
            knobs.budgets = 0.5
            let input = Generator.generate(scale: scale, seed: seed, knobs: knobs)
            let candidates = Candidates(Catalog(try input.validated().input))
            let catalog = candidates.catalog, w = catalog.input.weights
            var expected = 0.0
            for n in catalog.input.needs.indices where !candidates.options[n].isEmpty {
                let need = catalog.input.needs[n]
                var gains: [Double] = []
                for p in Set(candidates.qualified[n].joined()) {
                    let gain: Double = catalog.memberValue(need: n, person: p) - w.cost * catalog.cost(need: n, person: p)
                    if gain > 0 { gains.append(gain) }
                }
                gains.sort(by: >)
                let best: Double = gains.prefix(need.teamSize).reduce(0, +)
                let bonus: Double = Catalog.continuityBonus * Double(need.teamSize)
                expected += max(0, catalog.needValue[n] + best + bonus)
            }
            let shared = catalog.input.needs.indices.contains { n in
                let lists = candidates.qualified[n]
                return lists.count > 1 && Set(lists.joined()).count < lists.reduce(0) { $0 + $1.count }
            }
            #expect(shared, "seed \(seed): some need's positions share people")
            let bound = candidates.trivialBound()
            #expect(abs(bound - expected) <= 1e-9 * max(1, expected), "\(scale) seed \(seed): \(bound) against \(expected)")
        }
    }
}

/// A week whose starts were thinned out is bounded through a coarser week whose plans include
/// every plan of it (``Candidates/coarsened(step:entryBudget:deadline:)``).
@Suite struct CoarseWeekTests {
    /// Community weeks in 5-minute slots: GLPK's optimum of the coarse week (slots 2, 3 and 6
    /// times as long, services shorter by the difference) is never below the week's own.
    @Test(arguments: [1, 2, 3]) func aCoarseWeekIsWorthAtLeastTheWeek(_ seed: Int) throws {
        var input = Generator.generate(scale: .community, seed: seed)
        input.horizon.slotMinutes = 5
        let settings = SolverSettings(backend: .glpk, timeLimitSeconds: 20)
        let own = try Engine.plan(try input.validated(), settings: settings)
        try #require(own.status == .optimal, "seed \(seed): \(own.solver)")
        let candidates = Candidates(Catalog(input))
        for k in [2, 3, 6] {
            let coarse = candidates.coarsened(step: k, entryBudget: SolverSettings().entryBudget)
            #expect(coarse.catalog.input.horizon.slotMinutes == 5 * k)
            let plan = try Engine.plan(try coarse.catalog.input.validated(), settings: settings)
            try #require(plan.status == .optimal, "seed \(seed), k \(k): \(plan.solver)")
            #expect(plan.solver.objective >= own.solver.objective - 1e-9, "seed \(seed), k \(k): \(plan.solver.objective) < \(own.solver.objective)")
        }
    }

    /// One volunteer; need a may only start at 09:05 and need b at 10:05, an hour each (5-minute
    /// slots). In slots of 10, 15 or 30 minutes a full hour fits neither window; shortened by the
    /// difference, both fit and do not clash: the coarse week still serves both (worth 20).
    @Test func aServiceOffTheCoarseGridStillFits() throws {
        var input = PlanningInput(horizon: Horizon(days: 1, slotMinutes: 5))
        input.people = [Person(id: "v", role: .volunteer)]
        func window(_ from: Int) -> [DayWindow] { [DayWindow(day: 0, from: TimeOfDay(minutes: from), to: TimeOfDay(minutes: from + 60))] }
        input.needs = [Need(id: "a", durationMinutes: 60, windows: window(545)), Need(id: "b", durationMinutes: 60, windows: window(605))]
        let settings = SolverSettings(backend: .glpk, timeLimitSeconds: 5)
        #expect(try Engine.plan(try input.validated(), settings: settings).solver.objective == 20)
        for k in [2, 3, 6] {
            // Its windows are off the coarse grid, which the input's rules forbid but the engine
            // takes as they are (the bound never validates the coarse week).
            let coarse = Candidates(Catalog(input)).coarsened(step: k, entryBudget: SolverSettings().entryBudget)
            let plan = try Engine.plan(DecodedInput(input: coarse.catalog.input, warnings: []), settings: settings)
            #expect(plan.status == .optimal && plan.solver.objective == 20, "k \(k): \(plan.solver)")
        }
    }

    /// Thinned by a small size budget (1 MiB: 100,000 units), a 5-minute community week reports the
    /// coarse week's bound: above the optimum over every start, and below the sum of every
    /// servable need's value that such weeks reported before; every backend's plan passes the
    /// checker.
    @Test func aThinnedWeeksBoundComesFromACoarserWeek() throws {
        var input = Generator.generate(scale: .community, seed: 1)
        input.horizon.slotMinutes = 5
        let decoded = try input.validated()
        let full = try Engine.plan(decoded, settings: SolverSettings(backend: .auto, timeLimitSeconds: 20))
        try #require(full.status == .optimal)
        var small = SolverSettings()
        small.memoryLimitMiB = 1
        let thinned = Candidates(Catalog(input), entryBudget: small.entryBudget)
        try #require(thinned.startsThinned)
        let trivial = thinned.trivialBound(everyStart: true)
        let checker = PlanChecker(input: input)
        for backend in EngineQualityTests.backends {
            // Long enough for the bound to have its share on a loaded machine (at 3 s, with the
            // whole suite running, one backend once had none left and reported the needs at their best).
            var settings = SolverSettings(backend: backend, timeLimitSeconds: 8)
            settings.memoryLimitMiB = 1
            let plan = try Engine.plan(decoded, settings: settings)
            #expect(checker.violations(of: plan).isEmpty, "\(backend)")
            #expect(plan.solver.bound >= full.solver.objective - 1e-9, "\(backend): bound \(plan.solver.bound) < optimum \(full.solver.objective)")
            #expect(plan.solver.bound < trivial - 1, "\(backend): bound \(plan.solver.bound), the servable needs' \(trivial)")
        }
    }
}

/// The `heuristic` backend's LP bound comes before its search on a small week, and a search whose
/// plan meets it stops there (``Heuristic/target``).
@Suite struct SearchTargetTests {
    /// The search's work with `target` (nil: none), and the plan's objective.
    static func search(_ name: String, target: (Double) -> Double?) throws -> (work: Int, objective: Double, bound: Double) {
        let candidates = Candidates(Catalog(try InputDecoder.decode(try Fixtures.data(name)).input))
        let bound = try #require(GLPKBackend(candidates: candidates, settings: SolverSettings())
            .relaxationBound(deadline: ContinuousClock.now + .seconds(30), primal: true))
        var heuristic = Heuristic(candidates: candidates, seed: 1, deadline: ContinuousClock.now + .seconds(60))
        heuristic.timeLimit = 2
        heuristic.target = target(bound)
        let state = heuristic.search()
        #expect(!state.cutByClock)
        return (state.searchWork, state.objective, bound)
    }

    /// `small.json` (no fairness weight; its first plan is the optimum) and a week of 6 people and 5
    /// needs with fairness 2 an hour, whose first plan meets the bound once the tie-breaking moves
    /// even out the largest load: no search at all with the bound as the target, the same worth
    /// as the whole search's; a target above every plan stops nothing.
    @Test(arguments: ["valid/small.json", "valid/tiny-fairness.json"])
    func aPlanThatMeetsTheBoundEndsTheSearch(_ name: String) throws {
        let whole = try Self.search(name) { _ in nil }
        let stopped = try Self.search(name) { $0 }
        let unreachable = try Self.search(name) { $0 + 1 }
        #expect(whole.work > 0)
        #expect(stopped.work == 0)
        #expect(stopped.objective == whole.objective)
        #expect(abs(stopped.objective - stopped.bound) < 1e-6)
        #expect(unreachable.work == whole.work)
    }

    /// `auto` on a small week without a fairness weight: the search towards the LP's bound before
    /// GLPK proves it (no GLPK model: the heuristic's plan); `glpk` still gives GLPK's own answer.
    @Test func autoProvesASmallWeekBeforeGLPK() throws {
        let input = try InputDecoder.decode(try Fixtures.data("valid/small.json"))
        let auto = try Engine.plan(input, settings: SolverSettings(backend: .auto))
        #expect(auto.status == .optimal)
        #expect(auto.solver.backend == .heuristic && auto.solver.variables == 0)
        let glpk = try Engine.plan(input, settings: SolverSettings(backend: .glpk))
        #expect(glpk.status == .optimal && glpk.solver.backend == .glpk)
        #expect(glpk.solver.objective == auto.solver.objective)
    }

    /// Through the engine: proven, by the backend that did not search past its first plan.
    @Test func theHeuristicBackendProvesATinyWeekAtOnce() throws {
        let input = try InputDecoder.decode(try Fixtures.data("valid/tiny-fairness.json"))
        let plan = try Engine.plan(input, settings: SolverSettings(backend: .heuristic, seed: 0))
        #expect(plan.status == .optimal)
        #expect(plan.solver.termination == .heuristic)
        #expect(plan.solver.bound == plan.solver.objective)
    }
}

/// A proof decides `status`; `termination` still says what ended the solve — a phase the clock cut
/// short keeps `timeLimit` (another run may give another plan of equal worth).
@Suite struct ProofTerminationTests {
    @Test func aProvenPlanTheClockShapedSaysSo() throws {
        let candidates = Candidates(Catalog(try InputDecoder.decode(try Fixtures.data("valid/small.json")).input))
        let state = Heuristic(candidates: candidates, seed: 1, deadline: ContinuousClock.now + .seconds(60)).search()
        let bound = try #require(GLPKBackend(candidates: candidates, settings: SolverSettings())
            .relaxationBound(deadline: ContinuousClock.now + .seconds(30), primal: true))
        #expect(abs(bound - state.objective) < 1e-6, "small.json's first plan is its optimum")
        func built(_ termination: Termination) -> Plan {
            PlanBuilder(candidates: candidates).build(state.solution, report: SolveReport(backend: .heuristic, termination: termination, bound: bound,
                                                      variables: 0, constraints: 0, proven: false),
                                                      seconds: 0, settings: SolverSettings(), warnings: [])
        }
        for (given, said) in [(Termination.timeLimit, Termination.timeLimit), (.heuristic, .heuristic), (.gapReached, .optimal)] {
            let plan = built(given)
            #expect(plan.status == .optimal)
            #expect(plan.solver.termination == said, "\(given)")
        }
    }

    /// `solver.clockCut` names what the clock cut — the plan, the bound, the explanations — in
    /// that order, only where the plan says `timeLimit`; a limit too short for GLPK to start on
    /// the model (the same on every run) says `timeLimit` with none.
    @Test func theClockCutNamesWhatTheClockCut() throws {
        let candidates = Candidates(Catalog(try InputDecoder.decode(try Fixtures.data("valid/small.json")).input))
        let state = Heuristic(candidates: candidates, seed: 1, deadline: ContinuousClock.now + .seconds(60)).search()
        func built(_ termination: Termination, _ cut: Set<ClockCutPart>) -> Plan {
            var report = SolveReport(backend: .heuristic, termination: termination, bound: nil, variables: 0, constraints: 0, proven: false)
            report.clockCut = cut
            return PlanBuilder(candidates: candidates).build(state.solution, report: report, seconds: 0, settings: SolverSettings(), warnings: [])
        }
        #expect(built(.timeLimit, [.bound]).solver.clockCut == [.bound])
        #expect(built(.timeLimit, [.bound, .plan]).solver.clockCut == [.plan, .bound])
        #expect(built(.timeLimit, []).solver.clockCut == nil)
        #expect(built(.heuristic, []).solver.clockCut == nil)
        #expect(built(.timeLimit, [.explanations, .bound, .plan]).solver.clockCut == ClockCutPart.allCases)
        let data = try JSONEncoder().encode(built(.timeLimit, [.plan, .bound]).solver)
        let json = try #require(String(data: data, encoding: .utf8))
        #expect(json.contains(#""clockCut":["plan","bound"]"#))
        #expect(!(String(data: try JSONEncoder().encode(built(.heuristic, []).solver), encoding: .utf8) ?? "").contains("clockCut"))
    }

    /// The bound takes the time left, so where the clock ends its steps another run may give
    /// another bound (street tight seed 1 at 10 s: 27,307.9 and 27,313.9 with one plan, both runs
    /// saying `heuristic` until 2026-12-23); it says so, and where its steps end on their own it
    /// does not.
    @Test func aBoundTheClockEndedSaysSo() throws {
        // 40 agents, 1,000 jobs: thousands of steps before the step size dies out, in any build.
        let wide = Candidates(Catalog(hardGAPInput(needs: 1_000, people: 40)))
        let relaxation = LagrangianBound(candidates: wide)
        let gone = relaxation.bound(lower: 0, deadline: ContinuousClock.now)
        #expect(gone.value == nil && gone.cutByClock)
        let brief = relaxation.bound(lower: 0, deadline: ContinuousClock.now + .seconds(1))
        #expect(brief.value != nil, "the set-up and a first step fit in a second")
        #expect(brief.cutByClock)
        let counted = relaxation.bound(lower: 0, deadline: ContinuousClock.now + .seconds(60), iterations: 3)
        #expect(counted.value != nil && !counted.cutByClock, "three steps end on their count")
        let small = Candidates(Catalog(try InputDecoder.decode(try Fixtures.data("valid/small.json")).input))
        let settled = LagrangianBound(candidates: small).bound(lower: 0, deadline: ContinuousClock.now + .seconds(60))
        #expect(settled.value != nil && !settled.cutByClock, "a small week's steps converge")
        // Counts, not minutes, bind: the first phase alone, ended by the clock.
        var counts = hardGAPInput(needs: 1_000, people: 40)
        for i in counts.people.indices { counts.people[i].maxMinutes = nil; counts.people[i].maxAssignments = 20 }
        let firstOnly = LagrangianBound(candidates: Candidates(Catalog(counts)))
        #expect(firstOnly.bound(lower: 0, deadline: ContinuousClock.now + .seconds(1)).cutByClock)
        #expect(!firstOnly.bound(lower: 0, deadline: ContinuousClock.now + .seconds(60), iterations: 3).cutByClock)
        // The knapsack steps say whether the clock or their count ended them.
        let r = try #require(LagrangianBound.Relaxation(wide, needs: Array(wide.catalog.input.needs.indices),
                                                        deadline: ContinuousClock.now + .seconds(60)))
        let phase = LagrangianBound.KnapsackPhase(r)
        var none: [Bool] = [], work = 0
        var byCount = phase.steps(from: LagrangianBound.Multipliers(r))
        _ = phase.advance(&byCount, lower: 0, deadline: ContinuousClock.now + .seconds(60), iterations: 2, picks: &none, work: &work)
        #expect(byCount.done == 2 && !byCount.cutByClock)
        var byClock = phase.steps(from: LagrangianBound.Multipliers(r))
        _ = phase.advance(&byClock, lower: 0, deadline: ContinuousClock.now, iterations: 1_000, picks: &none, work: &work)
        #expect(byClock.done == 1 && byClock.cutByClock)
        // Through the bounds of a plan: the same flag.
        let state = Heuristic(candidates: wide, seed: 1, deadline: ContinuousClock.now + .seconds(60)).construct()
        let bounds = Bounds(candidates: wide, settings: SolverSettings()).bound(of: state, deadline: ContinuousClock.now + .seconds(1))
        #expect(bounds.value != nil && bounds.cutByClock)
        // And the `heuristic` backend's plan: a search on a budget of a twentieth of a second
        // (it ends on that), the bound in the 3 s left (the clock ends it).
        let backend = HeuristicBackend(candidates: wide, settings: SolverSettings(backend: .heuristic, timeLimitSeconds: 0.05),
                                       deadline: ContinuousClock.now + .seconds(3))
        let report = backend.solve().1
        #expect(report.termination == .timeLimit && report.clockCut.contains(.bound))
        // `auto` likewise: the week beyond GLPK, its bound last, in the time the searches leave.
        let auto = try AutoBackend(candidates: wide, settings: SolverSettings(backend: .auto, timeLimitSeconds: 0.05),
                                   deadline: ContinuousClock.now + .seconds(3)).solve().1
        #expect(auto.termination == .timeLimit && auto.clockCut.contains(.bound))
    }

    /// `auto`: a part GLPK proves after the brief search or a GLPK pass the clock cut is proven,
    /// and the solve still says the clock shaped it.
    @Test func autoKeepsTheClockBehindAProof() {
        let cases: [(proven: Bool, cut: Bool, phases: Termination, said: Termination)] = [
            (true, false, .optimal, .optimal),
            (true, true, .optimal, .timeLimit),      // the brief search cut, GLPK proved every part
            (true, false, .timeLimit, .timeLimit),   // a first GLPK pass ended on its time, the second proved
            (false, true, .heuristic, .timeLimit),
            (false, false, .heuristic, .heuristic),
            (false, false, .timeLimit, .timeLimit),
        ]
        for c in cases {
            #expect(AutoBackend.termination(proven: c.proven, cut: c.cut, phases: c.phases) == c.said, "\(c)")
        }
    }
}
