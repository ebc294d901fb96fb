import Foundation

/// Exact solving with GLPK branch-and-cut.
///
/// Required needs are first constraints; if that model is infeasible, they become a dominant
/// bonus so that the plan serves as many of them as possible and everything else it can.
struct GLPKBackend {
    let candidates: Candidates
    let settings: SolverSettings
    let deadline: ContinuousClock.Instant
    let clock: ContinuousClock

    private var remaining: Double {
        let d = deadline - clock.now
        return max(0.05, Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
    }

    func solve() throws(EngineError) -> (Solution, SolveReport) {
        let hard = Formulation(candidates, hardRequired: true)
        if hard.unservableRequired.isEmpty {
            let outcome = run(hard)
            switch outcome.stop {
            case .infeasible:
                break  // some required need cannot be served together with the others: go soft
            case .failed(let message):
                throw EngineError.glpk(message)
            default:
                if let values = outcome.values {
                    let best = outcome.stop == .optimal ? tieBreak(hard, values: values) : values
                    return (Solution(hard, values: best), report(hard, outcome, bonus: 0, served: 0))
                }
                // Time ran out before an integer solution: fall back to the heuristic's plan.
                var (solution, r) = GreedyHeuristic(candidates: candidates, seed: settings.seed).solve()
                r.termination = .timeLimit
                r.bound = outcome.bound
                r.variables = hard.program.columns.count
                r.constraints = hard.program.rows.count
                return (solution, r)
            }
        }
        let soft = Formulation(candidates, hardRequired: false)
        let outcome = run(soft)
        if case .failed(let message) = outcome.stop { throw EngineError.glpk(message) }
        guard let values = outcome.values else {
            var (solution, r) = GreedyHeuristic(candidates: candidates, seed: settings.seed).solve()
            r.termination = .timeLimit
            return (solution, r)
        }
        let solution = Solution(soft, values: values)
        let servedRequired = solution.chosen.keys.filter { candidates.catalog.input.needs[$0].required }.count
        return (solution, report(soft, outcome, bonus: soft.requiredBonus, served: servedRequired))
    }

    /// Branch-and-bound subproblems the fairness tie-break may explore.
    static let tieBreakNodes = 200

    /// With fairness weight 0, among optimal plans prefer the one whose busiest person has the
    /// fewest minutes. Keeps `values` if the second solve finds nothing better in the time left.
    private func tieBreak(_ f: Formulation, values: [Double]) -> [Double] {
        let catalog = candidates.catalog
        guard catalog.input.weights.fairness == 0, f.loadTerms.contains(where: { $0.count > 1 }) else { return values }
        // Past the deadline the plan stands as it is (`remaining` would still grant 50 ms).
        guard clock.now < deadline else { return values }
        let optimum = f.program.objective(at: values)
        let tie = f.tieBreakProgram(optimum: optimum, tolerance: 1e-6 * max(1, abs(optimum)))
        let current = f.loadTerms.map { $0.reduce(0.0) { $0 + $1.1 * values[$1.0] } }.max() ?? 0
        var start = values
        start.append(current)
        // A node limit, not the clock, bounds this search, so that the plan does not depend on the machine's speed.
        var options = GLPK.Options(timeLimitSeconds: remaining, mipGap: 0, verbose: settings.verbose, start: start)
        options.nodeLimit = Self.tieBreakNodes
        let outcome = GLPK.solve(tie.program, options: options)
        guard let better = outcome.values, -(outcome.objective ?? 0) < current - 1e-9 else { return values }
        let kept = Array(better.prefix(values.count))
        // Defensive: the tie-break must never cost objective.
        guard f.program.objective(at: kept) >= optimum - 1e-6 * max(1, abs(optimum)) else { return values }
        return kept
    }

    private func run(_ f: Formulation) -> GLPK.Outcome {
        GLPK.solve(f.program, options: GLPK.Options(timeLimitSeconds: remaining, mipGap: settings.mipGap, verbose: settings.verbose))
    }

    private func report(_ f: Formulation, _ o: GLPK.Outcome, bonus: Double, served: Int) -> SolveReport {
        let termination: Termination = switch o.stop {
        case .optimal: .optimal
        case .gapReached: .gapReached
        case .timeLimit: .timeLimit
        case .infeasible: .infeasible
        default: .timeLimit
        }
        return SolveReport(backend: .glpk, termination: termination,
                           bound: o.bound.map { $0 - bonus * Double(served) },
                           variables: f.program.columns.count, constraints: f.program.rows.count,
                           proven: o.stop == .optimal)
    }
}
