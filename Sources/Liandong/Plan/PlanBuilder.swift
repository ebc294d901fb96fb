import Foundation

/// Turns a ``Solution`` into the output document: assignments, orders, loads, objective parts.
struct PlanBuilder {
    let candidates: Candidates
    /// When the unserved needs must be explained by (nil: no limit): those the clock leaves are
    /// reported `notAnalysed`, with a warning (``Explainer/explainAll(deadline:atLeast:)``).
    var explanationDeadline: ContinuousClock.Instant? = nil
    var catalog: Catalog { candidates.catalog }
    var input: PlanningInput { catalog.input }

    /// Members in team-position order; within a position the lead (``Catalog/leadPerson(_:lead:)``)
    /// first, then social workers, then input order. Pinned teams, and teams that `replan` kept from
    /// the previous plan, keep exactly the order they were given (the lead rule reads them in that
    /// order too).
    func orderedMembers(need n: Int, chosen: Solution.Chosen) -> [Member] {
        let people = input.people
        let pinned = keepsListing(need: n, chosen: chosen)
        let lead = catalog.leadPerson(chosen.members, lead: chosen.lead)
        var out: [Member] = []
        for (k, members) in chosen.members.enumerated() {
            let listed = pinned ? members : members.sorted { a, b in
                if a == lead { return b != lead }
                if b == lead { return false }
                let sa = people[a].role == .socialWorker, sb = people[b].role == .socialWorker
                return sa != sb ? sa : a < b
            }
            out += listed.map { Member(person: people[$0].id, role: people[$0].role, position: k) }
        }
        return out
    }

    /// Whether a team is listed exactly as it was given: a pinned one, or one kept from the previous
    /// plan (``Continuity``) with the lead that listing gives (the rule applied to it). A kept team
    /// whose lead the solver changed (an organization's cap) is listed with that lead first, as
    /// any other: listed as before, the lead read from the listing and the order's organization
    /// would disagree.
    func keepsListing(need n: Int, chosen: Solution.Chosen) -> Bool {
        if candidates.options[n][chosen.option].pinned { return true }
        guard catalog.previous[n]?.members == chosen.members else { return false }
        return catalog.leadPerson(chosen.members, lead: nil) == catalog.leadPerson(chosen.members, lead: chosen.lead)
    }

    func assignment(need n: Int, chosen: Solution.Chosen) -> Assignment {
        let option = candidates.options[n][chosen.option]
        let members = orderedMembers(need: n, chosen: chosen)
        let organization = catalog.leadPerson(chosen.members, lead: chosen.lead).flatMap { input.people[$0].organization }
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
        var value = 0.0, cost = 0.0, history = 0.0
        for n in served {
            value += catalog.needValue[n]
            for p in solution.chosen[n]!.members.joined() {
                minutes[p, default: 0] += catalog.load(need: n, person: p)
                counts[p, default: 0] += 1
                value += catalog.memberValue(need: n, person: p)
                cost += input.weights.cost * catalog.cost(need: n, person: p)
                history += catalog.historyCharge[p] * Double(catalog.load(need: n, person: p))
            }
        }
        let fairness = input.weights.fairness * Double(minutes.values.max() ?? 0) / 60 + history
        let objective = value - cost - fairness
        // Whether a required need is left out (then only the solver's own proof counts: a bound
        // for plans that serve every required need says nothing about this one).
        let requiredLeftOut = input.needs.indices.contains { input.needs[$0].required && solution.chosen[$0] == nil }
        // The proof decision, in one place for every backend: a plan is optimal when a valid
        // bound on the objective it optimised meets this plan's objective. A backend's own
        // "proven" is not enough (it may have proven another plan than the one built here).
        let slack = ObjectiveGrid.proofSlack(objective: objective, resolution: catalog.objectiveResolution) + continuityAllowance
        // A "bound" below a plan in hand bounds something else (another model): no proof from it.
        // With starts thinned out (a week over the size budget) the backends' bounds are those of a
        // coarser week (``SolveReport/bound`` holds for every start), and at most the sum of every
        // servable need at its best.
        let thinned = candidates.startsThinned
        let reported = report.bound.flatMap { $0.isFinite && $0 >= objective - slack ? $0 : nil }
        let trivial = candidates.trivialBound(everyStart: thinned)
        var bound = max(objective, thinned ? min(trivial, reported ?? trivial) : reported ?? trivial)
        let proven = (report.proven || !requiredLeftOut) && bound - objective <= slack
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
        let (unserved, cut) = Explainer(candidates: candidates, solution: solution, proven: proven).explainAll(deadline: explanationDeadline)
        Trace.mark("explained \(unserved.count) unserved, \(cut) not analysed")
        var warnings = cut == 0 ? warnings : warnings + [InputWarning(path: JSONPointer(["needs"]), message:
            "the time limit ran out while explaining the unserved needs: \(cut) of \(unserved.count) (those of lowest value) are reported notAnalysed; `liandong explain` gives their reasons")]
        let requiredMissing = unserved.contains { $0.required }
        // `infeasible` says what this plan could not do; unproven, it is not that no plan can (a
        // GAP instance of 1,600 jobs under `--backend glpk` at 10 s: GLPK's LP took the time and
        // the plan left 236 required jobs out, where `auto` serves all 1,600).
        // Reasons that hold for every plan (the need's own people, times, declines, insurance,
        // budgets, and the accepted orders) need no proof; the others are this plan's. A need with
        // one of the former among its reasons gets no warning, even where the reasons are one set
        // mixing both kinds (``Explainer/cores(_:_:_:)``): the warning may be missing, never wrong.
        let everyPlan: Set<UnservedReason> = [.noQualifiedPerson, .noCommonTime, .declined, .notInsured, .exceedsBudget, .pinnedOrder]
        let unproven = unserved.filter { $0.required && everyPlan.isDisjoint(with: $0.reasons) }
        if !unproven.isEmpty && !proven {
            warnings.append(InputWarning(path: JSONPointer(["needs"]), message:
                "\(unproven.count) required need(s) unserved for reasons of this plan (\(unproven.prefix(3).map(\.need).joined(separator: ", "))\(unproven.count > 3 ? " …" : "")), and it is not proven that no plan serves them: the search ended on its budget or the time limit; a longer --time-limit or --backend auto may serve them"))
        }
        var byUrgency: [Urgency: Int] = [:]
        for n in served { byUrgency[input.needs[n].urgency, default: 0] += 1 }

        let status: PlanStatus = requiredMissing ? .infeasible : (proven ? .optimal : .feasible)
        var solver = SolverReport(
            backend: report.backend, seconds: (seconds * 1000).rounded() / 1000,
            objective: Self.round(objective), bound: Self.round(bound), gap: Self.round(gap),
            objectiveParts: ObjectiveParts(value: Self.round(value), cost: Self.round(cost), fairness: Self.round(fairness)),
            variables: report.variables, constraints: report.constraints,
            // A proof does not hide the clock: a plan some phase of which the clock cut short may
            // be another (of equal worth) on another run, and says `timeLimit` whether proven or
            // not (until 2026-12-17 a proven one said `optimal` — and an uncut run of the same
            // input `heuristic`: two runs' outputs differed in this field alone).
            // Explanations the clock cut short (`notAnalysed`) may be others on another run: so said.
            termination: cut > 0 ? .timeLimit
                : proven && report.termination != .heuristic && report.termination != .timeLimit ? .optimal : report.termination,
            timeLimitSeconds: settings.timeLimitSeconds, seed: settings.seed)
        // What the clock cut, so that a consumer can tell a plan the clock cut (another run may give
        // another) from a bound it cut (the same plan) — since 2026-12-24.
        let clockCut = report.clockCut.union(cut > 0 ? [.explanations] : [])
        if solver.termination == .timeLimit && !clockCut.isEmpty {
            solver.clockCut = ClockCutPart.allCases.filter(clockCut.contains)
        }
        var summary = PlanSummary(needs: input.needs.count, served: served.count, unserved: unserved.count,
                                  servedByUrgency: byUrgency, peopleUsed: people.count)
        summary.balance = balance(minutes)
        if input.needs.contains(where: \.partyMembers) {
            let asking = served.filter { input.needs[$0].partyMembers }
            let places = asking.reduce(0) { $0 + input.needs[$1].teamSize }
            let members = asking.reduce(0) { $0 + solution.chosen[$1]!.members.joined().filter { input.people[$0].partyMember }.count }
            summary.partyMembers = PartyMemberShare(needs: asking.count, places: places, partyMembers: members,
                                                    share: places == 0 ? 0 : Self.round(Double(members) / Double(places)))
        }
        return Plan(status: status, solver: solver, summary: summary,
                    assignments: assignments, unserved: unserved, orders: orders, people: people, warnings: warnings)
    }

    /// The load spread of a plan (``LoadBalance``) from each used person's minutes.
    func balance(_ minutes: [Int: Int]) -> LoadBalance {
        let loads = minutes.values.sorted()
        var b = LoadBalance(largestMinutes: loads.last ?? 0, medianMinutes: loads.isEmpty ? 0 : loads[(loads.count - 1) / 2])
        let history = input.people.map { $0.servedMinutesToDate ?? 0 }
        let total = loads.reduce(0, +)
        if history.contains(where: { $0 > 0 }), total > 0 {
            let top = history.indices.sorted { (history[$0], -$0) > (history[$1], -$1) }.prefix(max(1, history.count / 4))
            b.topHistoryQuarterShare = Self.round(Double(top.reduce(0) { $0 + (minutes[$1] ?? 0) }) / Double(total))
        }
        return b
    }

    /// The most that continuity bonuses (``Catalog/continuityBonus``, `replan` only) add to a
    /// solver's bound beyond the plan's objective, which leaves them out.
    var continuityAllowance: Double {
        catalog.previous.keys.reduce(0.0) { $0 + Catalog.continuityBonus * Double(input.needs[$1].teamSize) }
    }
}
