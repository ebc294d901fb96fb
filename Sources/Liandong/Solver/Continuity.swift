/// `replan`'s preference for the previous plan (``Catalog/previous``): same people, same time,
/// same organization — so that a round changes an order only where that gains. Three parts,
/// each in one place: the objective's continuity bonus (``Catalog/continuity(need:option:person:)``,
/// every backend), the heuristic's warm start (``seed(_:)``) and, after any backend, the previous
/// listing and lead for teams that did not change (``restoreListing(_:candidates:)``).
enum Continuity {
    /// The option of need `n` at its previous time, if any (not a pinned one).
    static func previousOption(need n: Int, candidates: Candidates) -> Int? {
        guard let prev = candidates.catalog.previous[n] else { return nil }
        return candidates.options[n].firstIndex { !$0.pinned && $0.day == prev.day && $0.start == prev.start }
    }

    /// Serves every need's previous team at its previous time where it still fits (qualified,
    /// not declined, free, within budgets, its organization with room), before the construction.
    static func seed(_ state: inout SearchState) {
        let candidates = state.candidates
        let catalog = candidates.catalog
        for n in catalog.previous.keys.sorted() where state.chosen[n] == nil {
            guard let prev = catalog.previous[n], !prev.members.isEmpty,
                  let o = previousOption(need: n, candidates: candidates) else { continue }
            let option = candidates.options[n][o]
            let fits = prev.members.enumerated().allSatisfy { k, ps in
                ps.allSatisfy { p in option.candidates[k].contains(p) && state.usage.canTake(p, need: n, option: option) }
            }
            guard fits, Set(prev.members.joined()).count == prev.members.joined().count else { continue }
            let lead = catalog.leadPerson(prev.members, lead: nil)
            guard state.usage.canOrder(lead.flatMap(catalog.organization(of:))) else { continue }
            state.serve(need: n, option: o, members: prev.members, lead: lead)
        }
    }

    /// For every need served by the same people in the same positions at the same time as in the
    /// previous plan, lists them as the previous plan did, so that the same person leads and the
    /// same organization gets the order — when that organization has room (the backend may have
    /// chosen another lead for a cap). Also where the members are listed as before but the backend
    /// chose another lead (GLPK's lead variables): the previous lead again, room permitting.
    static func restoreListing(_ solution: inout Solution, candidates: Candidates) {
        let catalog = candidates.catalog
        guard !catalog.previous.isEmpty else { return }
        var orders = Array(repeating: 0, count: catalog.input.organizations.count)
        for (_, c) in solution.chosen {
            if let g = catalog.leadOrganization(c.members, lead: c.lead) { orders[g] += 1 }
        }
        for n in solution.chosen.keys.sorted() {
            guard let c = solution.chosen[n], let prev = catalog.previous[n], !prev.members.isEmpty,
                  !candidates.options[n][c.option].pinned,
                  c.members != prev.members || catalog.leadPerson(c.members, lead: c.lead) != catalog.leadPerson(prev.members, lead: nil),
                  candidates.options[n][c.option].day == prev.day, candidates.options[n][c.option].start == prev.start,
                  zip(c.members, prev.members).allSatisfy({ Set($0) == Set($1) }) else { continue }
            let now = catalog.leadOrganization(c.members, lead: c.lead)
            let lead = catalog.leadPerson(prev.members, lead: nil)
            let before = lead.flatMap(catalog.organization(of:))
            if before != now {
                if let g = before, let max = catalog.input.organizations[g].maxOrders, orders[g] >= max { continue }
                if let g = now { orders[g] -= 1 }
                if let g = before { orders[g] += 1 }
            }
            solution.chosen[n] = Solution.Chosen(option: c.option, members: prev.members, lead: lead)
        }
    }
}
