import Foundation

/// Turns a ``Solution`` into the output document: assignments, orders, loads, objective parts.
struct PlanBuilder {
    let candidates: Candidates
    var catalog: Catalog { candidates.catalog }
    var input: PlanningInput { catalog.input }

    /// Members in team-position order; within a position the lead first, then social workers, then input order.
    func orderedMembers(need n: Int, chosen: Solution.Chosen) -> [Member] {
        let people = input.people
        var out: [Member] = []
        // The lead: the solver's choice, else the first social worker in position order.
        for (k, members) in chosen.members.enumerated() {
            let sorted = members.sorted { a, b in
                if a == chosen.lead { return b != chosen.lead }
                if b == chosen.lead { return false }
                let sa = people[a].role == .socialWorker, sb = people[b].role == .socialWorker
                return sa != sb ? sa : a < b
            }
            out += sorted.map { Member(person: people[$0].id, role: people[$0].role, position: k) }
        }
        return out
    }

    func assignment(need n: Int, chosen: Solution.Chosen) -> Assignment {
        let option = candidates.options[n][chosen.option]
        let members: [Member]
        if option.pinned {
            // Pinned teams keep exactly the order they were given.
            members = chosen.members.enumerated().flatMap { k, ps in ps.map { Member(person: input.people[$0].id, role: input.people[$0].role, position: k) } }
        } else {
            members = orderedMembers(need: n, chosen: chosen)
        }
        let lead = members.first { $0.role == .socialWorker } ?? members.first
        assert(option.pinned || lead.flatMap { catalog.personIndex[$0.person] } == catalog.leadPerson(chosen.members, lead: chosen.lead),
               "the listed lead and the counted lead must agree")
        let organization = lead.flatMap { catalog.personIndex[$0.person] }.flatMap { input.people[$0].organization }
        let cost = chosen.members.joined().reduce(0.0) { $0 + catalog.cost(need: n, person: $1) }
        return Assignment(need: input.needs[n].id, day: option.day, start: option.start.map(TimeOfDay.init(minutes:)),
                          end: option.end.map(TimeOfDay.init(minutes:)), organization: organization,
                          people: members, cost: Self.round(cost), pinned: option.pinned)
    }

    static func round(_ x: Double) -> Double {
        let r = (x * 1e6).rounded() / 1e6
        return r == 0 ? 0 : r
    }

    func build(_ solution: Solution, report: SolveReport, seconds: Double, settings: SolverSettings,
               warnings: [InputWarning]) -> Plan {
        let served = solution.chosen.keys.sorted { input.needs[$0].id < input.needs[$1].id }
        let assignments = served.map { assignment(need: $0, chosen: solution.chosen[$0]!) }

        // Loads and objective parts, from the assignments themselves.
        var minutes: [Int: Int] = [:], counts: [Int: Int] = [:]
        var value = 0.0, cost = 0.0
        for n in served {
            let need = input.needs[n]
            let preferred = Set(need.preferred)
            value += catalog.needValue[n]
            for p in solution.chosen[n]!.members.joined() {
                minutes[p, default: 0] += catalog.load(need: n, person: p)
                counts[p, default: 0] += 1
                if preferred.contains(input.people[p].id) { value += input.weights.preferred }
                cost += input.weights.cost * catalog.cost(need: n, person: p)
            }
        }
        let fairness = input.weights.fairness * Double(minutes.values.max() ?? 0) / 60
        let objective = value - cost - fairness
        // Whether a required need is left out (then only the solver's own proof counts: a bound
        // for plans that serve every required need says nothing about this one).
        let requiredLeftOut = input.needs.indices.contains { input.needs[$0].required && solution.chosen[$0] == nil }
        var bound = report.proven ? objective : max(objective, report.bound.flatMap { $0.isFinite ? $0 : nil } ?? trivialBound())
        // A bound that meets the objective is a proof of optimality, whoever found the plan.
        let proven = report.proven || (!requiredLeftOut && bound - objective < 1e-9 * max(1, abs(objective)))
        if proven { bound = objective }
        let gap = proven ? 0 : max(0, bound - objective) / max(1, abs(objective))

        let people = minutes.keys.sorted { input.people[$0].id < input.people[$1].id }
            .map { PersonLoad(person: input.people[$0].id, minutes: minutes[$0]!, assignments: counts[$0]!) }

        var groups: [String: (org: String?, party: String?, needs: [String])] = [:]
        for a in assignments {
            let party = input.needs[catalog.needIndex[a.need]!].community
                .flatMap { catalog.communityIndex[$0] }.flatMap { input.communities[$0].partyOrganization }
            let key = (a.organization ?? "\u{0}") + "\u{1}" + (party ?? "\u{0}")
            groups[key, default: (a.organization, party, [])].needs.append(a.need)
        }
        let orders = groups.keys.sorted().map { Order(organization: groups[$0]!.org, partyOrganization: groups[$0]!.party, needs: groups[$0]!.needs) }

        Trace.mark("plan assembled")
        let unserved = Explainer(candidates: candidates, solution: solution, proven: proven).explainAll()
        Trace.mark("explained \(unserved.count) unserved")
        let requiredMissing = unserved.contains { $0.required }
        var byUrgency: [Urgency: Int] = [:]
        for n in served { byUrgency[input.needs[n].urgency, default: 0] += 1 }

        let status: PlanStatus = requiredMissing ? .infeasible : (proven ? .optimal : .feasible)
        let solver = SolverReport(
            backend: report.backend, seconds: (seconds * 1000).rounded() / 1000,
            objective: Self.round(objective), bound: Self.round(bound), gap: Self.round(gap),
            objectiveParts: ObjectiveParts(value: Self.round(value), cost: Self.round(cost), fairness: Self.round(fairness)),
            variables: report.variables, constraints: report.constraints,
            termination: proven && report.termination != .heuristic ? .optimal : report.termination,
            timeLimitSeconds: settings.timeLimitSeconds, seed: settings.seed)
        return Plan(status: status, solver: solver,
                    summary: PlanSummary(needs: input.needs.count, served: served.count, unserved: unserved.count,
                                         servedByUrgency: byUrgency, peopleUsed: people.count),
                    assignments: assignments, unserved: unserved, orders: orders, people: people, warnings: warnings)
    }

    /// An upper bound that needs no solver: every servable need at its best.
    func trivialBound(needs: [Int]? = nil) -> Double {
        var total = 0.0
        let w = input.weights
        for n in needs ?? Array(input.needs.indices) where !candidates.options[n].isEmpty {
            let need = input.needs[n]
            var best = catalog.needValue[n]
            if w.preferred > 0 { best += w.preferred * Double(min(need.preferred.count, need.teamSize)) }
            let gains = Set(candidates.qualified[n].joined()).map { -w.cost * catalog.cost(need: n, person: $0) }.filter { $0 > 0 }.sorted(by: >)
            best += gains.prefix(need.teamSize).reduce(0, +) + Catalog.continuityBonus * Double(need.teamSize)
            total += max(0, best)
        }
        return total
    }
}
