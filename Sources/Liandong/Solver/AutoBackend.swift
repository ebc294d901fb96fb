import Foundation

/// `auto`: the heuristic's plan first (always available), then each independent part small
/// enough for GLPK solved exactly, in the time left; larger parts keep the heuristic's plan
/// with a Lagrangian (and, when small, LP-relaxation) bound.
struct AutoBackend {
    let candidates: Candidates
    let settings: SolverSettings
    let deadline: ContinuousClock.Instant
    var progress: ProgressSink? = nil

    init(candidates: Candidates, settings: SolverSettings, deadline: ContinuousClock.Instant, progress: ProgressSink? = nil) {
        self.candidates = candidates; self.settings = settings; self.deadline = deadline; self.progress = progress
    }

    /// Parts with more columns than this go to the heuristic alone: measured on this project's
    /// synthetic weeks, GLPK's root LP alone takes longer than the whole heuristic and its
    /// bound beyond about 30,000 columns, and its plans are worse.
    static let exactLimit = 30_000

    func solve() throws(EngineError) -> (Solution, SolveReport) {
        let clock = ContinuousClock()
        let start = clock.now
        let total = deadline - start
        // The heuristic gets at most 60 % of the time (it usually ends sooner, on its budget);
        // the rest is for GLPK and the bounds.
        var heuristic = Heuristic(candidates: candidates, seed: settings.seed, deadline: start + total * 0.6)
        heuristic.constructionDeadline = deadline
        heuristic.timeLimit = settings.timeLimitSeconds * 0.6
        heuristic.withTabu = false
        heuristic.progress = progress
        var state = heuristic.search()
        let parts = Decomposition.parts(candidates)
        Trace.mark("parts: \(parts.map(\.size).sorted(by: >).prefix(12))")
        var proven = true
        var bound = 0.0
        var variables = 0, constraints = 0
        var termination = Termination.optimal
        var remainingSize = parts.reduce(0) { $0 + $1.size }
        var exact = GLPKBackend(candidates: candidates, settings: settings)
        exact.progress = progress
        // Where budgets bind, 70 % of what is left is kept for the budget tabu search on the
        // parts GLPK does not prove (GLPK's bound comes early; its plans late).
        let tabu = BudgetTabu.applies(to: candidates)
        let glpkDeadline = tabu ? clock.now + (deadline - clock.now) * 0.3 : deadline
        for (index, part) in parts.enumerated() {
            exact.phase = parts.count == 1 ? "glpk" : "glpk part \(index + 1)/\(parts.count)"
            let share = (glpkDeadline - clock.now) * (Double(part.size) / Double(max(1, remainingSize)))
            remainingSize -= part.size
            let partDeadline = clock.now + share
            let current = state.solution
            var partStart = Solution()
            for n in part.needs { if let c = current.chosen[n] { partStart.chosen[n] = c } }
            let heuristicWorth = part.needs.reduce(0.0) { t, n in current.chosen[n].map { t + state.worth(need: n, option: $0.option, members: $0.members) } ?? t }
            guard part.size <= Self.exactLimit, clock.now < deadline else {
                proven = false
                // The heuristic's plan for this part: cut short by the clock, or complete.
                termination = clock.now >= deadline ? .timeLimit : (termination == .timeLimit ? .timeLimit : .heuristic)
                var bounds = Bounds(candidates: candidates, settings: settings)
                bounds.progress = progress
                bound += bounds.bound(needs: part.needs, lower: heuristicWorth, deadline: partDeadline)
                    ?? heuristicBound(part.needs)
                continue
            }
            let r: ExactResult
            do {
                // The heuristic's plan is the incumbent of GLPK's quick proof (see GLPKBackend).
                // A tenth of the part's time stays for the Lagrangian bound should GLPK not finish.
                r = try exact.solve(needs: part.needs, start: partStart, deadline: partDeadline - share / 10)
            } catch {
                // GLPK failing on one part leaves that part with the heuristic's plan.
                proven = false
                termination = .timeLimit
                bound += heuristicBound(part.needs)
                continue
            }
            variables += r.variables
            constraints += r.constraints
            if let s = r.solution {
                // GLPK's plan for the part replaces the heuristic's unless it is worse: more
                // required needs first, then the whole objective (fairness included).
                var trial = state
                for n in part.needs { trial.drop(need: n) }
                for n in part.needs { if let c = s.chosen[n] { trial.serve(need: n, option: c.option, members: c.members, lead: c.lead) } }
                if !state.isBetter(than: trial) { state = trial }
            }
            if r.proven {
                bound += r.bound ?? heuristicBound(part.needs)
            } else {
                proven = false
                termination = r.termination == .gapReached ? .gapReached : .timeLimit
                // GLPK's bound, or the Lagrangian one if that is lower (both are valid).
                let value = part.needs.reduce(0.0) { t, n in state.chosen[n].map { t + state.worth(need: n, option: $0.option, members: $0.members) } ?? t }
                let lagrangian = LagrangianBound(candidates: candidates).bound(needs: part.needs, lower: value, deadline: max(partDeadline, clock.now + .milliseconds(200)))
                bound += [r.bound, lagrangian].compactMap { $0 }.min() ?? heuristicBound(part.needs)
            }
        }
        if !proven && tabu && clock.now < deadline {
            // What GLPK did not prove: the budget tabu search from the best plan so far.
            var tabuSearch = BudgetTabu(candidates: candidates, seed: settings.seed)
            tabuSearch.progress = progress
            let iterations = tabuSearch.run(&state, effort: BudgetTabu.effort(seconds: settings.timeLimitSeconds * 0.6), deadline: deadline)
            let moves = Restaff(candidates: candidates).run(&state, deadline: deadline)
            Trace.mark("budget tabu after GLPK: \(iterations) iterations, then \(moves) moves, score \(state.score)")
        }
        Rebalance.run(&state, deadline: deadline)
        let report = SolveReport(backend: parts.allSatisfy({ $0.size <= Self.exactLimit }) ? .glpk : .auto,
                                 termination: proven ? .optimal : termination, bound: bound,
                                 variables: variables, constraints: constraints, proven: proven)
        return (state.solution, report)
    }

    /// A bound without a solver for a part: each need at its best.
    private func heuristicBound(_ needs: [Int]) -> Double {
        candidates.trivialBound(needs: needs)
    }
}
