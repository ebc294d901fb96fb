/// Local search over who serves, with every service kept at its option: **shift** (one member
/// of a service replaced by someone else qualified and free) and **swap** (two people exchange
/// places between two services). These are the moves of the generalized assignment problem,
/// which is what minute budgets make of a week: the large-neighbourhood search above re-staffs
/// services greedily one at a time and misses improvements that need two people to move at once.
///
/// First improvement, needs in index order, candidates in input order: deterministic. It stops
/// when no move improves the objective, after `effort` evaluated moves, or at the deadline (and
/// `state.cutByClock` then says so).
struct Restaff {
    let candidates: Candidates
    var catalog: Catalog { candidates.catalog }
    /// Moves one run may evaluate: 250,000 for each second of the time limit, at most 5 million.
    /// Street, district and GAP weeks end on a local optimum after 20,000–150,000; on weeks of
    /// thousands of candidates a position the budget ends it (a 4,000-need week with none
    /// improving: 5 million, 1.5–2.2 s, at any limit until 2026-12-03; 0.3 s at 10 s now).
    /// Every look at a service of the person who would swap counts (before, only those that
    /// passed the first checks did, and the uncounted looks took most of the time).
    static func effort(seconds: Double) -> Int { Int(min(5e6, max(10_000, 250_000 * seconds))) }

    /// Whether `list` — an option's candidates for a position, in index order (every option but a
    /// pin's, which restaffing leaves alone) — holds `person`: a binary search. (A linear search
    /// here took most of the time on weeks of thousands of candidates a position: 2.2 s of a
    /// 4,000-need week's 10 s, for 5 million evaluated moves of which none improved.)
    static func ascending(_ list: [Int], contains person: Int) -> Bool { position(of: person, in: list) != nil }

    /// Where `person` stands in `list` (ascending, as in ``ascending(_:contains:)``), or nil.
    static func position(of person: Int, in list: [Int]) -> Int? {
        var low = 0, high = list.count
        while low < high {
            let mid = (low + high) / 2
            if list[mid] < person { low = mid + 1 } else { high = mid }
        }
        return low < list.count && list[low] == person ? low : nil
    }

    /// One pass structure: returns the number of improving moves made.
    @discardableResult
    func run(_ state: inout SearchState, effort: Int, deadline: ContinuousClock.Instant) -> Int {
        let input = catalog.input
        let people = input.people.count
        var servedBy = Array(repeating: [Int](), count: people)
        for n in state.chosen.keys.sorted() { for p in state.chosen[n]!.members.joined() { servedBy[p].append(n) } }
        let fairness = input.weights.fairness > 0
        // Each member's gain by need, position and candidate (the option of a need never changes
        // here), looked up instead of worked out at every look: a gain takes two searches of the
        // need's pairs, and the swaps look at two a service (d80 × 1,600 after the tabu search:
        // 2.5 million looks for one move, 0.84 s → 0.49 s; since 2026-12-22).
        var gainTable = [[[Double]]?](repeating: nil, count: input.needs.count)
        func gains(_ n: Int, _ o: ServiceOption, _ k: Int) -> [Double] {
            if let table = gainTable[n] { return table[k] }
            let table = o.candidates.map { $0.map { catalog.gain(need: n, option: o, person: $0) } }
            gainTable[n] = table
            return table[k]
        }
        var evaluated = 0
        var moves = 0
        let clock = ContinuousClock()
        var improved = true
        while improved && evaluated < effort {
            improved = false
            if clock.now >= deadline { state.cutByClock = true; break }
            for (index, n1) in state.chosen.keys.sorted().enumerated() {
                guard evaluated < effort else { break }
                if index % 256 == 255 && clock.now >= deadline { state.cutByClock = true; return moves }
                guard let c1 = state.chosen[n1] else { continue }
                let o1 = candidates.options[n1][c1.option]
                if o1.pinned { continue }
                for (k1, members1) in c1.members.enumerated() {
                    let gains1 = gains(n1, o1, k1)
                    for p in members1 {
                        let team1 = Array(state.chosen[n1]!.members.joined())
                        guard team1.contains(p) else { continue }
                        let gainP1 = state.gain(need: n1, option: o1, person: p)
                        for (i, q) in o1.candidates[k1].enumerated() where !team1.contains(q) {
                            evaluated += 1
                            let delta1 = gains1[i] - gainP1
                            // Shift: q takes p's place.
                            if delta1 > 1e-9 || (fairness && delta1 > -1e-9),
                               state.usage.canTake(q, need: n1, option: o1),
                               apply(&state, [(n1, k1, p, q)], fairness: fairness) {
                                servedBy[p].removeAll { $0 == n1 }; servedBy[q].append(n1)
                                moves += 1; improved = true
                                break
                            }
                            // Swap: q leaves one of their services n2 to p.
                            var swapped = false
                            for n2 in servedBy[q] where n2 != n1 {
                                evaluated += 1
                                guard let c2 = state.chosen[n2] else { continue }
                                let o2 = candidates.options[n2][c2.option]
                                if o2.pinned { continue }
                                guard let k2 = c2.members.firstIndex(where: { $0.contains(q) }),
                                      let iP = Self.position(of: p, in: o2.candidates[k2]),
                                      !c2.members.contains(where: { $0.contains(p) }) else { continue }
                                let gains2 = gains(n2, o2, k2)
                                let gainQ2 = Self.position(of: q, in: o2.candidates[k2]).map { gains2[$0] }
                                    ?? state.gain(need: n2, option: o2, person: q)
                                let delta = delta1 + gains2[iP] - gainQ2
                                guard delta > 1e-9 || (fairness && delta > -1e-9) else { continue }
                                guard fits(p, adding: n2, o2, removing: n1, o1, in: state),
                                      fits(q, adding: n1, o1, removing: n2, o2, in: state) else { continue }
                                if apply(&state, [(n1, k1, p, q), (n2, k2, q, p)], fairness: fairness) {
                                    servedBy[p].removeAll { $0 == n1 }; servedBy[q].append(n1)
                                    servedBy[q].removeAll { $0 == n2 }; servedBy[p].append(n2)
                                    moves += 1; improved = true; swapped = true
                                    break
                                }
                            }
                            if swapped { break }
                        }
                    }
                }
            }
        }
        return moves
    }

    /// Whether `p` can serve `n2` at `o2` once `n1` at `o1` no longer counts against them.
    private func fits(_ p: Int, adding n2: Int, _ o2: ServiceOption, removing n1: Int, _ o1: ServiceOption, in state: SearchState) -> Bool {
        let person = catalog.input.people[p]
        if let max = person.maxMinutes,
           state.usage.minutes[p] - catalog.load(need: n1, person: p) + catalog.load(need: n2, person: p) > max { return false }
        if let d = o2.day, let s = o2.start, let e = o2.end {
            var skipped = false
            for b in state.usage.busy[p] where b.day == d && b.from < e && s < b.to {
                // The one interval of n1 itself does not count.
                if !skipped, b.day == o1.day, b.from == o1.start, b.to == o1.end { skipped = true; continue }
                return false
            }
        }
        return true
    }

    /// Applies replacements (need, position, out, in) and keeps them if the objective improves
    /// (with fairness: the whole objective).
    private func apply(_ state: inout SearchState, _ changes: [(need: Int, position: Int, out: Int, in: Int)], fairness: Bool) -> Bool {
        let before = state.objective
        guard let old = state.replaceMembers(changes) else { return false }
        if state.objective > before + 1e-9 { return true }
        state.restore(old)
        return false
    }
}
