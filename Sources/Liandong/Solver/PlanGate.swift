/// The last stage before a plan leaves the engine: the independent ``PlanChecker`` verifies it
/// against every hard rule of the input. A plan it rejects is repaired — the offending services
/// dropped, then re-inserted where they still fit (each repair re-checked), with a warning
/// naming what changed — or, failing that, refused with ``EngineError/invalidPlan(rule:message:)``.
/// No backend and no command can write a plan the checker rejects.
struct PlanGate {
    let builder: PlanBuilder
    let settings: SolverSettings
    var candidates: Candidates { builder.candidates }
    var catalog: Catalog { candidates.catalog }

    /// Rounds of dropping offending services before giving up.
    static let repairRounds = 5

    func verified(_ plan: Plan, solution: Solution, report: SolveReport, seconds: Double,
                  warnings: [InputWarning]) throws(EngineError) -> Plan {
        let checker = PlanChecker(input: catalog.input)
        var violations = checker.violations(of: plan)
        if violations.isEmpty { return plan }
        Trace.mark("plan gate: \(violations.count) violations, first \(violations[0].rule.rawValue): \(violations[0].message)")
        var report = report
        report.proven = false
        var current = solution
        var dropped: [Int] = []
        var repaired = plan
        for _ in 0..<Self.repairRounds {
            let offenders = Set(violations.compactMap { $0.need.flatMap { catalog.needIndex[$0] } })
                .filter { n in current.chosen[n].map { !candidates.options[n][$0.option].pinned } ?? false }
            if offenders.isEmpty { break }
            for n in offenders.sorted() { current.chosen[n] = nil; dropped.append(n) }
            repaired = builder.build(current, report: report, seconds: seconds, settings: settings, warnings: warnings)
            violations = checker.violations(of: repaired)
            if violations.isEmpty { break }
        }
        guard violations.isEmpty else {
            let v = violations[0]
            throw EngineError.invalidPlan(rule: v.rule.rawValue, message: (v.path.map { "\($0): " } ?? "") + v.message)
        }
        // Re-insert what still fits, keeping the result only if it passes the checker too.
        var state = SearchState(candidates, solution: current)
        let deadline = ContinuousClock().now + .seconds(1)
        var work = 0
        let added = Heuristic(candidates: candidates, seed: settings.seed, deadline: deadline).insert(dropped.sorted(), into: &state, work: &work)
        if !added.isEmpty {
            let refilled = builder.build(state.solution, report: report, seconds: seconds, settings: settings, warnings: warnings)
            if checker.violations(of: refilled).isEmpty { repaired = refilled; current = state.solution }
        }
        let lost = dropped.filter { current.chosen[$0] == nil }.map { catalog.input.needs[$0].id }.sorted()
        let changed = dropped.map { catalog.input.needs[$0].id }.sorted()
        repaired.warnings.append(InputWarning(path: JSONPointer(), message:
            "the solver's plan broke a hard rule (\(plan.solver.backend.rawValue)); repaired by re-planning \(changed.joined(separator: ", "))"
            + (lost.isEmpty ? "" : "; left unserved: \(lost.joined(separator: ", "))")))
        return repaired
    }
}
