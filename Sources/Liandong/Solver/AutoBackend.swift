import Foundation

/// `auto`: the heuristic's plan first (always available), then each independent part solved
/// exactly by GLPK with the heuristic's plan as its first incumbent, in the time left; parts too
/// large for GLPK keep the heuristic's plan with an LP-relaxation bound.
struct AutoBackend {
    let candidates: Candidates
    let settings: SolverSettings
    let deadline: ContinuousClock.Instant
    var progress: ProgressSink? = nil

    /// Parts with more columns than this go to the heuristic alone.
    static let exactLimit = 150_000
    /// Parts with more columns than this get the heuristic's plan as GLPK's first incumbent.
    static let warmStartSize = 20_000

    func solve() throws(EngineError) -> (Solution, SolveReport) {
        let clock = ContinuousClock()
        let start = clock.now
        let total = deadline - start
        // The heuristic gets at most a fifth of the time (it usually ends sooner, on its budget).
        var heuristic = Heuristic(candidates: candidates, seed: settings.seed, deadline: start + total / 5)
        heuristic.progress = progress
        var state = heuristic.search()
        let parts = Decomposition.parts(candidates)
        var proven = true
        var bound = 0.0
        var variables = 0, constraints = 0
        var termination = Termination.optimal
        var remainingSize = parts.reduce(0) { $0 + $1.size }
        var exact = GLPKBackend(candidates: candidates, settings: settings)
        exact.progress = progress
        for (index, part) in parts.enumerated() {
            exact.phase = parts.count == 1 ? "glpk" : "glpk part \(index + 1)/\(parts.count)"
            let share = (deadline - clock.now) * (Double(part.size) / Double(max(1, remainingSize)))
            remainingSize -= part.size
            let partDeadline = clock.now + share
            let current = state.solution
            var partStart = Solution()
            for n in part.needs { if let c = current.chosen[n] { partStart.chosen[n] = c } }
            let heuristicWorth = part.needs.reduce(0.0) { t, n in current.chosen[n].map { t + state.worth(need: n, option: $0.option, members: $0.members) } ?? t }
            guard part.size <= Self.exactLimit, clock.now < deadline else {
                proven = false
                termination = .timeLimit
                bound += Bounds(candidates: candidates, settings: settings).bound(needs: part.needs, lower: heuristicWorth, deadline: partDeadline)
                    ?? heuristicBound(part.needs)
                continue
            }
            let r: ExactResult
            do {
                // GLPK takes a start only without its presolver, which small parts solve faster with.
                r = try exact.solve(needs: part.needs, start: part.size > Self.warmStartSize ? partStart : nil, deadline: partDeadline)
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
                let worth = part.needs.reduce(0.0) { t, n in s.chosen[n].map { t + state.worth(need: n, option: $0.option, members: $0.members) } ?? t }
                // Serving more required needs comes first, then value.
                let input = candidates.catalog.input
                let requiredExact = part.needs.filter { input.needs[$0].required && s.chosen[$0] != nil }.count
                let requiredHeuristic = part.needs.filter { input.needs[$0].required && current.chosen[$0] != nil }.count
                if requiredExact > requiredHeuristic || (requiredExact == requiredHeuristic && worth >= heuristicWorth - 1e-9) {
                    for n in part.needs { state.drop(need: n) }
                    for n in part.needs { if let c = s.chosen[n] { state.serve(need: n, option: c.option, members: c.members, lead: c.lead) } }
                }
            }
            if r.proven {
                bound += r.bound ?? heuristicBound(part.needs)
            } else {
                proven = false
                termination = r.termination == .gapReached ? .gapReached : .timeLimit
                // GLPK's bound, or the Lagrangian one if that is lower (both are valid).
                let value = part.needs.reduce(0.0) { t, n in state.chosen[n].map { t + state.worth(need: n, option: $0.option, members: $0.members) } ?? t }
                let lagrangian = LagrangianBound(candidates: candidates).bound(needs: part.needs, lower: value, deadline: clock.now + .seconds(1))
                bound += [r.bound, lagrangian].compactMap { $0 }.min() ?? heuristicBound(part.needs)
            }
        }
        Rebalance.run(&state)
        let report = SolveReport(backend: parts.allSatisfy({ $0.size <= Self.exactLimit }) ? .glpk : .auto,
                                 termination: proven ? .optimal : termination, bound: bound,
                                 variables: variables, constraints: constraints, proven: proven)
        return (state.solution, report)
    }

    /// A bound without a solver for a part: each need at its best.
    private func heuristicBound(_ needs: [Int]) -> Double {
        PlanBuilder(candidates: candidates).trivialBound(needs: needs)
    }
}
