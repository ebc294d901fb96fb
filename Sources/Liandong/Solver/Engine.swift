import Foundation

/// The engine's entry point: a validated input in, a plan out.
///
/// ```swift
/// let decoded = try InputDecoder.decode(data)
/// let plan = try Engine.plan(decoded, settings: SolverSettings(backend: .glpk))
/// ```
/// Normal outcomes — unserved needs, a time limit, an unservable required need — are
/// results (see ``Plan/status``), not errors.
public enum Engine {
    /// Solver settings from the input's `solver` block with the caller's overrides applied.
    public static func settings(for input: PlanningInput, overriding overrides: SettingsOverrides) -> SolverSettings {
        var s = input.solver ?? SolverSettings()
        if let b = overrides.backend { s.backend = b }
        if let t = overrides.timeLimitSeconds { s.timeLimitSeconds = t }
        if let g = overrides.mipGap { s.mipGap = g }
        if let seed = overrides.seed { s.seed = seed }
        s.verbose = overrides.verbose
        if let m = overrides.memoryLimitMiB { s.memoryLimitMiB = m }
        return s
    }

    /// Solves one planning problem.
    /// - Parameters:
    ///   - decoded: a validated input (``InputDecoder`` or ``PlanningInput/validated()``).
    ///   - settings: backend, time limit, relative gap, seed, memory limit.
    ///   - previous: for `replan`, the previous plan's assignments, kept where they still hold.
    ///   - progress: receives snapshots of a long solve (throttled), e.g. for a live line on stderr.
    ///   - startedAt: when the time limit started counting (nil: now).
    ///   - searching: false to plan the pinned orders only, without a search (`replan` with no
    ///     responses keeps the previous plan exactly: every assignment is pinned, nothing is added).
    public static func plan(_ decoded: DecodedInput, settings: SolverSettings, previous: [Assignment] = [],
                            progress: ProgressSink? = nil, startedAt: ContinuousClock.Instant? = nil,
                            searching: Bool = true) throws(EngineError) -> Plan {
        let clock = ContinuousClock()
        let started = clock.now
        Trace.mark("engine start")
        let catalog = Catalog(decoded.input, previous: previous)
        progress?.emit("preparing", objective: nil, bound: nil)
        // The solve ends early enough for what follows it (explaining the unserved needs,
        // building and checking the plan, writing it), at most a quarter of the limit. Measured on
        // tight city weeks (20,000 needs, 12,400 of them unserved): explaining them took 2.2–3.9 s
        // and the rest 0.7 s — the reserve of 80 µs a need it had until 2026-12-03 (1.65 s) let a
        // 60-second run take 62.8 s; 50 ms and 330 µs a need until 2026-12-04. Now 100 ms and 200 µs
        // a need (4.1 s there; 0.15 s for 254 needs in teams of up to seven, whose explanations took 60 ms):
        // the explanations have a deadline of their own (``PlanBuilder/explanationDeadline``), and
        // those of needs that a team could still serve (most unserved needs of a large week the
        // clock cut) no longer work out who falls short of what — 2,000–4,000 of them in 0.2 s
        // instead of 1.3–3.3 s. The tight city week: explanations 1.8–2.4 s, checking and writing 0.7 s.
        let limit = Duration.milliseconds(Int(min(1e12, settings.timeLimitSeconds * 1000)))
        let reserve = min(limit / 4, .microseconds(100_000 + 200 * decoded.input.needs.count))
        let deadline = (startedAt ?? started) + limit - reserve
        // Listing the ways to serve the needs stops at the deadline too (needs of lower value left out).
        let candidates = Candidates(catalog, entryBudget: settings.entryBudget, deadline: deadline)
        progress?.emit("candidates ready", objective: nil, bound: nil)
        let columns = candidates.columnCount(needs: nil)
        Trace.mark("candidates: \(candidates.options.reduce(0) { $0 + $1.count }) options, \(columns) columns, steps up to \(candidates.startStep.max() ?? 1)")
        // What follows the solve grows with the model too (the bound's set-up past its deadline, the
        // plan's state rebuilt, the plan built, checked and written): on weeks of an independent
        // generator with 4,000 needs and 3.5–7.2 million columns it took 1.5–1.7 s besides the
        // explanations, and runs of `--time-limit 10` ended at 10.2–10.7 s. 250 ns a column more
        // (at most a quarter of the limit) was kept for it until 2026-12-04; now that the bound
        // that needs no solver takes 40 ms there instead of 0.4 s (twice), and no search or bound
        // starts its set-up past its deadline, it takes 0.2–0.6 s: 150 ns a column.
        let solveDeadline = max(clock.now, deadline - min(limit / 4, .nanoseconds(150 * Int64(columns))))
        var (solution, report) = searching
            ? try solve(candidates, settings: settings, deadline: solveDeadline, requiredDeadline: deadline + reserve / 2, progress: progress)
            : (SearchState.pinnedOnly(candidates).solution,
               SolveReport(backend: settings.backend, termination: .kept, bound: nil, variables: 0, constraints: 0, proven: false))
        Trace.mark("solved: \(solution.chosen.count) served")
        Continuity.restoreListing(&solution, candidates: candidates)
        // Never worse than the accepted orders alone (e.g. when a fairness weight makes every
        // service cost more than it earns and a backend missed that).
        // Nor worse than its own required needs and accepted orders alone: required needs keep the
        // empty plan out of reach, and a fairness weight may make the rest of a plan cost more than
        // it earns (an independent week, fairness 200: a plan of 39 services at -5,544, its one
        // required need alone 527.7, until 2026-12-26).
        var planned = SearchState(candidates, solution: solution)
        let floor = SearchState.pinnedOnly(candidates)
        if floor.isBetter(than: planned) {
            solution = floor.solution
            planned = floor
            report.proven = false
        }
        let core = planned.requiredServed > 0 ? planned.requiredAndAcceptedOnly() : planned
        if core.isBetter(than: planned) {
            solution = core.solution
            report.proven = false
        }
        let seconds = Double((clock.now - started).components.attoseconds) / 1e18 + Double((clock.now - started).components.seconds)
        var builder = PlanBuilder(candidates: candidates)
        // The explanations end in time for the plan to be checked and written (measured on a tight
        // city week of 20,000 needs, 15,000 of them unserved: 0.65 s; on a city week of 16,000
        // served needs, 0.75 s — assembling 0.1 s, checking 0.13 s, the document 0.3 s, writing it
        // 0.28 s —, so that with 40 µs a need, until 2026-12-10, runs of `--time-limit 4` ended at
        // 3.89–4.00 s), at most a quarter of the limit. They usually end long before, within the
        // engine's reserve; on a very large week with a short limit the needs of lowest value are
        // then reported `notAnalysed`.
        if searching {
            builder.explanationDeadline = (startedAt ?? started) + limit - min(limit / 4, .microseconds(50_000 + 55 * decoded.input.needs.count))
        }
        let warnings = decoded.warnings + candidates.sizeWarnings + report.warnings
        let plan = builder.build(solution, report: report, seconds: seconds, settings: settings, warnings: warnings)
        defer { Trace.mark("plan checked") }
        return try PlanGate(builder: builder, settings: settings)
            .verified(plan, solution: solution, report: report, seconds: seconds, warnings: warnings)
    }

    /// The backend the settings ask for, behind ``PlanningBackend``.
    ///
    /// `requiredDeadline`: how long the construction may serve required needs (into the engine's
    /// reserve for what follows the solve, half of it: like their listing, which no clock cuts,
    /// they are what a short limit on a large week must still give — a plan serving them, not
    /// an `infeasible` one the clock made).
    static func solve(_ candidates: Candidates, settings: SolverSettings, deadline: ContinuousClock.Instant,
                      requiredDeadline: ContinuousClock.Instant? = nil,
                      progress: ProgressSink?) throws(EngineError) -> (Solution, SolveReport) {
        let backend: any PlanningBackend = switch settings.backend {
        case .heuristic: HeuristicBackend(candidates: candidates, settings: settings, deadline: deadline, progress: progress,
                                          requiredDeadline: requiredDeadline)
        case .glpk: ExactBackend(candidates: candidates, settings: settings, deadline: deadline, progress: progress,
                                 requiredDeadline: requiredDeadline)
        case .auto: AutoBackend(candidates: candidates, settings: settings, deadline: deadline, progress: progress,
                                requiredDeadline: requiredDeadline)
        }
        return try backend.solve()
    }

    /// Writes the integer program that `plan` would give GLPK (for `export-model`): LP format as
    /// a maximisation; MPS as the equivalent minimisation of −(value − cost − fairness).
    public static func exportModel(_ input: PlanningInput, to path: String, format: ModelFormat) throws(EngineError) {
        let f = Formulation(Candidates(Catalog(input)), hardRequired: true)
        var program = f.program
        if format == .mps {
            // MPS has no objective sense that every reader honours: write min −(value − cost).
            program.negateObjective()
        }
        guard GLPK.write(program, to: path, mps: format == .mps) else {
            throw EngineError.glpk("GLPK could not write the model to \(path)")
        }
    }
}

public enum ModelFormat: String, Sendable, CaseIterable { case lp, mps }

/// Settings given on the command line (or in a batch request), each overriding the input's.
public struct SettingsOverrides: Sendable {
    public var backend: Backend?
    public var timeLimitSeconds: Double?
    public var mipGap: Double?
    public var seed: Int?
    public var verbose = false
    /// `--memory-limit` in MiB (see ``SolverSettings/memoryLimitMiB``).
    public var memoryLimitMiB: Int? = nil
    /// When the time limit started (the command line: when the process started, so that reading
    /// the input counts); nil: when ``Engine/plan(_:settings:previous:progress:startedAt:searching:)`` is called.
    public var startedAt: ContinuousClock.Instant? = nil
    public init(backend: Backend? = nil, timeLimitSeconds: Double? = nil, mipGap: Double? = nil, seed: Int? = nil, verbose: Bool = false) {
        self.backend = backend; self.timeLimitSeconds = timeLimitSeconds; self.mipGap = mipGap; self.seed = seed; self.verbose = verbose
    }
}

/// A failure of the engine itself (exit 70): never a property of the input.
public enum EngineError: Error, Sendable, CustomStringConvertible {
    /// GLPK reported an error (its message), or its error hook fired.
    case glpk(String)
    /// A backend produced a plan that the independent checker rejects and that could not be
    /// repaired: the rule and the checker's message. The plan is not written.
    case invalidPlan(rule: String, message: String)
    public var description: String {
        switch self {
        case .glpk(let m): "GLPK failed: \(m)"
        case .invalidPlan(let rule, let m): "internal error: the plan breaks the rule '\(rule)' and could not be repaired: \(m)"
        }
    }
}
