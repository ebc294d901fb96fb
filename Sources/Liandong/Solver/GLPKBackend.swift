import Foundation

/// What an exact solve of (part of) the problem gave.
struct ExactResult: Sendable {
    var solution: Solution?
    /// Upper bound on value − cost − fairness (+ continuity bonuses) of this part: for GLPK's
    /// plan, ``bound(servingRequired:)`` of the required needs it serves; without a plan, the
    /// model's own bound.
    var bound: Double?
    /// The plan's value − cost − fairness (+ continuity bonuses), if there is a plan.
    var value: Double?
    /// Whether required needs were constraints (false: the soft model, after the hard one was
    /// infeasible). Bounds of the two models bound different plans.
    var hardRequired: Bool
    /// The soft model's bonus for each required need served (0 in the hard model): a bound
    /// without a plan still counts it for every required need the relaxation serves.
    var requiredBonus = 0.0
    /// GLPK's bound on the model's objective, bonuses included (nil: GLPK finished no LP).
    var modelBound: Double? = nil
    var proven: Bool
    var termination: Termination
    var variables: Int
    var constraints: Int
    /// The model had more non-zeros than ``GLPKBackend/entryBudget`` allowed: GLPK was not run.
    var tooLarge = false

    /// A bound for every plan of the part that serves at least `requiredServed` of its required
    /// needs: the model's bound less that many bonuses. The soft model's bound counts the bonus
    /// of every required need its relaxation serves, and plans serving fewer are worse whatever
    /// their worth (an independent week: 570,875 for a plan worth 25,240 with the bonuses in).
    /// The hard model's bonus is 0. One rule, for GLPK's plans and for any other plan of the part.
    func bound(servingRequired requiredServed: Int) -> Double? {
        modelBound.map { $0 - requiredBonus * Double(requiredServed) }
    }
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
    /// Models with more non-zeros than this are not given to GLPK (nil: no limit). GLPK's
    /// presolve and first LP cannot be interrupted: an 8.6-million non-zero model took 40 s and
    /// 1.8 GB before the first check of the clock, and a street week's 415,000 non-zeros 6.1 s
    /// with a 4.7-second budget and no integer plan. So the `glpk` backend allows
    /// ``entriesPerSecond`` × the time limit (a street week needs 9 s; `auto` splits weeks into
    /// parts instead).
    var entryBudget: Int? = nil
    static let entriesPerSecond = 50_000
    /// What the `glpk` backend says when GLPK could not start on the model within the limit.
    static func tooLargeWarning(_ settings: SolverSettings) -> InputWarning {
        InputWarning(path: JSONPointer(), message:
            "the integer program has more non-zeros than GLPK can start on within --time-limit \(settings.timeLimitSeconds) s (\(entriesPerSecond) per second of the limit): the heuristic's plan with its bound; a longer limit or --backend auto")
    }
    let clock = ContinuousClock()

    static func seconds(until deadline: ContinuousClock.Instant) -> Double {
        let d = deadline - ContinuousClock().now
        return max(0.05, Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
    }

    /// Parts with more columns than this keep the start in the plain attempt too (GLPK then
    /// runs without its presolver); smaller ones solve faster presolved.
    static let warmStartSize = 20_000
    /// Branch-and-bound subproblems a quick proof may open. 30 proved the most of 20 community
    /// weeks within 0.5 s among 0, 10, 30 and 60 before the member–option link rows; with them,
    /// on 75 weeks (seeds 1–15, five families), 45, 60 and 90 each proved 68 within 0.5 s
    /// against 67 with 30 (plain 15: 1.1 s → 0.2–0.3 s, proven by the quick proof), the rest alike.
    static let quickNodes = 60
    /// - Parameters:
    ///   - needs: the part to solve (nil: everything).
    ///   - start: a feasible plan handed to GLPK as its first incumbent.
    ///
    /// With a start, first a quick proof: the model with budget pattern rows, whose LP bound
    /// often is the optimum, and the start as incumbent, for at most ``quickNodes`` subproblems
    /// (a count, not a time, so that plans do not depend on the machine), without the
    /// feasibility pump and without pseudocost branching. On 20 generated community weeks 12
    /// were proven optimal within 0.5 s in all this way, against 6 before. What it does not
    /// prove the plain model settles (presolved, GLPK's full search): on some weeks the pattern
    /// rows make that search much slower, so they are not used beyond the quick proof.
    /// - Parameter quickProof: false to go to the plain model at once (the quick proof has already
    ///   run from a start worth as much: a count of subproblems, it would prune as it did).
    func solve(needs: [Int]? = nil, start: Solution? = nil, deadline: ContinuousClock.Instant, quickProof: Bool = true) throws(EngineError) -> ExactResult {
        var quick: ExactResult? = nil
        let columns = candidates.columnCount(needs: needs)
        if let start, quickProof {
            let r = try attempt(needs: needs, start: start, patterns: true, quick: true, deadline: deadline)
            Trace.mark("\(phase): quick proof \(r.proven ? "proved" : "did not prove") \(r.value.map { "\($0)" } ?? "-") against \(r.bound.map { "\($0)" } ?? "-")")
            if r.proven { return r }
            quick = r
            // Too little time left for GLPK to start on the plain model (building it, presolving
            // and its first LP, before GLPK looks at its clock: about 15 µs a column — a part of
            // 19,555 columns started 0.08 s before the deadline ran 0.25 s past it): the quick
            // proof's plan and bound stand.
            let startup = Duration.seconds(Double(columns) * 15e-6)
            if ContinuousClock().now + startup >= deadline { return r }
        }
        var plain = try attempt(needs: needs, start: columns > Self.warmStartSize ? start : nil, patterns: false, quick: false, deadline: deadline)
        if !plain.proven, let quick, quick.hardRequired == plain.hardRequired {
            // Out of time: the better plan of the two, and the lower of two bounds of one model.
            if let q = quick.value, plain.value.map({ q > $0 }) ?? true { plain.solution = quick.solution; plain.value = q }
            if let b = quick.bound { plain.bound = min(plain.bound ?? b, b) }
        }
        return plain
    }

    private func attempt(needs: [Int]?, start: Solution?, patterns: Bool, quick: Bool,
                         deadline: ContinuousClock.Instant) throws(EngineError) -> ExactResult {
        let input = candidates.catalog.input
        // Every x column has at least two non-zeros (its position's fill row and its y's), so
        // the model is known to be too large before it is built.
        func tooLarge(_ nonzeros: Int, variables: Int = 0, constraints: Int = 0) -> ExactResult? {
            guard let budget = entryBudget, nonzeros > budget else { return nil }
            Trace.mark("\(phase): at least \(nonzeros) non-zeros, over the budget of \(budget): GLPK not run")
            return ExactResult(solution: nil, bound: nil, value: nil, hardRequired: true, proven: false, termination: .timeLimit,
                               variables: variables, constraints: constraints, tooLarge: true)
        }
        if let r = tooLarge(2 * candidates.columnCount(needs: needs)) { return r }
        let hard = Formulation(candidates, hardRequired: true, needs: needs, budgetPatterns: patterns)
        if let r = tooLarge(hard.program.entryCount, variables: hard.program.columns.count, constraints: hard.program.rows.count) { return r }
        if hard.unservableRequired.isEmpty {
            let servesRequired = start.map { s in
                (needs ?? Array(input.needs.indices)).allSatisfy { !input.needs[$0].required || s.chosen[$0] != nil }
            } ?? false
            let outcome = run(hard, start: servesRequired ? start : nil, quick: quick, deadline: deadline)
            switch outcome.stop {
            case .infeasible:
                break  // some required need cannot be served together with the others: go soft
            case .failed(let message):
                throw EngineError.glpk(message)
            default:
                return result(hard, outcome, bonus: 0, hardRequired: true)
            }
        }
        let soft = Formulation(candidates, hardRequired: false, needs: needs, budgetPatterns: patterns)
        let outcome = run(soft, start: start, quick: quick, deadline: deadline)
        if case .failed(let message) = outcome.stop { throw EngineError.glpk(message) }
        return result(soft, outcome, bonus: soft.requiredBonus, hardRequired: false)
    }

    private func run(_ f: Formulation, start: Solution?, quick: Bool, deadline: ContinuousClock.Instant) -> GLPK.Outcome {
        Trace.mark("\(phase): \(f.program.columns.count) columns, \(f.program.rows.count) rows, \(f.program.entryCount) non-zeros")
        defer { Trace.mark("\(phase) done") }
        // GLPK looks at its clock between node LPs only, and one LP of a large model runs on past
        // it (a street week's 430,000 non-zeros: 1.3 s past a 10 s limit); a simplex stopped by
        // the clock while its LP was perturbed against stalling first removes the perturbation
        // (glpsol with --tmlim 2–4: 0.8–1.7 s past it on models of 240,000–490,000 non-zeros).
        // Stop it earlier by about 6 µs a non-zero (3 µs until 2026-12-03, when independent
        // weeks with a fairness weight ran the `glpk` backend 0.3–0.8 s past a 5 s limit), at
        // most a third of the time.
        let left = Self.seconds(until: deadline)
        let margin = min(left / 3, Double(f.program.entryCount) * 6e-6)
        var options = GLPK.Options(timeLimitSeconds: max(0.05, left - margin), mipGap: settings.mipGap,
                                   verbose: settings.verbose, start: start.map(f.values(for:)), nodeLimit: quick ? Self.quickNodes : 0, quick: quick)
        if let progress {
            let phase = self.phase
            options.progress = { incumbent, bound in progress.emit(phase, objective: incumbent, bound: bound) }
        }
        return GLPK.solve(f.program, options: options)
    }

    private func result(_ f: Formulation, _ o: GLPK.Outcome, bonus: Double, hardRequired: Bool) -> ExactResult {
        let input = candidates.catalog.input
        let solution = o.values.map { Solution(f, values: $0) }
        let servedRequired = solution.map { s in s.chosen.keys.filter { input.needs[$0].required }.count } ?? 0
        let termination: Termination = switch o.stop {
        case .optimal: .optimal
        case .gapReached: .gapReached
        case .infeasible: .infeasible
        default: .timeLimit
        }
        // In the soft model the objective includes the bonus of the required needs served.
        var r = ExactResult(solution: solution, bound: nil, value: o.objective.map { $0 - bonus * Double(servedRequired) },
                            hardRequired: hardRequired, requiredBonus: bonus, modelBound: o.bound, proven: o.stop == .optimal,
                            termination: termination, variables: f.program.columns.count, constraints: f.program.rows.count)
        r.bound = r.bound(servingRequired: servedRequired)
        return r
    }

    /// The LP relaxation's optimum, with the budget pattern rows (the convex hull of each person's
    /// budgets where small): an upper bound for plans of this part (nil if unavailable).
    func relaxationBound(needs: [Int]? = nil, deadline: ContinuousClock.Instant, primal: Bool = false) -> Double? {
        relaxation(needs: needs, deadline: deadline, primal: primal)?.bound
    }

    /// ``relaxationBound(needs:deadline:primal:)`` with the relaxation's solution where the LP
    /// finished (nil where the clock stopped it: its point is then not an optimum).
    func relaxation(needs: [Int]? = nil, deadline: ContinuousClock.Instant, primal: Bool = false) -> (bound: Double?, plan: RelaxedPlan?)? {
        let f = Formulation(candidates, hardRequired: true, needs: needs, budgetPatterns: true)
        Trace.mark("relaxation model: \(f.program.columns.count) columns, \(f.program.rows.count) rows, \(f.program.entryCount) non-zeros")
        guard f.unservableRequired.isEmpty, f.program.entryCount <= Self.maxRelaxationNonzeros else { return nil }
        defer { Trace.mark("relaxation solved") }
        var options = GLPK.Options(timeLimitSeconds: Self.seconds(until: deadline), mipGap: 0, verbose: settings.verbose)
        options.relaxation = true
        options.primal = primal
        let o = GLPK.solve(f.program, options: options)
        guard o.stop == .optimal || o.stop == .timeLimit else { return nil }
        return (o.bound, o.stop == .optimal ? o.values.map { RelaxedPlan(f, values: $0) } : nil)
    }

    /// Above this size the LP relaxation is not attempted for a bound.
    static let maxRelaxationNonzeros = 4_000_000
}
