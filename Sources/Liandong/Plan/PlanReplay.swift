/// A plan file read back as a whole ``Plan`` against its input, for the people's documents
/// (`report`): the assignments as written, everything else — loads, orders, summary, the reasons
/// of the unserved needs — derived again by the engine's own builder. A plan that breaks a rule
/// of its input is refused (run `liandong check` to see how).
public enum PlanReplay {
    public static func plan(_ bytes: [UInt8], input decoded: DecodedInput) throws(InvalidInput) -> Plan {
        let document = try PlanReader.read(bytes)
        try document.requireValid(for: decoded.input)
        let candidates = Candidates(Catalog(decoded.input))
        let solution = Advisor.solution(document.assignments, candidates: candidates)
        let missing = Set(document.assignments.map(\.need)).subtracting(solution.chosen.keys.map { decoded.input.needs[$0].id })
        if let need = missing.sorted().first {
            throw InvalidInput([InputProblem(.invalidValue, at: .root / "assignments",
                "the assignment of need '\(need)' starts at a time the engine does not consider for this input (thinned starts); re-plan it")])
        }
        var fixed = solution
        for (n, chosen) in solution.chosen {
            // The members as the file lists them (the lead rule reads that order).
            if let a = document.assignments.first(where: { $0.need == decoded.input.needs[n].id }) {
                var members = Array(repeating: [Int](), count: chosen.members.count)
                for m in a.people { if let p = candidates.catalog.personIndex[m.person] { members[m.position].append(p) } }
                fixed.chosen[n] = Solution.Chosen(option: chosen.option, members: members, lead: nil)
            }
        }
        let settings = Engine.settings(for: decoded.input, overriding: SettingsOverrides())
        let report = SolveReport(backend: settings.backend, termination: .kept, bound: nil, variables: 0, constraints: 0,
                                 proven: document.status == .optimal)
        var plan = PlanBuilder(candidates: candidates).build(fixed, report: report, seconds: 0, settings: settings, warnings: decoded.warnings)
        for i in plan.assignments.indices {
            if let a = document.assignments.first(where: { $0.need == plan.assignments[i].need }) {
                plan.assignments[i].pinned = a.pinned
                plan.assignments[i].people = a.people
                plan.assignments[i].organization = a.organization
            }
        }
        if let status = document.status { plan.status = status }
        return plan
    }
}

extension PlanDocument {
    /// Refuses a plan that breaks a hard rule of `input` (the first violation, and how many):
    /// what is read back for people or advice must be a plan `check` accepts.
    public func requireValid(for input: PlanningInput) throws(InvalidInput) {
        let violations = PlanChecker(input: input).violations(of: PlanDocument(assignments: assignments))
        if let v = violations.first {
            throw InvalidInput([InputProblem(.pinnedBreaksRule, at: v.path.map(JSONPointer.init(parsing:)) ?? .root,
                "the plan breaks the rule '\(v.rule.rawValue)' of its input (\(violations.count) violation\(violations.count == 1 ? "" : "s"); see liandong check): \(v.message)")])
        }
    }
}
