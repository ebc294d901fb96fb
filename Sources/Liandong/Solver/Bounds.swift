/// A result and whether the clock shaped it: a phase that ended on the clock, or sized itself by
/// the time it had, may give another result on another run, and the plan then says
/// `termination: timeLimit` (the same input, seed, backend and limit give byte-identical output
/// unless it does).
struct Clocked<Value> {
    var value: Value
    var cutByClock: Bool
    init(_ value: Value, cutByClock: Bool) {
        self.value = value
        self.cutByClock = cutByClock
    }
}

/// Upper bounds for plans that no exact solve has proven: the least of the Lagrangian bound
/// and, for small models, the LP relaxation's.
struct Bounds {
    let candidates: Candidates
    let settings: SolverSettings
    var progress: ProgressSink? = nil
    /// Whether the plan being bounded serves every `required` need (``LagrangianBound/forceRequired``);
    /// if not, no LP relaxation (its model serves them all) and a Lagrangian bound for every plan.
    var forceRequired = true
    /// The whole week's LP relaxation bound when it is already known (the `heuristic` backend
    /// solves it before its search on a small week): not solved again.
    var knownLP: Double? = nil
    /// Steps of the Lagrangian bound's first phase already taken (``LagrangianBound/resume``).
    var resume: LagrangianBound.LinearRun? = nil

    /// Models up to this many non-zeros also get the LP relaxation (GLPK's simplex).
    static let lpNonzeros = 150_000

    /// The bound of a plan of the whole week: for plans serving every required need when this one
    /// does, else for every plan, at every start — where the starts were thinned out
    /// (``Candidates/startsThinned``), that of a coarser week (``everyStartBound(of:deadline:)``).
    func bound(of state: SearchState, deadline: ContinuousClock.Instant) -> Clocked<Double?> {
        if candidates.startsThinned { return everyStartBound(of: state, deadline: deadline) }
        var bounds = self
        bounds.forceRequired = state.servesEveryRequired()
        bounds.resume = state.priceSteps
        return bounds.bound(needs: nil, lower: state.objective, deadline: deadline)
    }

    /// A bound for every start of a week whose starts were thinned out: the same relaxations of
    /// a coarser week whose plans include every plan of this one (``Candidates/coarsened(step:entryBudget:deadline:)``),
    /// its slots as long as the widest start step kept — or twice or four times that, when the
    /// coarse week would itself be thinned within half of the model's size budget (the week's own
    /// model is still held). nil when the time is gone or every coarse week is too large. (Until
    /// 2026-12-14 such a week reported the sum of its servable needs' values: district plain seed
    /// 3 in 5-minute slots, 2.85 % at 60 s, its last 36 s unused; now 0.33 %.)
    private func everyStartBound(of state: SearchState, deadline: ContinuousClock.Instant) -> Clocked<Double?> {
        let widest = max(1, candidates.startStep.max() ?? 1)
        var found: Candidates? = nil
        for k in [widest, 2 * widest, 4 * widest] where found == nil && ContinuousClock().now < deadline {
            let coarse = candidates.coarsened(step: k, entryBudget: settings.entryBudget / 2, deadline: deadline)
            Trace.mark("coarse week: slots of \(coarse.catalog.input.horizon.slotMinutes) minutes, \(coarse.columnCount(needs: nil)) columns\(coarse.startsThinned ? ", thinned" : "")")
            if !coarse.startsThinned { found = coarse }
        }
        guard let coarse = found else { return Clocked(nil, cutByClock: ContinuousClock().now >= deadline) }
        var bounds = Bounds(candidates: coarse, settings: settings, progress: progress)
        bounds.forceRequired = state.servesEveryRequired()
        let bound = bounds.bound(needs: nil, lower: state.objective, deadline: deadline)
        Trace.mark("bound for every start: \(bound.value.map { String($0) } ?? "none")")
        return bound
    }

    func bound(needs: [Int]?, lower: Double, deadline: ContinuousClock.Instant) -> Clocked<Double?> {
        // No time left: no relaxation could end a step (its set-up alone takes a quarter of a second
        // on a 4,000-need week); the caller falls back to the bound that needs no solver.
        let clock = ContinuousClock()
        // A known LP bound of the whole week (it holds for plans serving every required need).
        let known = forceRequired && needs == nil ? knownLP : nil
        guard clock.now < deadline else { return Clocked(known, cutByClock: true) }
        // Where it is affordable, the LP relaxation first, by the primal simplex, in at most half of
        // the time. After the Lagrangian bound (which took the time to the deadline) and by the dual
        // simplex, it seldom ended: on independent weeks of 150 people (26,000 columns) the bound
        // stayed at the Lagrangian's, 0.2 % above the LP's; GLPK's primal simplex solves that LP
        // in 2.8 s, its dual in 17.5 s.
        var lp = known
        var lpCut = false
        if lp == nil, forceRequired, candidates.columnCount(needs: needs) * 4 <= Self.lpNonzeros {
            let lpDeadline = clock.now + (deadline - clock.now) * 0.5
            lp = GLPKBackend(candidates: candidates, settings: settings).relaxationBound(needs: needs, deadline: lpDeadline, primal: true)
            lpCut = lp == nil && clock.now >= lpDeadline
        }
        // An LP that proves the plan leaves the Lagrangian bound nothing to add (it would run on to
        // its deadline where it cannot reach the plan's value itself).
        if let lp, lp <= lower + ObjectiveGrid.proofSlack(objective: lower, resolution: candidates.catalog.objectiveResolution) {
            Trace.mark("LP bound \(lp) proves the plan")
            return Clocked(lp, cutByClock: false)
        }
        var relaxation = LagrangianBound(candidates: candidates)
        relaxation.progress = progress
        relaxation.forceRequired = forceRequired
        relaxation.resume = resume
        let lagrangian = relaxation.bound(needs: needs, lower: lower, deadline: deadline)
        Trace.mark("lagrangian bound: \(lagrangian.value.map { String($0) } ?? "none"), LP \(lp.map { String($0) } ?? "none")")
        let cut = lpCut || lagrangian.cutByClock
        guard let lp else { return Clocked(lagrangian.value, cutByClock: cut) }
        return Clocked(min(lagrangian.value ?? lp, lp), cutByClock: cut)
    }
}
