/// The heuristic backend: a construction that keeps every hard rule, then large-neighbourhood
/// search (ruin a few related services, recreate greedily — which moves, swaps, re-staffs and
/// re-times services and ejects cheaper ones), then a rebalancing pass for fairness.
///
/// Deterministic for a given seed: the search runs a fixed budget of iterations; the time limit
/// only cuts it short.
struct Heuristic {
    let candidates: Candidates
    let seed: Int
    var deadline: ContinuousClock.Instant
    /// The construction may run until this later instant (the whole solve's deadline): a plan
    /// that serves every need it can matters more than the search after it.
    var constructionDeadline: ContinuousClock.Instant? = nil
    /// The construction may serve the required needs (which it takes first) until this later
    /// instant still (the engine's deadline, past the solve's): without them a plan is
    /// `infeasible`. A city week of 20,000 needs at `--time-limit 3` had no time left for the
    /// construction after reading and listing it, and served 63 of its 200 required needs.
    var requiredDeadline: ContinuousClock.Instant? = nil
    /// The whole solve's deadline, when the search's own comes earlier: the load ceiling may run
    /// until it (nil: the search's deadline is the solve's).
    var solveDeadline: ContinuousClock.Instant? = nil
    var progress: ProgressSink? = nil
    var catalog: Catalog { candidates.catalog }

    /// Iterations of ruin-and-recreate for this instance: 120 a need (at most 80,000; 30 and
    /// 20,000 when ``brief``) for each 5 seconds of the search's time (the work budget usually
    /// ends it first on tight weeks).
    var iterationBudget: Int {
        let (perNeed, most) = brief ? (30, 20_000) : (120, 80_000)
        return Int(min(1e9, Double(min(most, max(200, perNeed * catalog.input.needs.count))) * max(1, timeLimit / 5)))
    }
    /// Iterations in a row without a better plan, per need (at least 50 needs), after which the
    /// search stops: 40, or 10 when ``brief``. With 10 the search of street weeks stopped after
    /// 0.3–1 s of its 6 s; with 40 (and 120 iterations a need) it found better plans on 6 of 10
    /// weeks of four families and a worse one on none (rare seed 4 +45, scarce seed 1 +175).
    var staleFactor: Int { brief ? 10 : 40 }
    /// The share of the best plan's movable services a restart drops (see ``improve(_:rng:)``).
    static let restartShare = 0.25
    /// How many times its iteration budget a search that restarts may run, within its work budget.
    static let restartFactor = 16
    /// Whether a search that stalls may restart (see ``improve(_:rng:)``).
    var restarts = true
    /// Restarts in a row that find no better plan, after which the search stops.
    static let restartPatience = 3
    /// The work the restarts may use, as a multiple of the work before the first one.
    static let restartWork = 2
    /// A short search, for `auto` when GLPK will take every part: the plan then only gives GLPK
    /// its first incumbent, and on community weeks the proof is what takes the time.
    var brief = false
    /// The LP relaxation's solution, where it is known before the search (``search()`` rounds it
    /// to a plan and searches from it too; nil: not).
    var guide: RelaxedPlan? = nil
    /// The search from the rounded plan (``guide``) after the one from the greedy plan: this share of
    /// the search's time by the deterministic reckoning — a seventieth, a hundredth of the limit
    /// in the `heuristic` backend, as `auto`'s targeted search.
    static let otherStartShare = 1.0 / 70
    /// The time limit the search was given (seconds): its effort grows with it, so that a longer
    /// limit buys a better plan while a seed and a limit still give one plan.
    var timeLimit: Double = 10

    /// Work units the search is budgeted per second — teams formed (each candidate checked, each
    /// free one ranked, each person a matching looked through: ``PlanUsage/team(need:option:relaxing:prefer:demand:work:)``),
    /// needs looked through for what a change affects, and their ordering, and ``iterationWork``
    /// an iteration. Measured on this machine, two searches running at once, at 46–115 million a
    /// second over 28 street weeks of five families and 63–77 million on district weeks; budgeted
    /// at 40 million (25 million, before iterations were counted), so that the budget, not the
    /// clock, ends the search even on a busy machine — the same seed and limit then give the
    /// same plan. The search's budget (three quarters of its time at this rate) then ends at most
    /// at 65 % of its time at the slowest rate seen.
    static let workPerSecond = 40e6
    /// The fixed cost of an iteration in work units (its sets, dictionaries and orderings): a fit
    /// of the search's time over 20 street weeks of five families gave about 29 µs an iteration
    /// besides the counted work. Uncounted, it made weeks of many cheap iterations (scarce: 32–38
    /// million units a second) run at half the rate of the others (tight: 66–83 million), and
    /// the budget had to be set for the slowest. Counted, tight street weeks search 1.6 times as
    /// long in the same limit (seeds 1–8: better plans on all 8, +0.04 to +0.75 %), scarce ones as
    /// long as before (−40 to +30 on eight weeks), the others end on their idle count as before.
    static let iterationWork = 2_000
    /// The share of its time the search's work budget is reckoned at (``workPerSecond``): three
    /// quarters when the budget tabu search follows within the same time (``search()``: it gets
    /// what is left of 90 %); `auto`, whose tabu search and bounds come after, gives it all.
    var workShare = 0.75
    /// The search's work budget: ``workShare`` of its time, at ``workPerSecond`` (it usually
    /// ends sooner, on its iteration budget or when nothing improves for long; at the slowest rate
    /// seen a whole share ends at 87 % of its time).
    var workBudget: Int { Int(min(4e12, Self.workPerSecond * timeLimit * workShare)) }

    /// Seconds the search is reckoned to have used for `work` units (at the budgeted rate: a
    /// deterministic estimate that errs long), from which the phases after it size their budgets.
    static func seconds(forWork work: Int) -> Double { Double(work) / workPerSecond }
    /// Whether ``search()`` ends with the budget tabu search (`auto` runs it after GLPK instead).
    var withTabu = true
    /// Whether a change that raises the largest load pays for it (with a fairness weight) when the
    /// search accepts it; false for ``raiseTheLargestLoad(_:rng:tabuFollows:)``, whose ceiling
    /// bounds the load instead.
    var weighsLoad = true
    /// The share of its work budget the ruin-and-recreate search takes when the construction
    /// staffed by minute prices (``SearchState/staffedByPrices``: budgets bind so tightly that
    /// the greedy left required needs out — GAP instances) and the budget tabu search follows
    /// with what it leaves: from the knapsack relaxation's picks the tabu search does better with
    /// the time. ``pricedSearchShare`` in the `heuristic` backend and, on parts beyond GLPK, in
    /// `auto`; 1 elsewhere. The prices' steps keep their share.
    var pricedShare = 1.0
    /// ``pricedShare`` where the budget tabu search follows the search on a week it staffed by
    /// minute prices. In `auto`, on weeks beyond GLPK, since 2026-12-20: generated GAP instances
    /// of 400–1,600 jobs and 10–80 agents (17, `gap_generated.py` seed 2, 10 s): with the tabu's
    /// guide going on from the prices' steps and its knapsack allowance in cells (``BudgetTabu``),
    /// mean 0.62 → 0.41 % above the plan's bound, worst 1.52 → 1.30 % (d60 × 900 1.52 → 0.79 %,
    /// e80 × 1,600 1.01 → 0.63 %, d40 × 1,600 0.75 → 0.42 %); with half the budget for the search,
    /// much the same (0.41 %, 1.27 %). In the `heuristic` backend since 2026-12-21, where the
    /// search had taken its whole budget and left the tabu search none on weeks of 1,600 jobs: the
    /// same 17 at 10 s, better on all 17, mean 0.64 → 0.39 %, worst 1.59 → 0.98 % (d80 × 1,600
    /// 1.52 → 0.77 %, d60 × 900 1.59 → 0.74 %, e40 × 1,600 0.78 → 0.25 %); GAP C/D/E the same but
    /// two plans (d10400 24,998 → 25,012, d20400 24,680 → 24,679; mean 0.21 %, worst 0.73 %).
    static let pricedSearchShare = 0.3
    /// A bound on the objective of every plan that serves every required need, known before the
    /// search (a small week's LP relaxation: ``HeuristicBackend/earlyBound(_:settings:deadline:)``,
    /// in the `heuristic` backend and in `auto` before GLPK): a plan that meets it is optimal,
    /// and the search stops there (``meetsTarget(_:)``).
    var target: Double? = nil

    /// Whether `state` serves every required need and is worth ``target`` (within the proof's
    /// slack, as ``PlanBuilder`` decides a proof): no plan is better, nothing is left to search.
    func meetsTarget(_ state: SearchState) -> Bool {
        guard let target else { return false }
        let objective = state.objective
        return target - objective <= ObjectiveGrid.proofSlack(objective: objective, resolution: catalog.objectiveResolution)
            && state.servesEveryRequired()
    }

    /// ``meetsTarget(_:)`` for `state`, or, with a fairness weight, for it after the tie-breaking
    /// moves (``Rebalance``: the search weighs the largest load only as changes are accepted), which
    /// it then becomes.
    func reachesTarget(_ state: inout SearchState) -> Bool {
        guard target != nil else { return false }
        if meetsTarget(state) { return true }
        guard catalog.input.weights.fairness > 0 else { return false }
        var balanced = state
        Rebalance.run(&balanced, deadline: deadline)
        guard meetsTarget(balanced) else { return false }
        state = balanced
        return true
    }

    /// Construction, search and rebalancing.
    func search() -> SearchState {
        var state = construct()
        Trace.mark("construction: \(state.chosen.count) served, score \(state.score)")
        // Whether minute budgets can bind, decided once (a pass over every candidate).
        let budgetsBind = BudgetTabu.applies(to: candidates)
        // Required needs the greedy could not fit where budgets bind: staffed again by the
        // relaxation's minute prices, the needs that lose most without their best people first.
        var priceWork = 0
        if !state.servesEveryRequired() && budgetsBind && catalog.input.weights.fairness == 0 {
            if let (prices, bound, steps) = minutePrices(work: &priceWork) {
                let priced = construct(minutePrice: prices)
                Trace.mark("construction by minute prices: \(priced.chosen.count) served, score \(priced.score)")
                if priced.isBetter(than: state) {
                    state = priced
                    state.staffedByPrices = true
                }
                state.searchBound = bound
                state.priceSteps = steps
            } else if ContinuousClock().now >= deadline {
                state.cutByClock = true
            }
        }
        // The relaxation's solution rounded to a plan (``construct(guidedBy:work:)``): taken where
        // it meets the bound; else, where the search from the greedy plan does not reach the
        // bound, a brief search (as `auto`'s targeted one) goes on from it.
        var rounded: SearchState? = nil
        if let guide, !state.staffedByPrices { rounded = takeRounded(guide, into: &state, work: &priceWork) }
        var rng = SplitMix64(seed: UInt64(truncatingIfNeeded: seed) &+ 0x5EED)
        // Whether the budget tabu search follows.
        let tabuFollows = withTabu && budgetsBind
        var searcher = self
        if state.staffedByPrices { searcher.workShare *= pricedShare }
        var work = searcher.improve(&state, rng: &rng, tabuFollows: tabuFollows) + priceWork
        Trace.mark("search: \(state.chosen.count) served, score \(state.score)")
        if let rounded {
            var short = self
            short.timeLimit = timeLimit * Self.otherStartShare
            short.workShare = 1
            short.withTabu = false
            work += short.search(from: rounded, into: &state)
        }
        let optimal = reachesTarget(&state)
        if optimal { Trace.mark("search: the plan meets the bound known before it") }
        if !optimal { work += afterSearch(&state, rng: &rng, tabuFollows: tabuFollows) }
        // On a week staffed by minute prices the phases from the budget tabu search on may run to
        // the solve's deadline, not the search's: their efforts are the same (the plan too), but
        // the clock cuts the tabu's guide's knapsack steps at a share of the time left, and on a
        // type-E instance of 80 agents, with the search's time left, they had ended one run in two
        // on that cut (`termination: timeLimit`; 2026-12-21, before their work was counted as
        // done); the bound of such a week is the prices' already (``SearchState/searchBound``),
        // and the time after the search, its own steps again, seldom lowers it.
        let end = tabuFollows && state.staffedByPrices ? max(deadline, solveDeadline ?? deadline) : deadline
        if tabuFollows && !meetsTarget(state) {
            var tabuSearch = BudgetTabu(candidates: candidates, seed: seed)
            tabuSearch.progress = progress
            // Where the search makes the plan (staffed by minute prices; it starts afresh rather
            // than ending on its idle count), its effort once again while the effort gains
            // (since 2026-12-31: GAP C/D/E under `heuristic` at 10 s 6 of 18 cheaper, none
            // dearer, mean 0.21 → 0.20 %; generated weeks of 100–200 jobs 18 of 36 cheaper, none
            // dearer, the slowest run 4.8 s; of 400–1,600 jobs 3 of 8, d80 × 1,600 97,810 →
            // 97,685). `auto` takes up to three (``AutoBackend``).
            if state.staffedByPrices { tabuSearch.moreWhileGaining = 1 }
            // The tabu search gets what is left of 90 % of the time, by the deterministic reckoning.
            let left = max(0, timeLimit * 0.9 - Self.seconds(forWork: work))
            let iterations = tabuSearch.run(&state, effort: BudgetTabu.effort(seconds: left), deadline: end)
            let moves = Restaff(candidates: candidates).run(&state, effort: Restaff.effort(seconds: timeLimit), deadline: end)
            Trace.mark("budget tabu: \(iterations) iterations, then \(moves) moves, score \(state.score)")
        }
        Rebalance.run(&state, deadline: end)
        Trace.mark("rebalanced: largest load \(state.largestLoad)")
        state._checkInvariants()
        // Every phase ends on its budget well before the deadline; one the clock cut short may
        // give another plan on another run, and the plan says so (`termination: timeLimit`).
        state.cutByClock = state.cutByClock || ContinuousClock().now >= end
        state.searchWork = work
        return state
    }

    /// What follows the ruin-and-recreate search, wherever it runs (``search()``, and `auto`'s
    /// search from the plan where GLPK could not start on a part): re-staffing, with a fairness
    /// weight the load ceiling, and the valuable needs left out tried again. Returns the work done.
    func afterSearch(_ state: inout SearchState, rng: inout SplitMix64, tabuFollows: Bool) -> Int {
        var work = 0
        let moves = Restaff(candidates: candidates).run(&state, effort: Restaff.effort(seconds: timeLimit), deadline: deadline)
        Trace.mark("restaff: \(moves) moves, score \(state.score)")
        if catalog.input.weights.fairness > 0 {
            // The load ceiling may run past the search's deadline by up to 15 % of the search's
            // time, never past the solve's: in `auto` the search uses its whole share, and on
            // weeks where fairness weighs the ceiling, which it then found no time for, is worth
            // most (an independent 349-need week, fairness 40, at 5 s: 13,035, where the
            // `heuristic` backend gave 13,290; now 13,230–13,300, its search cut by the clock).
            var ceiling = self
            ceiling.deadline = min(solveDeadline ?? deadline, max(deadline, ContinuousClock().now + .seconds(timeLimit * 0.15)))
            work += ceiling.lowerTheLargestLoad(&state, rng: &rng)
            Trace.mark("load ceiling: largest load \(state.largestLoad), objective \(state.objective)")
        }
        // After the load ceiling, which needs its time (a debug build's search of a heavy-fairness
        // week, probed first, left the ceiling too little and the plan empty); not when the clock
        // already cut the search (unless a required need is left out), nor when the plan meets
        // the bound known before the search.
        if !brief && (!state.cutByClock || state.missesServableRequired()) && !meetsTarget(state) {
            work += probeValuableNeeds(&state, tabuFollows: tabuFollows)
        }
        return work
    }

    /// What the search left out that is worth much of the plan — a need of at least
    /// ``probeShare`` of its worth (two at most, the most valuable first) — is tried again: a
    /// construction that staffs it before every other need but the required ones, then a search of
    /// a tenth of the budget from there (and re-staffing); the better plan is kept. Where two or
    /// more are left out, up to ``probeTogether`` of them are first tried together, staffed before
    /// the others in one construction. The ruin-and-recreate steps
    /// seldom free a large team's people all at once (an independent week: a critical need of
    /// seven, left out at 5 s, was served once made required, and the plan was 941 better).
    /// Returns the work done (deterministic budgets, as the search's).
    ///
    /// While the plan leaves out a required need that has an option, the probes may run past the
    /// search's deadline until ``requiredDeadline`` (as the construction of the required needs
    /// may): the search seldom frees what a required need left out needs, a probe's fresh
    /// construction and search often does. An independent week at `--time-limit 1`: its last
    /// required need served by the third probe at 0.3 s on a quiet machine; beside four busy
    /// processes on the two cores the clock cut the search at 0.7 s and skipped the probes,
    /// `infeasible`, exit 69, six runs in six.
    private func probeValuableNeeds(_ state: inout SearchState, tabuFollows: Bool) -> Int {
        let input = catalog.input
        let until = max(deadline, requiredDeadline ?? deadline)
        let floor = Self.probeShare * max(1, abs(state.score))
        let targets = input.needs.indices.filter { n in
            state.chosen[n] == nil && !input.needs[n].required && !candidates.options[n].isEmpty
                && !candidates.options[n][0].pinned && catalog.needValue[n] >= floor
        }.sorted { catalog.needValue[$0] != catalog.needValue[$1] ? catalog.needValue[$0] > catalog.needValue[$1] : $0 < $1 }
        var work = 0
        // First the most valuable of them together (``probeTogether``), then the two alone.
        let together = targets.count > 1 ? [Array(targets.prefix(Self.probeTogether))] : []
        for group in together + targets.prefix(2).map({ [$0] }) {
            let n = group[0]
            // Past the search's deadline only while a required need is still left out (an earlier
            // probe may have served it).
            let overtime = state.missesServableRequired()
            if ContinuousClock().now >= (overtime ? until : deadline) { state.cutByClock = true; break }
            var probe = self
            probe.timeLimit = timeLimit * 0.1
            if overtime { probe.deadline = until }
            var trial = probe.construct(first: Set(group))
            var rng = SplitMix64(seed: UInt64(truncatingIfNeeded: seed) &+ 0x960B &+ UInt64(n) &+ (group.count > 1 ? 0xA11 : 0))
            work += probe.improve(&trial, rng: &rng, tabuFollows: tabuFollows)
            _ = Restaff(candidates: candidates).run(&trial, effort: Restaff.effort(seconds: probe.timeLimit), deadline: probe.deadline)
            Trace.mark("probe \(group.map { input.needs[$0].id }.joined(separator: "+")): score \(trial.score) against \(state.score)")
            // A probe the clock cut may end otherwise on another run, better or not.
            let cut = trial.cutByClock
            if trial.isBetter(than: state) { state = trial }
            if cut { state.cutByClock = true; break }
        }
        return work
    }

    /// The share of the plan's worth a need left out must reach to be tried again (``probeValuableNeeds(_:tabuFollows:)``).
    static let probeShare = 0.01
    /// How many of the valuable needs left out are tried together, before each alone (since
    /// 2026-12-24): one at a time, each had to free its team's people while the others' stayed
    /// busy. Independent weeks of 42–54 people with critical needs of teams of four to six, under
    /// `heuristic`: at 10 s 39,819 → 41,994, 30,121 → 30,224,
    /// 33,038 → 33,062, the others the same; at 5 s over 29 such weeks 38,744 → 41,194, +10, +7,
    /// one −0.4, the rest the same.
    static let probeTogether = 4

    /// Pinned orders, then (`replan`) the previous plan's teams where they still fit, then needs by
    /// priority, each at its best option.
    ///
    /// With `minutePrice` (``minutePrices(work:)``), each position's candidates are ranked by
    /// gain less the price of the minutes they would use, and the required needs go by regret:
    /// what their first option loses when its best-priced candidates are taken (the difference
    /// to the next one, summed over its positions), most first — Martello and Toth's order for
    /// the generalized assignment problem; the others by value as without prices. With `first`,
    /// that need comes before every other but the required ones (``probeValuableNeeds(_:tabuFollows:)``).
    func construct(minutePrice: [Double]? = nil, first: Set<Int> = []) -> SearchState {
        let input = catalog.input
        var state = SearchState.pinnedOnly(candidates)
        Continuity.seed(&state)
        var rng = SplitMix64(seed: UInt64(truncatingIfNeeded: seed))
        let tiebreak = input.needs.indices.map { _ in rng.next() }
        let regret = minutePrice.map { regrets(minutePrice: $0) } ?? Array(repeating: 0, count: input.needs.count)
        let order = input.needs.indices.filter { state.chosen[$0] == nil && !candidates.options[$0].isEmpty }.sorted { a, b in
            let na = input.needs[a], nb = input.needs[b]
            if na.required != nb.required { return na.required }
            if na.required && regret[a] != regret[b] { return regret[a] > regret[b] }
            if first.contains(a) != first.contains(b) { return first.contains(a) }
            let va = catalog.needValue[a] / Double(na.teamSize), vb = catalog.needValue[b] / Double(nb.teamSize)
            if va != vb { return va > vb }
            let oa = candidates.options[a].count, ob = candidates.options[b].count
            if oa != ob { return oa < ob }
            return tiebreak[a] < tiebreak[b]
        }
        var work = 0
        state.minutePrice = minutePrice
        let until = constructionDeadline ?? deadline
        let required = order.prefix { input.needs[$0].required }
        insert(Array(required), into: &state, until: max(until, requiredDeadline ?? until), phase: "construction", work: &work)
        insert(Array(order.dropFirst(required.count)), into: &state, until: until, phase: "construction", work: &work)
        state.minutePrice = nil
        return state
    }

    /// A plan rounded from the LP relaxation's solution: pinned orders and the previous plan's
    /// teams as in ``construct(minutePrice:first:)``, then the needs the relaxation serves at
    /// least half (required ones first, the most served first), each at the option it serves most
    /// that still has a team, its people ranked by the relaxation's share of them; then every
    /// other need by value, at its best option. Where the relaxation is near a plan (its value is
    /// the optimum's, a few needs split between options), this is that plan, which the search
    /// from the greedy plan may miss.
    func construct(guidedBy lp: RelaxedPlan, work: inout Int) -> SearchState {
        let input = catalog.input
        var state = SearchState.pinnedOnly(candidates)
        Continuity.seed(&state)
        let open = input.needs.indices.filter { state.chosen[$0] == nil && !candidates.options[$0].isEmpty }
        let byValue = open.sorted { a, b in
            let na = input.needs[a], nb = input.needs[b]
            if na.required != nb.required { return na.required }
            let va = catalog.needValue[a] / Double(na.teamSize), vb = catalog.needValue[b] / Double(nb.teamSize)
            return va != vb ? va > vb : a < b
        }
        let guided = byValue.filter { lp.served($0) >= 0.5 }.sorted { a, b in
            let ra = input.needs[a].required, rb = input.needs[b].required
            if ra != rb { return ra }
            let sa = lp.served(a), sb = lp.served(b)
            return sa != sb ? sa > sb : a < b
        }
        for n in guided where lp.options[n].count == candidates.options[n].count {
            work += 1
            let ranked = candidates.options[n].indices.filter { !candidates.options[n][$0].pinned && lp.options[n][$0] > 1e-9 }
                .sorted { lp.options[n][$0] != lp.options[n][$1] ? lp.options[n][$0] > lp.options[n][$1] : $0 < $1 }
            for o in ranked {
                let option = candidates.options[n][o]
                let shares = lp.members[n][o]
                guard let team = state.usage.team(need: n, option: option, prefer: { p in (shares[p] ?? 0) * 1e6 + state.gain(need: n, option: option, person: p) },
                                                  demand: candidates.demand, spare: nil, work: &work) else { continue }
                if state.worth(need: n, option: o, members: team.members) > 1e-12 || input.needs[n].required {
                    state.serve(need: n, option: o, members: team.members, lead: team.lead)
                }
                break
            }
        }
        insert(byValue, into: &state, work: &work)
        return state
    }

    /// The relaxation's solution rounded to a plan (``construct(guidedBy:work:)``) in place of
    /// `state` where it meets ``target`` and `state` does not (rebalanced, fairness as the
    /// tie-breaker, and carrying what `state` carries besides its services); returns it, to search
    /// from later (``search(from:into:)``), where neither meets the target; nil otherwise. The
    /// one rule of `auto`'s targeted search and of ``search()``.
    func takeRounded(_ lp: RelaxedPlan, into state: inout SearchState, work: inout Int) -> SearchState? {
        let rounded = construct(guidedBy: lp, work: &work)
        Trace.mark("LP-rounded plan: objective \(rounded.objective) against \(state.objective)")
        state.cutByClock = state.cutByClock || rounded.cutByClock
        if meetsTarget(state) { return nil }
        let plan = state.replacingPlan(with: rounded.solution)
        guard meetsTarget(plan) else { return plan }
        state = plan
        Rebalance.run(&state, deadline: deadline)
        return nil
    }

    /// Where `state` does not meet ``target``: this search from `other` (its own random draws), and
    /// the better plan kept in `state`. Returns the work done.
    func search(from other: SearchState, into state: inout SearchState) -> Int {
        guard !meetsTarget(state) else { return 0 }
        var second = other
        var rng = SplitMix64(seed: UInt64(truncatingIfNeeded: seed) &+ 0x5EED &+ 3)
        let work = improve(&second, rng: &rng, tabuFollows: false)
        Trace.mark("search from the other plan: \(work) work, objective \(second.objective)")
        state.cutByClock = state.cutByClock || second.cutByClock
        if second.isBetter(than: state) { state = state.replacingPlan(with: second.solution) }
        return work
    }

    /// Each need's regret under `minutePrice` (see ``construct(minutePrice:)``); a position with
    /// no more candidates than places counts as infinite (1e9).
    private func regrets(minutePrice price: [Double]) -> [Double] {
        let input = catalog.input
        return input.needs.indices.map { n in
            guard let option = candidates.options[n].first, !option.pinned else { return 0 }
            var total = 0.0
            for (k, ps) in option.candidates.enumerated() where k < input.needs[n].team.count {
                let places = input.needs[n].team[k].count
                let ranked = ps.map { catalog.gain(need: n, option: option, person: $0, minutePrice: price) }.sorted(by: >)
                total += ranked.count > places ? ranked[places - 1] - ranked[places] : 1e9
            }
            return total
        }
    }

    /// Each person's price of a minute of their budget, from steps of the Lagrangian bound's
    /// first phase with every required need served (the steps aim 2 % below the best bound, as
    /// no plan is known yet): at most 500, within a quarter of the search's work budget at
    /// ``priceEntriesPerUnit`` entries a step to a unit (`work` grows by theirs); fewer than 20:
    /// none. nil also when the relaxation has no
    /// solution (a required need nobody can serve) or the deadline comes first. With 100 steps
    /// and a tenth of the budget the prices of a generated GAP instance of 80 agents and 1,600
    /// jobs (type E) had not converged (72 steps: bound 140,310 against the LP's 161,161) and
    /// the priced construction fitted 1,086 jobs; with these 1,600, and `auto`'s plan at 10 s
    /// went from 17.1 % above its bound to 2.8 % (e40×1600 8.0 → 0.6 %, e20×1600 4.0 → 0.3–0.8 %).
    /// Where the relaxation's best bound is its first step's (every price 0: a C-type instance
    /// of 80 agents, whose cheapest agents nearly fit), the last step's prices: the greedy order
    /// had fitted 1,299 of 1,600 jobs, these 1,600 (2.6 → 0.5 % above the bound at 10 s).
    /// Also the bound the steps reached, for every plan that serves every required need
    /// (``SearchState/searchBound``), and the steps, for the budget tabu search's guide to go on
    /// from (``SearchState/priceSteps``).
    func minutePrices(work: inout Int) -> (prices: [Double], bound: Double, steps: LagrangianBound.LinearRun)? {
        let columns = max(1, candidates.columnCount(needs: nil))
        let steps = min(Self.priceSteps, workBudget * Self.priceEntriesPerUnit / 4 / columns)
        guard steps >= 20 else { return nil }
        var relaxation = LagrangianBound(candidates: candidates)
        relaxation.forceRequired = true
        let guide = relaxation.searchGuide(lower: -.infinity, iterations: steps, knapsackSteps: 0, knapsackWork: 0, deadline: deadline,
                                           pricesOfLastStepWhenNone: true)
        work += steps * columns / Self.priceEntriesPerUnit
        Trace.mark("minute prices: \(guide.map { "\(steps) steps, bound \($0.bound), \($0.prices.filter { $0 > 0 }.count) people priced" } ?? "none")")
        return guide.map { ($0.prices, $0.bound, $0.firstPhase) }
    }
    /// Steps of the relaxation's first phase for ``minutePrices(work:)``, at most.
    static let priceSteps = 500
    /// Entries of a price step (``minutePrices(work:)``) to a unit of the search's work. This
    /// machine prices about 150 million entries a second on GAP instances of 1,600 jobs, and the
    /// search's units are budgeted at 40 million a second (it does 60–120): at one entry a unit,
    /// until 2026-12-23, a short limit left the prices too few steps — a generated GAP week of 80
    /// agents and 1,600 jobs at `--time-limit 4`, 162 steps under `heuristic`, and its priced
    /// construction left 18 jobs out, which the search then served dearly (8.1 % above the
    /// bound; with 324 steps 1.0 %; at 2 s under `auto` 13.8 → 1.9 %). At two the steps are still
    /// charged at twice their time.
    static let priceEntriesPerUnit = 2

    /// Adds each need in turn at its best option, if it is worth serving; returns those added.
    /// `work` grows by what each attempt examines (``SearchState/bestInsertion(need:work:)``).
    /// Progress is reported under `phase` (nil: not at all — the search reports its own).
    @discardableResult
    func insert(_ needs: [Int], into state: inout SearchState, until: ContinuousClock.Instant? = nil, phase: String? = nil,
                work: inout Int) -> [Int] {
        let deadline = until ?? self.deadline
        var added: [Int] = []
        let clock = ContinuousClock()
        for (i, n) in needs.enumerated() where state.chosen[n] == nil {
            // The clock cuts a construction short only when the time limit binds.
            if i % 64 == 63 {
                if clock.now >= deadline { state.cutByClock = true; break }
                if let phase { progress?.emit(phase, objective: state.score, bound: nil) }
            }
            guard let best = state.bestInsertion(need: n, work: &work) else { continue }
            if best.worth > 1e-12 || catalog.input.needs[n].required {
                state.serve(need: n, option: best.option, members: best.members, lead: best.lead)
                added.append(n)
            }
        }
        return added
    }

    /// For each person, the needs they are a candidate for.
    private func needsOfPerson() -> [[Int]] {
        var out = Array(repeating: [Int](), count: catalog.input.people.count)
        for (n, options) in candidates.options.enumerated() {
            var seen = Set<Int>()
            for o in options { for ps in o.candidates { for p in ps where seen.insert(p).inserted { out[p].append(n) } } }
        }
        return out
    }

    /// Ruin and recreate until the iteration or work budget is spent or nothing improves for long
    /// (after restarts from the best plan, where they apply); returns the work done.
    ///
    /// The recreate inserts the needs (required first) by value half of the time and in a
    /// random order the other half. Always by value, the same greedy rebuilt the same local
    /// structure; on 36 street weeks of five families (seeds 1–8, 10 s, `auto`) the mixed
    /// order, with the minutes' ``Candidates/demand``, gave better plans on 30, the same on 3 and
    /// worse on 3 (at most −0.19 %), most where budgets or organizations' orders bind (tight
    /// −0.2 to +1.5 %, scarce +0.2 to +0.8 %). By value per person-minute as a third order, or
    /// by value with noise, gained less. A ``brief`` search keeps the order by value: its plan
    /// only seeds GLPK (GAP C/D/E and community weeks: the same plans as before).
    ///
    /// `tabuFollows`: whether the budget tabu search runs after it (nil: when ``withTabu`` and
    /// some budget can bind).
    @discardableResult
    func improve(_ state: inout SearchState, rng: inout SplitMix64, tabuFollows: Bool? = nil) -> Int {
        let input = catalog.input
        let clock = ContinuousClock()
        // Past the deadline already (a large week whose listing took the time): not even the
        // index of who could serve what, which takes a third of a second at 4,000 needs.
        guard clock.now < deadline else { state.cutByClock = true; return 0 }
        let byPerson = needsOfPerson()
        let movable = input.needs.indices.filter { !(candidates.options[$0].first?.pinned ?? true) }
        guard !movable.isEmpty else { return 0 }
        var needMark = Array(repeating: 0, count: input.needs.count), personMark = Array(repeating: 0, count: input.people.count)
        var stamp = 0
        let fairness = weighsLoad ? input.weights.fairness / 60 : 0
        // Stop after this many changes in a row that found nothing better.
        let staleLimit = staleFactor * max(50, input.needs.count)
        var stale = 0
        var work = 0
        var iterations = 0
        defer { Trace.mark("search: \(iterations) iterations, \(work) work") }
        let budget = workBudget
        // When nothing improves for long, the search starts again from its best plan with a share
        // of its services dropped (``restartShare``) and everything unserved inserted again in a
        // random order, as long as its work budget, ``restartFactor`` times its iterations and
        // ``restartWork`` times the work before the first restart last, and no more than
        // ``restartPatience`` restarts in a row have found nothing better.
        // A brief search stops instead, and so does one the budget tabu search follows (it makes
        // better use of the time where budgets bind: GAP C/D/E under `heuristic`, mean 0.33 %
        // above the best known with it, 0.39 % with restarts taking its time).
        let restarting = restarts && !brief
            && !(input.weights.fairness <= 0 && (tabuFollows ?? (withTabu && BudgetTabu.applies(to: candidates))))
        var best: SearchState? = nil
        var restartCount = 0, fruitless = 0
        var restartBudget = budget
        let iterationCap = restarting ? iterationBudget * Self.restartFactor : iterationBudget
        // A plan that already meets the bound known before the search: nothing to search for.
        if reachesTarget(&state) { return 0 }
        for iteration in 0..<iterationCap {
            guard work < budget else { break }
            if stale > staleLimit {
                guard restarting else { break }
                if best == nil { restartBudget = min(budget, work + Self.restartWork * work) }
                guard work < restartBudget else { break }
                if best.map({ state.isBetter(than: $0) }) ?? true {
                    best = state
                    fruitless = 0
                } else {
                    state = best!
                    fruitless += 1
                    if fruitless >= Self.restartPatience { break }
                }
                restartCount += 1
                var served = movable.filter { state.chosen[$0] != nil }
                rng.shuffle(&served)
                for n in served.prefix(max(2, Int(Double(served.count) * Self.restartShare))) { state.drop(need: n) }
                var unserved = movable.filter { state.chosen[$0] == nil }
                rng.shuffle(&unserved)
                work += 4 * unserved.count
                insert(unserved, into: &state, work: &work)
                stale = 0
            }
            iterations = iteration
            work += Self.iterationWork
            // The clock every iteration: one can take 15 ms (a week of one-minute slots, every
            // insertion trying ten thousand starts), and sixteen of them overran a 0.3 s limit.
            if clock.now >= deadline { state.cutByClock = true; break }
            if iteration % 16 == 0 { progress?.emit("heuristic", objective: state.score, bound: nil) }
            // Ruin: either what blocks an unserved need from one of its options (the need then goes
            // first), or a served need and up to a few others sharing people with it.
            var ruin: [Int] = []
            var people: [Int] = []
            var first: Int?
            let probe = movable[Int(rng.next() % UInt64(movable.count))]
            if state.chosen[probe] == nil, rng.next() % 2 == 0, let blockers = blockers(of: probe, in: state, byPerson: byPerson, rng: &rng, work: &work) {
                first = probe
                ruin = blockers
                for n in ruin { people += state.chosen[n]!.members.joined() }
            } else {
                var seedNeed: Int?
                for _ in 0..<8 {
                    let n = movable[Int(rng.next() % UInt64(movable.count))]
                    if state.chosen[n] != nil { seedNeed = n; break }
                }
                guard let seedNeed else { stale += 1; continue }
                ruin = [seedNeed]
                let size = 1 + Int(rng.next() % 4)
                people = Array(state.chosen[seedNeed]!.members.joined())
                var poolSet = Set<Int>()
                for p in people {
                    work += byPerson[p].count
                    for n in byPerson[p] where n != seedNeed { if let c = state.chosen[n], !candidates.options[n][c.option].pinned { poolSet.insert(n) } }
                }
                var pool = poolSet.sorted()
                while ruin.count < size && !pool.isEmpty {
                    let n = pool.remove(at: Int(rng.next() % UInt64(pool.count)))
                    ruin.append(n)
                    people += state.chosen[n]!.members.joined()
                }
            }
            // Recreate: the ruined needs and the unserved needs that could use the freed people.
            // Marks stamped with the iteration (not sets: hashing and growing them was a twentieth
            // of the search's time on scarce weeks, where iterations are many and cheap).
            stamp += 1
            var affected: [Int] = []
            for n in ruin where needMark[n] != stamp { needMark[n] = stamp; affected.append(n) }
            for p in people where personMark[p] != stamp {
                personMark[p] = stamp
                work += byPerson[p].count
                for n in byPerson[p] where state.chosen[n] == nil && needMark[n] != stamp { needMark[n] = stamp; affected.append(n) }
            }
            let scoreBefore = state.score
            let loadBefore = fairness > 0 ? state.largestLoad : 0
            // Required needs served, counted as a change (the ruined ones out, the added ones in).
            let requiredBefore = ruin.reduce(0) { $0 + (input.needs[$1].required ? 1 : 0) }
            let removed = ruin.map { ($0, state.chosen[$0]!) }
            for n in ruin { state.drop(need: n) }
            affected.sort()
            work += 4 * affected.count * (1 + Int.bitWidth - affected.count.leadingZeroBitCount)
            // Each need's keys drawn once, beside it (looked up in a dictionary in every
            // comparison, they took a twentieth of the search's time on district weeks).
            let keyed = affected.map { n in (need: n, required: input.needs[n].required, value: catalog.needValue[n], tiebreak: rng.next()) }
            // Half of the time by value (the construction's order), half at random (see ``improve``);
            // always by value in a brief search.
            let byValue = brief || rng.next() % 2 == 0
            var order = keyed.filter { $0.need != first }.sorted { a, b in
                if a.required != b.required { return a.required }
                if byValue && a.value != b.value { return a.value > b.value }
                return a.tiebreak < b.tiebreak
            }.map(\.need)
            if let first { order.insert(first, at: 0) }
            let added = insert(order, into: &state, work: &work)
            // Lexicographic: required needs served, then value − cost − fairness, then the largest load.
            let requiredNow = added.reduce(0) { $0 + (input.needs[$1].required ? 1 : 0) }
            let loadNow = fairness > 0 ? state.largestLoad : 0
            let now = state.score - fairness * Double(loadNow), then = scoreBefore - fairness * Double(loadBefore)
            var worse = requiredNow < requiredBefore || (requiredNow == requiredBefore && now < then - 1e-9)
            if !worse && requiredNow == requiredBefore && now < then + 1e-9 {
                // A tie: keep the change only if the busiest person it touches is no busier.
                var delta: [Int: Int] = [:]
                for (n, c) in removed { for p in c.members.joined() { delta[p, default: 0] -= catalog.load(need: n, person: p) } }
                for n in added { for p in state.chosen[n]!.members.joined() { delta[p, default: 0] += catalog.load(need: n, person: p) } }
                let after = delta.keys.map { state.usage.minutes[$0] }.max() ?? 0
                let before = delta.map { state.usage.minutes[$0.key] - $0.value }.max() ?? 0
                worse = after > before
            }
            if worse {
                for n in added { state.drop(need: n) }
                for (n, c) in removed { state.serve(need: n, option: c.option, members: c.members, lead: c.lead) }
                stale += 1
            } else {
                let better = requiredNow > requiredBefore || now > then + 1e-9
                stale = better ? 0 : stale + 1
                if better && reachesTarget(&state) { break }
            }
        }
        if let best, best.isBetter(than: state) {
            let cut = state.cutByClock
            state = best
            state.cutByClock = cut
        }
        if restartCount > 0 { Trace.mark("search: \(restartCount) restarts") }
        return work
    }
}

extension Heuristic {
    /// The served needs to drop so that unserved need `n` fits at one of its options (chosen at
    /// random, as are its people): for each person of a team for that option who cannot take
    /// it now, the services that overlap it, or one of theirs when their budget is what stops
    /// them; and when the lead of that team belongs to an organization at its cap of orders, one
    /// of that organization's orders (without it, a full organization's orders were never freed
    /// for a need only its people may serve). Nil when that would drop a pinned service or more
    /// than four.
    func blockers(of n: Int, in state: SearchState, byPerson: [[Int]], rng: inout SplitMix64, work: inout Int) -> [Int]? {
        let options = candidates.options[n]
        guard !options.isEmpty else { return nil }
        let option = options[Int(rng.next() % UInt64(options.count))]
        guard !option.pinned else { return nil }
        let need = catalog.input.needs[n]
        var taken = Set<Int>()
        var ruin: [Int] = []
        var team: [[Int]] = []
        for (k, position) in need.team.enumerated() {
            // The position's people in a random order, the free ones first.
            var pool = option.candidates[k].filter { !taken.contains($0) }
            work += 2 * pool.count
            guard pool.count >= position.count else { return nil }
            rng.shuffle(&pool)
            var free: [Int] = [], busy: [Int] = []
            for p in pool { if state.usage.canTake(p, need: n, option: option) { free.append(p) } else { busy.append(p) } }
            team.append(Array((free + busy).prefix(position.count)))
            for (i, p) in (free + busy).prefix(position.count).enumerated() {
                taken.insert(p)
                guard i >= free.count else { continue }
                var mine: [Int] = []
                var overlapping: [Int] = []
                work += 4 * byPerson[p].count
                for m in byPerson[p] {
                    guard let c = state.chosen[m], c.members.contains(where: { $0.contains(p) }) else { continue }
                    mine.append(m)
                    let o = candidates.options[m][c.option]
                    if let d = o.day, let s = o.start, let e = o.end, d == option.day, let os = option.start, let oe = option.end,
                       s < oe && os < e { overlapping.append(m) }
                }
                let drop = overlapping.isEmpty ? (mine.isEmpty ? [] : [mine[Int(rng.next() % UInt64(mine.count))]]) : overlapping
                for m in drop where !ruin.contains(m) {
                    if candidates.options[m][state.chosen[m]!.option].pinned { return nil }
                    ruin.append(m)
                }
                if ruin.count > 4 { return nil }
            }
        }
        // The lead's organization at its cap of orders: one of its orders too.
        if let lead = catalog.leadPerson(team, lead: nil), let g = catalog.organization(of: lead), !state.usage.canOrder(g) {
            work += state.chosen.count
            let orders = state.chosen.keys.filter { m in
                state.leadOrganization[m] == g && !ruin.contains(m) && !candidates.options[m][state.chosen[m]!.option].pinned
            }.sorted()
            guard !orders.isEmpty, ruin.count < 4 else { return nil }
            ruin.append(orders[Int(rng.next() % UInt64(orders.count))])
        }
        return ruin.isEmpty ? nil : ruin
    }
}

