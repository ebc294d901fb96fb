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

    func solve() -> (Solution, SolveReport) {
        let searchDeadline = ContinuousClock().now + (deadline - ContinuousClock().now) * 0.7
        var heuristic = Heuristic(candidates: candidates, seed: settings.seed, deadline: searchDeadline)
        heuristic.constructionDeadline = deadline
        heuristic.solveDeadline = deadline
        heuristic.timeLimit = settings.timeLimitSeconds * 0.7
        heuristic.progress = progress
        let state = heuristic.search()
        Trace.mark("heuristic done")
        let bound = Bounds(candidates: candidates, settings: settings, progress: progress).bound(of: state, deadline: deadline)
        return (state.solution, SolveReport(backend: .heuristic, termination: state.cutByClock ? .timeLimit : .heuristic,
                                            bound: bound, variables: 0, constraints: 0, proven: false))
    }
}

/// `glpk`: GLPK's branch-and-cut on the whole program, when GLPK can start on it within the limit
/// (else the heuristic's plan with a warning); the heuristic's plan with GLPK's bound when GLPK
/// finds no integer plan in time; fairness as a tie-breaker afterwards.
struct ExactBackend: PlanningBackend {
    let candidates: Candidates
    let settings: SolverSettings
    let deadline: ContinuousClock.Instant
    var progress: ProgressSink? = nil

    func solve() throws(EngineError) -> (Solution, SolveReport) {
        var exact = GLPKBackend(candidates: candidates, settings: settings)
        exact.progress = progress
        exact.entryBudget = Int(min(1e12, Double(GLPKBackend.entriesPerSecond) * settings.timeLimitSeconds))
        let r = try exact.solve(deadline: deadline)
        if r.tooLarge {
            var (solution, report) = HeuristicBackend(candidates: candidates, settings: settings, deadline: deadline, progress: progress).solve()
            report.termination = .timeLimit
            report.warnings.append(InputWarning(path: JSONPointer(), message:
                "the integer program has more non-zeros than GLPK can start on within --time-limit \(settings.timeLimitSeconds) s (\(GLPKBackend.entriesPerSecond) per second of the limit): the heuristic's plan with its bound; a longer limit or --backend auto"))
            return (solution, report)
        }
        guard let solution = r.solution else { return fallback(r) }
        var state = SearchState(candidates, solution: solution)
        Rebalance.run(&state, deadline: deadline)
        return (state.solution, SolveReport(backend: .glpk, termination: r.termination, bound: r.bound,
                                            variables: r.variables, constraints: r.constraints, proven: r.proven))
    }

    /// No integer solution in time (`r` without one): the heuristic's plan, with GLPK's bound for
    /// plans serving as many required needs (``ExactResult/bound(servingRequired:)``).
    func fallback(_ r: ExactResult) -> (Solution, SolveReport) {
        // When GLPK did not finish its first LP there is none: the search then leaves 40 % of what is
        // left to the Lagrangian bound (until 2026-12-05 the bound that needs no solver was
        // reported — a street week with an unservable required need at 9 s: 2.8 %).
        // (The construction completes: at least half a second, past the deadline if need be.)
        let clock = ContinuousClock()
        var search = Heuristic(candidates: candidates, seed: settings.seed,
                                 deadline: r.modelBound == nil ? clock.now + (deadline - clock.now) * 0.6 : deadline)
        search.constructionDeadline = max(deadline, clock.now + .milliseconds(500))
        let state = search.search()
        let bound = r.bound(servingRequired: state.requiredServed)
            ?? Bounds(candidates: candidates, settings: settings, progress: progress).bound(of: state, deadline: deadline)
        return (state.solution, SolveReport(backend: .heuristic, termination: .timeLimit, bound: bound,
                                            variables: r.variables, constraints: r.constraints, proven: false))
    }
}

extension AutoBackend: PlanningBackend {}
