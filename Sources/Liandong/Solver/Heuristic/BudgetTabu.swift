/// Tabu search with strategic oscillation over who serves (after Díaz and Fernández's and
/// Yagiura et al.'s searches for the generalized assignment problem): the shift and swap moves of
/// ``Restaff``, where minute budgets may be exceeded at a price per minute over — α scaled to the
/// objective, times each person's own factor, which rises while that person is over budget and
/// falls for everyone while the plan is within every budget — so the search crosses the boundary
/// of the feasible plans instead of stalling at the first local optimum on it. Times, assignment
/// caps, organizations' caps and every qualification stay hard. The best plan within every budget
/// is kept.
///
/// The services, their options and positions stay fixed while the search runs, so it works on a
/// flat copy of them (``Space``): every (service, position, candidate) is one entry with its gain,
/// load and tabu tenure, and a move is scored from arrays alone — a whole neighbourhood of a GAP
/// instance of 400 jobs and 20 agents (about 160,000 swaps) is scanned in a few milliseconds.
///
/// Steps of the Lagrangian bound's first phase price each person's minutes first: candidates are
/// ranked by gain less that price, and the search stops when its best plan meets the bound the
/// steps reached. Steps of its knapsack phase follow (``LagrangianBound/searchGuide``): at its best
/// prices each person's knapsack takes the services they would serve, and the search starts from
/// the plan with those people brought in where times and caps allow (budgets may overflow) —
/// without knapsack steps, each position's best by the ranking. Every other restart pulls the best
/// plan towards the knapsacks' picks again, after a few more knapsack steps aimed at the best
/// plan's value (a Lagrangian heuristic: where the knapsack bound is tight, as on GAP types D and
/// E, the picks are nearly a plan, and the oscillation repairs the rest).
///
/// Deterministic: best-improvement moves in a fixed order, tabu tenures from the seed, and an
/// effort budget of evaluated moves (the pricing steps included); the clock only cuts it short.
struct BudgetTabu {
    let candidates: Candidates
    let seed: Int
    var progress: ProgressSink? = nil
    var catalog: Catalog { candidates.catalog }

    /// Effort units a second: a move on an unscheduled service costs 2, on a timed one 3 (it also
    /// checks who is busy then). Measured on this machine at 80–130 million units a second on
    /// street weeks and about 200 million on GAP instances; budgeted at 70 million, so that the
    /// budget, not the clock, ends the search even on a busy machine — a longer limit buys a better plan while a seed and
    /// a limit still give one plan.
    static let unitsPerSecond = 70e6

    /// How many times the search may take its effort again when the last effort raised the best
    /// plan's worth by at least ``gainToGoOn`` of it (0: never). The search's outcome decides,
    /// not the clock: a seed and a limit still give one plan.
    var moreWhileGaining = 0
    /// The share of the best plan's worth an effort must add for the search to go on.
    static let gainToGoOn = 0.0002

    /// Where the search itself makes the plan — the construction staffed by minute prices
    /// (``SearchState/staffedByPrices``: required staffing under binding budgets, as on GAP
    /// instances) —, a search whose restarts from its best plan stop finding better plans starts
    /// afresh while its effort lasts (until ``trajectoriesWithoutGain`` trajectories in a row find
    /// nothing better), instead of ending on its idle count: from the plan it was
    /// given, pulled towards the knapsacks' picks, with a tenth of the services re-staffed at
    /// random (the best plan is kept throughout). Restarts from the best plan with a few
    /// re-staffings stay near it: on generated type-D weeks of 20 agents and 100 jobs six seeds
    /// of the whole engine ranged over 0.4 % of the cost, where one trajectory restarted from its
    /// best found nothing better in 319,000 iterations (since 2026-12-31).
    var freshTrajectories = true
    /// Fresh trajectories in a row that find no better plan before the search ends, its effort
    /// left or not: a week of 15 jobs, whose first trajectory finds its optimum, took 45 s of a
    /// 120 s limit under `glpk` with fresh trajectories until the effort ran out (0.1 s before
    /// them; now 0.25 s); after 2 such trajectories the generated weeks of 100 jobs kept two
    /// thirds of the gain, after 3 all of it.
    static let trajectoriesWithoutGain = 3
    /// Restarts from the best plan without a better one before the search ends (or, with
    /// ``freshTrajectories``, starts afresh).
    var idleRestarts = 100

    /// The effort for `seconds`, in units of ``unitsPerSecond``.
    static func effort(seconds: Double) -> Int { Int(min(4e11, unitsPerSecond * max(0, seconds))) }

    /// Steps of the knapsack phase the search starts from, at most (out of a quarter of its effort;
    /// fewer than ``LagrangianBound/guideSteps`` affordable: the ranking alone).
    static let knapsackSteps = 100
    /// What a knapsack step's work (``LagrangianBound/KnapsackPhase/entryCells``: about 200 million
    /// a second on this machine, whatever the type of week) counts against the search's effort:
    /// this many to a unit of ``unitsPerSecond`` (70 million), so that the steps' quarter of the
    /// effort takes about a third of the time the moves' quarter would, and the work, not the
    /// clock, ends them. Counted one for one until 2026-12-20 (the programmes' cells whichever way
    /// a knapsack was solved, then 300 million to 2.3 billion a second by the type of week), the
    /// steps had a fortieth of their quarter of the time and beyond 40 agents too few for the
    /// picks (``LagrangianBound/guideSteps``); at 4 to a unit, until 2026-12-22, type E's steps
    /// ran to the clock's cut and e60 × 900's plan differed from run to run. Since then counted as
    /// done, one to a unit: 17 generated GAP weeks of 400–1,600 jobs at 10 s, seed 2, `auto` mean
    /// 0.37 → 0.35 % above the bound, worst 1.02 → 0.93 %, e60 × 900 and e80 × 1,600 one plan
    /// in every run; `heuristic` 0.39 → 0.39 %, 0.98 → 0.96 %; GAP C/D/E as before.
    static let knapsackCellsPerUnit = 1

    /// The steps of the Lagrangian bound's first phase behind the search's prices, and what they
    /// cost of `effort` (3 units an entry a step, `columns` entries): its own, at most 200 and
    /// half of the effort, fewer than 20 none (nil) — or, going on from `earlier` steps (the
    /// minute prices', ``SearchState/priceSteps``), at least those, which are paid for.
    static func firstPhaseSteps(effort: Int, columns: Int, earlier: Int?) -> (steps: Int, cost: Int)? {
        let own = min(200, effort / (6 * max(1, columns)))
        guard own >= 20 || earlier != nil else { return nil }
        let steps = max(own, earlier ?? 0)
        return (steps, 3 * (steps - (earlier ?? 0)) * columns)
    }

    /// Knapsack steps before a restart that pulls the plan towards the picks, when the best plan
    /// has improved since the last ones.
    static let refineSteps = 10

    /// Whether the search has anything to do: some person's minute budget can bind.
    static func applies(to candidates: Candidates) -> Bool {
        let catalog = candidates.catalog
        var maxLoad = Array(repeating: 0, count: catalog.input.people.count)
        for (n, options) in candidates.options.enumerated() {
            var seen = Set<Int>()
            for o in options { for ps in o.candidates { for p in ps where seen.insert(p).inserted { maxLoad[p] += catalog.load(need: n, person: p) } } }
        }
        return catalog.input.people.indices.contains { p in catalog.input.people[p].maxMinutes.map { maxLoad[p] > $0 } ?? false }
    }

    private struct Move {
        /// Slot, the member's entry that leaves it, the entry that comes in.
        var s1: Int, out1: Int, in1: Int
        /// For a swap, the same for the other service (the incoming member of s1 leaves s2).
        var s2: Int, out2: Int, in2: Int
    }

    /// Improves `state` (a plan within every rule); returns the number of iterations run.
    @discardableResult
    func run(_ state: inout SearchState, effort budget: Int, deadline: ContinuousClock.Instant) -> Int {
        let input = catalog.input
        guard input.weights.fairness == 0 else { return 0 }   // the move values below ignore fairness
        // Each person's price of a minute, from steps of the Lagrangian bound's first phase: a
        // slot's candidates are ranked by gain less the price of the minutes they would use (the
        // LP's view of who is worth their time), and swaps bring in only the 4 best so ranked (8
        // by gain alone, without prices). The steps come out of the effort, about 3 units an entry
        // a step, at most half of it and 200 steps; fewer than 20: no prices. Where the search
        // staffed by minute prices (``SearchState/priceSteps``) and this plan serves every required
        // need — the same relaxation — the guide goes on from those steps, which are paid for
        // (``Heuristic/priceSteps`` of them: on a GAP instance of 60 agents and 900 jobs the tabu's
        // own 44 affordable steps at a full step size had reached 38,534 against those steps'
        // 54,484, and no knapsack picks followed).
        var effort = budget
        let columns = max(1, candidates.columnCount(needs: nil))
        // A plan that leaves a required need out: the guide's bound holds for every plan, and the
        // search does not stop on it (a plan serving that need may be worth less).
        var relaxation = LagrangianBound(candidates: candidates)
        relaxation.forceRequired = state.servesEveryRequired()
        let earlier = relaxation.resumable(state.priceSteps, needs: nil)
        let first = Self.firstPhaseSteps(effort: effort, columns: columns, earlier: earlier?.steps)
        var prices: [Double]? = nil
        var knapsack: LagrangianBound.KnapsackGuide? = nil
        var guideCut = false
        // The search stops when its best plan meets the bound those steps reached.
        var ceiling = Double.infinity
        if let (steps, cost) = first {
            effort -= cost
            // Knapsack steps (at most ``knapsackSteps``) out of at most a quarter of what is left,
            // their work counted at ``knapsackCellsPerUnit`` to a unit; none when one step could
            // count more than the whole of it (``LagrangianBound/KnapsackPhase/stepWorkAtMost``: a
            // step whose every knapsack needs its programme, seldom near), and a first step beyond
            // the quarter is charged the quarter.
            let guide = relaxation.searchGuide(
                lower: state.objective, iterations: steps, knapsackSteps: Self.knapsackSteps, knapsackWork: effort / 4 * Self.knapsackCellsPerUnit, worstStepWork: effort * Self.knapsackCellsPerUnit,
                deadline: deadline, resuming: earlier)
            if guide == nil && ContinuousClock().now >= deadline { state.cutByClock = true; return 0 }
            effort -= min(effort / 4, (guide?.knapsackWork ?? 0) / Self.knapsackCellsPerUnit)
            prices = guide?.prices
            knapsack = guide?.knapsack
            guideCut = guide?.cutByClock ?? false
            ceiling = relaxation.forceRequired ? guide?.bound ?? .infinity : .infinity
            // The guide's bound (for every plan when this one leaves a required need out, else
            // for those that serve them all) is one of the week's (``SearchState/searchBound``).
            if let bound = guide?.bound { state.searchBound = min(state.searchBound, bound) }
            if state.objective >= ceiling - 1e-9 * max(1, abs(ceiling)) { return 0 }
        }
        guard var space = Space(candidates, state: state, minutePrice: prices, deadline: deadline) else { state.cutByClock = true; return 0 }
        guard !space.services.isEmpty else { return 0 }
        let peopleCount = input.people.count
        let cap = input.people.map { $0.maxMinutes.map(Double.init) ?? .infinity }
        var minutes = state.usage.minutes.map(Double.init)
        @inline(__always) func over(_ p: Int, _ m: Double) -> Double { max(0, m - cap[p]) }
        var overTotal = 0.0
        for p in 0..<peopleCount { overTotal += over(p, minutes[p]) }

        var best = state.solution
        var bestObjective = state.objective
        // Scale α to the objective: the mean |gain| per minute of load over the candidates.
        var total = 0.0, count = 0.0
        for e in space.entryPerson.indices {
            total += abs(space.entryGain[e]) + catalog.needValue[space.services[space.slotService[Int(space.entrySlot[e])]]]
            count += space.entryLoad[e]
        }
        let alpha = count > 0 && total > 0 ? max(1e-6, total / count) : 1.0
        var rng = SplitMix64(seed: UInt64(truncatingIfNeeded: seed) &+ 0x7AB0)
        let clock = ContinuousClock()
        var evaluated = 0
        var iteration = 0
        var clockCut = false
        let tenureBase = 5 + space.services.count / 100
        // When the best plan has not improved for this many iterations, restart from it with a
        // few random re-staffings (budgets may be exceeded), a fresh tabu list and α; after
        // ``idleRestarts`` such restarts without a better plan, stop — or, where the search makes
        // the plan (``freshTrajectories``), start afresh.
        let stallLimit = max(200, 2 * space.services.count)
        let startPlan = freshTrajectories && state.staffedByPrices ? state.solution : nil
        var trajectories = 1
        var idleTrajectories = 0, bestAtTrajectory = state.objective
        // Each person's own factor on α: it rises while they are over budget and falls, for
        // everyone, while the plan is within every budget (Yagiura et al.'s adaptive weights).
        var alphaOf = Array(repeating: 1.0, count: peopleCount)
        // A swap is looked at only when the incoming person is among the slot's best (by the
        // ranking above, then load) from one side or the other: the full swap neighbourhood grows
        // with the square of the services, and the cheaper part of it is where the good swaps are.
        let swapRank: Int32 = prices == nil ? 8 : 4
        var lastBest = 0, restartsWithoutGain = 0
        var objectiveNow = state.objective

        /// Applies a move to the state and the flat copy; false (nothing changed) when refused.
        func apply(_ changes: [(slot: Int, out: Int, in: Int)], _ state: inout SearchState) -> Bool {
            let edits = changes.map { (need: space.services[space.slotService[$0.slot]], position: space.slotPosition[$0.slot],
                                       out: Int(space.entryPerson[$0.out]), in: Int(space.entryPerson[$0.in])) }
            guard state.replaceMembers(edits) != nil else { return false }
            for ch in changes {
                space.replaceMember(slot: ch.slot, out: ch.out, in: ch.in)
                for e in [ch.out, ch.in] {
                    let p = Int(space.entryPerson[e])
                    overTotal -= over(p, minutes[p])
                    minutes[p] = Double(state.usage.minutes[p])
                    overTotal += over(p, minutes[p])
                }
            }
            objectiveNow = state.objective
            return true
        }

        /// Each slot's members replaced by the people `wanted` for it, where they are free then
        /// and under their caps (budgets may overflow); out goes a member not wanted there. With
        /// each position's best by the prices' ranking: the LP's view of the plan; with the
        /// knapsacks' picks: the knapsack relaxation's. The oscillation starts from either.
        func toward(_ wanted: (_ slot: Int) -> [Int], _ state: inout SearchState) {
            for s in space.slotService.indices {
                let svc = space.slotService[s]
                let n = space.services[svc]
                let people = wanted(s)
                evaluated += 3 + people.count
                for q in people where !space.onTeam(q, service: svc) {
                    guard let m = space.slotMembers[s].first(where: { !people.contains(Int(space.entryPerson[$0])) }),
                          state.usage.canTake(q, need: n, option: space.options[svc], relaxing: .minutes) else { continue }
                    let e = space.entry(of: q, in: s)
                    if e >= 0 { _ = apply([(s, m, e)], &state) }
                }
            }
        }
        func bestRanked(_ s: Int) -> [Int] {
            space.slotEntries[s].first(where: { space.entryRank[$0] == 0 }).map { [Int(space.entryPerson[$0])] } ?? []
        }
        // Each service's option among its need's (options never change here).
        let optionIndex = space.services.map { state.chosen[$0]!.option }
        /// The people whose knapsacks took slot `s`'s position.
        func takers(_ picked: [[[[Int]]]], _ s: Int) -> [Int] {
            let svc = space.slotService[s]
            return picked[space.services[svc]][optionIndex[svc]][space.slotPosition[s]]
        }
        var knapsackTarget = state.objective
        if let knapsack { toward({ takers(knapsack.picked, $0) }, &state) } else if prices != nil { toward(bestRanked, &state) }
        var limit = effort, more = 0, bestAtLimit = bestObjective
        while true {
            if evaluated >= limit {
                guard more < moreWhileGaining, bestObjective - bestAtLimit >= Self.gainToGoOn * max(1, abs(bestObjective)) else { break }
                more += 1
                limit += effort
                bestAtLimit = bestObjective
            }
            if iteration - lastBest >= stallLimit {
                restartsWithoutGain += 1
                // From the best plan, or, after ``idleRestarts`` without a better one, afresh.
                var from = best
                var afresh = false
                if restartsWithoutGain > idleRestarts {
                    guard let startPlan else { break }
                    idleTrajectories = bestObjective > bestAtTrajectory + 1e-9 ? 0 : idleTrajectories + 1
                    bestAtTrajectory = bestObjective
                    if idleTrajectories >= Self.trajectoriesWithoutGain { break }
                    from = startPlan
                    afresh = true
                    trajectories += 1
                    restartsWithoutGain = 0
                }
                state = state.replacingPlan(with: from)
                space.load(state)
                minutes = state.usage.minutes.map(Double.init)
                overTotal = 0
                for p in 0..<peopleCount { overTotal += over(p, minutes[p]) }
                objectiveNow = state.objective
                space.clearTabu()
                for p in 0..<peopleCount { alphaOf[p] = 1 }
                // Every other restart first pulls the best plan towards the knapsacks' picks again,
                // after ``refineSteps`` more knapsack steps if the best plan has improved since the
                // last ones (their target is its value: the steps shorten). On 18 GAP C/D/E
                // instances (`auto`, 10 s; mean / worst above the best known): from the first picks
                // only 0.31 / 0.87 %, refined with 5, 10 or 25 steps 0.28 / 0.74, 0.24 / 0.78 and
                // 0.25 / 0.78 %; pulled back at every restart instead of every other, the same.
                if restartsWithoutGain % 2 == 1, var guide = knapsack {
                    if bestObjective > knapsackTarget + 1e-9 {
                        var work = 0
                        if guide.refine(lower: bestObjective, iterations: Self.refineSteps, deadline: deadline, work: &work) {
                            knapsackTarget = bestObjective
                            knapsack = guide
                        }
                        evaluated += work / Self.knapsackCellsPerUnit
                    }
                    toward({ takers(guide.picked, $0) }, &state)
                }
                // A fresh trajectory: the plan the search was given, pulled towards the knapsacks'
                // picks, then a tenth of its services re-staffed at random.
                if afresh, let guide = knapsack { toward({ takers(guide.picked, $0) }, &state) }
                let kicks = max(2, space.services.count / (afresh ? 10 : 40))
                for _ in 0..<kicks {
                    let s = Int(rng.next() % UInt64(space.slotService.count))
                    let members = space.slotMembers[s]
                    guard !members.isEmpty else { continue }
                    let out = members[Int(rng.next() % UInt64(members.count))]
                    let svc = space.slotService[s]
                    let pool = kickPool(state, need: space.services[svc], option: space.options[svc],
                                        position: space.slotPosition[s], team: space.team(svc))
                    guard !pool.isEmpty else { continue }
                    let inEntry = space.entry(of: pool[Int(rng.next() % UInt64(pool.count))], in: s)
                    if apply([(s, out, inEntry)], &state) { space.tabuUntil[out] = iteration + tenureBase }
                }
                lastBest = iteration
            }
            iteration += 1
            // One iteration scans the whole neighbourhood: the clock is read every iteration and
            // every 256 slots within one.
            if clock.now >= deadline { clockCut = true; break }
            if iteration % 64 == 0 { progress?.emit("tabu search", objective: bestObjective, bound: nil) }
            var outOfTime = false
            var bestMove: Move?
            var bestScore = -Double.infinity
            for s1 in space.slotService.indices {
                if s1 % 256 == 255 && clock.now >= deadline { outOfTime = true; break }
                let svc1 = space.slotService[s1]
                let o1 = space.options[svc1]
                let moveCost = o1.day != nil ? 3 : 2
                let range1 = space.slotEntries[s1]
                for m1 in space.slotMembers[s1] {
                    let p = Int(space.entryPerson[m1])
                    let gp1 = space.entryGain[m1], lp1 = space.entryLoad[m1]
                    let overP = over(p, minutes[p])
                    let aP = alpha * alphaOf[p]
                    let outP = (over(p, minutes[p] - lp1) - overP) * aP
                    for e1 in range1 {
                        let q = Int(space.entryPerson[e1])
                        if q == p || space.onTeam(q, service: svc1) { continue }
                        let isTabu = space.tabuUntil[e1] > iteration
                        let lq1 = space.entryLoad[e1]
                        let d1 = space.entryGain[e1] - gp1
                        let overQ = over(q, minutes[q])
                        let aQ = alpha * alphaOf[q]
                        // Shift.
                        evaluated += moveCost
                        if state.usage.canTake(q, need: space.services[svc1], option: o1, relaxing: .minutes) {
                            let dOverQ = over(q, minutes[q] + lq1) - overQ
                            let score = d1 - outP - aQ * dOverQ
                            if score > bestScore + 1e-12 {
                                let dOver = over(p, minutes[p] - lp1) - overP + dOverQ
                                let feasibleBest = objectiveNow + d1 > bestObjective + 1e-9 && overTotal + dOver <= 1e-9
                                if !isTabu || feasibleBest {
                                    bestScore = score
                                    bestMove = Move(s1: s1, out1: m1, in1: e1, s2: -1, out2: -1, in2: -1)
                                }
                            }
                        }
                        // Swap with one of q's services.
                        if space.entryRank[e1] >= swapRank { continue }
                        let served = space.servedBy[q]
                        evaluated += moveCost * served.count
                        for m2 in served {
                            let s2 = Int(space.entrySlot[m2])
                            let svc2 = space.slotService[s2]
                            if svc2 == svc1 { continue }
                            let e2 = space.entry(of: p, in: s2)
                            if e2 < 0 { continue }
                            let d = d1 + space.entryGain[e2] - space.entryGain[m2]
                            let dOverP = over(p, minutes[p] - lp1 + space.entryLoad[e2]) - overP
                            let dOverQ = over(q, minutes[q] - space.entryLoad[m2] + lq1) - overQ
                            let score = d - aP * dOverP - aQ * dOverQ
                            let dOver = dOverP + dOverQ
                            guard score > bestScore + 1e-12 else { continue }
                            if space.onTeam(p, service: svc2) { continue }
                            let tabu2 = space.tabuUntil[e2] > iteration
                            let feasibleBest = objectiveNow + d > bestObjective + 1e-9 && overTotal + dOver <= 1e-9
                            guard (!isTabu && !tabu2) || feasibleBest else { continue }
                            let o2 = space.options[svc2]
                            guard timeFits(p, adding: o2, removing: o1, state), timeFits(q, adding: o1, removing: o2, state) else { continue }
                            bestScore = score
                            bestMove = Move(s1: s1, out1: m1, in1: e1, s2: s2, out2: m2, in2: e2)
                        }
                    }
                }
            }
            if outOfTime { clockCut = true }
            guard !outOfTime, let move = bestMove else { break }
            var changes = [(slot: move.s1, out: move.out1, in: move.in1)]
            if move.s2 >= 0 { changes.append((move.s2, move.out2, move.in2)) }
            let tenure = tenureBase + Int(rng.next() % UInt64(tenureBase + 1))
            guard apply(changes, &state) else {
                space.tabuUntil[move.in1] = iteration + tenure   // an organization's cap: not this way
                continue
            }
            space.tabuUntil[move.out1] = iteration + tenure
            if move.s2 >= 0 { space.tabuUntil[move.out2] = iteration + tenure }
            if overTotal <= 1e-9 {
                if objectiveNow > bestObjective + 1e-9 {
                    best = state.solution; bestObjective = objectiveNow; lastBest = iteration; restartsWithoutGain = 0
                    if bestObjective >= ceiling - 1e-9 * max(1, abs(ceiling)) { break }
                }
                for p in 0..<peopleCount { alphaOf[p] = max(1e-9, alphaOf[p] / 1.05) }
            } else {
                for p in 0..<peopleCount where minutes[p] > cap[p] { alphaOf[p] *= 1.05 }
            }
        }
        if overTotal > 1e-9 || objectiveNow < bestObjective - 1e-9 {
            state = state.replacingPlan(with: best)
        }
        state.cutByClock = state.cutByClock || clockCut || guideCut
        Trace.mark("budget tabu: \(evaluated) of \(limit) units (\(more) more), \(iteration) iterations, \(trajectories) trajectories")
        return iteration
    }

    /// Who may replace a member of position `k` of need `n` (served at `option` by `team`) in a
    /// restart's kick: any candidate not on the team who is free then and under their assignment
    /// cap — only minute budgets may overflow (``PlanUsage/Relaxation/minutes``).
    func kickPool(_ state: SearchState, need n: Int, option: ServiceOption, position k: Int, team: Set<Int>) -> [Int] {
        option.candidates[k].filter { !team.contains($0) && state.usage.canTake($0, need: n, option: option, relaxing: .minutes) }
    }

    /// Whether `p` is free for `add` once the interval of `remove` no longer counts.
    private func timeFits(_ p: Int, adding add: ServiceOption, removing remove: ServiceOption, _ state: SearchState) -> Bool {
        guard let d = add.day, let s = add.start, let e = add.end else { return true }
        var skipped = false
        for b in state.usage.busy[p] where b.day == d && b.from < e && s < b.to {
            if !skipped, b.day == remove.day, b.from == remove.start, b.to == remove.end { skipped = true; continue }
            return false
        }
        return true
    }
}

extension BudgetTabu {
    /// The movable services of a plan, flat: each service's positions are slots, each slot's
    /// candidates are entries (sorted by person) with their gain, load and tabu tenure; each slot
    /// holds the entries of its current members, each person the entries they serve in.
    struct Space {
        /// Per service: its need and option.
        var services: [Int] = []
        var options: [ServiceOption] = []
        var serviceSlots: [Range<Int>] = []
        /// Per slot: its service, its position in the need's team, its entries, its members.
        var slotService: [Int] = []
        var slotPosition: [Int] = []
        var slotEntries: [Range<Int>] = []
        var slotMembers: [[Int]] = []
        /// Per entry.
        var entryPerson: [Int32] = []
        var entrySlot: [Int32] = []
        var entryGain: [Double] = []
        var entryLoad: [Double] = []
        var tabuUntil: [Int] = []
        /// Per entry, its rank in its slot by gain (highest first), then load (lowest first).
        var entryRank: [Int32] = []
        /// Per person: the entries they are a member through.
        var servedBy: [[Int]]
        /// slot × person → entry (−1: not a candidate), when small enough; else a binary search.
        private var dense: [Int32] = []
        private let people: Int

        /// nil when the deadline passes while it is set up.
        init?(_ candidates: Candidates, state: SearchState, minutePrice: [Double]? = nil, deadline: ContinuousClock.Instant) {
            let catalog = candidates.catalog
            people = catalog.input.people.count
            servedBy = Array(repeating: [], count: people)
            let clock = ContinuousClock()
            for (index, n) in state.chosen.keys.sorted().enumerated() {
                if index % 256 == 255 && clock.now >= deadline { return nil }
                let c = state.chosen[n]!
                let o = candidates.options[n][c.option]
                // Pinned services stay as they are, and so would a team with someone who is not
                // a candidate of their position (no backend makes one; its entry would be missing).
                guard !o.pinned, c.members.indices.allSatisfy({ k in
                    k < o.candidates.count && c.members[k].allSatisfy { o.candidates[k].contains($0) }
                }) else { continue }
                let svc = services.count
                services.append(n)
                options.append(o)
                let first = slotService.count
                for k in o.candidates.indices {
                    let e0 = entryPerson.count
                    for p in o.candidates[k].sorted() {
                        entryPerson.append(Int32(p))
                        entrySlot.append(Int32(slotService.count))
                        entryGain.append(catalog.gain(need: n, option: o, person: p))
                        entryLoad.append(Double(catalog.load(need: n, person: p)))
                    }
                    slotService.append(svc)
                    slotPosition.append(k)
                    slotEntries.append(e0..<entryPerson.count)
                    slotMembers.append([])
                }
                serviceSlots.append(first..<slotService.count)
            }
            tabuUntil = Array(repeating: 0, count: entryPerson.count)
            entryRank = Array(repeating: 0, count: entryPerson.count)
            // Ranked by gain less the minutes' price when prices are given, else by gain.
            let worth = entryGain.indices.map { e in entryGain[e] - (minutePrice.map { $0[Int(entryPerson[e])] * entryLoad[e] } ?? 0) }
            for r in slotEntries {
                let ranked = r.sorted { a, b in
                    worth[a] != worth[b] ? worth[a] > worth[b]
                        : entryLoad[a] != entryLoad[b] ? entryLoad[a] < entryLoad[b] : a < b
                }
                for (i, e) in ranked.enumerated() { entryRank[e] = Int32(i) }
            }
            if slotService.count * people <= 8_000_000 {
                dense = Array(repeating: -1, count: slotService.count * people)
                for s in slotService.indices { for e in slotEntries[s] { dense[s * people + Int(entryPerson[e])] = Int32(e) } }
            }
            load(state)
        }

        /// Members and who serves where, from `state` (same services and options).
        mutating func load(_ state: SearchState) {
            for p in servedBy.indices { servedBy[p].removeAll(keepingCapacity: true) }
            for (svc, n) in services.enumerated() {
                let c = state.chosen[n]!
                for s in serviceSlots[svc] {
                    slotMembers[s] = c.members[slotPosition[s]].map { entry(of: $0, in: s) }
                    for e in slotMembers[s] { servedBy[Int(entryPerson[e])].append(e) }
                }
            }
        }

        mutating func clearTabu() { for e in tabuUntil.indices { tabuUntil[e] = 0 } }

        /// The people on the team of service `svc`.
        func team(_ svc: Int) -> Set<Int> {
            Set(serviceSlots[svc].flatMap { slotMembers[$0].map { Int(entryPerson[$0]) } })
        }

        /// The entry of person `p` in `slot`, or −1.
        @inline(__always) func entry(of p: Int, in slot: Int) -> Int {
            if !dense.isEmpty { return Int(dense[slot * people + p]) }
            var lo = slotEntries[slot].lowerBound, hi = slotEntries[slot].upperBound
            let target = Int32(p)
            while lo < hi {
                let mid = (lo + hi) / 2
                if entryPerson[mid] < target { lo = mid + 1 } else { hi = mid }
            }
            return lo < slotEntries[slot].upperBound && entryPerson[lo] == target ? lo : -1
        }

        /// Whether `p` is on the team of service `svc`.
        @inline(__always) func onTeam(_ p: Int, service svc: Int) -> Bool {
            let target = Int32(p)
            for s in serviceSlots[svc] { for e in slotMembers[s] where entryPerson[e] == target { return true } }
            return false
        }

        mutating func replaceMember(slot: Int, out: Int, in new: Int) {
            if let i = slotMembers[slot].firstIndex(of: out) { slotMembers[slot][i] = new }
            let p = Int(entryPerson[out]), q = Int(entryPerson[new])
            if let i = servedBy[p].firstIndex(of: out) { servedBy[p].remove(at: i) }
            servedBy[q].append(new)
        }
    }
}
