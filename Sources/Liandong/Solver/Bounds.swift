/// Upper bounds for plans that no exact solve has proven: the least of the Lagrangian bound
/// and, for small models, the LP relaxation's.
struct Bounds {
    let candidates: Candidates
    let settings: SolverSettings
    var progress: ProgressSink? = nil
    /// Whether the plan being bounded serves every `required` need (``LagrangianBound/forceRequired``);
    /// if not, no LP relaxation (its model serves them all) and a Lagrangian bound for every plan.
    var forceRequired = true

    /// Models up to this many non-zeros also get the LP relaxation (GLPK's simplex).
    static let lpNonzeros = 150_000

    /// The bound of a plan of the whole week: for plans serving every required need when this one
    /// does, else for every plan; none when the starts were thinned (the plan then reports the
    /// bound for every start: ``Candidates/startsThinned``).
    func bound(of state: SearchState, deadline: ContinuousClock.Instant) -> Double? {
        guard !candidates.startsThinned else { return nil }
        var bounds = self
        bounds.forceRequired = state.servesEveryRequired()
        return bounds.bound(needs: nil, lower: state.objective, deadline: deadline)
    }

    func bound(needs: [Int]?, lower: Double, deadline: ContinuousClock.Instant) -> Double? {
        // No time left: no relaxation could end a step (its set-up alone takes a quarter of a second
        // on a 4,000-need week); the caller falls back to the bound that needs no solver.
        let clock = ContinuousClock()
        guard clock.now < deadline else { return nil }
        // Where it is affordable, the LP relaxation first, by the primal simplex, in at most half of
        // the time. After the Lagrangian bound (which took the time to the deadline) and by the dual
        // simplex, it seldom ended: on independent weeks of 150 people (26,000 columns) the bound
        // stayed at the Lagrangian's, 0.2 % above the LP's; GLPK's primal simplex solves that LP
        // in 2.8 s, its dual in 17.5 s.
        var lp: Double? = nil
        if forceRequired, candidates.columnCount(needs: needs) * 4 <= Self.lpNonzeros {
            lp = GLPKBackend(candidates: candidates, settings: settings)
                .relaxationBound(needs: needs, deadline: clock.now + (deadline - clock.now) * 0.5, primal: true)
        }
        // An LP that proves the plan leaves the Lagrangian bound nothing to add (it would run on to
        // its deadline where it cannot reach the plan's value itself).
        if let lp, lp <= lower + ObjectiveGrid.proofSlack(objective: lower, resolution: candidates.catalog.objectiveResolution) {
            Trace.mark("LP bound \(lp) proves the plan")
            return lp
        }
        var relaxation = LagrangianBound(candidates: candidates)
        relaxation.progress = progress
        relaxation.forceRequired = forceRequired
        let lagrangian = relaxation.bound(needs: needs, lower: lower, deadline: deadline)
        Trace.mark("lagrangian bound: \(lagrangian.map { String($0) } ?? "none"), LP \(lp.map { String($0) } ?? "none")")
        guard let lp else { return lagrangian }
        return min(lagrangian ?? lp, lp)
    }
}
