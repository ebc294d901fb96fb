import Foundation

/// What an exact solve of (part of) the problem gave.
struct ExactResult: Sendable {
    var solution: Solution?
    /// Upper bound on value − cost − fairness (+ continuity bonuses) of this part.
    var bound: Double?
    var proven: Bool
    var termination: Termination
    var variables: Int
    var constraints: Int
}

/// Exact solving with GLPK branch-and-cut, for the whole problem or one independent part.
///
/// Required needs are first constraints; if that model is infeasible, they become a dominant
/// bonus so that the plan serves as many of them as possible and everything else it can.
struct GLPKBackend {
    let candidates: Candidates
    let settings: SolverSettings
    var progress: ProgressSink? = nil
    /// How progress names this solve ("glpk", "glpk part 2/5").
    var phase = "glpk"
    let clock = ContinuousClock()

    static func seconds(until deadline: ContinuousClock.Instant) -> Double {
        let d = deadline - ContinuousClock().now
        return max(0.05, Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
    }

    /// - Parameters:
    ///   - needs: the part to solve (nil: everything).
    ///   - start: a feasible plan handed to GLPK as its first incumbent.
    func solve(needs: [Int]? = nil, start: Solution? = nil, deadline: ContinuousClock.Instant) throws(EngineError) -> ExactResult {
        let input = candidates.catalog.input
        let hard = Formulation(candidates, hardRequired: true, needs: needs)
        if hard.unservableRequired.isEmpty {
            let servesRequired = start.map { s in
                (needs ?? Array(input.needs.indices)).allSatisfy { !input.needs[$0].required || s.chosen[$0] != nil }
            } ?? false
            let outcome = run(hard, start: servesRequired ? start : nil, deadline: deadline)
            switch outcome.stop {
            case .infeasible:
                break  // some required need cannot be served together with the others: go soft
            case .failed(let message):
                throw EngineError.glpk(message)
            default:
                return result(hard, outcome, bonus: 0)
            }
        }
        let soft = Formulation(candidates, hardRequired: false, needs: needs)
        let outcome = run(soft, start: start, deadline: deadline)
        if case .failed(let message) = outcome.stop { throw EngineError.glpk(message) }
        return result(soft, outcome, bonus: soft.requiredBonus)
    }

    private func run(_ f: Formulation, start: Solution?, deadline: ContinuousClock.Instant) -> GLPK.Outcome {
        Trace.mark("\(phase): \(f.program.columns.count) columns, \(f.program.rows.count) rows, \(f.program.entryCount) non-zeros")
        defer { Trace.mark("\(phase) done") }
        var options = GLPK.Options(timeLimitSeconds: Self.seconds(until: deadline), mipGap: settings.mipGap,
                                   verbose: settings.verbose, start: start.map(f.values(for:)))
        if let progress {
            let phase = self.phase
            options.progress = { incumbent, bound in progress.emit(phase, objective: incumbent, bound: bound) }
        }
        return GLPK.solve(f.program, options: options)
    }

    private func result(_ f: Formulation, _ o: GLPK.Outcome, bonus: Double) -> ExactResult {
        let input = candidates.catalog.input
        let solution = o.values.map { Solution(f, values: $0) }
        let servedRequired = solution.map { s in s.chosen.keys.filter { input.needs[$0].required }.count } ?? 0
        let termination: Termination = switch o.stop {
        case .optimal: .optimal
        case .gapReached: .gapReached
        case .infeasible: .infeasible
        default: .timeLimit
        }
        // In the soft model the bound includes the bonus of the required needs served.
        let bound = o.bound.map { $0 - bonus * Double(servedRequired) }
        return ExactResult(solution: solution, bound: bound, proven: o.stop == .optimal, termination: termination,
                           variables: f.program.columns.count, constraints: f.program.rows.count)
    }

    /// The LP relaxation's optimum: an upper bound for plans of this part (nil if unavailable).
    func relaxationBound(needs: [Int]? = nil, deadline: ContinuousClock.Instant) -> Double? {
        let f = Formulation(candidates, hardRequired: true, needs: needs)
        Trace.mark("relaxation model: \(f.program.columns.count) columns, \(f.program.rows.count) rows, \(f.program.entryCount) non-zeros")
        guard f.unservableRequired.isEmpty, f.program.entryCount <= Self.maxRelaxationNonzeros else { return nil }
        defer { Trace.mark("relaxation solved") }
        var options = GLPK.Options(timeLimitSeconds: Self.seconds(until: deadline), mipGap: 0, verbose: settings.verbose)
        options.relaxation = true
        let o = GLPK.solve(f.program, options: options)
        return o.stop == .optimal || o.stop == .timeLimit ? o.bound : nil
    }

    /// Above this size the LP relaxation is not attempted for a bound.
    static let maxRelaxationNonzeros = 4_000_000
}
