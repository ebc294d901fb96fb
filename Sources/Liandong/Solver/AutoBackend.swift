import Foundation

/// `auto`: the heuristic's plan first (always available), then each independent part small
/// enough for GLPK solved exactly, in the time left; larger parts keep the heuristic's plan
/// with a Lagrangian (and, when small, LP-relaxation) bound.
struct AutoBackend {
    let candidates: Candidates
    let settings: SolverSettings
    let deadline: ContinuousClock.Instant
    var progress: ProgressSink? = nil

    init(candidates: Candidates, settings: SolverSettings, deadline: ContinuousClock.Instant, progress: ProgressSink? = nil,
         requiredDeadline: ContinuousClock.Instant? = nil) {
        self.candidates = candidates; self.settings = settings; self.deadline = deadline; self.progress = progress
        self.requiredDeadline = requiredDeadline
    }

    /// Parts with more columns than this go to the heuristic alone: measured on this project's
    /// synthetic weeks, GLPK's root LP alone takes longer than the whole heuristic and its
    /// bound beyond about 30,000 columns, and its plans are worse.
    static let exactLimit = 30_000
    /// The share of the limit, by the search's deterministic reckoning, of the search towards the
    /// LP's bound before GLPK on a small week: a twentieth made 29 of the grid's community weeks
    /// 0.15–1.1 s slower where the bound is not reached (plain, scarce, tight, rare and dispatch:
    /// 68 → 63 of 75 proven within 0.5 s); a hundredth proves the dense weeks as fast.
    static let targetedShare = 0.01

    /// The `glpk` backend: the whole week one part, GLPK's whatever its size (within
    /// ``entryBudget``), no subproblem search (see ``ExactBackend``).
    var whole = false
    /// GLPK's entry budget (``GLPKBackend/entryBudget``; nil: none).
    var entryBudget: Int? = nil
    /// How long the construction may run for the required needs (``Heuristic/requiredDeadline``;
    /// nil: the deadline).
    var requiredDeadline: ContinuousClock.Instant? = nil

    /// The least share of the limit the budget tabu search gets after GLPK, by the deterministic
    /// reckoning (``tabuSeconds(limit:searchWork:whole:)``). On weeks GLPK takes whole, the brief
    /// search and the search after GLPK are reckoned at 60 % and 30 % of the limit; where both
    /// ran to their budgets (short limits) the tabu search, which does the most where budgets
    /// bind, was left nothing — GAP e10400 at 1 s ended 1.36 % above the best known, where the
    /// `heuristic` backend's tabu search reached 0.11 % in 0.08 s. With a quarter (since
    /// 2026-12-24): GAP C/D/E at 1 s, mean / worst 0.43 / 1.36 → 0.31 / 0.92 % above the best known
    /// (e10400 1.36 → 0.07 %), at 2, 4 and 10 s the same; generated GAP weeks GLPK takes whole
    /// (400 and 900 jobs) at 1–4 s up to 1.1 points better (c40 × 400 at 2 and 4 s 0.07 points
    /// worse); the community grid the same.
    static let tabuFloorShare = 0.25

    /// The search's work budget where a part is beyond GLPK, in shares of its time at the
    /// budgeted rate: 1.45 since 2027-01-03, when the search stopped copying the plan for every
    /// team it formed and its pace on the slowest family measured (scarce weeks, two runs at
    /// once) rose 1.49 times, street and district alike — the budget then ends the search
    /// at 80 % of its time at that pace, as the whole share had at 87 % before. The same plans'
    /// worth in more searching: the 23 street weeks of the last measurement at 10 s +361 in sum
    /// (13 better, 10 worse: the trajectories' noise is ±190 a week), eight district weeks at
    /// 60 s 7 better, 1 worse (+75, −5, +210; five more +95, +49, +373, +7, +24), city tight seed
    /// 2 at 300 s +1,638 (gap 1.87 → 1.82 %). The bounds get less time: the mean gap the same
    /// (street 1.93 → 1.92 %, district 1.38 % both), district scarce seed 2 1.60 → 1.78 %.
    static let beyondGLPKShare = 1.45

    /// The budget tabu search's time after GLPK, by the deterministic reckoning: what the search
    /// is reckoned to have left of 90 % of the limit, 70 % of it unless it has the search's time
    /// (`whole`), less a tenth — at least ``tabuFloorShare`` of the limit.
    static func tabuSeconds(limit: Double, searchWork: Int, whole: Bool) -> Double {
        max(limit * tabuFloorShare, (limit * 0.9 - Heuristic.seconds(forWork: searchWork)) * (whole ? 1 : 0.7) * 0.9)
    }

    /// What ended the solve: `phases` is what the GLPK passes and the parts left to the search
    /// said (`timeLimit` where a GLPK pass ended on its time, `heuristic` where the search alone
    /// planned a part), `cut` whether the clock cut a search phase short. A proof does not hide the
    /// clock (as in ``PlanBuilder``): a plan proven after a phase the clock cut — the brief search,
    /// a GLPK pass that ended on its time — may be another plan of equal worth on another run, and
    /// says `timeLimit` (until 2026-12-18 it said `optimal`).
    static func termination(proven: Bool, cut: Bool, phases: Termination) -> Termination {
        if proven { return cut || phases == .timeLimit ? .timeLimit : .optimal }
        return phases == .heuristic && cut ? .timeLimit : phases
    }

    /// A search that follows another of `auto`'s phases: the clock cuts it at `timeShare` of the
    /// time left, and its work budget is that of `seconds` of search at the whole budgeted rate
    /// (a deterministic reckoning: the same plan for a seed and a limit).
    private func followUp(timeShare: Double, seconds: Double) -> Heuristic {
        let now = ContinuousClock.now
        var more = Heuristic(candidates: candidates, seed: settings.seed, deadline: now + (deadline - now) * timeShare)
        more.timeLimit = seconds
        more.workShare = 1
        return more
    }

    func solve() throws(EngineError) -> (Solution, SolveReport) {
        let clock = ContinuousClock()
        let start = clock.now
        let total = deadline - start
        // The heuristic gets at most 70 % of the time (it usually ends sooner, on its budget);
        // the rest is for GLPK and the bounds. (60 % until 2026-12-02: on 16 tight and scarce
        // street weeks 70 % gave better plans on 13 and the same on 3, the reported gaps on
        // average 0.05 points lower; plain, rare and dispatch weeks, which end on their idle
        // count, the same plans and bounds; district seed 1 the same gaps.) When GLPK takes every
        // part, a brief search within 60 %: its plan only seeds GLPK, which needs the time.
        let parts = whole ? [Decomposition.Part(needs: Array(candidates.catalog.input.needs.indices), size: candidates.columnCount(needs: nil))]
                          : Decomposition.parts(candidates)
        // Parts GLPK may take: up to ``exactLimit`` columns (the whole week, for `glpk`).
        let exactLimit = whole ? Int.max : Self.exactLimit
        let glpkTakesAll = parts.allSatisfy { $0.size <= exactLimit }
        let share = glpkTakesAll ? 0.6 : 0.7
        var heuristic = Heuristic(candidates: candidates, seed: settings.seed, deadline: start + total * share)
        heuristic.constructionDeadline = deadline
        heuristic.requiredDeadline = requiredDeadline
        heuristic.solveDeadline = deadline
        heuristic.timeLimit = settings.timeLimitSeconds * share
        // Its whole share at the budgeted rate (three quarters until 2026-12-03): on this machine
        // the search then ends at about 45 % of the limit instead of 33 %, and the bounds, which
        // mostly converge before the limit, lose little. Street seeds 1–5 at 10 s: tight gaps
        // better on all five (median 2.82 → 2.61 %), scarce on four (median 1.19 → 1.09 %; seed 1
        // 1.31 → 1.41 %), plain the same (it ends on its idle count); community weeks and GAP
        // C/D/E unchanged; city tight seed 2 at 300 s, plan +1,092, gap 2.05 → 2.00 %.
        // Where a part is beyond GLPK, ``beyondGLPKShare`` of it.
        heuristic.workShare = glpkTakesAll ? 1 : Self.beyondGLPKShare
        // Where the construction had to staff by minute prices (budgets bind so tightly that the
        // greedy left required needs out: GAP instances) on a week beyond GLPK, the search takes
        // ``Heuristic/pricedSearchShare`` of its budget, and the budget tabu search below the rest.
        // (The same budget as before ``beyondGLPKShare``: there the budget tabu search makes the plan.)
        heuristic.pricedShare = glpkTakesAll ? 1 : Heuristic.pricedSearchShare / Self.beyondGLPKShare
        heuristic.withTabu = false
        heuristic.progress = progress
        heuristic.brief = glpkTakesAll
        var state = heuristic.search()
        Trace.mark("parts: \(parts.map(\.size).sorted(by: >).prefix(12))")
        // A small week GLPK takes whole, no fairness weight (`auto` only: the `glpk` backend gives
        // GLPK's own answer): the search goes on from the brief plan towards the LP relaxation's
        // bound (``HeuristicBackend/earlyBound(_:settings:deadline:)``) for ``targetedShare`` of
        // the limit by the deterministic reckoning, stopping when its plan meets it — then GLPK
        // has nothing to prove. The brief search's plan is often a few units
        // short of what GLPK's quick proof needs, and GLPK's passes on the plain model took
        // seconds to find what the search finds at once (community weeks crowded into two days
        // in 10-minute slots, the grid's `dense` family, seeds 6, 10, 15: 3.36, 3.32, 1.02 s →
        // 0.30, 0.43, 0.13 s; since 2026-12-17). A week whose bound the search does not reach
        // pays its effort: about 0.1 s on community weeks (all 105 of the grid's: median the
        // same, at most +0.18 s; plain, scarce, tight, rare and dispatch 68/75 proven within
        // 0.5 s before and after).
        if glpkTakesAll, !whole, candidates.catalog.input.weights.fairness <= 0 {
            let (target, lpCut, relaxed) = HeuristicBackend.earlyBound(candidates, settings: settings, deadline: deadline)
            state.cutByClock = state.cutByClock || lpCut
            // The relaxation's solution rounded to a plan (``Heuristic/construct(guidedBy:work:)``):
            // taken where it meets the bound; else, where the search from the brief plan does not
            // reach the bound, searched from too (since 2026-12-28: on the grid's community
            // weeks, seeds 1–30, the `dense` family 15 → 19 of 30 proven within 0.5 s — seed 17
            // 7.4 → 0.19 s, seed 20 8.5 → 0.20 s —, six other weeks 0.2–1.3 s sooner, none later).
            if let target {
                var more = followUp(timeShare: 0.5, seconds: settings.timeLimitSeconds * Self.targetedShare)
                more.withTabu = false
                more.target = target
                var other: SearchState? = nil
                if let relaxed {
                    var work = 0
                    other = more.takeRounded(relaxed, into: &state, work: &work)
                    state.searchWork += work
                }
                var rng = SplitMix64(seed: UInt64(truncatingIfNeeded: settings.seed) &+ 0x5EED &+ 2)
                let work = more.improve(&state, rng: &rng, tabuFollows: false)
                state.searchWork += work   // the tabu search's reckoning below counts it
                Trace.mark("targeted search: \(work) work, objective \(state.objective), bound \(target)")
                if let other { state.searchWork += more.search(from: other, into: &state) }
                if more.reachesTarget(&state) {
                    var report = SolveReport(backend: .heuristic, termination: Self.termination(proven: false, cut: state.cutByClock, phases: .heuristic),
                                             bound: target, variables: 0, constraints: 0, proven: false)
                    report.clockCut = .cut(plan: state.cutByClock, bound: false)
                    return (state.solution, report)
                }
            }
        }
        // Parts too large for GLPK whole: GLPK on a few dozen of their needs at a time, around the
        // rest of the plan (SubproblemSearch), for half of the limit by the deterministic
        // reckoning (a fifth until 2027-01-01), shared by size; the clock cuts it at 70 % of the
        // time left (the plan then says so; half until 2026-12-11), the rest is for the bounds.
        // On a week whose starts were thinned the relaxations would bound the kept starts only
        // and the plan reports the bound for every start instead, so the subproblem search gets
        // their time: 45 % of the limit by the reckoning, cut by the clock at 90 % of the time
        // left (until 2026-12-03 a 4,000-need week spent 3.7 s of its 10 on a bound that was then
        // discarded).
        let thinned = candidates.startsThinned
        let large = parts.filter { $0.size > exactLimit }
        if !large.isEmpty && SubproblemSearch.applies(to: candidates) {
            var sub = SubproblemSearch(candidates: candidates, seed: settings.seed)
            // While its rounds keep paying, more efforts, the clock cutting them at 70 % of the
            // time left (since 2026-12-11: street tight seeds 1 and 2 at 10 s, 26,610 → 26,697 and
            // 26,794 → 26,990). Since 2027-01-01 efforts of half the limit, two more while each
            // adds a tenth of a percent, and 60 rounds without a better plan to stop (until then
            // efforts of a fifth, six more while each added a fiftieth of a percent, and 30
            // rounds): where organizations' caps bind hardest, early rounds cost three times as
            // much and about one round in forty finds a better plan, so the first fifth held 8
            // rounds and the search ended before its first find — street weeks with caps at half
            // their share, seed 11 at 10 s: 25,581 (2.3 % below HiGHS's proven optimum, 26,177)
            // → 25,851; a fiftieth of a percent took district scarce weeks' search to the clock.
            // Since 2027-01-02 a twentieth of a percent (with the fourth kind of round, which finds
            // more): street tight seeds 7, 8, 3 +115, +61, +5 (worst tight gap 3.25 → 3.11 %), the
            // other 20 street weeks of ``SubproblemSearch/bandTurn``'s measurement the same plans;
            // district tight seed 1 at 60 s +50 (1.75 → 1.69 %), its scarce and caps-at-half weeks
            // the same plans, none cut by the clock. On thinned weeks as before.
            let effortShare, timeShare: Double
            if thinned {
                (effortShare, timeShare) = (0.45, 0.9)
                sub.moreWhileGaining = 6
            } else {
                (effortShare, timeShare) = (0.5, 0.7)
                sub.moreWhileGaining = 2
                sub.patience = 60
                sub.gainToGoOn = 0.0005
            }
            let subDeadline = clock.now + (deadline - clock.now) * timeShare
            let totalSize = large.reduce(0) { $0 + $1.size }
            let effort = Double(SubproblemSearch.effort(seconds: settings.timeLimitSeconds * effortShare))
            for part in large {
                let r = sub.run(&state, needs: part.needs, effort: Int(effort * Double(part.size) / Double(totalSize)), deadline: subDeadline)
                Trace.mark("subproblems: \(r.rounds) rounds, \(r.improved) improved, objective \(state.objective)\(state.cutByClock ? ", cut by the clock" : "")")
            }
        }
        var variables = 0, constraints = 0
        var termination = Termination.optimal
        // Whether the clock ended a GLPK pass or a part's plan (not a model too large for GLPK to
        // start on, which says `timeLimit` on every run): ``SolveReport/clockCut``.
        var glpkCut = false
        // A part GLPK did not run: its model was over the entry budget (only the `glpk` backend sets one).
        var skipped = false
        var remainingSize = parts.reduce(0) { $0 + $1.size }
        var exact = GLPKBackend(candidates: candidates, settings: settings)
        exact.entryBudget = entryBudget
        exact.progress = progress
        // Each part's bound (valid for it alone; the least of those found) and whether it is proven.
        var partBound = Array(repeating: Double.infinity, count: parts.count)
        var partProven = Array(repeating: false, count: parts.count)
        // Where budgets bind, 70 % of what is left is kept for the budget tabu search on the
        // parts GLPK does not prove (GLPK's bound comes early; its plans late).
        let tabu = BudgetTabu.applies(to: candidates)
        let glpkDeadline = tabu ? clock.now + (deadline - clock.now) * 0.3 : deadline
        // Parts left to the heuristic alone: their bounds are computed at the end.
        var deferred: [Int] = []
        // Each part's worth when GLPK first started on it (its quick proof's incumbent).
        var firstWorth = Array(repeating: -Double.infinity, count: parts.count)
        for (index, part) in parts.enumerated() {
            exact.phase = parts.count == 1 ? "glpk" : "glpk part \(index + 1)/\(parts.count)"
            let share = (glpkDeadline - clock.now) * (Double(part.size) / Double(max(1, remainingSize)))
            remainingSize -= part.size
            let partDeadline = clock.now + share
            guard part.size <= exactLimit, clock.now < deadline else {
                // The heuristic's plan for this part: cut short by the clock, or complete. Its
                // bound comes last, with the time the searches leave.
                termination = clock.now >= deadline ? .timeLimit : (termination == .timeLimit ? .timeLimit : .heuristic)
                glpkCut = glpkCut || clock.now >= deadline
                deferred.append(index)
                continue
            }
            firstWorth[index] = state.worth(ofPart: part.needs)
            let outcome = exact.improve(part, state: &state, deadline: partDeadline, reserve: share / 10, latest: deadline)
            variables += outcome.variables
            constraints += outcome.constraints
            partBound[index] = outcome.bound
            partProven[index] = outcome.proven
            if !outcome.proven {
                termination = outcome.termination
                glpkCut = glpkCut || (outcome.termination == .timeLimit && !outcome.tooLarge)
            }
            // GLPK did not even finish the part's LP in its share (a part near the size limit with a
            // short limit: street weeks whose organizations are restricted to their communities
            // fall into parts of 20,000–30,000 columns): a second pass would not either. Its bound
            // comes last, from the relaxation, with the time the searches leave.
            if !outcome.proven && !outcome.glpkBounded { deferred.append(index) }
            skipped = skipped || outcome.tooLarge
        }
        // With a fairness weight that is much of the objective, what GLPK did not prove: the bound
        // and plans by ranges of the largest load (``LoadSplit``), in half of the time left. Where
        // the fairness charge is a small part of the objective the largest load is seldom what
        // keeps the bound up (community fair weeks, fairness 20 an hour: 3 % of the objective, the
        // bound the same after four LPs of 0.2–0.4 s), and the searches below need the time.
        // Whether bounds wait for the time left: those of the parts left to the search, or, on a
        // week whose starts were thinned, the week's bound for every start (the parts' bounds
        // hold for the kept starts only).
        let boundsWait = !deferred.isEmpty || thinned
        let fairness = candidates.catalog.input.weights.fairness
        // Whether the clock ended the load split (``LoadSplit/Outcome/cutByClock``).
        var splitCut = false
        if fairness > 0, parts.count == 1, !partProven[0], parts[0].size <= exactLimit, !boundsWait, clock.now < deadline,
           state.fairnessWeighsHeavily {
            let split = LoadSplit(candidates: candidates, settings: settings)
            if let o = split.run(best: state, bound: partBound[0], deadline: clock.now + (deadline - clock.now) * 0.5) {
                if let better = o.better {
                    let trial = state.adopting(better, on: parts[0].needs)
                    if !state.isBetter(than: trial) { state = trial }
                }
                partBound[0] = min(partBound[0], o.bound)
                // Ended by the clock: its plan and bound may differ on another run, and the output says so
                // (`termination` here, `clockCut` below).
                if o.cutByClock { splitCut = true; termination = .timeLimit }
                let slack = ObjectiveGrid.proofSlack(objective: state.objective, resolution: candidates.catalog.objectiveResolution)
                partProven[0] = partBound[0] <= state.objective + slack
                Trace.mark("load split: \(o.ranges) ranges, bound \(o.bound), objective \(state.objective)\(partProven[0] ? ", proven" : "")")
            }
        }
        // The parts GLPK may take but did not prove, and where it got as far as a bound.
        let open = parts.indices.filter { !partProven[$0] && parts[$0].size <= exactLimit && !deferred.contains($0) }
        // Parts GLPK could not start on or did not prove, in a week whose search was brief (its plan
        // was only to seed GLPK): the full ruin-and-recreate search goes on from the plan, its
        // budget half of the search's share by the deterministic reckoning; the clock cuts it at
        // half of the time left. Since 2026-12-16 also where GLPK's first pass ended unproven: on
        // weeks crowded into two days in 10-minute slots (the grid's `dense` family) the search
        // found in 0.3 s the plan GLPK's time-limited passes missed in 10 s (seed 6: 0.81 % →
        // proven; the other unproven ones the same). Not with a fairness weight: there the repairs
        // below need the time (community fair seed 6 1.16 → 2.04 %, four others 0.01–0.06 points
        // worse).
        let searchAgain = !open.isEmpty && fairness <= 0
        if glpkTakesAll && (deferred.contains(where: { parts[$0].size <= exactLimit }) || searchAgain) && clock.now < deadline {
            let more = followUp(timeShare: 0.5, seconds: settings.timeLimitSeconds * share * 0.5)
            var rng = SplitMix64(seed: UInt64(truncatingIfNeeded: settings.seed) &+ 0x5EED &+ 1)
            let tabuFollows = more.withTabu && BudgetTabu.applies(to: candidates)
            // With a fairness weight, first a search that may raise the largest load (the brief
            // search set it, and a search that weighs it would not leave it: since 2026-12-27).
            let given = state
            var work = more.raiseTheLargestLoad(&state, rng: &rng, tabuFollows: tabuFollows)
            work += more.improve(&state, rng: &rng, tabuFollows: tabuFollows)
            // Then what follows the full search: re-staffing, the load ceiling where fairness has a
            // weight, the valuable needs left out tried again — the brief search, which only seeded
            // GLPK, did none of it (independent weeks of 120 people, GLPK's LP unfinished at 5 s:
            // a critical need left out, 32,833 where the `heuristic` backend had 33,777; a fairness
            // week, 23,945 against 24,165).
            work += more.afterSearch(&state, rng: &rng, tabuFollows: tabuFollows)
            // Never worse than the plan it was given (the raised plan may not come down far enough).
            if given.isBetter(than: state) { let cut = state.cutByClock; state = given; state.cutByClock = cut }
            state.searchWork += work   // the tabu search's reckoning below counts it
            Trace.mark("search after GLPK: \(work) work, objective \(state.objective)")
        }
        if (!open.isEmpty || state.staffedByPrices) && tabu && clock.now < deadline {
            // What GLPK did not prove: the budget tabu search from the best plan so far, its share
            // by the deterministic reckoning (what the search is reckoned to have left, less
            // GLPK's 30 %, with a margin; at least ``tabuFloorShare`` of the limit). Only for such
            // parts: on the parts beyond GLPK (street and district weeks) it was measured to add
            // nothing — tight street seeds 1, 2 and plain seed 1 the same plans, scarce seed 2 +5,
            // district seed 1 +30 in 24 s — and their bounds need the time.
            var tabuSearch = BudgetTabu(candidates: candidates, seed: settings.seed)
            tabuSearch.progress = progress
            // Where the tabu search has the search's time (the construction staffed by minute
            // prices on a week beyond GLPK, ``Heuristic/pricedSearchShare``: no GLPK share to keep,
            // and the bound has the steps behind the prices and the tabu's guide already,
            // ``SearchState/searchBound``), one effort of what the search leaves of 90 % of the
            // limit, less a tenth: with efforts more as it gained, d60 × 900 ran to 7.3 s of 10,
            // past three quarters of the time left at the budgeted rate, and one run in two said
            // `timeLimit`.
            let whole = boundsWait && state.staffedByPrices
            // Elsewhere, while an effort raises the best plan by a fiftieth of a percent, up to
            // three efforts more (since 2026-12-18): on GAP C/D/E the search still gains after its
            // effort, where GLPK's second pass and the repairs that follow seldom do (10 s: d20200
            // 12,355 → 12,342, e20200 22,461 → 22,426, e10400 45,791 → 45,783, c05200 3,459 →
            // 3,458; mean 0.23 → 0.21 %, worst 0.91 → 0.80 % above the best known); the community
            // grid's 105 weeks the same proofs, times and plans (but for fair 11 and 13, whose
            // clock-cut plans differ between runs of one build) and street tight, scarce and fair
            // seeds 1–3 the same plans: there the search gains little after GLPK and stops after
            // one effort.
            tabuSearch.moreWhileGaining = whole ? 0 : 3
            let left = Self.tabuSeconds(limit: settings.timeLimitSeconds, searchWork: state.searchWork, whole: whole)
            // When bounds wait (``boundsWait``) but for `whole`, the search gets half of its
            // reckoned effort and at most three quarters of the time left, so that the bounds keep
            // a share: the clock may cut the search (it then says so) but not starve them.
            let effort = BudgetTabu.effort(seconds: boundsWait && !whole ? left * 0.5 : left)
            let tabuDeadline = boundsWait ? clock.now + (deadline - clock.now) * 0.75 : deadline
            let iterations = tabuSearch.run(&state, effort: effort, deadline: tabuDeadline)
            let moves = Restaff(candidates: candidates).run(&state, effort: Restaff.effort(seconds: settings.timeLimitSeconds), deadline: deadline)
            Trace.mark("budget tabu after GLPK: \(iterations) iterations, then \(moves) moves, score \(state.score)")
            // The time the tabu search left: GLPK again on the unproven parts, from the better plan.
            var openSize = open.reduce(0) { $0 + parts[$1].size }
            for index in open where deadline - clock.now > total * 0.1 {
                let part = parts[index]
                exact.phase = "glpk again" + (parts.count == 1 ? "" : " part \(index + 1)/\(parts.count)")
                let share = (deadline - clock.now) * (boundsWait ? 0.5 : 0.9) * (Double(part.size) / Double(max(1, openSize)))
                openSize -= part.size
                // The quick proof again only from a better plan: from one worth the same it would
                // prune as before, and the plain model gets its time — an independent week of 109
                // needs' pattern model took 1.8 s of a 1.9 s share, and GLPK on the plain model
                // proves it in 3.3 s; community plain seed 7 was proven at 6.1 s, now 2.2 s.
                let again = state.worth(ofPart: part.needs) > firstWorth[index] + 1e-9 * max(1, abs(firstWorth[index]))
                let outcome = exact.improve(part, state: &state, deadline: clock.now + share, reserve: .zero, latest: deadline, quickProof: again)
                // Two valid bounds for one part: the lower.
                partBound[index] = min(partBound[index], outcome.bound)
                partProven[index] = outcome.proven
            }
            // Last, what GLPK again did not prove: the subproblem search, GLPK on a fifth of a
            // part's columns at a time around the rest of the plan, fairness included (the rest's
            // loads count), then, when it stalls, on two fifths and four fifths. The budget tabu
            // search moves one or two people at a time, and GLPK's search on the whole part finds
            // few plans where budgets bind; these repairs re-pack several people's weeks at once.
            // Each size's effort is that of 30 % of the limit, shared by size (each usually ends on
            // its patience before); the clock cuts them at 80 % of the time left (30 % when parts
            // wait for their bounds). After GLPK, so that GLPK's passes are as before. Community
            // weeks at 10 s: of the grid's fair family, better plans on 7 of 15 (seed 13 0.83 →
            // 0.48 %, seed 10 0.56 → 0.38 %, seed 5 1.08 → 0.92 %); of that family with fairness off
            // and every budget capped at five hours, on 6 of 12 (seed 6 3.97 → 2.17 %, seed 11
            // 1.61 → 0.65 %, seed 8 1.27 → 0.71 %); the others the same plans where GLPK's passes,
            // cut by the clock, ended alike. A single size (a fifth) gained on 4 and 4 of them.
            // HiGHS finds better plans still on such weeks (capped seed 6: 1,826 in 10 s, ours 1,796).
            // With a fairness weight, first a search for more value under the plan's own largest
            // load, not weighing the load (``Heuristic/searchUnderOwnCeiling(_:rng:)``).
            if fairness > 0, open.contains(where: { !partProven[$0] }), clock.now < deadline {
                let more = followUp(timeShare: Heuristic.ownCeilingShare, seconds: settings.timeLimitSeconds * Heuristic.ownCeilingShare)
                var rng = SplitMix64(seed: UInt64(truncatingIfNeeded: settings.seed) &+ 0x5EED &+ 2)
                state.searchWork += more.searchUnderOwnCeiling(&state, rng: &rng)
            }
            var repairs = SubproblemSearch(candidates: candidates, seed: settings.seed)
            repairs.withFairness = true
            let repairDeadline = clock.now + (deadline - clock.now) * (boundsWait ? 0.3 : 0.8)
            let repairSize = open.filter { !partProven[$0] }.reduce(0) { $0 + parts[$1].size }
            for index in open where !partProven[index] && clock.now < repairDeadline {
                let part = parts[index]
                let effort = Double(SubproblemSearch.effort(seconds: settings.timeLimitSeconds * 0.3)) * Double(part.size) / Double(max(1, repairSize))
                for level in 0..<3 where clock.now < repairDeadline {
                    repairs.columnBudget = min(4_000, max(200, part.size / 5) << level)
                    let r = repairs.run(&state, needs: part.needs, effort: Int(effort), deadline: repairDeadline)
                    Trace.mark("repairs: \(repairs.columnBudget) columns, \(r.rounds) rounds, \(r.improved) improved, objective \(state.objective)")
                }
            }
        }
        // Fairness as a tie-breaker, before the bounds take the time left (it changes no part's worth).
        Rebalance.run(&state, deadline: deadline)
        // Whether the clock cut the plan short is settled here: the bounds below only use up the
        // time — but where the clock ends them, another run may give another bound (and gap), and
        // the output says so too (``Clocked``; until 2026-12-23 it said `heuristic`: street weeks'
        // bounds differed between runs of the same input, limit and seed).
        let planCut = state.cutByClock || clock.now >= deadline
        var boundCut = false
        // The bounds of the parts the heuristic alone planned, in the time left (each its share by
        // size, ending a little before the deadline, for the last steps past the clock; plan
        // assembly and explanations have the engine's reserve after it). Until 2026-12-03 the
        // shares came to 95 % of the time left, beside the reserve: a city week's bound ended
        // 10 s before the deadline.
        var deferredSize = deferred.reduce(0) { $0 + parts[$1].size }
        for index in deferred where !thinned {
            let part = parts[index]
            let share = (deadline - clock.now) * 0.98 * (Double(part.size) / Double(max(1, deferredSize)))
            deferredSize -= part.size
            var bounds = Bounds(candidates: candidates, settings: settings)
            bounds.progress = progress
            bounds.forceRequired = state.servesEveryRequired(of: part.needs)
            bounds.resume = state.priceSteps
            let bound = bounds.bound(needs: part.needs, lower: state.worth(ofPart: part.needs), deadline: clock.now + share)
            boundCut = boundCut || bound.cutByClock
            partBound[index] = min(partBound[index], bound.value ?? candidates.trivialBound(needs: part.needs))
        }
        // Starts thinned out: the parts' bounds bound the kept starts only; the week's bound for
        // every start takes the time left instead.
        let everyStart = thinned ? Bounds(candidates: candidates, settings: settings, progress: progress)
            .bound(of: state, deadline: clock.now + (deadline - clock.now) * 0.98) : nil
        boundCut = boundCut || everyStart?.cutByClock == true
        let cut = planCut || boundCut
        let proven = partProven.allSatisfy { $0 }
        var report = SolveReport(backend: skipped ? .heuristic : glpkTakesAll ? .glpk : .auto,
                                 termination: Self.termination(proven: proven, cut: cut, phases: termination),
                                 bound: thinned ? everyStart?.value : state.leastBound(partBound.reduce(0, +)),
                                 variables: variables, constraints: constraints, proven: proven)
        report.clockCut = .cut(plan: planCut || glpkCut || splitCut, bound: boundCut || splitCut)
        if skipped { report.warnings.append(GLPKBackend.tooLargeWarning(settings)) }
        return (state.solution, report)
    }
}
