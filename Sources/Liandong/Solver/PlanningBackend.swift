/// One way of solving a prepared week: every backend returns the same thing — which option and
/// people each served need takes (``Solution``) and how the solve went (``SolveReport``: a bound
/// on the objective it optimised, the termination, the model's size, warnings). What is done with
/// it is the same for all: the engine keeps the better of it and the pinned-only plan, builds the
/// plan (where the proof is decided, once) and passes it through the ``PlanGate``.
protocol PlanningBackend {
    func solve() throws(EngineError) -> (Solution, SolveReport)
}

/// `heuristic`: the search (70 % of the time), then an honest bound — the Lagrangian one and the
/// LP relaxation's when the model is small.
struct HeuristicBackend: PlanningBackend {
    let candidates: Candidates
    let settings: SolverSettings
    let deadline: ContinuousClock.Instant
    var progress: ProgressSink? = nil
    /// How long the construction may run for the required needs (``Heuristic/requiredDeadline``;
    /// nil: the deadline).
    var requiredDeadline: ContinuousClock.Instant? = nil

    /// Weeks of up to this many columns get the LP relaxation's bound before the search, which
    /// then stops when its plan meets it (``Heuristic/target``). A random week of 6 people and 5
    /// needs searched for 1 s at the default limit (15 s in a debug build) after its first plan
    /// was already worth the LP's 5 ms bound; community weeks (about 1,400 columns) solve that LP
    /// in 30 ms.
    static let targetColumns = 5_000

    /// The LP relaxation's bound of a small week (``targetColumns``) before a search, which stops
    /// when its plan meets it (the bound holds for plans serving every required need, which
    /// ``Heuristic/meetsTarget(_:)`` asks too), in at most a tenth of the time left — not when that
    /// tenth is short of the LP's cost, about 20 µs a column with its model (the demo week at
    /// `--time-limit 0.2`, on a busy machine: the LP took 37 ms, the search's whole share, and the
    /// plan was the construction's). `cut`: the clock ended the LP first (a run that searches on
    /// without the bound may differ from one with it, and says so).
    static func earlyBound(_ candidates: Candidates, settings: SolverSettings,
                           deadline: ContinuousClock.Instant) -> (bound: Double?, cut: Bool, plan: RelaxedPlan?) {
        let clock = ContinuousClock()
        let columns = candidates.columnCount(needs: nil)
        guard !candidates.startsThinned, columns <= targetColumns,
              (deadline - clock.now) * 0.1 >= .seconds(Double(columns) * 20e-6) else { return (nil, false, nil) }
        let lpDeadline = clock.now + (deadline - clock.now) * 0.1
        let relaxation = GLPKBackend(candidates: candidates, settings: settings).relaxation(deadline: lpDeadline, primal: true)
        let bound = relaxation?.bound
        Trace.mark("LP bound before the search: \(bound.map { String($0) } ?? "none")")
        return (bound, bound == nil && clock.now >= lpDeadline, relaxation?.plan)
    }

    /// The search this backend runs, until `searchDeadline` (70 % of the time; the bounds have
    /// the rest).
    func searcher(until searchDeadline: ContinuousClock.Instant) -> Heuristic {
        var heuristic = Heuristic(candidates: candidates, seed: settings.seed, deadline: searchDeadline)
        heuristic.constructionDeadline = deadline
        heuristic.requiredDeadline = requiredDeadline
        heuristic.solveDeadline = deadline
        heuristic.timeLimit = settings.timeLimitSeconds * 0.7
        heuristic.progress = progress
        // Where the construction staffs by minute prices, the budget tabu search after the search
        // gets the most of its time (``Heuristic/pricedSearchShare``).
        heuristic.pricedShare = Heuristic.pricedSearchShare
        return heuristic
    }

    func solve() -> (Solution, SolveReport) {
        let clock = ContinuousClock()
        var heuristic = searcher(until: clock.now + (deadline - clock.now) * 0.7)
        let (target, lpCut, relaxed) = Self.earlyBound(candidates, settings: settings, deadline: deadline)
        heuristic.target = target
        heuristic.guide = relaxed
        var state = heuristic.search()
        state.cutByClock = state.cutByClock || lpCut
        Trace.mark("heuristic done")
        var bounds = Bounds(candidates: candidates, settings: settings, progress: progress)
        bounds.knownLP = heuristic.target
        // The bound takes the time left: where the clock ends it, the plan is the same on another
        // run but its bound may not be, and the output says so (``Clocked``).
        let bounded = bounds.bound(of: state, deadline: deadline)
        let bound = state.leastBound(bounded.value)
        let clockCut = Set.cut(plan: state.cutByClock, bound: bounded.cutByClock)
        var report = SolveReport(backend: .heuristic, termination: clockCut.isEmpty ? .heuristic : .timeLimit,
                                 bound: bound, variables: 0, constraints: 0, proven: false)
        report.clockCut = clockCut
        return (state.solution, report)
    }
}

/// `glpk`: GLPK's branch-and-cut on the whole program as one model, when GLPK can start on it
/// within the limit (else the heuristic backend's plan, with a warning) — `auto`'s steps with the
/// whole week one part, whatever its size: a brief search's plan as GLPK's first incumbent, GLPK's
/// plan when it is no worse, the budget tabu search and GLPK again where budgets bind and GLPK did
/// not prove the plan, the lower of GLPK's and the Lagrangian bound; fairness as a tie-breaker.
///
/// Until 2026-12-06 GLPK started from nothing and its first plans came late; where it found none,
/// the heuristic searched only in what GLPK left: GAP C/D/E at 10 s were 10.6 % above the best
/// known on average (c10200 65 %), and generated GAP instances of 1,600 jobs left required jobs
/// out (`infeasible`) where the search serves them all.
struct ExactBackend: PlanningBackend {
    let candidates: Candidates
    let settings: SolverSettings
    let deadline: ContinuousClock.Instant
    var progress: ProgressSink? = nil
    /// How long the construction may run for the required needs (``Heuristic/requiredDeadline``;
    /// nil: the deadline).
    var requiredDeadline: ContinuousClock.Instant? = nil

    func solve() throws(EngineError) -> (Solution, SolveReport) {
        let entryBudget = Int(min(1e12, Double(GLPKBackend.entriesPerSecond) * settings.timeLimitSeconds))
        // Every column has at least two non-zeros: a model known to be too large before it is built
        // goes to the heuristic backend, whose search then has the time GLPK could not use.
        if 2 * candidates.columnCount(needs: nil) > entryBudget {
            var (solution, report) = HeuristicBackend(candidates: candidates, settings: settings, deadline: deadline, progress: progress,
                                                      requiredDeadline: requiredDeadline).solve()
            report.termination = .timeLimit
            report.warnings.append(GLPKBackend.tooLargeWarning(settings))
            return (solution, report)
        }
        var whole = AutoBackend(candidates: candidates, settings: settings, deadline: deadline, progress: progress,
                                requiredDeadline: requiredDeadline)
        whole.whole = true
        whole.entryBudget = entryBudget
        return try whole.solve()
    }
}

extension AutoBackend: PlanningBackend {}
