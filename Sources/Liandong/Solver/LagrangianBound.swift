import Foundation

/// An upper bound on value − cost − fairness from Lagrangian relaxation, for problems whose LP
/// relaxation GLPK cannot solve in time.
///
/// The rules that tie needs together through people — overlapping services (one multiplier per
/// maximal clique of a person's possible services), minute budgets and assignment counts — move
/// into the objective with multipliers λ ≥ 0, and so do organizations' `maxOrders` that can bind:
/// an order is priced at its lead's organization, the lead being a member of the team (chosen
/// with the team: the best of its members who may lead, or one brought in for their position's
/// weakest member). A fairness weight prices each person's minutes (``Relaxation/fairness``).
/// "A person fills at most one position of a need" and the rules on which member leads (a social
/// worker before a volunteer, the first position first) are dropped (dropping a rule only raises
/// the bound). What is left splits by need: each need takes its best
/// option, each position its best people at their reduced worth, and its best lead. Subgradient steps (Polyak's rule, towards the heuristic's value) lower
/// the bound; every iterate is a valid bound and the least one is kept. Budget and count rows
/// are scaled to a right-hand side of 1, so that a step moves every multiplier alike (unscaled,
/// minute budgets in the hundreds swamp the time rows and the bound stalls); the step size
/// halves after ``patience`` steps without a lower bound. When every objective coefficient is a whole
/// number (and no fairness weight), so is every plan's worth, and the bound is rounded down.
struct LagrangianBound {
    let candidates: Candidates
    var progress: ProgressSink? = nil
    /// Whether `required` needs must be served in the relaxation: a bound for the plans that
    /// serve every one of them. Off when the plan in hand leaves one out (one may have no option
    /// at all): then the bound holds for every plan (only accepted orders stay forced), not only
    /// for plans that cannot exist. See ``SearchState/servesEveryRequired(of:)``.
    var forceRequired = true
    /// Steps of the first phase already taken on the whole week with every required need forced
    /// (``SearchState/priceSteps``): a bound of that relaxation goes on from them.
    var resume: LinearRun? = nil

    /// Steps without a lower bound after which the step size halves. With 50 the steps died out
    /// above the LP relaxation's value: street plain seed 4 stopped at 29,735 after 2,940 steps
    /// while that LP's optimum is 29,561 (HiGHS); with 300 it reached 29,547 (16 street weeks of
    /// five families at 10 s: plain worst gap 0.80 % → 0.22 %, tight 5.71 % → 4.57 %, rare 0.54 %
    /// → 0.47 %, scarce ± 0.1 %; district plain seed 1 at 60 s 0.49 % → 0.42 %).
    static let patience = 300
    /// When the time left after the first step affords fewer steps than twice ``patience`` (by
    /// that step's time), the patience is a fifth of the steps it affords, at least 30: with 300
    /// the step size could not halve once, and where it starts too long (Polyak's rule aims at
    /// the plan's value, far below the relaxation's optimum on weeks the search serves poorly)
    /// the bound stayed the relaxation's at no prices — an independent week of 571 needs at 5 s,
    /// 116,086 for a plan of 103,851 (its LP 109,959), now 113,243. 57 independent weeks of
    /// 100–900 needs at 5 s: 21 bounds lower, 2 higher (+0.4 and +0.6 points), mean gap 1.86 →
    /// 1.63 %, worst 10.5 → 8.3 %; street, district, community and GAP C/D/E weeks, whose steps
    /// are cheaper for their time, as before.
    static let fewSteps = 2 * patience
    /// Steps at most: the clock ends the bound on any week larger than a community's.
    static let maxSteps = 20_000
    /// How near the first phase's bound the knapsack phase may end its probe and still get a
    /// second look (a share of the bound). At the probe the knapsack phase is still falling while
    /// the first has nearly converged; a choice made on a few units went the wrong way on street
    /// scarce weeks (seed 1 at 10 s: 28,653.4 against 28,649.2 at the probe; the knapsack phase
    /// reaches 28,535 given the time). Street scarce seed 1 at 10 s, three paired runs: 1.458 % →
    /// 1.262–1.269 % (since 2026-12-15); seeds 2–5 within the clock's run-to-run noise; street plain,
    /// rare, dispatch, tight and fair weeks, GAP C/D/E and district tight and scarce seed 1 the same.
    static let closeCall = 0.001

    /// - Parameters:
    ///   - needs: the part to bound (nil: all).
    ///   - lower: the value of a known plan (the step target).
    /// - Returns: the bound — nil when the relaxation has no solution (a forced need with no
    ///   option) or the deadline came first — and whether the clock ended or shaped some phase
    ///   (a run on another machine, or at another moment, may then give another bound:
    ///   ``Clocked``).
    func bound(needs subset: [Int]? = nil, lower: Double, deadline: ContinuousClock.Instant, iterations: Int = maxSteps) -> Clocked<Double?> {
        // Setting up costs about as much as a few iterations: with the time spent, no bound.
        let clock = ContinuousClock()
        if clock.now >= deadline { return Clocked(nil, cutByClock: true) }
        guard let relaxation = Relaxation(candidates, needs: subset ?? Array(candidates.catalog.input.needs.indices), forceRequired: forceRequired,
                                          deadline: deadline) else { return Clocked(nil, cutByClock: true) }
        // Where a budget can bind, the knapsack phase follows from the first phase's best prices
        // at 30 % of the time. It gets a quarter of what is left to come below the first phase's
        // bound; if it does, it keeps the rest of the time, else the first phase resumes from
        // where it stopped. (Until 2026-12-03 the first phase had 70 % and the knapsack phase
        // the rest, whatever it gave: on tight street weeks, where organizations' caps bind, it
        // stays far above — 28,993 against 27,302 on seed 1 — and its time was lost, while on
        // district and city weeks it is the faster of the two.)
        let knapsacks = relaxation.minutesCap.contains { $0 != nil }
        let linearDeadline = knapsacks ? clock.now + (deadline - clock.now) * 0.3 : deadline
        // The first phase goes on from the steps already taken where they are of this relaxation
        // (``resumable(_:needs:)``): on a generated GAP week of 80 agents and 1,600 jobs the bound
        // after the search had 0.2–0.7 s under `auto`, and from no prices its first phase's 363
        // steps reached 88,830 and the knapsack phase 96,819 against the prices' 96,997 (their 500
        // steps had taken 0.4 s).
        guard var first = linear(relaxation, lower: lower, deadline: linearDeadline, iterations: iterations, patience: Self.patience, affordable: true,
                                 resume: resumable(resume, needs: relaxation.needs)) else { return Clocked(nil, cutByClock: false) }
        var cut = first.shapedByClock
        var best = first.bound
        guard best.isFinite else { return Clocked(nil, cutByClock: cut) }
        // The knapsack phase where budgets bind and the plan is not yet met — unless the clock
        // already took its time.
        let open = knapsacks && best - lower > 1e-9 * max(1, abs(lower))
        if open && clock.now >= deadline {
            cut = true
        } else if open {
            let phase = KnapsackPhase(relaxation)
            var steps = phase.steps(from: first.multipliers)
            var none: [Bool] = []
            var work = 0
            let probe = clock.now + (deadline - clock.now) / 4
            // No knapsack solution (a required need without an option there): the first phase's bound stands.
            guard phase.advance(&steps, lower: lower, deadline: probe, iterations: iterations, picks: &none, work: &work) else {
                return Clocked(rounded(best, relaxation), cutByClock: cut || steps.cutByClock)
            }
            Trace.mark("knapsack probe: \(steps.done) iterations, bound \(steps.best)")
            // A close call gets a second look: the knapsack phase, still falling where the first
            // has nearly converged, goes on for a third of what is left before the choice.
            if steps.best >= best && steps.best < best + Self.closeCall * max(1, abs(best)) {
                let second = clock.now + (deadline - clock.now) / 3
                _ = phase.advance(&steps, lower: lower, deadline: second, iterations: iterations, picks: &none, work: &work)
                Trace.mark("knapsack second probe: \(steps.done) iterations, bound \(steps.best)")
            }
            if steps.best < best {
                _ = phase.advance(&steps, lower: lower, deadline: deadline, iterations: iterations, picks: &none, work: &work)
                Trace.mark("knapsack bound: \(steps.done) iterations, theta \(steps.theta), bound \(steps.best)")
                best = min(best, steps.best)
            } else if let more = linear(relaxation, lower: lower, deadline: deadline, iterations: iterations, patience: Self.patience, affordable: true, resume: first) {
                first = more
                cut = cut || more.shapedByClock
                best = min(best, more.bound)
                // The first phase converged with time to spare: the knapsack phase from its prices.
                if best - lower > 1e-9 * max(1, abs(lower)) {
                    if clock.now >= deadline { cut = true } else {
                        var again = phase.steps(from: first.multipliers)
                        if phase.advance(&again, lower: lower, deadline: deadline, iterations: iterations, picks: &none, work: &work) {
                            Trace.mark("knapsack bound after convergence: \(again.done) iterations, bound \(again.best)")
                            best = min(best, again.best)
                        }
                        cut = cut || again.cutByClock
                    }
                }
            }
            cut = cut || steps.cutByClock
        }
        return Clocked(rounded(best, relaxation), cutByClock: cut)
    }

    /// Earlier steps of the first phase to go on from, if this relaxation is theirs: they are of
    /// the whole week with every required need forced (``Heuristic/minutePrices(work:)``,
    /// ``SearchState/priceSteps``), so a bound of a part, or one that does not force the required
    /// needs, starts afresh. The one rule for the bound and the search's guide (``BudgetTabu``
    /// reckons their cost by it). `needs`: the relaxation's needs (nil: every need).
    func resumable(_ earlier: LinearRun?, needs: [Int]?) -> LinearRun? {
        guard forceRequired, needs.map({ $0.elementsEqual(candidates.catalog.input.needs.indices) }) ?? true else { return nil }
        return earlier
    }

    /// When every objective coefficient is a whole number, so is every plan's worth: the bound
    /// rounded down.
    private func rounded(_ bound: Double, _ relaxation: Relaxation) -> Double {
        let catalog = candidates.catalog
        // With fairness priced the bound is one of value − cost − fairness, which is not whole.
        let integral = relaxation.fairness == 0 && relaxation.entries.allSatisfy { $0.gain == $0.gain.rounded() }
            && relaxation.needs.allSatisfy { catalog.needValue[$0] == catalog.needValue[$0].rounded() }
        return integral ? (bound + 1e-6 * max(1, abs(bound))).rounded(.down) : bound
    }

    /// What a search is guided by (``BudgetTabu``): each person's price of a minute of their budget
    /// (0 where none binds) after `iterations` steps of the first phase — a candidate's gain less
    /// the price of the minutes they would use ranks them — and, after up to `knapsackSteps` steps
    /// of the knapsack phase from those prices, who each person would serve at its best prices.
    /// Where the knapsack bound is tight (GAP types D and E: within 0.1 % of the best known plans)
    /// those picks are nearly a plan: on d20400, after 80 steps from the LP's prices, 351 of 400
    /// jobs were taken by exactly one agent. Also the least bound the steps reached (a search may
    /// stop at it). nil when the deadline comes first (the guide would then depend on the clock)
    /// or the relaxation has no solution. The first phase's few steps (at most 200) halve the step
    /// after 50 without progress, as the tabu search's ranking was measured with. `lower` may be
    /// −∞ (no plan known yet): the steps then aim 2 % below the best bound so far. With
    /// `pricesOfLastStepWhenNone`, when the best bound is the first step's (every price 0), the
    /// prices are the last step's. With `earlier`, the first phase goes on from those steps (of
    /// the same relaxation: ``resumable(_:needs:)``), `iterations` counting them. The knapsack
    /// steps end on `knapsackWork` (``KnapsackPhase/entryCells``), and are not taken at all when
    /// one step could count more than `worstStepWork` (`knapsackWork` unless given).
    func searchGuide(lower: Double, iterations: Int, knapsackSteps: Int, knapsackWork: Int, worstStepWork: Int? = nil,
                     deadline: ContinuousClock.Instant, pricesOfLastStepWhenNone: Bool = false, resuming earlier: LinearRun? = nil) -> SearchGuide? {
        guard ContinuousClock().now < deadline,
              let relaxation = Relaxation(candidates, needs: Array(candidates.catalog.input.needs.indices), forceRequired: forceRequired,
                                          deadline: deadline),
              let first = linear(relaxation, lower: lower, deadline: deadline, iterations: iterations, patience: 50,
                                 resume: resumable(earlier, needs: nil)), first.complete,
              first.bound.isFinite else { return nil }
        func perMinute(_ m: Multipliers) -> [Double] {
            relaxation.minutesCap.indices.map { p in relaxation.minutesCap[p].map { m.minutes[p] / $0 } ?? 0 }
        }
        var prices = perMinute(first.multipliers)
        // The best bound is the first step's (no price at all): the last step's prices.
        if pricesOfLastStepWhenNone && prices.allSatisfy({ $0 == 0 }) { prices = perMinute(first.last) }
        var guide = SearchGuide(prices: prices, bound: rounded(first.bound, relaxation), firstPhase: first)
        guard relaxation.minutesCap.contains(where: { $0 != nil }), first.bound - lower > 1e-9 * max(1, abs(lower)) else { return guide }
        guard knapsackSteps > 0 else { return guide }
        let phase = KnapsackPhase(relaxation)
        // A step could count more than `worstStepWork` (the work allowed unless given): none (the
        // first step, always taken, would take the search's effort with it — on a generated GAP
        // instance of 20 agents and 1,600 jobs one step counted 50 million units, the search was
        // left with less than none and did not run). The prices alone guide it then.
        guard phase.stepWorkAtMost <= worstStepWork ?? knapsackWork else { return guide }
        var steps = phase.steps(from: first.multipliers)
        var picks = [Bool](repeating: false, count: relaxation.entries.count)
        var work = 0
        // The steps end on their work; the clock cuts them at half of the time left (their work
        // is a share of the search's, which takes the time left), so that a slow machine or build
        // still leaves the search its time — the guide then says so. (A quarter until 2026-12-22:
        // with the work counted as then, type E's steps ran to it, and e60 × 900's plan differed
        // from run to run.)
        let clock = ContinuousClock()
        let stepsDeadline = clock.now + (deadline - clock.now) / 2
        guard phase.advance(&steps, lower: lower, deadline: stepsDeadline, iterations: knapsackSteps, picks: &picks,
                            work: &work, workBudget: knapsackWork),
              clock.now < deadline, steps.best.isFinite else { return nil }
        guide.cutByClock = clock.now >= stepsDeadline
        Trace.mark("knapsack guide: \(steps.done) steps, work \(work), bound \(steps.best)\(guide.cutByClock ? ", cut by the clock" : "")")
        guide.knapsackWork = work
        guide.bound = min(guide.bound, rounded(steps.best, relaxation))
        guard steps.done >= (earlier != nil ? Self.resumedGuideSteps : Self.guideSteps) else { return guide }
        guide.knapsack = KnapsackGuide(phase: phase, steps: steps, picked: phase.picked(picks))
        return guide
    }

    /// The knapsack side of a ``SearchGuide``: the picks, and the steps that can go on from there.
    struct KnapsackGuide {
        let phase: KnapsackPhase
        var steps: KnapsackPhase.Steps
        /// need → option → position → the people whose knapsack took it, by gain (highest first).
        var picked: [[[[Int]]]]

        /// `iterations` more steps towards `lower` (a better plan's value than before: the steps
        /// shorten); the picks become those of the least bound among them. `work` grows by theirs.
        /// false (picks unchanged) when the deadline passes.
        mutating func refine(lower: Double, iterations: Int, deadline: ContinuousClock.Instant, work: inout Int) -> Bool {
            var picks = [Bool](repeating: false, count: phase.r.entries.count)
            guard phase.advance(&steps, lower: lower, deadline: deadline, iterations: iterations, picks: &picks, work: &work),
                  ContinuousClock().now < deadline else { return false }
            picked = phase.picked(picks)
            return true
        }
    }

    /// Knapsack steps a guide needs at least (fewer, within the work allowed: the picks are not
    /// used). From the LP's prices the picks improve quickly: on d20400 the jobs taken exactly once
    /// were 199 of 400 at the first step, 234 after 10, 267 after 20 and 351 after 80; 15 steps
    /// already gave the search a better start than the ranking alone.
    static let guideSteps = 10
    /// Knapsack steps a guide needs at least when its first phase went on from the minute prices'
    /// steps (``SearchState/priceSteps``: 500 of them, converged): from those prices a few steps
    /// already give picks the search does well from. On d80 × 1,600, where the guide affords 4,
    /// `auto` at 10 s went from 98,289 to 97,680 (1.30 → 0.67 % above the bound) and seed 1's
    /// from 98,187 to 97,822 (since 2026-12-20, 3 steps at least). 2 since 2026-12-22: with the
    /// steps' work counted as done, the `heuristic` backend's guide on d80 × 1,600 affords 2 (the
    /// first steps are its dearest), and from those picks the plan is the same as from 4
    /// (97,729); without them, 98,373.
    static let resumedGuideSteps = 2

    /// See ``searchGuide(lower:iterations:knapsackSteps:knapsackWork:worstStepWork:deadline:pricesOfLastStepWhenNone:resuming:)``.
    struct SearchGuide {
        var prices: [Double]
        var bound: Double
        /// Where the first phase's steps stopped: a later guide of the same relaxation may go on
        /// from there (``SearchState/priceSteps``).
        var firstPhase: LinearRun
        /// The knapsack steps' picks (nil: no knapsack steps, or fewer than ``LagrangianBound/guideSteps``).
        var knapsack: KnapsackGuide? = nil
        /// What the knapsack steps did: entries priced and cells of their programmes filled.
        var knapsackWork = 0
        /// The clock, not their work, ended the knapsack steps (the picks may differ run to run).
        var cutByClock = false
    }

    /// The first phase: every rule that ties needs together priced linearly, subgradient steps
    /// until `iterations`, convergence or the deadline. The least bound seen and its prices
    /// (`complete`: not cut by the deadline); nil when the relaxation has no solution.
    /// - Parameter affordable: whether the patience may shrink to the steps the time affords
    ///   (``fewSteps``) — for the bound only, which the clock already ends; the search's guide
    ///   keeps its fixed patience, so that a seed and a limit give one plan on any machine.
    private func linear(_ relaxation: Relaxation, lower: Double, deadline: ContinuousClock.Instant, iterations: Int, patience: Int,
                        affordable shrinks: Bool = false, resume: LinearRun? = nil) -> LinearRun? {
        let clock = ContinuousClock()
        var multipliers = resume?.last ?? { var m = Multipliers(relaxation); m.spreadFairness(relaxation); return m }()
        var usage = Usage(relaxation)
        var reduced = [Double](repeating: 0, count: relaxation.entries.count)
        var listPrices: [Double] = []
        var best = resume?.bound ?? Double.infinity
        var bestMultipliers = resume?.multipliers ?? multipliers
        var theta = resume?.theta ?? 2.0
        var sinceBest = resume?.sinceBest ?? 0
        let earlier = resume?.steps ?? 0
        var lastIteration = 0
        var complete = true
        var patienceByClock = false
        var started = clock.now
        var patience = patience
        for iteration in 0..<max(0, iterations - earlier) {
            lastIteration = iteration
            // The first is always done (a bound at λ = 0); after it, none that would end past the
            // deadline, by the last one's time. (Until 2026-12-03 the clock was read every eighth
            // step: on a week of 5.3 million columns a step took a second and the bound ended
            // 1.3 s past its deadline, the run 30.02 s at `--time-limit 30`.)
            if iteration > 0 {
                let now = clock.now
                if now + (now - started) >= deadline { complete = false; break }
                if iteration == 1 && shrinks {
                    let affordable = (deadline - now) / (now - started)
                    let shortened = max(30, Int(affordable / 5))
                    // Only where the shorter patience could halve the step size within the steps
                    // counted (each step left may add one to `sinceBest`): a run counted to fewer
                    // ends on its count alike whatever the clock, and is not shaped by it (a bound
                    // of three steps had said `timeLimit` on a loaded machine).
                    let reachable = sinceBest + (iterations - earlier - 1) >= shortened
                    if affordable < Double(Self.fewSteps) && shortened < patience && reachable {
                        patience = shortened
                        patienceByClock = true
                    }
                }
                started = now
                if iteration % 8 == 0 { progress?.emit("bound", objective: lower, bound: best.isFinite ? best : nil) }
            }
            relaxation.reducedGains(multipliers, into: &reduced, prices: &listPrices)
            guard let value = relaxation.solve(reduced, multipliers, candidates, usage: &usage) else { return nil }
            let dual = multipliers.dual(value: value, relaxation)
            if dual < best - 1e-9 { best = dual; bestMultipliers = multipliers; sinceBest = 0 } else {
                sinceBest += 1
                if sinceBest >= patience { theta /= 2; sinceBest = 0 }
            }
            if (lower.isFinite && best - lower <= 1e-9 * max(1, abs(lower))) || theta < 1e-4 { break }
            // Step towards the known plan's value (none known: 2 % below the best bound); none when
            // the relaxed plan is feasible (the bound is tight).
            let target = lower.isFinite ? lower : best - 0.02 * max(1, abs(best))
            guard multipliers.step(theta: theta, dual: dual, lower: target, usage: usage, relaxation) else { break }
        }
        Trace.mark("lagrangian: \(lastIteration) iterations, theta \(theta), bound \(best)")
        return LinearRun(bound: best, multipliers: bestMultipliers, complete: complete, last: multipliers, theta: theta,
                         sinceBest: sinceBest, steps: earlier + (iterations > earlier ? lastIteration + 1 : 0),
                         patienceByClock: patienceByClock)
    }

    /// Where the first phase stopped: its least bound and those prices, and the prices, step size
    /// and patience it would go on from.
    struct LinearRun {
        var bound: Double
        var multipliers: Multipliers
        var complete: Bool
        var last: Multipliers
        var theta: Double
        var sinceBest: Int
        /// Steps taken, over every run so far (all of them count towards the limit).
        var steps: Int
        /// The patience was shortened to the steps the time afforded (``fewSteps``).
        var patienceByClock = false
        /// Whether the clock ended these steps or set their patience.
        var shapedByClock: Bool { !complete || patienceByClock }
    }
}

extension LagrangianBound {
    struct Entry {
        var person: Int32
        var gain: Double
        var load: Double
        /// The cliques the entry is in: its list in ``Relaxation/overlapStart``.
        var overlaps: Int32
    }

    struct Slot {
        var count: Int
        var entries: Range<Int>
    }

    struct OptionModel {
        var slots: Range<Int>
        /// The entries that may lead the order (the pin's lead for a pin), each with its capped
        /// organization (−1: none, or one whose cap cannot bind).
        var leads: [(entry: Int32, organization: Int32)] = []
    }

    /// The relaxed problem: every (option, position, person) flattened with its gain, load and
    /// cliques, and the budgets and order caps that can bind (scaled to a right-hand side of 1).
    struct Relaxation {
        let needs: [Int]
        var entries: [Entry] = []
        var slots: [Slot] = []
        var options: [[OptionModel]] = []
        /// Each person's distinct lists of cliques (one list for all of a person's entries at one
        /// time: district tight seed 1, 65,659 lists for 456,536 entries), person p's being
        /// `personOverlaps[p]..<personOverlaps[p + 1]`, list l's cliques
        /// `overlapCliques[overlapStart[l]..<overlapStart[l + 1]]`. Pricing sums each list once,
        /// not once an entry.
        var personOverlaps: [Int] = [0]
        var overlapStart: [Int32] = [0]
        var overlapCliques: [Int32] = []
        var cliqueCount = 0
        var minutesCap: [Double?] = []
        var countCap: [Double?] = []
        var orderCap: [Double?] = []
        var anyOrderCap = false
        /// People whose cap is 0: every entry of theirs (count), or every one that takes minutes.
        var barred: [Barred] = []
        enum Barred { case none, loaded, all }
        /// Entries no plan that serves the forced needs can use (``committed(_:)``).
        var excluded: [Bool] = []
        let needValue: [Double]
        let forced: [Bool]
        /// The fairness weight a minute of the largest load (`weights.fairness` / 60; 0: none).
        /// With a weight, each person's minutes are priced μ_p ≥ 0, Σ μ_p = this: for any plan
        /// Σ μ_p · minutes_p ≤ this × its largest load, so value − cost − Σ μ_p · minutes_p bounds
        /// value − cost − fairness (the largest load's own term cancels).
        let fairness: Double

        /// nil when the deadline passes while it is set up. Accepted orders are always served;
        /// `required` needs too with `forceRequired`.
        init?(_ candidates: Candidates, needs: [Int], forceRequired: Bool = true, deadline: ContinuousClock.Instant) {
            let catalog = candidates.catalog
            let input = catalog.input
            self.needs = needs
            needValue = needs.map { catalog.needValue[$0] }
            forced = needs.map { (forceRequired && input.needs[$0].required) || (candidates.options[$0].first?.pinned ?? false) }
            fairness = max(0, input.weights.fairness) / 60
            var intervals = Array(repeating: [IntervalCliques.Interval](), count: input.people.count)
            var loads = Array(repeating: [Int](), count: input.people.count)
            guard flatten(candidates, deadline: deadline, intervals: &intervals, loads: &loads),
                  sweepCliques(intervals, deadline: deadline) else { return nil }
            capsThatCanBind(candidates, loads: loads)
        }

        /// 1. Flatten every (option, position, person) with its gain, load and (for timed
        /// options) its interval.
        private mutating func flatten(_ candidates: Candidates, deadline: ContinuousClock.Instant,
                                      intervals: inout [[IntervalCliques.Interval]], loads: inout [[Int]]) -> Bool {
            let catalog = candidates.catalog
            let input = catalog.input
            let clock = ContinuousClock()
            let commitments = committed(candidates)
            for (index, n) in needs.enumerated() {
                if index % 512 == 511, clock.now >= deadline { return false }
                var models: [OptionModel] = []
                var needLoad: [Int: Double] = [:]
                for option in candidates.options[n] {
                    let first = slots.count
                    for (k, members) in option.candidates.enumerated() {
                        let e0 = entries.count
                        for p in members {
                            let gain = catalog.gain(need: n, option: option, person: p)
                            let load = Double(catalog.load(need: n, person: p))
                            if let d = option.day, let s = option.start, let e = option.end {
                                intervals[p].append(IntervalCliques.Interval(day: d, start: s, end: e, id: entries.count))
                            }
                            entries.append(Entry(person: Int32(p), gain: gain, load: load, overlaps: 0))
                            excluded.append(!forced[index] && !commitments.leaves(room: Int(load), person: p, input: input))
                            needLoad[p] = max(needLoad[p] ?? 0, load)
                        }
                        slots.append(Slot(count: option.pinned ? members.count : input.needs[n].team[k].count, entries: e0..<entries.count))
                    }
                    // Who may lead: the pin's lead, or anyone who may lead from their position.
                    var leadEntries: [(entry: Int32, organization: Int32)] = []
                    let pinLead = option.pinned ? catalog.leadPerson(option.candidates, lead: nil) : nil
                    let places = catalog.leadPlaces(option.candidates)
                    for (k, members) in option.candidates.enumerated() {
                        let e0 = slots[first + k].entries.lowerBound
                        for (i, p) in members.enumerated() where option.pinned ? p == pinLead : catalog.mayLead(person: p, position: k, in: places) {
                            let g = catalog.organization(of: p).flatMap { catalog.capped[$0] ? $0 : nil } ?? -1
                            leadEntries.append((Int32(e0 + i), Int32(g)))
                        }
                    }
                    models.append(OptionModel(slots: first..<slots.count, leads: leadEntries))
                }
                for (p, l) in needLoad { loads[p].append(Int(l)) }
                options.append(models)
            }
            return true
        }

        /// What the forced needs take of people's budgets in every plan that serves them: a
        /// position whose candidates, over all of its need's options, are just as many as it asks
        /// for takes every one of them (a position's members are distinct), for their load of that
        /// need. Such a person serves another need only where its load fits in their minute budget
        /// beside those loads, and their assignment cap beside those needs. (An independent week:
        /// a required need's only qualified volunteer, 127 minutes a week, was also the only one
        /// for a critical need of 120; the bound served both, 5.6 % above the plan.)
        struct Commitments {
            var minutes: [Int: Int] = [:]
            var needs: [Int: Int] = [:]
            /// Whether `person` can take `load` more minutes and one more need.
            func leaves(room load: Int, person p: Int, input: PlanningInput) -> Bool {
                guard let taken = needs[p] else { return true }
                let person = input.people[p]
                if let cap = person.maxAssignments, taken + 1 > cap { return false }
                if let cap = person.maxMinutes, (minutes[p] ?? 0) + load > cap { return false }
                return true
            }
        }

        private func committed(_ candidates: Candidates) -> Commitments {
            let catalog = candidates.catalog
            let input = catalog.input
            var result = Commitments()
            for (index, n) in needs.enumerated() where forced[index] {
                let options = candidates.options[n]
                guard let first = options.first else { continue }
                var people = Set<Int>()
                for k in first.candidates.indices {
                    var pool = Set<Int>()
                    for option in options where k < option.candidates.count { pool.formUnion(option.candidates[k]) }
                    let count = first.pinned ? first.candidates[k].count : input.needs[n].team[k].count
                    if pool.count <= count { people.formUnion(pool) }
                }
                for p in people {
                    result.minutes[p, default: 0] += catalog.load(need: n, person: p)
                    result.needs[p, default: 0] += 1
                }
            }
            return result
        }

        /// 2. Maximal cliques of each person's services (``IntervalCliques``), one multiplier each.
        private mutating func sweepCliques(_ intervals: [[IntervalCliques.Interval]], deadline: ContinuousClock.Instant) -> Bool {
            let clock = ContinuousClock()
            var entryCliques = Array(repeating: [Int32](), count: entries.count)
            for p in intervals.indices where intervals[p].count > 1 {
                if p % 512 == 511, clock.now >= deadline { return false }
                for clique in IntervalCliques.maximal(intervals[p]) {
                    for entry in clique.members { entryCliques[entry].append(Int32(cliqueCount)) }
                    cliqueCount += 1
                }
            }
            var personEntries = Array(repeating: [Int](), count: intervals.count)
            for e in entries.indices { personEntries[Int(entries[e].person)].append(e) }
            var lists: [[Int32]: Int32] = [:]
            for list in personEntries {
                lists.removeAll(keepingCapacity: true)
                for e in list {
                    if let l = lists[entryCliques[e]] { entries[e].overlaps = l; continue }
                    let l = Int32(overlapStart.count - 1)
                    lists[entryCliques[e]] = l
                    overlapCliques.append(contentsOf: entryCliques[e])
                    overlapStart.append(Int32(overlapCliques.count))
                    entries[e].overlaps = l
                }
                personOverlaps.append(overlapStart.count - 1)
            }
            return true
        }

        /// 3. Budgets that can bind — minutes, and the count of needs, which the minutes may limit
        /// more than the assignment cap does (``Catalog/mostNeeds(person:loads:)``) — and
        /// organizations' order caps that can bind (more of these needs could send them an order,
        /// ``Candidates/orderOrganizations``), priced like the budgets at the lead's organization
        /// (``solve(_:_:_:usage:)``).
        private mutating func capsThatCanBind(_ candidates: Candidates, loads: [[Int]]) {
            let catalog = candidates.catalog
            let input = catalog.input
            minutesCap = input.people.indices.map { p in
                input.people[p].maxMinutes.flatMap { $0 < loads[p].reduce(0, +) ? Double($0) : nil }
            }
            countCap = input.people.indices.map { p in catalog.mostNeeds(person: p, loads: loads[p]).map(Double.init) }
            // A cap of 0 cannot be scaled to 1: what it forbids is left out of the relaxation instead.
            barred = input.people.indices.map { p in
                countCap[p] == 0 ? .all : (minutesCap[p] == 0 ? .loaded : .none)
            }
            for p in input.people.indices where barred[p] != .none { minutesCap[p] = nil; countCap[p] = nil }
            var possibleOrders = Array(repeating: 0, count: input.organizations.count)
            for n in needs { for g in candidates.orderOrganizations[n] { possibleOrders[g] += 1 } }
            orderCap = input.organizations.indices.map { g in
                input.organizations[g].maxOrders.flatMap { $0 < possibleOrders[g] ? Double(max($0, 0)) : nil }
            }
            anyOrderCap = orderCap.contains { $0 != nil }
        }

        /// Whether entry `e` is left out (its person's count cap, or minute cap, is 0; or the
        /// forced needs' commitments leave no room for it).
        func isBarred(_ e: Int) -> Bool {
            let p = Int(entries[e].person)
            return excluded[e] || barred[p] == .all || (barred[p] == .loaded && entries[e].load > 0)
        }

        /// Where list `l`'s cliques are in ``overlapCliques``.
        func cliques(ofList l: Int) -> Range<Int> { Int(overlapStart[l])..<Int(overlapStart[l + 1]) }

        /// Each list of cliques' prices summed (in the list's order), into `prices` (one a list).
        func overlapPrices(_ m: Multipliers, people: Range<Int>, into prices: inout [Double]) {
            for l in personOverlaps[people.lowerBound]..<personOverlaps[people.upperBound] {
                var c = 0.0
                for j in cliques(ofList: l) { c += m.clique[Int(overlapCliques[j])] }
                prices[l] = c
            }
        }

        /// Each entry's gain less the prices of the rules it uses; `prices` holds each list of
        /// cliques' prices (the caller's buffer, reused from step to step).
        func reducedGains(_ m: Multipliers, into reduced: inout [Double], prices: inout [Double]) {
            if prices.count != overlapStart.count - 1 { prices = [Double](repeating: 0, count: overlapStart.count - 1) }
            overlapPrices(m, people: 0..<(personOverlaps.count - 1), into: &prices)
            for e in entries.indices {
                let en = entries[e]
                let p = Int(en.person)
                if isBarred(e) { reduced[e] = -.infinity; continue }
                var c = prices[Int(en.overlaps)]
                if let cap = minutesCap[p] { c += m.minutes[p] * en.load / cap }
                if let cap = countCap[p] { c += m.count[p] / cap }
                if fairness > 0 { c += m.fair[p] * en.load }
                reduced[e] = en.gain - c
            }
        }

        /// The relaxed problem at these prices: each need its best option, each position its best
        /// entries; the value and what the choice uses. nil when a forced need has no option.
        func solve(_ reduced: [Double], _ m: Multipliers, _ candidates: Candidates, usage: inout Usage) -> Double? {
            var value = 0.0
            usage.reset()
            var scratch: [Int] = []
            var ends: [Int] = []
            // Whether an entry is on the team being priced (set and cleared per option).
            var onTeam = [Bool](repeating: false, count: entries.count)
            for index in needs.indices {
                var bestValue = forced[index] ? -Double.infinity : 0
                var bestPick: [Int] = []
                var bestOrg = -1
                for model in options[index] {
                    var v = needValue[index]
                    scratch.removeAll(keepingCapacity: true)
                    ends.removeAll(keepingCapacity: true)
                    for s in model.slots {
                        let slot = slots[s]
                        // The `count` best entries of the slot (a scan when one is needed).
                        if slot.count == 1 {
                            var bestEntry = -1
                            var bestReduced = -Double.infinity
                            for e in slot.entries where reduced[e] > bestReduced { bestReduced = reduced[e]; bestEntry = e }
                            if bestEntry >= 0 { v += bestReduced; scratch.append(bestEntry) } else { v = -.infinity }
                        } else if slot.count > 1 {
                            // The `count` best by insertion into the tail of `scratch` (best first; an
                            // earlier entry stays ahead of an equal later one): no sort, no allocation.
                            // (A position of none — a pin's, listing no one there — takes nothing.)
                            let first = scratch.count
                            for e in slot.entries {
                                let g = reduced[e]
                                let filled = scratch.count - first
                                if filled == slot.count && !(g > reduced[scratch[scratch.count - 1]]) { continue }
                                if filled < slot.count { scratch.append(e) } else { scratch[scratch.count - 1] = e }
                                var i = scratch.count - 1
                                while i > first && g > reduced[scratch[i - 1]] { scratch.swapAt(i, i - 1); i -= 1 }
                            }
                            for e in scratch[first...] { v += reduced[e] }
                        }
                        ends.append(scratch.count)
                    }
                    // The order goes to the lead's organization and pays its price: the best lead,
                    // a member of the team or brought in for the position's weakest member (a cap
                    // of 0 forbids leading; with no lead allowed, no option).
                    var org = -1
                    if anyOrderCap && model.leads.contains(where: { $0.organization >= 0 && orderCap[Int($0.organization)] != nil }) && v > -.infinity {
                        for e in scratch { onTeam[e] = true }
                        var bestAdjust = -Double.infinity, bestLead = -1, bestOut = -1, bestLeadOrg = -1
                        for lead in model.leads {
                            let g = Int(lead.organization)
                            let cap = g >= 0 ? orderCap[g] : nil
                            let price = cap.map { $0 > 0 ? m.orders[g] / $0 : .infinity } ?? 0
                            guard price.isFinite else { continue }
                            let e = Int(lead.entry)
                            guard let k = model.slots.firstIndex(where: { slots[$0].entries.contains(e) }).map({ $0 - model.slots.lowerBound }) else { continue }
                            let start = k == 0 ? 0 : ends[k - 1], end = ends[k]
                            var adjust = -price, out = -1
                            if !onTeam[e] {
                                guard end > start, reduced[e] > -.infinity else { continue }
                                out = end - 1   // the weakest of the position's chosen entries
                                adjust += reduced[e] - reduced[scratch[out]]
                            }
                            if adjust > bestAdjust { bestAdjust = adjust; bestLead = e; bestOut = out; bestLeadOrg = cap == nil ? -1 : g }
                        }
                        for e in scratch { onTeam[e] = false }
                        guard bestAdjust > -.infinity else { continue }
                        v += bestAdjust
                        if bestOut >= 0 { scratch[bestOut] = bestLead }
                        org = bestLeadOrg
                    }
                    if v > bestValue { bestValue = v; bestPick = scratch; bestOrg = org }
                }
                if bestValue == -Double.infinity { return nil }
                value += bestValue
                if bestOrg >= 0 && !bestPick.isEmpty { usage.orders[bestOrg] += 1 }
                for e in bestPick {
                    let en = entries[e]
                    for j in cliques(ofList: Int(en.overlaps)) { usage.clique[Int(overlapCliques[j])] += 1 }
                    usage.minutes[Int(en.person)] += en.load
                    usage.count[Int(en.person)] += 1
                }
            }
            return value
        }
    }

    /// One number per priced rule — per clique, per person's minutes and count, per
    /// organization's orders: what the relaxed plan uses of each (``Usage``), or each one's price
    /// (``Multipliers``: λ, μ, ν, ρ ≥ 0).
    struct PerRule {
        var clique: [Double], minutes: [Double], count: [Double], orders: [Double]
        /// Each person's price a minute for fairness (μ, Σ = ``Relaxation/fairness``; unused in
        /// ``Usage``, whose `minutes` count every person's).
        var fair: [Double]
        init(_ r: Relaxation) {
            clique = Array(repeating: 0, count: r.cliqueCount)
            minutes = Array(repeating: 0, count: r.minutesCap.count); count = minutes
            orders = Array(repeating: 0, count: r.orderCap.count)
            fair = r.fairness > 0 ? minutes : []
        }
        mutating func reset() {
            for i in clique.indices { clique[i] = 0 }
            for i in minutes.indices { minutes[i] = 0; count[i] = 0 }
            for g in orders.indices { orders[g] = 0 }
        }
    }
    typealias Usage = PerRule
    typealias Multipliers = PerRule
}

extension LagrangianBound.PerRule {
    /// The Lagrangian dual: the relaxed value plus the prices (each rule's right-hand side is 1).
    func dual(value: Double, _ r: LagrangianBound.Relaxation) -> Double {
        var total = value
        for c in 0..<r.cliqueCount { total += clique[c] }
        for p in minutes.indices {
            if r.minutesCap[p] != nil { total += minutes[p] }
            if r.countCap[p] != nil { total += count[p] }
        }
        for g in orders.indices where r.orderCap[g] != nil { total += orders[g] }
        return total
    }

    /// A projected subgradient step g = capacity − usage towards the known plan's value
    /// (Polyak); false when no price can move (the relaxed plan keeps every priced rule).
    mutating func step(theta: Double, dual: Double, lower: Double, usage: LagrangianBound.Usage, _ r: LagrangianBound.Relaxation) -> Bool {
        let norm = squaredSlack(usage: usage, r, budgets: true)
        guard norm > 0 else { return false }
        let step = theta * max(dual - lower, 1e-6 * max(1, abs(dual))) / norm
        move(step: step, usage: usage, r, budgets: true)
        shiftFairness(theta: theta, usage: usage, r)
        return true
    }

    /// The first prices of fairness: its weight spread evenly over everyone with an entry.
    mutating func spreadFairness(_ r: LagrangianBound.Relaxation) {
        guard r.fairness > 0 else { return }
        var some = [Bool](repeating: false, count: fair.count)
        for en in r.entries { some[Int(en.person)] = true }
        let k = some.reduce(0) { $0 + ($1 ? 1 : 0) }
        guard k > 0 else { return }
        for p in fair.indices { fair[p] = some[p] ? r.fairness / Double(k) : 0 }
    }

    /// An exponentiated-gradient step on the fairness prices (which stay on their simplex, so
    /// every iterate is a bound): towards the people the relaxed plan loads most.
    mutating func shiftFairness(theta: Double, usage: LagrangianBound.Usage, _ r: LagrangianBound.Relaxation) {
        guard r.fairness > 0, let peak = usage.minutes.max(), peak > 0 else { return }
        var total = 0.0
        for p in fair.indices where fair[p] > 0 {
            fair[p] *= exp(min(1, theta) * (usage.minutes[p] / peak - 1))
            total += fair[p]
        }
        guard total > 0, total.isFinite else { return }
        for p in fair.indices { fair[p] *= r.fairness / total }
    }

    /// The squared norm of the projected subgradient (each rule's slack 1 − usage, left out where
    /// the price is 0 and the rule slack); minute budgets only when `budgets`.
    func squaredSlack(usage: LagrangianBound.Usage, _ r: LagrangianBound.Relaxation, budgets: Bool = false) -> Double {
        var norm = 0.0
        for c in 0..<r.cliqueCount {
            let g = 1 - usage.clique[c]
            if !(clique[c] == 0 && g > 0) { norm += g * g }
        }
        for p in minutes.indices {
            if budgets, let cap = r.minutesCap[p] { let g = 1 - usage.minutes[p] / cap; if !(minutes[p] == 0 && g > 0) { norm += g * g } }
            if let cap = r.countCap[p] { let g = 1 - usage.count[p] / cap; if !(count[p] == 0 && g > 0) { norm += g * g } }
        }
        for (i, c) in r.orderCap.enumerated() {
            if let c, c > 0 { let g = 1 - usage.orders[i] / c; if !(orders[i] == 0 && g > 0) { norm += g * g } }
        }
        return norm
    }

    /// Moves every price by `step` against its slack, kept ≥ 0; minute budgets only when `budgets`.
    mutating func move(step: Double, usage: LagrangianBound.Usage, _ r: LagrangianBound.Relaxation, budgets: Bool = false) {
        for c in 0..<r.cliqueCount { clique[c] = max(0, clique[c] - step * (1 - usage.clique[c])) }
        for p in minutes.indices {
            if budgets, let cap = r.minutesCap[p] { minutes[p] = max(0, minutes[p] - step * (1 - usage.minutes[p] / cap)) }
            if let cap = r.countCap[p] { count[p] = max(0, count[p] - step * (1 - usage.count[p] / cap)) }
        }
        for (i, c) in r.orderCap.enumerated() { if let c, c > 0 { orders[i] = max(0, orders[i] - step * (1 - usage.orders[i] / c)) } }
    }
}
