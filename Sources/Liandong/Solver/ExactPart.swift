/// What GLPK did with one part of a week, started from the search's plan
/// (``GLPKBackend/improve(_:state:deadline:reserve:quickProof:)``).
struct PartOutcome {
    /// A bound on the part's worth (GLPK's, the Lagrangian one if lower or GLPK gave none, or the
    /// bound that needs no solver).
    var bound: Double
    var proven: Bool
    var termination: Termination
    var variables: Int
    var constraints: Int
    /// GLPK bounded the part itself (it finished the part's LP).
    var glpkBounded: Bool
    /// GLPK was not run: the part's model had more non-zeros than the backend's entry budget.
    var tooLarge = false
}

extension SearchState {
    /// The plan's worth on a part's needs (with a fairness weight, which couples every need into
    /// one part, the objective, fairness included — what the part's bound bounds).
    func worth(ofPart needs: [Int]) -> Double {
        if catalog.input.weights.fairness > 0 { return objective }
        return needs.reduce(0.0) { t, n in chosen[n].map { t + worth(need: n, option: $0.option, members: $0.members) } ?? t }
    }

    /// This plan with the services of `solution` (GLPK's plan of a part) in place of its own on
    /// the part's `needs`.
    func adopting(_ solution: Solution, on needs: [Int]) -> SearchState {
        var trial = self
        for n in needs { trial.drop(need: n) }
        for n in needs { if let c = solution.chosen[n] { trial.serve(need: n, option: c.option, members: c.members, lead: c.lead) } }
        return trial
    }
}

extension GLPKBackend {
    /// GLPK on one part from the plan in `state` (its first incumbent), GLPK's plan replacing the
    /// part's unless worse; the part's bound: GLPK's, or the Lagrangian one if lower or GLPK gave
    /// none, computed in the `reserve` left before `deadline` (none asked for when nothing is
    /// reserved: a second pass, the part has its bound from the first). One rule for `auto`'s
    /// parts and the `glpk` backend's whole week.
    /// - Parameter latest: the solve's deadline: the Lagrangian bound has at least 0.2 s past the
    ///   part's, never past this one.
    func improve(_ part: Decomposition.Part, state: inout SearchState, deadline: ContinuousClock.Instant, reserve: Duration,
                 latest: ContinuousClock.Instant, quickProof: Bool = true) -> PartOutcome {
        let clock = ContinuousClock()
        var partStart = Solution()
        for n in part.needs { if let c = state.chosen[n] { partStart.chosen[n] = c } }
        let r: ExactResult
        do {
            r = try solve(needs: part.needs, start: partStart, deadline: deadline - reserve, quickProof: quickProof)
        } catch {
            // GLPK failing on one part leaves that part with the plan it had.
            return PartOutcome(bound: candidates.trivialBound(needs: part.needs), proven: false, termination: .timeLimit,
                               variables: 0, constraints: 0, glpkBounded: false)
        }
        if let s = r.solution {
            // GLPK's plan for the part replaces the current one unless it is worse: more
            // required needs first, then the whole objective (fairness included).
            let trial = state.adopting(s, on: part.needs)
            if !state.isBetter(than: trial) { state = trial }
        }
        let termination: Termination = r.termination == .gapReached ? .gapReached : .timeLimit
        if r.proven {
            return PartOutcome(bound: r.bound ?? candidates.trivialBound(needs: part.needs), proven: true, termination: .optimal,
                               variables: r.variables, constraints: r.constraints, glpkBounded: true)
        }
        guard reserve > .zero else {
            return PartOutcome(bound: r.bound ?? .infinity, proven: false, termination: termination, variables: r.variables,
                               constraints: r.constraints, glpkBounded: r.bound != nil, tooLarge: r.tooLarge)
        }
        // GLPK's bound, or the Lagrangian one if that is lower (both are valid). Until 2026-12-06 its
        // 0.2 s could run past the solve's deadline: a 200-need week at `--time-limit 0.3` took 0.58 s.
        var relaxation = LagrangianBound(candidates: candidates)
        relaxation.forceRequired = state.servesEveryRequired(of: part.needs)
        relaxation.resume = state.priceSteps
        let lagrangian = relaxation.bound(needs: part.needs, lower: state.worth(ofPart: part.needs),
                                          deadline: max(deadline, min(latest, clock.now + .milliseconds(200))))
        let bound = [r.bound, lagrangian.value].compactMap { $0 }.min() ?? candidates.trivialBound(needs: part.needs)
        return PartOutcome(bound: bound, proven: false, termination: termination, variables: r.variables, constraints: r.constraints,
                           glpkBounded: r.bound != nil, tooLarge: r.tooLarge)
    }
}
