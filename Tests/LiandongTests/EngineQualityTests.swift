import Foundation
import Testing
@testable import Liandong
@testable import LiandongGenerate

/// Never an invalid plan, never a false proof: one rule per test on a tiny instance, then weeks
/// with many pins in shuffled member order and binding `maxOrders`, for every backend.
@Suite struct EngineQualityTests {
    static let backends: [Backend] = [.auto, .glpk, .heuristic]

    /// Two social workers of two organizations pinned to one position in the order [b, a]: the
    /// lead is b (the first listed), so the order counts against b's organization, which is then
    /// full — the second need, which only b can serve as lead, must stay unserved.
    @Test(arguments: backends) func pinLeadIsTheFirstListedMember(_ backend: Backend) throws {
        var input = PlanningInput(horizon: Horizon(start: "2026-11-23", days: 1))
        input.organizations = [Organization(id: "oa", maxOrders: 1), Organization(id: "ob", maxOrders: 1)]
        input.people = [
            Person(id: "a", role: .socialWorker, level: .intermediate, organization: "oa"),
            Person(id: "b", role: .socialWorker, level: .intermediate, organization: "ob", skills: ["legal"]),
        ]
        input.needs = [
            Need(id: "n1", team: [TeamPosition(role: .socialWorker, count: 2)]),
            Need(id: "n2", team: [TeamPosition(role: .socialWorker, skills: ["legal"])]),
        ]
        input.pinned = [PinnedAssignment(need: "n1", people: ["b", "a"])]
        let decoded = try InputDecoder.decode(Array(JSONValueEncoder().encodeText(input).utf8))
        let plan = try Engine.plan(decoded, settings: SolverSettings(backend: backend, timeLimitSeconds: 5))
        #expect(PlanChecker(input: input).violations(of: plan).isEmpty)
        #expect(plan.assignments.map(\.need) == ["n1"])
        #expect(plan.assignments.first?.organization == "ob")
        #expect(plan.unserved.first?.reasons.contains(.organizationFull) == true)
    }

    /// The input: a fairness weight makes serving n2 cost more than it earns. GLPK proves
    /// 48 (n1 alone); no backend may call a worse plan optimal or report a bound below 48.
    @Test(arguments: backends) func fairnessNeverGivesAFalseProof(_ backend: Backend) throws {
        for fairness in [40.0, 100, 1e6, 1e9] {
            let decoded = try InputDecoder.decode(Array(Self.fairnessWeek(fairness).utf8))
            let plan = try Engine.plan(decoded, settings: SolverSettings(backend: backend, timeLimitSeconds: 5))
            let optimum = fairness == 40 ? 48.0 : 0.0
            #expect(plan.solver.bound >= optimum - 1e-9, "\(backend), fairness \(fairness): bound \(plan.solver.bound) < optimum \(optimum)")
            #expect(plan.solver.objective <= optimum + 1e-9)
            if plan.status == .optimal { #expect(abs(plan.solver.objective - optimum) < 1e-9, "\(backend), fairness \(fairness): 'optimal' \(plan.solver.objective)") }
            // Never worse than the empty plan.
            #expect(plan.solver.objective >= -1e-9, "\(backend), fairness \(fairness): objective \(plan.solver.objective) < 0")
            #expect(PlanChecker(input: decoded.input).violations(of: plan).isEmpty)
        }
        if backend != .heuristic {
            let plan = try Engine.plan(try InputDecoder.decode(Array(Self.fairnessWeek(40).utf8)), settings: SolverSettings(backend: backend))
            #expect(plan.status == .optimal && plan.solver.objective == 48)
        }
    }

    /// Weights at the top of their range: `critical` 1e9 against 1–3 for the rest, so one unit
    /// of the rest is 5e-10 of the objective. The optimum, from GLPK's proof of the same week with
    /// `critical` 1e5 (the same choice: the rest sums to far less), is the critical needs it
    /// serves at 1e9 plus the rest. No backend may call a plan short of it optimal or bound it
    /// below (GLPK's default pruning tolerance, 200 here, and a proof slack of 1e-9 of the
    /// objective, 2 here, both did).
    @Test(arguments: ["huge-weights-glpk", "huge-weights-lp"]) func hugeWeightsGiveNoFalseProof(_ name: String) throws {
        let text = try Fixtures.data("valid/\(name).json")
        var decoded = try InputDecoder.decode(text)
        var scaled = decoded.input
        scaled.weights.urgency["critical"] = 1e5
        let reference = try Engine.plan(try InputDecoder.decode(Array(JSONValueEncoder().encodeText(scaled).utf8)),
                                        settings: SolverSettings(backend: .glpk, timeLimitSeconds: 30))
        try #require(reference.status == .optimal)
        let critical = Double(reference.summary.servedByUrgency[.critical] ?? 0)
        let optimum = reference.solver.objective + (1e9 - 1e5) * critical
        #expect(critical >= 1 && optimum > 1e9)
        decoded.input.solver = nil
        for backend in Self.backends {
            let plan = try Engine.plan(decoded, settings: SolverSettings(backend: backend, timeLimitSeconds: 3))
            #expect(PlanChecker(input: decoded.input).violations(of: plan).isEmpty)
            #expect(plan.solver.objective <= optimum, "\(backend): \(plan.solver.objective) above the optimum \(optimum)")
            #expect(plan.solver.bound >= optimum, "\(backend): bound \(plan.solver.bound) below the optimum \(optimum)")
            if plan.status == .optimal { #expect(plan.solver.objective == optimum, "\(backend): 'optimal' \(plan.solver.objective), optimum \(optimum)") }
        }
    }

    /// The grid of a week's objective values (``ObjectiveGrid``) and what it lets a bound prove.
    @Test func theObjectivesGridAndItsProofSlack() {
        #expect(ObjectiveGrid.resolution(of: [1000, 100, 10, 1]) == 1)
        #expect(ObjectiveGrid.resolution(of: [1000, 20.0 / 60]).map { abs($0 - 1.0 / 3) < 1e-12 } == true)
        #expect(ObjectiveGrid.resolution(of: [0.1, 0.25, 7]).map { abs($0 - 0.05) < 1e-12 } == true)
        #expect(ObjectiveGrid.resolution(of: [Double.pi]) == nil)
        #expect(ObjectiveGrid.resolution(of: [1.0 / 999_983, 1.0 / 999_979]) == nil)   // a denominator beyond 1e6
        // A unit short of 2e9 is not proven by a bound 1 above; 1e-9 of it would be 2.
        #expect(ObjectiveGrid.proofSlack(objective: 2e9, resolution: 1) == 0.5)
        #expect(ObjectiveGrid.proofSlack(objective: 2e9, resolution: nil) == 2)
        #expect(ObjectiveGrid.proofSlack(objective: 3000, resolution: 1) == 0.5)
        // GLPK's tolerance stays at its default on ordinary weeks and shrinks below a grid step.
        #expect(ObjectiveGrid.pruningTolerance(resolution: 1, magnitude: 50_000) == 1e-7)
        #expect(ObjectiveGrid.pruningTolerance(resolution: 1, magnitude: 4e10) * (1 + 2e9) < 0.5)
    }

    /// One volunteer, two high needs (worth 100) and three normal ones (worth 10), an hour each,
    /// fairness 40 an hour of the largest load: serving the high needs only is best (200 − 80 =
    /// 120); serving all (230 − 200 = 30) is what every insertion would keep, as each need is
    /// worth serving on its own. The heuristic lowers the load ceiling to the optimum.
    @Test func theHeuristicLowersTheLargestLoadWhenFairnessWeighs() throws {
        var input = PlanningInput(horizon: Horizon(days: 7))
        input.people = [Person(id: "v", role: .volunteer, maxMinutes: 600)]
        input.needs = [Need(id: "h1", urgency: .high, durationMinutes: 60), Need(id: "h2", urgency: .high, durationMinutes: 60),
                       Need(id: "n1", urgency: .normal, durationMinutes: 60), Need(id: "n2", urgency: .normal, durationMinutes: 60),
                       Need(id: "n3", urgency: .normal, durationMinutes: 60)]
        input.weights.fairness = 40
        let decoded = try input.validated()
        let glpk = try Engine.plan(decoded, settings: SolverSettings(backend: .glpk, timeLimitSeconds: 10))
        #expect(glpk.status == .optimal && glpk.solver.objective == 120)
        let plan = try Engine.plan(decoded, settings: SolverSettings(backend: .heuristic, timeLimitSeconds: 2))
        #expect(abs(plan.solver.objective - 120) < 1e-9, "heuristic: \(plan.solver.objective)")
        #expect(Set(plan.assignments.map(\.need)) == ["h1", "h2"])
        #expect(PlanChecker(input: decoded.input).violations(of: plan).isEmpty)
    }

    /// A week of the independent generator (Fixtures/valid/heavy-fairness.json: 30 needs, 18
    /// people, fairness 200 an hour): no single service pays for the largest load it makes, while
    /// eight of an hour at most, one a person, are worth 53 (GLPK's proof). The search kept
    /// services worth less than nothing and the load ceiling, stepping down from their largest
    /// load, found only the empty plan; with the loads one service makes as ceilings it serves.
    @Test func aHeavyFairnessWeightStillLeavesAPlanThatServes() throws {
        let decoded = try InputDecoder.decode(try Fixtures.data("valid/heavy-fairness.json"))
        let glpk = try Engine.plan(decoded, settings: SolverSettings(backend: .glpk, timeLimitSeconds: 30))
        #expect(glpk.status == .optimal && abs(glpk.solver.objective - 53) < 1e-9)
        // 10 s: a debug build's search is cut by the clock, and the ceilings get 15 % of the limit after it.
        let plan = try Engine.plan(decoded, settings: SolverSettings(backend: .heuristic, timeLimitSeconds: 10))
        #expect(plan.solver.objective > 30, "heuristic: \(plan.solver.objective) (the empty plan is worth 0, the optimum 53)")
        #expect(plan.solver.objective <= 53 + 1e-9 && plan.solver.bound >= 53 - 1e-9)
        #expect(PlanChecker(input: decoded.input).violations(of: plan).isEmpty)
    }

    /// A plan is never worse than its own required needs and accepted orders alone
    /// (``SearchState/requiredAndAcceptedOnly()``, the engine's floor): one person, a required hour and a low-urgency
    /// ten hours, fairness 200 an hour — both served, the largest load costs 2,200 and the ten
    /// hours earn far less; the required hour alone is the better plan. Without the fairness
    /// weight the plan serving both is kept.
    @Test func aPlanIsNeverWorseThanItsRequiredNeedsAlone() throws {
        func week(fairness: Double) -> String {
            """
            {"schema": "liandong/v1", "horizon": {"start": "2026-11-23", "days": 7, "slotMinutes": 30},
             "communities": [{"id": "c1", "name": "汇泉社区", "partyOrganization": "p1", "location": {"x": 0, "y": 0}}],
             "organizations": [{"id": "o1", "name": "汇泉社工站", "kind": "socialWorkAgency"}],
             "people": [{"id": "sw1", "role": "socialWorker", "level": "intermediate", "organization": "o1", "skills": ["elderlyCare"],
                         "availability": [{"day": 1, "from": "08:00", "to": "20:00"}], "home": "c1", "insured": true}],
             "needs": [{"id": "r", "community": "c1", "category": "elderlyCare", "urgency": "high", "required": true, "durationMinutes": 60,
                        "team": [{"role": "socialWorker", "count": 1, "skills": ["elderlyCare"]}], "windows": [{"day": 1, "from": "08:00", "to": "10:00"}]},
                       {"id": "x", "community": "c1", "category": "elderlyCare", "urgency": "low", "durationMinutes": 600,
                        "team": [{"role": "socialWorker", "count": 1, "skills": ["elderlyCare"]}], "windows": [{"day": 1, "from": "09:00", "to": "20:00"}]}],
             "weights": {"fairness": \(fairness)}}
            """
        }
        for fairness in [200.0, 0] {
            let decoded = try InputDecoder.decode(Array(week(fairness: fairness).utf8))
            let candidates = Candidates(Catalog(decoded.input))
            let (r, x) = (0, 1)
            var both = SearchState(candidates)
            both.serve(need: r, option: 0, members: [[0]], lead: 0)
            let rEnd = try #require(candidates.options[r][0].end)
            let later = try #require(candidates.options[x].firstIndex { ($0.start ?? 0) >= rEnd })
            both.serve(need: x, option: later, members: [[0]], lead: 0)
            #expect(both.chosen.count == 2 && both.largestLoad >= 660)
            let core = both.requiredAndAcceptedOnly()
            #expect(Set(core.chosen.keys) == [r])
            if fairness > 0 {
                #expect(core.isBetter(than: both))
            } else {
                #expect(!core.isBetter(than: both))
            }
        }
    }

    /// A week of the independent generator (Fixtures/valid/heavy-fairness-required.json: 152
    /// needs, 36 people, fairness 200 an hour, five required needs of which one can be served):
    /// the search serves the required need first, whatever the load, and each ceiling below the
    /// plan's largest load dropped it again, so every ceiling's plan ranked below the plan in hand
    /// (`auto` at 2 s: 39 services, one person at 3,415 minutes, -5,544, where GLPK proves 3,301
    /// with a largest load of 585; at the budgets of a half-second search, -4,541). The required
    /// needs' own ceiling — the plan's required needs and accepted orders alone, the rest inserted
    /// under their largest load — is among the ceilings now (2,184 here).
    @Test func theRequiredNeedsAloneAreACeilingToo() throws {
        let decoded = try InputDecoder.decode(try Fixtures.data("valid/heavy-fairness-required.json"))
        let candidates = Candidates(Catalog(decoded.input))
        // The budgets of a half-second search, not the clock (a debug build is slower).
        var heuristic = Heuristic(candidates: candidates, seed: 1, deadline: ContinuousClock.now + .seconds(600))
        heuristic.timeLimit = 0.5
        let state = heuristic.search()
        #expect(state.requiredServed == 1)
        #expect(state.objective > 1_000, "heuristic: \(state.objective), largest load \(state.largestLoad) (GLPK's optimum 3,301)")
        #expect(state.objective <= 3_301 + 1e-9)
    }

    /// A week of the independent generator (Fixtures/valid/fairness-low-load.json: seed 1016 at
    /// `--scale 2`, 68 needs, 36 people, fairness 20 an hour). `auto`'s brief search leaves 38
    /// services at a largest load of 450 minutes; where GLPK's first pass finds nothing (2 s), the
    /// search after it went on from there and, weighing every rise of the load, found nothing
    /// either (2,529). A search that may raise the load under a ceiling first
    /// (``Heuristic/raiseTheLargestLoad(_:rng:tabuFollows:)``), then the search and the load
    /// ceiling, as `auto` runs them, by their budgets (not the clock): 2,629 without it, 2,679 with it
    /// (with a raised ceiling but the load weighed, 2,529).
    @Test func aSearchMayRaiseTheLargestLoadTheBriefSearchSet() throws {
        let decoded = try InputDecoder.decode(try Fixtures.data("valid/fairness-low-load.json"))
        let candidates = Candidates(Catalog(decoded.input))
        var brief = Heuristic(candidates: candidates, seed: 1, deadline: ContinuousClock.now + .seconds(600))
        brief.timeLimit = 1.2
        brief.workShare = 1
        brief.brief = true
        let start = brief.search()
        func searchAfter(raising: Bool) -> SearchState {
            var more = Heuristic(candidates: candidates, seed: 1, deadline: ContinuousClock.now + .seconds(600))
            more.timeLimit = 0.6
            more.workShare = 1
            var rng = SplitMix64(seed: 1)
            var state = start
            if raising { more.raiseTheLargestLoad(&state, rng: &rng, tabuFollows: false) }
            more.improve(&state, rng: &rng, tabuFollows: false)
            _ = more.afterSearch(&state, rng: &rng, tabuFollows: false)
            return state
        }
        let plain = searchAfter(raising: false), raised = searchAfter(raising: true)
        // GLPK's bound at 2 s: 2,700.8.
        #expect(raised.objective <= 2_700.8)
        #expect(raised.objective >= plain.objective + 25, "raised \(raised.objective) (largest load \(raised.largestLoad)), without \(plain.objective) (\(plain.largestLoad)); brief \(start.objective) (\(start.largestLoad))")
    }

    /// A week of the independent generator (Fixtures/valid/required-soft.json: 243 needs, seven
    /// required, some of which cannot all be served; fairness 40). With `--backend glpk` at 5 s
    /// GLPK solves the soft model, whose bound counts the dominant bonus of every required need
    /// its relaxation serves; reported as it was, a plan worth 25,240 had the bound 570,875 (a 96 %
    /// gap). Less the bonuses of the required needs the plan serves it bounds every plan that
    /// serves as many (25,715; ``ExactResult/bound(servingRequired:)``, now reached through the step
    /// `auto` and `glpk` share, since the `glpk` backend starts GLPK from the search's plan).
    @Test func theGLPKBackendsFallbackBoundIsNotTheBonusOfTheSoftModel() throws {
        let decoded = try InputDecoder.decode(try Fixtures.data("valid/required-soft.json"))
        let plan = try Engine.plan(decoded, settings: SolverSettings(backend: .glpk, timeLimitSeconds: 5))
        #expect(plan.status == .infeasible)
        #expect(plan.solver.bound >= plan.solver.objective - 1e-6)
        // Alone on this machine 25,240 with bound 25,715 (2 %); under the test suite's load GLPK
        // gets less far (25,107 with 26,709 once): 15 % allowed — with the bonuses in, 2,170 %.
        #expect(plan.solver.bound <= plan.solver.objective * 1.15, "glpk (\(plan.solver.backend)): \(plan.solver.objective), bound \(plan.solver.bound)")
        #expect(PlanChecker(input: decoded.input).violations(of: plan).isEmpty)
    }

    /// When GLPK gives no bound of its own (it finishes no LP in its share, or, as here, the model is
    /// over its entry budget and GLPK is not run), the part's bound is the Lagrangian one, not the
    /// bound that needs no solver (a street week with an unservable required need under `--backend
    /// glpk` at 9 s: 30,823 for a plan worth 29,973, 2.8 %, until 2026-12-05; then 30,063). The rule
    /// `auto`'s parts and the `glpk` backend share, on a scarce community week.
    @Test func aPartGLPKDoesNotBoundHasTheLagrangianBound() throws {
        var scarce = GeneratorKnobs()
        scarce.scarcity = 2
        let week = Generator.generate(scale: .community, seed: 4, knobs: scarce)
        let decoded = try InputDecoder.decode(Array(JSONValueEncoder().encodeText(week).utf8))
        let candidates = Candidates(Catalog(decoded.input))
        var search = Heuristic(candidates: candidates, seed: 1, deadline: ContinuousClock.now + .seconds(2))
        search.timeLimit = 2
        var state = search.search()
        let before = state.objective
        var exact = GLPKBackend(candidates: candidates, settings: SolverSettings(backend: .glpk, timeLimitSeconds: 3))
        exact.entryBudget = 1
        let whole = Decomposition.Part(needs: Array(decoded.input.needs.indices), size: candidates.columnCount(needs: nil))
        let deadline = ContinuousClock.now + .seconds(3)
        let outcome = exact.improve(whole, state: &state, deadline: deadline, reserve: .seconds(1), latest: deadline)
        #expect(outcome.tooLarge && !outcome.glpkBounded && !outcome.proven)
        #expect(state.objective == before)
        let solverFree = candidates.trivialBound()
        #expect(outcome.bound >= before - 1e-6)
        #expect(outcome.bound <= before * 1.02, "plan \(before), bound \(outcome.bound), without a solver \(solverFree)")
        #expect(solverFree > before * 1.02)
    }

    /// `infeasible` says what the plan could not do. Community tight seed 5 (budgets × 0.5, caps ×
    /// 0.8): under `heuristic` one required need is left out because every organization that could
    /// take it is full in this plan — nothing proves that no plan serves it, and a warning says so;
    /// scarce seed 7's required need has no start at which a whole team is available in any plan,
    /// and no warning is given.
    @Test func aRequiredNeedLeftOutUnprovenIsSaidToBeUnproven() throws {
        func plan(_ knobs: GeneratorKnobs, seed: Int) throws -> Plan {
            let week = Generator.generate(scale: .community, seed: seed, knobs: knobs)
            let decoded = try InputDecoder.decode(Array(JSONValueEncoder().encodeText(week).utf8))
            return try Engine.plan(decoded, settings: SolverSettings(backend: .heuristic, timeLimitSeconds: 3))
        }
        var tight = GeneratorKnobs()
        tight.budgets = 0.5
        tight.orderCaps = 0.8
        let full = try plan(tight, seed: 5)
        #expect(full.status == .infeasible)
        #expect(full.unserved.contains { $0.required && $0.reasons == [.organizationFull] })
        #expect(full.warnings.contains { $0.message.contains("not proven that no plan serves them") })
        var scarce = GeneratorKnobs()
        scarce.scarcity = 2
        let never = try plan(scarce, seed: 7)
        #expect(never.status == .infeasible)
        #expect(never.unserved.filter(\.required).allSatisfy { $0.reasons.contains(.noCommonTime) })
        #expect(!never.warnings.contains { $0.message.contains("not proven") })
    }

    @Test func fairnessWeightHasAFiniteRange() {
        for bad in ["1e10", "1e300", "-1"] {
            #expect(throws: InvalidInput.self) { try InputDecoder.decode(Array(Self.fairnessWeek(bad).utf8)) }
        }
    }

    /// A week over the model's size budget (here the least budget, 100,000 units) keeps every
    /// k-th start of its largest needs: every backend's plan passes the checker, says so in
    /// `warnings`, and reports a bound for every start — never below the worth of a plan that
    /// uses every start (the bounds of the kept starts' model hold for those plans only: they are
    /// neither reported nor computed; the bound is a coarser week's, or the needs at their best).
    @Test func aThinnedWeeksBoundHoldsForEveryStart() throws {
        let week = Generator.generate(scale: .street, seed: 2)
        let decoded = try InputDecoder.decode(Array(JSONValueEncoder().encodeText(week).utf8))
        let full = try Engine.plan(decoded, settings: SolverSettings(backend: .auto, timeLimitSeconds: 4))
        #expect(!full.warnings.contains { $0.message.contains("every k-th slot") })
        let checker = PlanChecker(input: decoded.input)
        for backend in Self.backends {
            var settings = SolverSettings(backend: backend, timeLimitSeconds: 2)
            settings.memoryLimitMiB = 1
            let plan = try Engine.plan(decoded, settings: settings)
            #expect(plan.warnings.contains { $0.message.contains("every k-th slot") }, "\(backend): not thinned")
            #expect(checker.violations(of: plan).isEmpty, "\(backend)")
            #expect(plan.solver.bound >= full.solver.objective - 1e-9, "\(backend): bound \(plan.solver.bound) < \(full.solver.objective)")
            #expect(plan.status != .optimal, "\(backend)")
        }
    }

    /// Generated weeks with a third of a first plan's services pinned, members shuffled within
    /// each position, and every organization's `maxOrders` set to about what it received (so
    /// that the caps bind): every backend's plan passes the checker and keeps every pin.
    @Test(arguments: [(Scale.community, 1), (.community, 2), (.community, 3), (.street, 3)])
    func shuffledPinsAndBindingCapsGiveValidPlans(_ scale: Scale, _ seed: Int) throws {
        let input = try Self.pinnedWeek(scale: scale, seed: seed)
        let decoded = try InputDecoder.decode(Array(JSONValueEncoder().encodeText(input).utf8))
        let checker = PlanChecker(input: decoded.input)
        for backend in Self.backends {
            let plan = try Engine.plan(decoded, settings: SolverSettings(backend: backend, timeLimitSeconds: scale == .street ? 4 : 3))
            let violations = checker.violations(of: plan)
            #expect(violations.isEmpty, "\(scale) \(seed) \(backend): \(violations.prefix(3).map(\.message))")
            // Valid as the backend made it, not only after the plan gate's repair.
            #expect(!plan.warnings.contains { $0.message.contains("broke a hard rule") }, "\(scale) \(seed) \(backend)")
            #expect(plan.assignments.filter(\.pinned).count == input.pinned.count)
        }
    }

    /// The search's incremental bookkeeping (minutes, counts, busy times, orders, score) agrees
    /// with a recount after construction, large-neighbourhood search, re-staffing, the budget
    /// tabu search and rebalancing, on weeks where budgets and caps bind and pins are shuffled.
    @Test(arguments: [1, 2])
    func searchBookkeepingMatchesARecount(_ seed: Int) throws {
        var week = try Self.pinnedWeek(scale: .community, seed: seed)
        for i in week.people.indices { week.people[i].maxMinutes = week.people[i].maxMinutes.map { $0 / 2 } ?? 600 }
        week.pinned = week.pinned.prefix(3).filter { pin in   // a few pins that still fit the halved budgets
            let need = week.needs.first { $0.id == pin.need }!
            return pin.people.allSatisfy { id in (week.people.first { $0.id == id }!.maxMinutes ?? .max) >= need.durationMinutes + 200 }
        }
        let decoded = try week.validated()
        let candidates = Candidates(Catalog(decoded.input))
        let state = Heuristic(candidates: candidates, seed: seed, deadline: ContinuousClock().now + .seconds(10)).search()
        state._checkInvariants()
        #expect(state.chosen.count > 0)
    }

    /// A week whose pins list people in another order than the first plan did, with caps that bind.
    static func pinnedWeek(scale: Scale, seed: Int) throws -> PlanningInput {
        var week = Generator.generate(scale: scale, seed: seed)
        week.pinned = []
        let decoded = try InputDecoder.decode(Array(JSONValueEncoder().encodeText(week).utf8))
        let first = try Engine.plan(decoded, settings: SolverSettings(backend: .heuristic, timeLimitSeconds: 2))
        var rng = SplitMix64(seed: UInt64(seed))
        var pins: [PinnedAssignment] = []
        var orders: [String: Int] = [:]
        for a in first.assignments where rng.next() % 3 == 0 {
            var people: [String] = []
            for k in Set(a.people.map(\.position)).sorted() {
                var ids = a.people.filter { $0.position == k }.map(\.person)
                ids.reverse()
                if rng.next() % 2 == 0 { ids.shuffle(using: &rng) }
                people += ids
            }
            pins.append(PinnedAssignment(need: a.need, people: people, day: a.day, start: a.start))
        }
        week.pinned = pins
        // The pins' own orders under the lead rule (first listed social worker, else first).
        let role = Dictionary(week.people.map { ($0.id, ($0.role, $0.organization)) }, uniquingKeysWith: { a, _ in a })
        for pin in pins {
            let lead = pin.people.first { role[$0]?.0 == .socialWorker } ?? pin.people[0]
            if let o = role[lead]?.1 { orders[o, default: 0] += 1 }
        }
        for a in first.assignments { if let o = a.organization { orders[o, default: 0] += 0 } }
        var served: [String: Int] = [:]
        for a in first.assignments { if let o = a.organization { served[o, default: 0] += 1 } }
        for i in week.organizations.indices {
            let id = week.organizations[i].id
            // At least the pins' orders; about what the first plan gave, so that the cap binds.
            week.organizations[i].maxOrders = max(orders[id] ?? 0, (served[id] ?? 0) - Int(rng.next() % 2))
        }
        return week
    }

    static func fairnessWeek(_ fairness: Any) -> String {
        """
        {"schema": "liandong/v1", "horizon": {"start": "2026-11-23", "days": 7, "slotMinutes": 30},
         "communities": [{"id": "c1", "partyOrganization": "p1", "location": {"x": 0, "y": 0}},
                         {"id": "c2", "partyOrganization": "p1", "location": {"x": 1.5, "y": 0.5}}],
         "organizations": [{"id": "o1", "kind": "socialWorkAgency", "maxOrders": 10}],
         "people": [{"id": "sw1", "role": "socialWorker", "level": "intermediate", "organization": "o1", "skills": ["elderlyCare"],
                     "availability": [{"day": 1, "from": "08:00", "to": "18:00"}], "maxMinutes": 600, "home": "c1", "insured": true},
                    {"id": "v1", "role": "volunteer", "organization": "o1", "skills": ["companionship"],
                     "availability": [{"day": 1, "from": "08:00", "to": "18:00"}], "maxMinutes": 300, "insured": true}],
         "needs": [{"id": "n1", "community": "c1", "category": "elderlyCare", "urgency": "high",
                    "team": [{"role": "socialWorker", "count": 1, "skills": ["elderlyCare"], "minLevel": "assistant"},
                             {"role": "volunteer", "count": 1, "skills": ["companionship"]}],
                    "durationMinutes": 90, "windows": [{"day": 1, "from": "09:00", "to": "12:00"}], "preferred": ["sw1", "v1"]},
                   {"id": "n2", "community": "c2", "category": "campaign", "durationMinutes": 60}],
         "pairs": [{"need": "n1", "person": "sw1", "cost": 2}], "weights": {"fairness": \(fairness)}}
        """
    }
}

/// The search is ended by its effort budget, not the clock: with the time to finish, the same
/// seed and limit give the same plan, and the state says when the clock did cut it short.
@Suite struct SearchBudgetTests {
    private func week(_ scale: Scale, seed: Int, tight: Bool) throws -> Candidates {
        var knobs = GeneratorKnobs()
        if tight { knobs.budgets = 0.5; knobs.orderCaps = 0.8 }
        let input = Generator.generate(scale: scale, seed: seed, knobs: knobs)
        return Candidates(Catalog(try input.validated().input))
    }

    /// Two searches with a small budget (a 0.3 s limit's) and a far deadline end on the budget
    /// and agree exactly, on plain and tight weeks of several seeds.
    @Test func aBudgetedSearchGivesOnePlan() throws {
        for (seed, tight) in [(1, false), (2, true), (3, true)] {
            let candidates = try week(.community, seed: seed, tight: tight)
            func run() -> SearchState {
                var heuristic = Heuristic(candidates: candidates, seed: 7, deadline: ContinuousClock.now + .seconds(120))
                heuristic.timeLimit = 0.3
                return heuristic.search()
            }
            let a = run(), b = run()
            #expect(!a.cutByClock && !b.cutByClock)
            #expect(a.searchWork > 0 && a.searchWork == b.searchWork)
            #expect(a.solution.chosen == b.solution.chosen, "seed \(seed)")
        }
    }

    /// A search that stalls before its budget starts again from its best plan: it ends no worse
    /// than the same search stopping at the stall (the two are the same until then), with more
    /// work spent, on its budget (not the clock), and the same plan twice.
    @Test func aStalledSearchRestartsFromItsBest() throws {
        let candidates = try week(.community, seed: 1, tight: false)
        func run(restarts: Bool) -> SearchState {
            var heuristic = Heuristic(candidates: candidates, seed: 3, deadline: ContinuousClock.now + .seconds(300))
            heuristic.timeLimit = 2
            heuristic.withTabu = false
            heuristic.restarts = restarts
            var state = heuristic.construct()
            var rng = SplitMix64(seed: 9)
            state.searchWork = heuristic.improve(&state, rng: &rng)
            return state
        }
        let stopped = run(restarts: false), restarted = run(restarts: true), again = run(restarts: true)
        #expect(!stopped.cutByClock && !restarted.cutByClock)
        #expect(restarted.searchWork > stopped.searchWork, "the search did not restart")
        #expect(!stopped.isBetter(than: restarted), "\(stopped.objective) before the restarts, \(restarted.objective) after")
        #expect(restarted.solution.chosen == again.solution.chosen)
        restarted._checkInvariants()
    }

    /// A deadline already past: the state says the clock ended the search (the plan then says
    /// `termination: timeLimit`), and the plan still keeps every rule.
    @Test func aSearchCutByTheClockSaysSo() throws {
        let candidates = try week(.street, seed: 1, tight: true)
        var heuristic = Heuristic(candidates: candidates, seed: 1, deadline: ContinuousClock.now)
        heuristic.constructionDeadline = ContinuousClock.now + .seconds(60)
        let state = heuristic.search()
        #expect(state.cutByClock)
        state._checkInvariants()
    }

    /// The construction's clock past before it starts (a large week whose reading and listing
    /// took the time): it still serves the required needs, which it takes first, while their own
    /// later deadline lasts — the same ones as with time to spare; without it the clock stops it
    /// after 63 and the plan is `infeasible` for want of time. A street week with 150 of its
    /// needs required.
    @Test func theRequiredNeedsAreConstructedPastTheClock() throws {
        var input = Generator.generate(scale: .street, seed: 1)
        for n in input.needs.indices.prefix(150) { input.needs[n].required = true }
        let candidates = Candidates(Catalog(try input.validated().input))
        let required = Set(input.needs.indices.prefix(150))
        func served(deadline: Duration, requiredDeadline: Duration?) -> Set<Int> {
            var heuristic = Heuristic(candidates: candidates, seed: 1, deadline: ContinuousClock.now + deadline)
            heuristic.requiredDeadline = requiredDeadline.map { ContinuousClock.now + $0 }
            return Set(heuristic.construct().solution.chosen.keys).intersection(required)
        }
        let unhurried = served(deadline: .seconds(60), requiredDeadline: nil)
        #expect(unhurried.count > 100)
        #expect(served(deadline: .zero, requiredDeadline: .seconds(60)) == unhurried)
        #expect(served(deadline: .zero, requiredDeadline: nil).count <= 63)
    }

    /// A search that used all of its time (here a deadline already past) still leaves the load
    /// ceiling its share past that deadline, within the solve's (here a minute away; the
    /// `glpk` backend's fallback gives none, and the ceiling then stops with the search): on community weeks where
    /// fairness weighs, the plan then beats the construction rebalanced (which is all that was
    /// left, in `auto`, when the search ended on its deadline).
    @Test(arguments: [1, 2, 3]) func theLoadCeilingHasItsTimeAfterTheSearch(_ seed: Int) throws {
        var knobs = GeneratorKnobs()
        knobs.fairness = 20; knobs.budgets = 0.7
        let candidates = Candidates(Catalog(try Generator.generate(scale: .community, seed: seed, knobs: knobs).validated().input))
        var heuristic = Heuristic(candidates: candidates, seed: 1, deadline: ContinuousClock.now)
        heuristic.constructionDeadline = ContinuousClock.now + .seconds(60)
        heuristic.solveDeadline = ContinuousClock.now + .seconds(60)
        heuristic.timeLimit = 4
        var rebalanced = heuristic.construct()
        Rebalance.run(&rebalanced, deadline: ContinuousClock.now + .seconds(60))
        let state = heuristic.search()
        #expect(state.objective > rebalanced.objective + 1e-9, "seed \(seed): \(state.objective) against \(rebalanced.objective)")
        state._checkInvariants()
        // No later solve deadline (the `glpk` backend's fallback): nothing runs past the search's.
        heuristic.solveDeadline = nil
        let alone = heuristic.search()
        #expect(alone.objective <= rebalanced.objective + 1e-9, "seed \(seed): the ceiling ran past the deadline")
        #expect(alone.cutByClock)
    }

    /// The search itself — before the plan gate — keeps every person's assignment cap and minute
    /// budget, on weeks where both bind (every cap 2, budgets halved, half the people), through
    /// the budget tabu search's restarts. (Its restart kicks once read the cap of the wrong person.)
    @Test func theSearchKeepsAssignmentCapsAndBudgets() throws {
        for seed in 1...4 {
            var knobs = GeneratorKnobs()
            knobs.budgets = 0.5; knobs.scarcity = 2
            var input = Generator.generate(scale: .community, seed: seed, knobs: knobs)
            for i in input.people.indices { input.people[i].maxAssignments = 2 }
            let candidates = Candidates(Catalog(try input.validated().input))
            var heuristic = Heuristic(candidates: candidates, seed: seed, deadline: ContinuousClock.now + .seconds(120))
            heuristic.timeLimit = 4
            let state = heuristic.search()
            for (p, person) in input.people.enumerated() {
                #expect(state.usage.count[p] <= person.maxAssignments ?? .max, "seed \(seed), \(person.id)")
                #expect(state.usage.minutes[p] <= person.maxMinutes ?? .max, "seed \(seed), \(person.id)")
            }
        }
    }

    /// A type-D-like assignment of `jobs` jobs to 5 agents, costs only, and the ruin-and-recreate
    /// search's plan of it (without the tabu search).
    static func tightAssignmentStart(jobs: Int) throws -> (input: PlanningInput, capacity: Int, candidates: Candidates, start: SearchState) {
        let instance = TightAssignment.input(agents: 5, jobs: jobs, seed: 2026, required: true)
        var input = instance.input
        var w = Weights.defaults
        for k in w.urgency.keys { w.urgency[k] = 0 }
        w.preferred = 0; w.cost = 1; w.fairness = 0
        input.weights = w
        let candidates = Candidates(Catalog(try input.validated().input))
        var heuristic = Heuristic(candidates: candidates, seed: 1, deadline: ContinuousClock.now + .seconds(120))
        heuristic.withTabu = false
        heuristic.timeLimit = 0.2
        return (input, instance.capacity, candidates, heuristic.search())
    }

    /// The budget tabu search on a type-D-like assignment instance (costs falling as resource use
    /// rises, budgets at 80 % of the average load): from the ruin-and-recreate plan it finds a
    /// cheaper plan, within every budget, the same one twice for one seed and effort.
    @Test func theTabuSearchImprovesATightAssignment() throws {
        let jobs = 40
        let (input, capacity, candidates, start) = try Self.tightAssignmentStart(jobs: jobs)
        #expect(BudgetTabu.applies(to: candidates))
        try #require(start.chosen.count == jobs, "the construction serves every job")
        func tabu() -> SearchState {
            var state = start
            state.staffedByPrices = true
            BudgetTabu(candidates: candidates, seed: 1).run(&state, effort: 20_000_000, deadline: ContinuousClock.now + .seconds(120))
            return state
        }
        let a = tabu(), b = tabu()
        #expect(a.objective > start.objective + 1e-9, "tabu \(a.objective), start \(start.objective)")
        // What the plan carries besides its services survives the search's restarts.
        #expect(a.staffedByPrices)
        #expect(a.chosen.count == jobs)
        #expect(a.solution.chosen == b.solution.chosen)
        for p in input.people.indices { #expect(a.usage.minutes[p] <= capacity, "a\(p)") }
        a._checkInvariants()
    }

    /// The budget tabu search takes its effort again while an effort raises the best plan (at
    /// most ``BudgetTabu/moreWhileGaining`` times): from a plan its first small effort improves,
    /// it runs more iterations and ends no worse — the same plan twice.
    @Test func theTabuSearchGoesOnWhileItGains() throws {
        let (_, _, candidates, start) = try Self.tightAssignmentStart(jobs: 40)
        func tabu(more: Int) -> (SearchState, Int) {
            var state = start
            var search = BudgetTabu(candidates: candidates, seed: 1)
            search.moreWhileGaining = more
            let iterations = search.run(&state, effort: 2_000_000, deadline: ContinuousClock.now + .seconds(120))
            return (state, iterations)
        }
        let (once, onceIterations) = tabu(more: 0)
        try #require(once.objective - start.objective >= BudgetTabu.gainToGoOn * abs(once.objective), "the first effort gains enough to go on: \(start.objective) → \(once.objective)")
        let (more, moreIterations) = tabu(more: 3)
        let (again, _) = tabu(more: 3)
        #expect(moreIterations > onceIterations)
        #expect(more.objective >= once.objective - 1e-9)
        #expect(more.solution.chosen == again.solution.chosen)
    }

    /// Where the search makes the plan (the construction staffed by minute prices), the budget
    /// tabu search does not end on its idle count: once its restarts from its best plan stop
    /// finding better ones it starts afresh while its effort lasts — more iterations, a plan no
    /// worse than one trajectory's, within every budget, the same plan twice. Elsewhere it still
    /// ends on its idle count.
    @Test func theTabuSearchStartsAfreshWhereItMakesThePlan() throws {
        let (input, capacity, candidates, start) = try Self.tightAssignmentStart(jobs: 20)
        func tabu(fresh: Bool, priced: Bool = true, effort: Int = 4_000_000) -> (SearchState, Int) {
            var state = start
            state.staffedByPrices = priced
            var search = BudgetTabu(candidates: candidates, seed: 1)
            search.freshTrajectories = fresh
            search.idleRestarts = 5
            let iterations = search.run(&state, effort: effort, deadline: ContinuousClock.now + .seconds(120))
            return (state, iterations)
        }
        let (one, oneIterations) = tabu(fresh: false)
        let (fresh, freshIterations) = tabu(fresh: true)
        let (again, _) = tabu(fresh: true)
        let (unpriced, unpricedIterations) = tabu(fresh: true, priced: false)
        #expect(freshIterations > oneIterations + 1000, "one trajectory ends on its idle count: \(oneIterations) iterations, afresh \(freshIterations)")
        // With effort to spare, it ends after ``BudgetTabu/trajectoriesWithoutGain`` fresh
        // trajectories in a row that find nothing better, each at least 6 × 200 iterations.
        let (_, longIterations) = tabu(fresh: true, effort: 100_000_000)
        #expect(longIterations >= freshIterations)
        #expect(longIterations < 40 * 1_200, "\(longIterations) iterations")
        #expect(unpricedIterations == oneIterations)
        #expect(unpriced.solution.chosen == one.solution.chosen)
        #expect(fresh.objective >= one.objective - 1e-9, "afresh \(fresh.objective), one trajectory \(one.objective)")
        #expect(fresh.solution.chosen == again.solution.chosen)
        #expect(fresh.chosen.count == 20)
        for p in input.people.indices { #expect(fresh.usage.minutes[p] <= capacity, "a\(p)") }
        fresh._checkInvariants()
    }

    /// A restart's kick in the budget tabu search may overflow a minute budget but never an
    /// assignment cap: of the candidates to replace a served need's member — one whose minutes
    /// would overflow, one at their assignment cap — only the first may come in.
    @Test func kicksKeepAssignmentCaps() throws {
        var input = PlanningInput(horizon: Horizon(start: "2026-11-23", days: 1))
        input.people = [
            Person(id: "member", role: .volunteer),
            Person(id: "capped", role: .volunteer, maxAssignments: 2),
            Person(id: "busy", role: .volunteer, maxMinutes: 90),
        ]
        input.needs = ["n1", "n2", "n3", "n4"].map { Need(id: $0, durationMinutes: 60) }
        input.pinned = [PinnedAssignment(need: "n2", people: ["capped"]), PinnedAssignment(need: "n4", people: ["capped"]),
                        PinnedAssignment(need: "n3", people: ["busy"])]
        let candidates = Candidates(Catalog(try input.validated().input))
        var state = SearchState.pinnedOnly(candidates)
        let option = try #require(candidates.options[0].first)
        #expect(option.candidates[0].sorted() == [0, 1, 2])
        state.serve(need: 0, option: 0, members: [[0]], lead: nil)
        let pool = BudgetTabu(candidates: candidates, seed: 1).kickPool(state, need: 0, option: option, position: 0, team: [0])
        #expect(pool == [2])
    }

    /// The budgets grow with the limit (a longer limit buys more search) and stay finite.
    @Test func effortGrowsWithTheLimit() throws {
        let candidates = try week(.community, seed: 1, tight: false)
        var short = Heuristic(candidates: candidates, seed: 1, deadline: ContinuousClock.now)
        short.timeLimit = 1
        var long = short
        long.timeLimit = 100
        #expect(long.workBudget > short.workBudget && long.iterationBudget > short.iterationBudget)
        #expect(BudgetTabu.effort(seconds: 100) > BudgetTabu.effort(seconds: 1))
        #expect(BudgetTabu.effort(seconds: -1) == 0)
    }

    /// After GLPK the budget tabu search keeps a share of the limit by the reckoning, also where
    /// the searches before it ran to their whole budgets (short limits); elsewhere it gets what
    /// they are reckoned to have left.
    @Test func theTabuSearchKeepsAShareAfterGLPK() {
        // The brief search (60 %) and the search after GLPK (30 %) at their whole budgets: 90 %.
        let spent = Int(Heuristic.workPerSecond * 0.9)
        for whole in [false, true] {
            #expect(AutoBackend.tabuSeconds(limit: 1, searchWork: spent, whole: whole) >= AutoBackend.tabuFloorShare)
            #expect(AutoBackend.tabuSeconds(limit: 1, searchWork: spent, whole: whole) > 0)
        }
        // Searches that ended early on their idle counts: what they left, 70 % of it, less a tenth.
        let early = Int(Heuristic.workPerSecond * 0.5)
        #expect(abs(AutoBackend.tabuSeconds(limit: 10, searchWork: early, whole: false) - 8.5 * 0.7 * 0.9) < 1e-9)
        #expect(abs(AutoBackend.tabuSeconds(limit: 10, searchWork: early, whole: true) - 8.5 * 0.9) < 1e-9)
    }
}

/// GLPK's second pass on a part skips the quick proof when the plan has not improved since the
/// first (from a plan worth the same it would prune as before): the plain model alone proves the
/// same optimum, from the same start.
@Suite struct QuickProofTests {
    @Test func thePlainModelAloneProvesWhatTheQuickProofDoes() throws {
        for seed in [3, 7] {
            let input = Generator.generate(scale: .community, seed: seed)
            let candidates = Candidates(Catalog(try input.validated().input))
            var heuristic = Heuristic(candidates: candidates, seed: 1, deadline: ContinuousClock.now + .seconds(60))
            heuristic.timeLimit = 0.2
            let start = heuristic.search().solution
            let glpk = GLPKBackend(candidates: candidates, settings: SolverSettings(backend: .auto, timeLimitSeconds: 60))
            let deadline = ContinuousClock.now + .seconds(60)
            let both = try glpk.solve(start: start, deadline: deadline)
            let plain = try glpk.solve(start: start, deadline: deadline, quickProof: false)
            #expect(both.proven && plain.proven, "seed \(seed)")
            #expect(abs((both.value ?? 0) - (plain.value ?? 1)) <= 1e-6, "seed \(seed): \(String(describing: both.value)) against \(String(describing: plain.value))")
        }
    }
}
