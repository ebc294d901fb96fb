/// A plan under construction by the heuristic: what is served, what it uses, what it is worth.
struct SearchState {
    let candidates: Candidates
    var usage: PlanUsage
    private(set) var chosen: ChosenServices
    private(set) var leadOrganization: [Int?]
    /// Σ over served needs of value + member gains (preferred bonus − weighted cost + continuity).
    private(set) var score = 0.0
    /// Whether the clock, not a budget, ended a phase of the search that made this plan (the
    /// plan may then differ from run to run: `termination: timeLimit`).
    var cutByClock = false
    /// The work the ruin-and-recreate search spent (its units), from which later phases size
    /// their budgets deterministically.
    var searchWork = 0
    /// Each person's price of a minute of their budget (the Lagrangian relaxation's), by which
    /// insertions rank the candidates of a position: gain less the price of the minutes they
    /// would use (nil: by gain alone). Set only while ``Heuristic/construct(minutePrice:)`` runs.
    var minutePrice: [Double]? = nil
    /// Whether the construction had to staff by minute prices (``Heuristic/search()``): the
    /// greedy by gain left required needs out where the relaxation fits them all.
    var staffedByPrices = false
    /// A bound the searches' relaxations reached on the way (the steps behind the minute prices,
    /// the budget tabu search's guide) on the worth of every plan of the week, at its kept
    /// starts, that serves every `required` need — valid whatever this plan is: the bound
    /// reported is the least of it and those computed at the end, for a plan that serves them all.
    var searchBound = Double.infinity
    /// The steps of the relaxation's first phase behind the minute prices (``Heuristic/minutePrices(work:)``:
    /// every need, `required` ones forced), for a later guide of the same relaxation to go on
    /// from (``BudgetTabu``) instead of starting again from no prices.
    var priceSteps: LagrangianBound.LinearRun? = nil

    var catalog: Catalog { candidates.catalog }

    /// The bound to report: the least of `bound` (nil: none) and ``searchBound`` where the latter
    /// holds — this plan serves every `required` need, and the week's starts were not thinned out
    /// (a bound of the kept starts' week bounds those plans only; `Solution/bound` is for every start).
    func leastBound(_ bound: Double?) -> Double? {
        guard searchBound.isFinite, !candidates.startsThinned, servesEveryRequired() else { return bound }
        return min(bound ?? .infinity, searchBound)
    }

    /// `solution` in place of this plan, with what the plan carries besides its services: whether
    /// the clock cut a phase, the search's reckoned work, ``searchBound``, ``staffedByPrices`` and ``priceSteps``.
    func replacingPlan(with solution: Solution) -> SearchState {
        var state = SearchState(candidates, solution: solution)
        state.cutByClock = cutByClock
        state.searchWork = searchWork
        state.searchBound = searchBound
        state.staffedByPrices = staffedByPrices
        state.priceSteps = priceSteps
        return state
    }

    init(_ candidates: Candidates) {
        self.candidates = candidates
        usage = PlanUsage(candidates.catalog)
        chosen = ChosenServices(needs: candidates.options.count)
        leadOrganization = Array(repeating: nil, count: candidates.options.count)
    }

    /// What person `p` adds to need `n` served at `option` beyond the need's value.
    func gain(need n: Int, option: ServiceOption, person p: Int) -> Double {
        catalog.gain(need: n, option: option, person: p)
    }

    func worth(need n: Int, option o: Int, members: [[Int]]) -> Double {
        let option = candidates.options[n][o]
        return catalog.needValue[n] + members.joined().reduce(0) { $0 + gain(need: n, option: option, person: $1) }
    }

    mutating func serve(need n: Int, option o: Int, members: [[Int]], lead: Int?) {
        let option = candidates.options[n][o]
        let org = catalog.leadOrganization(members, lead: lead)
        usage.add(need: n, option: option, people: members.joined(), leadOrganization: org)
        chosen[n] = Solution.Chosen(option: o, members: members, lead: lead)
        leadOrganization[n] = org
        score += worth(need: n, option: o, members: members)
    }

    mutating func drop(need n: Int) {
        guard let c = chosen[n] else { return }
        usage.remove(need: n, option: candidates.options[n][c.option], people: c.members.joined(), leadOrganization: leadOrganization[n])
        score -= worth(need: n, option: c.option, members: c.members)
        chosen[n] = nil
        leadOrganization[n] = nil
    }

    /// The best way to add need `n` now: (worth, option, members, lead), or nil.
    /// Among options of equal worth, the one whose team is least in demand elsewhere wins.
    /// `work` grows by what the attempt examined (see ``PlanUsage/team(need:option:relaxing:prefer:demand:work:)``).
    func bestInsertion(need n: Int, work: inout Int) -> (worth: Double, option: Int, members: [[Int]], lead: Int)? {
        var best: (worth: Double, option: Int, members: [[Int]], lead: Int)?
        var bestDemand = 0.0
        work += 1
        // The ranking closures are passed as they are made (not stored: a stored closure is
        // allocated with a copy of what it captures) and capture the catalog, not `self` (which
        // copied the whole state, a retain of each of its arrays, for every option tried).
        let catalog = self.catalog
        for (o, option) in candidates.options[n].enumerated() where !option.pinned {
            work += 1
            let found: (members: [[Int]], lead: Int)?
            if let price = minutePrice {
                found = usage.team(need: n, option: option, prefer: { catalog.gain(need: n, option: option, person: $0, minutePrice: price) },
                                   demand: candidates.demand, spare: candidates.scarceOrders, work: &work)
            } else {
                found = usage.team(need: n, option: option, prefer: { catalog.gain(need: n, option: option, person: $0) },
                                   demand: candidates.demand, spare: candidates.scarceOrders, work: &work)
            }
            guard let team = found else { continue }
            let w = worth(need: n, option: o, members: team.members)
            let d = team.members.joined().reduce(0) { $0 + candidates.demand[$1] }
            if best == nil || w > best!.worth + 1e-12 || (w > best!.worth - 1e-12 && d < bestDemand - 1e-9) {
                best = (w, o, team.members, team.lead)
                bestDemand = d
            }
        }
        return best
    }

    var solution: Solution {
        var s = Solution()
        s.chosen = chosen.dictionary
        return s
    }

    /// The largest load (minutes) of anyone.
    var largestLoad: Int { usage.minutes.max() ?? 0 }

    /// value − cost − fairness (+ continuity bonuses) of the plan as it stands: the objective
    /// every backend optimises.
    var objective: Double {
        let fairness = catalog.input.weights.fairness
        return fairness > 0 ? score - fairness * Double(largestLoad) / 60 : score
    }

    /// How many `required` needs the plan serves (the first consideration, before ``objective``).
    var requiredServed: Int { chosen.keys.reduce(0) { $0 + (catalog.input.needs[$1].required ? 1 : 0) } }

    /// Whether the plan leaves out a `required` need that has an option (one it might still serve).
    func missesServableRequired() -> Bool {
        let input = catalog.input
        return input.needs.indices.contains { input.needs[$0].required && chosen[$0] == nil && !candidates.options[$0].isEmpty }
    }

    /// Whether every `required` need among `needs` (nil: all) is served: the plans a bound that
    /// forces them bounds include this one (``LagrangianBound/forceRequired``).
    func servesEveryRequired(of needs: [Int]? = nil) -> Bool {
        let input = catalog.input
        return (needs ?? Array(input.needs.indices)).allSatisfy { !input.needs[$0].required || chosen[$0] != nil }
    }

    /// Whether this plan is better than `other`: more required needs served, then a higher objective.
    func isBetter(than other: SearchState, tolerance: Double = 1e-9) -> Bool {
        let (a, b) = (requiredServed, other.requiredServed)
        return a != b ? a > b : objective > other.objective + tolerance
    }

    /// Checks what the incremental bookkeeping says against a recount from `chosen`: every
    /// person's minutes, assignments and busy intervals, every organization's orders (by the lead
    /// rule), and the score. Compiled into debug builds and tests (`assert`), free in release.
    func _checkInvariants() {
        #if DEBUG
        var fresh = SearchState(candidates)
        for n in chosen.keys.sorted() {
            let c = chosen[n]!
            fresh.serve(need: n, option: c.option, members: c.members, lead: c.lead)
        }
        precondition(fresh.usage.minutes == usage.minutes, "minutes out of step")
        precondition(fresh.usage.count == usage.count, "assignment counts out of step")
        precondition(fresh.usage.orders == usage.orders, "organizations' orders out of step")
        // No organization over its cap, but for accepted orders (pins may fill it on their own).
        var pinnedOrders = Array(repeating: 0, count: catalog.input.organizations.count)
        for (n, g) in leadOrganization.enumerated() {
            if let g, candidates.options[n][chosen[n]!.option].pinned { pinnedOrders[g] += 1 }
        }
        for (g, o) in catalog.input.organizations.enumerated() {
            precondition(usage.orders[g] <= max(o.maxOrders ?? .max, pinnedOrders[g]), "organization \(g) over its cap of orders")
        }
        for p in usage.busy.indices {
            let a = usage.busy[p].map { [$0.day, $0.from, $0.to] }.sorted { $0.lexicographicallyPrecedes($1) }
            let b = fresh.usage.busy[p].map { [$0.day, $0.from, $0.to] }.sorted { $0.lexicographicallyPrecedes($1) }
            precondition(a == b, "busy intervals of person \(p) out of step")
        }
        precondition(abs(fresh.score - score) <= 1e-6 * max(1, abs(score)), "score \(score) != recount \(fresh.score)")
        for n in chosen.keys {
            let c = chosen[n]!
            let o = candidates.options[n][c.option]
            for (k, members) in c.members.enumerated() {
                precondition(members.count == catalog.input.needs[n].team[k].count || o.pinned, "position \(k) of need \(n) not filled")
                precondition(members.allSatisfy { o.candidates[k].contains($0) }, "a member of need \(n) is not a candidate")
            }
        }
        #endif
    }

    /// Replaces members of served needs, each (need, position, out, in), keeping every option;
    /// budgets are not checked (the caller's moves decide). Refused — nil, nothing changed — when
    /// a lead the solver chose would no longer be a valid lead, or the order would move to an
    /// organization without room. Returns the previous services, for ``restore(_:)``.
    mutating func replaceMembers(_ changes: [(need: Int, position: Int, out: Int, in: Int)]) -> [(Int, Solution.Chosen)]? {
        // One change a service (two would each start from the service as it was).
        guard Set(changes.map(\.need)).count == changes.count else { return nil }
        var old: [(Int, Solution.Chosen)] = []
        var new: [(Int, [[Int]], Int?)] = []
        for ch in changes {
            guard let c = chosen[ch.need] else { return nil }
            var members = c.members
            guard let i = members[ch.position].firstIndex(of: ch.out) else { return nil }
            members[ch.position][i] = ch.in
            members[ch.position].sort()
            let lead = c.lead.map { $0 == ch.out ? ch.in : $0 }
            if let lead, !catalog.isValidLead(lead, in: members) { return nil }
            old.append((ch.need, c))
            new.append((ch.need, members, lead))
        }
        for (n, _) in old { drop(need: n) }
        for (i, (n, members, lead)) in new.enumerated() {
            // Every order counted again, also one that stays with its organization: in a swap the
            // other service may have taken the order its drop freed (two orders where there was one).
            if !usage.canOrder(catalog.leadOrganization(members, lead: lead)) {
                restore(old)
                return nil
            }
            serve(need: n, option: old[i].1.option, members: members, lead: lead)
        }
        return old
    }

    /// Puts back services replaced by ``replaceMembers(_:)``.
    mutating func restore(_ old: [(Int, Solution.Chosen)]) {
        for (n, _) in old where chosen[n] != nil { drop(need: n) }
        for (n, c) in old { serve(need: n, option: c.option, members: c.members, lead: c.lead) }
    }

    /// The state of a whole solution (pinned services first, then by need index).
    init(_ candidates: Candidates, solution: Solution) {
        self.init(candidates)
        let order = solution.chosen.keys.sorted { a, b in
            let pa = candidates.options[a][solution.chosen[a]!.option].pinned, pb = candidates.options[b][solution.chosen[b]!.option].pinned
            return pa != pb ? pa : a < b
        }
        for n in order {
            let c = solution.chosen[n]!
            serve(need: n, option: c.option, members: c.members, lead: c.lead)
        }
    }

    /// This plan's required needs and accepted orders alone, every other service dropped: a plan no
    /// backend may fall below (``Engine``), and a ceiling the load ceiling tries where fairness
    /// weighs heavily (``Heuristic/lowerTheLargestLoad(_:rng:)``).
    func requiredAndAcceptedOnly() -> SearchState {
        var core = self
        for n in chosen.keys.sorted() where !catalog.input.needs[n].required && !candidates.options[n][chosen[n]!.option].pinned {
            core.drop(need: n)
        }
        return core
    }

    /// Whether the largest load's charge is at least a quarter of the plan's worth: where `auto`
    /// splits the bound by ranges of the largest load (``LoadSplit``) and the load ceiling also
    /// tries the required needs alone. Where the charge is a small part of the objective neither
    /// pays (community fair weeks, 20 an hour: about 4 % of the worth).
    var fairnessWeighsHeavily: Bool {
        let fairness = catalog.input.weights.fairness
        return fairness > 0 && fairness / 60 * Double(largestLoad) >= 0.25 * max(1, abs(objective))
    }

    /// Only the pinned (accepted) orders: the plan every backend must at least match.
    static func pinnedOnly(_ candidates: Candidates) -> SearchState {
        var state = SearchState(candidates)
        for n in candidates.options.indices {
            guard let option = candidates.options[n].first, option.pinned else { continue }
            state.serve(need: n, option: 0, members: option.candidates, lead: nil)
        }
        return state
    }
}

extension Catalog {
    /// Person `p`'s gain in need `n` at `option` less the price of the minutes it takes them
    /// (``SearchState/minutePrice``): how the construction by minute prices ranks candidates.
    func gain(need n: Int, option: ServiceOption, person p: Int, minutePrice price: [Double]) -> Double {
        gain(need: n, option: option, person: p) - price[p] * Double(load(need: n, person: p))
    }
}


/// The services of a plan under search, by need index: what a dictionary keyed by need gave, in
/// an array (the search looks a need up on every step; hashing the key took an eighth of a
/// district week's search). `keys` come in ascending order.
struct ChosenServices: Sequence {
    private var slots: [Solution.Chosen?]
    private(set) var count = 0

    init(needs: Int) { slots = Array(repeating: nil, count: needs) }

    subscript(n: Int) -> Solution.Chosen? {
        get { slots[n] }
        set {
            count += (newValue == nil ? 0 : 1) - (slots[n] == nil ? 0 : 1)
            slots[n] = newValue
        }
    }

    /// The needs served, in ascending order.
    var keys: [Int] { slots.indices.filter { slots[$0] != nil } }

    /// (need, service) of every need served, in ascending order of need.
    func makeIterator() -> some IteratorProtocol<(key: Int, value: Solution.Chosen)> {
        slots.indices.lazy.compactMap { n in slots[n].map { (key: n, value: $0) } }.makeIterator()
    }

    var dictionary: [Int: Solution.Chosen] {
        var out: [Int: Solution.Chosen] = [:]
        out.reserveCapacity(count)
        for (n, c) in slots.enumerated() { if let c { out[n] = c } }
        return out
    }
}
