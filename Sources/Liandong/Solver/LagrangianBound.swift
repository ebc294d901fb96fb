/// An upper bound on value − cost from Lagrangian relaxation, for problems whose LP relaxation
/// GLPK cannot solve in time.
///
/// The rules that tie needs together through people — overlapping services (one multiplier per
/// maximal clique of a person's possible services), minute budgets and assignment counts — move
/// into the objective with multipliers λ ≥ 0, and so do organizations' `maxOrders` that can bind
/// (priced at the cheapest capped organization among those who may lead an option); fairness and
/// "a person fills at most one position of a need" are dropped (dropping a rule only raises the bound). What
/// is left splits by need: each need takes its best option, each position its best people at
/// their reduced worth. Subgradient steps (Polyak's rule, towards the heuristic's value) lower
/// the bound; every iterate is a valid bound and the least one is kept. Budget and count rows
/// are scaled to a right-hand side of 1, so that a step moves every multiplier alike (unscaled,
/// minute budgets in the hundreds swamp the time rows and the bound stalls); the step size
/// halves after 50 steps without a lower bound. When every objective coefficient is a whole
/// number, so is every plan's worth, and the bound is rounded down.
struct LagrangianBound {
    let candidates: Candidates
    var progress: ProgressSink? = nil

    private struct Entry {
        var person: Int32
        var gain: Double
        var load: Double
        var cliqueStart: Int32
        var cliqueCount: Int32
    }

    private struct Slot {
        var count: Int
        var entries: Range<Int>
    }

    private struct OptionModel {
        var slots: Range<Int>
        /// The capped organizations that could receive the order (of a member who may lead);
        /// empty when someone who may lead belongs to no capped organization (no price then).
        var leadOrganizations: [Int]
    }

    /// - Parameters:
    ///   - needs: the part to bound (nil: all).
    ///   - lower: the value of a known plan (the step target).
    /// - Returns: nil when the relaxation has no solution (a required need with no option).
    func bound(needs subset: [Int]? = nil, lower: Double, deadline: ContinuousClock.Instant, iterations: Int = 3000) -> Double? {
        let catalog = candidates.catalog
        let input = catalog.input
        let needs = subset ?? Array(input.needs.indices)
        let peopleCount = input.people.count
        // Setting up costs about as much as a few iterations: with the time spent, no bound.
        let clock = ContinuousClock()
        if clock.now >= deadline { return nil }

        // 1. Flatten every (option, position, person) with its gain, load and cliques.
        var entries: [Entry] = []
        var slots: [Slot] = []
        var options: [[OptionModel]] = []
        var cliqueMembers: [Int32] = []           // flat clique ids per entry
        // Intervals per person: (day, start, end) → entries using it.
        var intervals = Array(repeating: [(day: Int, start: Int, end: Int, entry: Int)](), count: peopleCount)
        var maxLoad = Array(repeating: 0.0, count: peopleCount)
        var maxCount = Array(repeating: 0, count: peopleCount)
        for (index, n) in needs.enumerated() {
            if index % 512 == 511, clock.now >= deadline { return nil }
            var models: [OptionModel] = []
            var needLoad: [Int: Double] = [:]
            for option in candidates.options[n] {
                let first = slots.count
                for (k, members) in option.candidates.enumerated() {
                    let e0 = entries.count
                    for p in members {
                        let gain = catalog.gain(need: n, option: option, person: p)
                        let load = Double(catalog.load(need: n, person: p))
                        if let d = option.day, let s = option.start, let e = option.end {
                            intervals[p].append((d, s, e, entries.count))
                        }
                        entries.append(Entry(person: Int32(p), gain: gain, load: load, cliqueStart: 0, cliqueCount: 0))
                        needLoad[p] = max(needLoad[p] ?? 0, load)
                    }
                    slots.append(Slot(count: option.pinned ? members.count : input.needs[n].team[k].count, entries: e0..<entries.count))
                }
                // Who may lead: the pin's lead, or anyone who may lead from their position.
                var leads: [Int] = []
                if option.pinned {
                    if let l = catalog.leadPerson(option.candidates, lead: nil) { leads = [l] }
                } else {
                    for (k, members) in option.candidates.enumerated() { for p in members where catalog.mayLead(person: p, position: k) { leads.append(p) } }
                }
                var orgs = Set<Int>(), free = leads.isEmpty
                for p in leads { if let g = catalog.organization(of: p), catalog.capped[g] { orgs.insert(g) } else { free = true } }
                models.append(OptionModel(slots: first..<slots.count, leadOrganizations: free ? [] : orgs.sorted()))
            }
            for (p, l) in needLoad { maxLoad[p] += l; maxCount[p] += 1 }
            options.append(models)
        }
        // 2. Maximal cliques of each person's services, by a sweep over start points.
        var cliqueCount = 0
        var entryCliques = Array(repeating: [Int32](), count: entries.count)
        for p in 0..<peopleCount where intervals[p].count > 1 {
            if p % 512 == 511, clock.now >= deadline { return nil }
            let list = intervals[p].map { IntervalCliques.Interval(day: $0.day, start: $0.start, end: $0.end, id: $0.entry) }
            for clique in IntervalCliques.maximal(list) {
                for entry in clique.members { entryCliques[entry].append(Int32(cliqueCount)) }
                cliqueCount += 1
            }
        }
        for e in entries.indices {
            entries[e].cliqueStart = Int32(cliqueMembers.count)
            entries[e].cliqueCount = Int32(entryCliques[e].count)
            cliqueMembers.append(contentsOf: entryCliques[e])
        }
        entryCliques = []
        // Budgets that can bind.
        let minutesCap: [Double?] = input.people.indices.map { p in
            input.people[p].maxMinutes.flatMap { Double($0) < maxLoad[p] ? Double($0) : nil }
        }
        let countCap: [Double?] = input.people.indices.map { p in
            input.people[p].maxAssignments.flatMap { $0 < maxCount[p] ? Double($0) : nil }
        }
        // Organizations' order caps that can bind (more needs could send them an order), priced
        // like the budgets: a need's order costs the cheapest price among those who may lead
        // it, which only over-estimates the relaxation — every iterate stays a bound.
        var possibleOrders = Array(repeating: 0, count: input.organizations.count)
        for models in options {
            var seen = Set<Int>()
            for m in models { for g in m.leadOrganizations where seen.insert(g).inserted { possibleOrders[g] += 1 } }
        }
        let orderCap: [Double?] = input.organizations.indices.map { g in
            input.organizations[g].maxOrders.flatMap { $0 < possibleOrders[g] ? Double(max($0, 0)) : nil }
        }
        let anyOrderCap = orderCap.contains { $0 != nil }

        // 3. Subgradient iterations.
        var lambda = [Double](repeating: 0, count: cliqueCount)
        var mu = [Double](repeating: 0, count: peopleCount)
        var nu = [Double](repeating: 0, count: peopleCount)
        var rho = [Double](repeating: 0, count: input.organizations.count)
        var usageOrders = [Double](repeating: 0, count: input.organizations.count)
        var best = Double.infinity
        var theta = 2.0
        var sinceBest = 0
        var reduced = [Double](repeating: 0, count: entries.count)
        var usageClique = [Double](repeating: 0, count: cliqueCount)
        var usageMinutes = [Double](repeating: 0, count: peopleCount)
        var usageCount = [Double](repeating: 0, count: peopleCount)
        var chosenEntries: [Int] = []
        var scratch: [Int] = []
        var lastIteration = 0
        for iteration in 0..<iterations {
            lastIteration = iteration
            if iteration > 0 && iteration % 8 == 0 {
                if clock.now >= deadline { break }   // the first is always done: a bound at λ = 0
                progress?.emit("bound", objective: lower, bound: best.isFinite ? best : nil)
            }
            for e in entries.indices {
                let en = entries[e]
                var c = 0.0
                let p = Int(en.person)
                for i in Int(en.cliqueStart)..<Int(en.cliqueStart + en.cliqueCount) { c += lambda[Int(cliqueMembers[i])] }
                if let cap = minutesCap[p] { c += mu[p] * en.load / cap }
                if let cap = countCap[p] { c += nu[p] / cap }
                reduced[e] = en.gain - c
            }
            var value = 0.0
            for i in usageClique.indices { usageClique[i] = 0 }
            for i in 0..<peopleCount { usageMinutes[i] = 0; usageCount[i] = 0 }
            for g in usageOrders.indices { usageOrders[g] = 0 }
            for (index, n) in needs.enumerated() {
                let need = input.needs[n]
                let forced = need.required || (candidates.options[n].first?.pinned ?? false)
                var bestValue = forced ? -Double.infinity : 0
                var bestPick: [Int] = []
                var bestOrg = -1
                for model in options[index] {
                    var v = catalog.needValue[n]
                    // The order's price: the cheapest capped organization that could receive it
                    // (a cap of 0 forbids: the price is then taken as the need's whole value).
                    var org = -1
                    if anyOrderCap && !model.leadOrganizations.isEmpty {
                        var price = Double.infinity
                        for g in model.leadOrganizations {
                            let p = orderCap[g].map { $0 > 0 ? rho[g] / $0 : .infinity } ?? 0
                            if p < price { price = p; org = orderCap[g] == nil ? -1 : g }
                        }
                        if price.isFinite { v -= price } else { continue }
                    }
                    scratch.removeAll(keepingCapacity: true)
                    for s in model.slots {
                        let slot = slots[s]
                        // The `count` best entries of the slot (a scan when one is needed).
                        if slot.count == 1 {
                            var bestEntry = -1
                            var bestReduced = -Double.infinity
                            for e in slot.entries where reduced[e] > bestReduced { bestReduced = reduced[e]; bestEntry = e }
                            if bestEntry >= 0 { v += bestReduced; scratch.append(bestEntry) }
                        } else {
                            let top = slot.entries.sorted { reduced[$0] > reduced[$1] }.prefix(slot.count)
                            for e in top { v += reduced[e]; scratch.append(e) }
                        }
                    }
                    if v > bestValue { bestValue = v; bestPick = scratch; bestOrg = org }
                }
                if bestValue == -Double.infinity { return nil }
                value += bestValue
                if bestOrg >= 0 && !bestPick.isEmpty { usageOrders[bestOrg] += 1 }
                chosenEntries = bestPick
                for e in chosenEntries {
                    let en = entries[e]
                    for i in Int(en.cliqueStart)..<Int(en.cliqueStart + en.cliqueCount) { usageClique[Int(cliqueMembers[i])] += 1 }
                    usageMinutes[Int(en.person)] += en.load
                    usageCount[Int(en.person)] += 1
                }
            }
            var dual = value
            for c in 0..<cliqueCount { dual += lambda[c] }
            for p in 0..<peopleCount {
                if minutesCap[p] != nil { dual += mu[p] }
                if countCap[p] != nil { dual += nu[p] }
            }
            for g in rho.indices where orderCap[g] != nil { dual += rho[g] }
            if dual < best - 1e-9 { best = dual; sinceBest = 0 } else {
                sinceBest += 1
                if sinceBest >= 50 { theta /= 2; sinceBest = 0 }
            }
            if best - lower <= 1e-9 * max(1, abs(lower)) || theta < 1e-4 { break }
            // Projected subgradient g = capacity − usage; step towards the known plan's value.
            var norm = 0.0
            for c in 0..<cliqueCount {
                let g = 1 - usageClique[c]
                if !(lambda[c] == 0 && g > 0) { norm += g * g }
            }
            for p in 0..<peopleCount {
                if let cap = minutesCap[p] { let g = 1 - usageMinutes[p] / cap; if !(mu[p] == 0 && g > 0) { norm += g * g } }
                if let cap = countCap[p] { let g = 1 - usageCount[p] / cap; if !(nu[p] == 0 && g > 0) { norm += g * g } }
            }
            for (i, c) in orderCap.enumerated() {
                if let c, c > 0 { let g = 1 - usageOrders[i] / c; if !(rho[i] == 0 && g > 0) { norm += g * g } }
            }
            guard norm > 0 else { break }   // the relaxed plan is feasible: the bound is tight
            let step = theta * max(dual - lower, 1e-6 * max(1, abs(dual))) / norm
            for c in 0..<cliqueCount { lambda[c] = max(0, lambda[c] - step * (1 - usageClique[c])) }
            for p in 0..<peopleCount {
                if let cap = minutesCap[p] { mu[p] = max(0, mu[p] - step * (1 - usageMinutes[p] / cap)) }
                if let cap = countCap[p] { nu[p] = max(0, nu[p] - step * (1 - usageCount[p] / cap)) }
            }
            for (i, c) in orderCap.enumerated() { if let c, c > 0 { rho[i] = max(0, rho[i] - step * (1 - usageOrders[i] / c)) } }
        }
        Trace.mark("lagrangian: \(lastIteration) iterations, theta \(theta)")
        guard best.isFinite else { return nil }
        let integral = entries.allSatisfy { $0.gain == $0.gain.rounded() } && needs.allSatisfy { catalog.needValue[$0] == catalog.needValue[$0].rounded() }
        return integral ? (best + 1e-6 * max(1, abs(best))).rounded(.down) : best
    }
}
