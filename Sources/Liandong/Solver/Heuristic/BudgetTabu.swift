/// Tabu search with strategic oscillation over who serves (after Díaz and Fernández's and
/// Yagiura et al.'s searches for the generalized assignment problem): the shift and swap moves of
/// ``Restaff``, where minute budgets may be exceeded at a price α per minute over. α rises while
/// the plan is over budget and falls while it is within, so the search crosses the boundary of
/// the feasible plans instead of stalling at the first local optimum on it. Times, assignment
/// caps, organizations' caps and every qualification stay hard. The best plan within every budget
/// is kept.
///
/// Deterministic: best-improvement moves in a fixed order, tabu tenures from the seed, and an
/// effort budget of evaluated moves; the clock only cuts it short.
struct BudgetTabu {
    let candidates: Candidates
    let seed: Int
    var progress: ProgressSink? = nil
    var catalog: Catalog { candidates.catalog }

    private struct Move {
        var score: Double
        var n1: Int, k1: Int, p: Int, q: Int
        var n2: Int?, k2: Int
    }

    /// The effort for `seconds`, in half-moves: a move on an unscheduled service costs 2, on a
    /// timed one 3 (it also checks who is busy then). This machine evaluates 10.6–11 million
    /// units' worth of moves a second on street weeks and GAP instances alike (7.2 million timed
    /// moves, 10.6 million untimed ones); the budget is 8.5 million units' worth, so that the
    /// budget, not the clock, ends the search — a longer limit buys a better plan while a seed and
    /// a limit still give one plan.
    static func effort(seconds: Double) -> Int { Int(min(8e9, 2 * 8.5e6 * max(0, seconds))) }

    /// Whether the search has anything to do: some person's minute budget can bind.
    static func applies(to candidates: Candidates) -> Bool {
        let catalog = candidates.catalog
        var maxLoad = Array(repeating: 0, count: catalog.input.people.count)
        for (n, options) in candidates.options.enumerated() {
            var seen = Set<Int>()
            for o in options { for ps in o.candidates { for p in ps where seen.insert(p).inserted { maxLoad[p] += catalog.load(need: n, person: p) } } }
        }
        return catalog.input.people.indices.contains { p in catalog.input.people[p].maxMinutes.map { maxLoad[p] > $0 } ?? false }
    }

    /// Improves `state` (a plan within every rule); returns the number of iterations run.
    @discardableResult
    func run(_ state: inout SearchState, effort: Int, deadline: ContinuousClock.Instant) -> Int {
        let input = catalog.input
        let people = input.people
        guard input.weights.fairness == 0 else { return 0 }   // the move values below ignore fairness
        let cap = people.map { $0.maxMinutes.map(Double.init) }
        var servedBy = Array(repeating: [Int](), count: people.count)
        for n in state.chosen.keys.sorted() { for p in state.chosen[n]!.members.joined() { servedBy[p].append(n) } }
        func over(_ p: Int, _ minutes: Double) -> Double { cap[p].map { max(0, minutes - $0) } ?? 0 }
        var best = state.solution
        var bestObjective = state.objective
        var alpha = 1.0
        // Scale α to the objective: the mean |gain| per minute of load over the candidates.
        var total = 0.0, count = 0.0
        for n in state.chosen.keys.sorted() {
            let o = candidates.options[n][state.chosen[n]!.option]
            for ps in o.candidates { for p in ps { total += abs(state.gain(need: n, option: o, person: p)) + catalog.needValue[n]; count += Double(catalog.load(need: n, person: p)) } }
        }
        if count > 0, total > 0 { alpha = max(1e-6, total / count) }
        var tabu: [Int: Int] = [:]            // (need × people + person) → iteration until which p may not return to n
        var rng = SplitMix64(seed: UInt64(truncatingIfNeeded: seed) &+ 0x7AB0)
        let clock = ContinuousClock()
        var evaluated = 0
        var iteration = 0
        // What the state carries about the search so far (restarts below rebuild the state).
        let carried = (cut: state.cutByClock, work: state.searchWork)
        var clockCut = false
        let order = state.chosen.keys.filter { !candidates.options[$0][state.chosen[$0]!.option].pinned }.sorted()
        // Each movable service's gain and load per candidate (options stay fixed here).
        var gainOf: [Int: [Int: Double]] = [:], loadOf: [Int: [Int: Double]] = [:]
        for (index, n) in order.enumerated() {
            if index % 256 == 255 && ContinuousClock().now >= deadline { state.cutByClock = true; return 0 }
            let o = candidates.options[n][state.chosen[n]!.option]
            var g: [Int: Double] = [:], l: [Int: Double] = [:]
            for ps in o.candidates { for p in ps where g[p] == nil {
                g[p] = state.gain(need: n, option: o, person: p); l[p] = Double(catalog.load(need: n, person: p))
            } }
            gainOf[n] = g; loadOf[n] = l
        }
        let tenureBase = 5 + order.count / 20
        // When the best plan has not improved for this many iterations, restart from it with a
        // few random re-staffings (budgets may be exceeded), a fresh tabu list and α; after
        // `maxRestarts` such restarts without a better plan, stop.
        let stallLimit = max(200, 2 * order.count)
        let maxRestarts = 20
        var lastBest = 0, restartsWithoutGain = 0
        let startAlpha = alpha
        while evaluated < effort {
            if iteration - lastBest >= stallLimit {
                restartsWithoutGain += 1
                if restartsWithoutGain > maxRestarts { break }
                state = SearchState(candidates, solution: best)
                servedBy = Array(repeating: [Int](), count: people.count)
                for n in state.chosen.keys.sorted() { for p in state.chosen[n]!.members.joined() { servedBy[p].append(n) } }
                tabu = [:]
                alpha = startAlpha
                let kicks = max(2, order.count / 20)
                for _ in 0..<kicks {
                    let n = order[Int(rng.next() % UInt64(order.count))]
                    guard let c = state.chosen[n] else { continue }
                    let o = candidates.options[n][c.option]
                    let k = Int(rng.next() % UInt64(c.members.count))
                    guard !c.members[k].isEmpty else { continue }
                    let p = c.members[k][Int(rng.next() % UInt64(c.members[k].count))]
                    let team = Set(c.members.joined())
                    let pool = kickPool(state, need: n, option: o, position: k, team: team)
                    guard !pool.isEmpty else { continue }
                    let q = pool[Int(rng.next() % UInt64(pool.count))]
                    if replace(&state, [(n, k, p, q)]) {
                        servedBy[p].removeAll { $0 == n }; servedBy[q].append(n)
                        tabu[n * people.count + p] = iteration + tenureBase
                    }
                }
                lastBest = iteration
            }
            iteration += 1
            // One iteration scans the whole neighbourhood: the clock is read every iteration and
            // every 256 services within one.
            if clock.now >= deadline { clockCut = true; break }
            progress?.emit("tabu search", objective: bestObjective, bound: nil)
            var outOfTime = false
            var bestMove: Move?
            let minutes = state.usage.minutes.map(Double.init)
            let objectiveNow = state.objective, overTotal = totalOver(state, cap)
            for (index, n1) in order.enumerated() {
                if index % 256 == 255 && clock.now >= deadline { outOfTime = true; break }
                guard let c1 = state.chosen[n1] else { continue }
                let o1 = candidates.options[n1][c1.option]
                // A move on a timed service also checks who is busy then: it costs half again.
                let moveCost = o1.day == nil ? 2 : 3
                let team1 = Set(c1.members.joined())
                let g1 = gainOf[n1]!, l1 = loadOf[n1]!
                for (k1, members1) in c1.members.enumerated() {
                    for p in members1 {
                        let gp1 = g1[p]!
                        let lp1 = l1[p]!
                        let overP = over(p, minutes[p])
                        for q in o1.candidates[k1] where !team1.contains(q) {
                            let isTabu = (tabu[n1 * people.count + q] ?? 0) > iteration
                            let lq1 = l1[q]!
                            let d1 = g1[q]! - gp1
                            let overQ = over(q, minutes[q])
                            // Shift.
                            evaluated += moveCost
                            if state.usage.canTake(q, need: n1, option: o1, relaxing: .minutes) {
                                let dOver = over(p, minutes[p] - lp1) - overP + over(q, minutes[q] + lq1) - overQ
                                let score = d1 - alpha * dOver
                                let feasibleBest = objectiveNow + d1 > bestObjective + 1e-9 && overTotal + dOver <= 1e-9
                                if (!isTabu || feasibleBest), bestMove.map({ score > $0.score + 1e-12 }) ?? true {
                                    bestMove = Move(score: score, n1: n1, k1: k1, p: p, q: q, n2: nil, k2: 0)
                                }
                            }
                            // Swap with one of q's services.
                            for n2 in servedBy[q] where n2 != n1 {
                                guard let g2 = gainOf[n2], let gp2 = g2[p], let c2 = state.chosen[n2] else { continue }
                                evaluated += moveCost
                                let l2 = loadOf[n2]!
                                let lp2 = l2[p]!, lq2 = l2[q]!
                                let d = d1 + gp2 - g2[q]!
                                let dOver = over(p, minutes[p] - lp1 + lp2) - overP + over(q, minutes[q] - lq2 + lq1) - overQ
                                let score = d - alpha * dOver
                                guard bestMove.map({ score > $0.score + 1e-12 }) ?? true else { continue }
                                let o2 = candidates.options[n2][c2.option]
                                guard let k2 = c2.members.firstIndex(where: { $0.contains(q) }), o2.candidates[k2].contains(p),
                                      !c2.members.joined().contains(p) else { continue }
                                let tabu2 = (tabu[n2 * people.count + p] ?? 0) > iteration
                                let feasibleBest = objectiveNow + d > bestObjective + 1e-9 && overTotal + dOver <= 1e-9
                                guard (!isTabu && !tabu2) || feasibleBest else { continue }
                                guard timeFits(p, adding: o2, removing: o1, state), timeFits(q, adding: o1, removing: o2, state) else { continue }
                                bestMove = Move(score: score, n1: n1, k1: k1, p: p, q: q, n2: n2, k2: k2)
                            }
                        }
                    }
                }
            }
            if outOfTime { clockCut = true }
            guard !outOfTime, let move = bestMove else { break }
            var changes = [(need: move.n1, position: move.k1, out: move.p, in: move.q)]
            if let n2 = move.n2 { changes.append((n2, move.k2, move.q, move.p)) }
            let tenure = tenureBase + Int(rng.next() % UInt64(tenureBase + 1))
            if !replace(&state, changes) {
                tabu[move.n1 * people.count + move.q] = iteration + tenure   // an organization's cap: not this way
                continue
            }
            servedBy[move.p].removeAll { $0 == move.n1 }; servedBy[move.q].append(move.n1)
            tabu[move.n1 * people.count + move.p] = iteration + tenure
            if let n2 = move.n2 {
                servedBy[move.q].removeAll { $0 == n2 }; servedBy[move.p].append(n2)
                tabu[n2 * people.count + move.q] = iteration + tenure
            }
            let overNow = totalOver(state, cap)
            if overNow <= 1e-9 {
                if state.objective > bestObjective + 1e-9 {
                    best = state.solution; bestObjective = state.objective; lastBest = iteration; restartsWithoutGain = 0
                }
                alpha = max(1e-9, alpha / 1.05)
            } else {
                alpha *= 1.05
            }
        }
        if totalOver(state, cap) > 1e-9 || state.objective < bestObjective - 1e-9 {
            state = SearchState(candidates, solution: best)
        }
        state.cutByClock = carried.cut || clockCut
        state.searchWork = carried.work
        Trace.mark("budget tabu: \(evaluated) of \(effort) half-moves evaluated")
        return iteration
    }

    /// Who may replace a member of position `k` of need `n` (served at `option` by `team`) in a
    /// restart's kick: any candidate not on the team who is free then and under their assignment
    /// cap — only minute budgets may overflow (``PlanUsage/Relaxation/minutes``).
    func kickPool(_ state: SearchState, need n: Int, option: ServiceOption, position k: Int, team: Set<Int>) -> [Int] {
        option.candidates[k].filter { !team.contains($0) && state.usage.canTake($0, need: n, option: option, relaxing: .minutes) }
    }

    private func totalOver(_ state: SearchState, _ cap: [Double?]) -> Double {
        var t = 0.0
        for (p, c) in cap.enumerated() { if let c { t += max(0, Double(state.usage.minutes[p]) - c) } }
        return t
    }

    /// Whether `p` is free for `add` once the interval of `remove` no longer counts.
    private func timeFits(_ p: Int, adding add: ServiceOption, removing remove: ServiceOption, _ state: SearchState) -> Bool {
        guard let d = add.day, let s = add.start, let e = add.end else { return true }
        var skipped = false
        for b in state.usage.busy[p] where b.day == d && b.from < e && s < b.to {
            if !skipped, b.day == remove.day, b.from == remove.start, b.to == remove.end { skipped = true; continue }
            return false
        }
        return true
    }

    /// Replaces members (budgets may be exceeded); false, with nothing changed, when refused.
    private func replace(_ state: inout SearchState, _ changes: [(need: Int, position: Int, out: Int, in: Int)]) -> Bool {
        state.replaceMembers(changes) != nil
    }
}
