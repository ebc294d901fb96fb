extension Candidates {
    /// An upper bound that needs no solver: every servable need at its best.
    /// With `everyStart`, a need counts when each position has enough qualified people, whether
    /// or not one of its kept starts suits them (a bound for every start, thinned or not).
    func trivialBound(needs: [Int]? = nil, everyStart: Bool = false) -> Double {
        var total = 0.0
        let input = catalog.input
        let w = input.weights
        func servable(_ n: Int) -> Bool {
            if unconsidered.contains(n) { return true }
            guard everyStart else { return !options[n].isEmpty }
            return input.needs[n].team.indices.allSatisfy { qualified[n][$0].count >= input.needs[n].team[$0].count }
        }
        for n in needs ?? Array(input.needs.indices) where servable(n) {
            let need = input.needs[n]
            var best = catalog.needValue[n]
            if unconsidered.contains(n) {
                // Not listed: bound every member's gain by the largest bonuses there are.
                best += Double(need.teamSize) * (max(0, w.preferred) + w.continuity + w.partyMember + Catalog.continuityBonus)
                total += max(0, best)
                continue
            }
            // The team's best positive gains, each person once (a person may qualify for several
            // positions): kept as a short list, largest first, rather than a set of everyone
            // qualified sorted (broad needs of large weeks have thousands).
            let size = need.teamSize
            var top: [(gain: Double, person: Int)] = []
            top.reserveCapacity(size + 1)
            for list in qualified[n] {
                for p in list {
                    let gain = catalog.memberValue(need: n, person: p) - w.cost * catalog.cost(need: n, person: p)
                    guard gain > 0, top.count < size || gain > top[top.count - 1].gain,
                          !top.contains(where: { $0.person == p }) else { continue }
                    let at = top.firstIndex { $0.gain < gain } ?? top.count
                    top.insert((gain, p), at: at)
                    if top.count > size { top.removeLast() }
                }
            }
            best += top.reduce(0) { $0 + $1.gain } + Catalog.continuityBonus * Double(size)
            total += max(0, best)
        }
        return total
    }
}

extension Candidates {
    /// A coarser week whose plans include every plan of this one (for a bound at every start of a
    /// week whose starts were thinned out): slots `k` times as long and each scheduled need
    /// `(k − 1) × slot` minutes shorter. A service starting at s (a multiple of the slot) for d
    /// minutes holds the coarse service from the next multiple of the coarse slot, s' ≤ s + (k −
    /// 1) × slot, for d − (k − 1) × slot minutes: inside the original interval, so inside the same
    /// window and availability and clear of the same person's other services. Budgets count the
    /// shorter service (looser), values and costs are the same, loads no greater: every plan's
    /// worth is at most its coarse counterpart's. A need left with less than a minute, and a
    /// pinned one, is done some time in the horizon (a pin without its start). (Continuity with a
    /// previous plan, which only breaks ties, is left out.)
    func coarsened(step k: Int, entryBudget: Int, deadline: ContinuousClock.Instant? = nil) -> Candidates {
        var input = catalog.input
        let slot = input.horizon.slotMinutes
        let pinned = Set(input.pinned.map(\.need))
        let shorter = (k - 1) * slot
        for n in input.needs.indices where input.needs[n].windows != nil {
            if pinned.contains(input.needs[n].id) || input.needs[n].durationMinutes - shorter < 1 {
                input.needs[n].windows = nil
            } else {
                input.needs[n].durationMinutes -= shorter
            }
        }
        input.horizon.slotMinutes = slot * k
        for i in input.pinned.indices { input.pinned[i].day = nil; input.pinned[i].start = nil }
        return Candidates(Catalog(input), entryBudget: entryBudget, deadline: deadline)
    }
}
