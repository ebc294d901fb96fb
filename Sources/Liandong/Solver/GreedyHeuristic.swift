/// A construction heuristic that keeps every hard rule: pinned orders first, then needs by
/// priority (required, then value per person, then fewest options), each taking the option
/// whose team scores best (preferred members, low cost). The seed breaks ties between needs of
/// equal priority, so different seeds explore different plans; the same seed gives the same plan.
struct GreedyHeuristic {
    let candidates: Candidates
    let seed: Int

    var catalog: Catalog { candidates.catalog }

    func solve() -> (Solution, SolveReport) {
        let input = catalog.input
        var usage = PlanUsage(catalog)
        var solution = Solution()
        // Pinned orders stand as given.
        for n in input.needs.indices {
            guard let option = candidates.options[n].first, option.pinned else { continue }
            let lead = option.candidates.joined().first { input.people[$0].role == .socialWorker } ?? option.candidates.joined().first
            usage.add(need: n, option: option, people: option.candidates.joined(), leadOrganization: lead.flatMap(catalog.organization(of:)))
            solution.chosen[n] = Solution.Chosen(option: 0, members: option.candidates, lead: nil)
        }
        var rng = SplitMix64(seed: UInt64(truncatingIfNeeded: seed))
        let tiebreak = input.needs.indices.map { _ in rng.next() }
        let order = input.needs.indices.filter { solution.chosen[$0] == nil && !candidates.options[$0].isEmpty }.sorted { a, b in
            let na = input.needs[a], nb = input.needs[b]
            if na.required != nb.required { return na.required }
            let va = catalog.needValue[a] / Double(na.teamSize), vb = catalog.needValue[b] / Double(nb.teamSize)
            if va != vb { return va > vb }
            let oa = candidates.options[a].count, ob = candidates.options[b].count
            if oa != ob { return oa < ob }
            return tiebreak[a] < tiebreak[b]
        }
        let w = input.weights
        for n in order {
            let need = input.needs[n]
            let preferred = Set(need.preferred.compactMap { catalog.personIndex[$0] })
            var best: (score: Double, option: Int, members: [[Int]], lead: Int)?
            for (o, option) in candidates.options[n].enumerated() {
                func gain(_ p: Int) -> Double {
                    (preferred.contains(p) ? w.preferred : 0) - w.cost * catalog.cost(need: n, person: p)
                        + catalog.continuity(need: n, option: option, person: p)
                }
                guard let team = usage.team(need: n, option: option, prefer: gain) else { continue }
                let score = catalog.needValue[n] + team.members.joined().reduce(0) { $0 + gain($1) }
                if best == nil || score > best!.score { best = (score, o, team.members, team.lead) }
            }
            guard let best, best.score > 0 || need.required else { continue }
            let option = candidates.options[n][best.option]
            usage.add(need: n, option: option, people: best.members.joined(), leadOrganization: catalog.organization(of: best.lead))
            solution.chosen[n] = Solution.Chosen(option: best.option, members: best.members, lead: best.lead)
        }
        let report = SolveReport(backend: .heuristic, termination: .heuristic, bound: nil, variables: 0, constraints: 0, proven: false)
        return (solution, report)
    }
}

/// A small, fast, seedable generator (SplitMix64), so that plans do not depend on the platform's RNG.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
