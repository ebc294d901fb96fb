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
        var bounds = Bounds(candidates: candidates, settings: settings)
        bounds.progress = progress
        bounds.forceRequired = state.servesEveryRequired()
        // Thinned starts: the plan reports the bound for every start (``Candidates/startsThinned``).
        let bound = candidates.startsThinned ? nil : bounds.bound(needs: nil, lower: state.objective, deadline: deadline)
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
        guard let solution = r.solution else {
            // No integer solution in time: the heuristic's plan, with GLPK's bound.
            // (Its construction completes: at least half a second, past the deadline if need be.)
            var fallback = Heuristic(candidates: candidates, seed: settings.seed, deadline: deadline)
            fallback.constructionDeadline = max(deadline, ContinuousClock().now + .milliseconds(500))
            let state = fallback.search()
            // A bound of the soft model (some required need cannot be served) counts the bonus of
            // every required need its relaxation serves: for plans that serve at least as many as
            // this one (the others are worse, whatever their worth) it holds less this plan's
            // bonuses (an independent week: 570,875 for a plan worth 25,240).
            let bound = r.bound.map { $0 - r.requiredBonus * Double(state.requiredServed) }   // the hard model's bonus is 0
            return (state.solution, SolveReport(backend: .heuristic, termination: .timeLimit, bound: bound,
                                                variables: r.variables, constraints: r.constraints, proven: false))
        }
        var state = SearchState(candidates, solution: solution)
        Rebalance.run(&state, deadline: deadline)
        return (state.solution, SolveReport(backend: .glpk, termination: r.termination, bound: r.bound,
                                            variables: r.variables, constraints: r.constraints, proven: r.proven))
    }
}

extension AutoBackend: PlanningBackend {}
