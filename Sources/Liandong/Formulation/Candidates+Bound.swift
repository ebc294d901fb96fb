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
            let gains = Set(qualified[n].joined())
                .map { catalog.memberValue(need: n, person: $0) - w.cost * catalog.cost(need: n, person: $0) }.filter { $0 > 0 }.sorted(by: >)
            best += gains.prefix(need.teamSize).reduce(0, +) + Catalog.continuityBonus * Double(need.teamSize)
            total += max(0, best)
        }
        return total
    }
}
