/// The Lagrangian bound with each person's budget kept whole: a knapsack per person instead of a
/// price per minute.
///
/// Pricing minutes linearly (``LagrangianBound``'s first phase) is only as strong as the LP
/// relaxation: a volunteer with 120 minutes counts as serving two thirds of a 180-minute need.
/// Here the rows that link needs to people — "a position of the option a need takes is filled by
/// as many of its candidates as it asks for" — move into the objective instead, with a free price
/// ρ per position of each option (after Ross and Soland's relaxation of the generalized assignment
/// problem). What is left splits two ways: each need takes its best option at the prices of its
/// positions, and each person takes the most profitable set of their candidate entries that fits
/// their minute budget, at most one a need — a multiple-choice knapsack, solved exactly: as a 0–1
/// knapsack of one item a need by branch and bound (``ZeroOneKnapsack``; a person's entries of a
/// need weigh the same), or by dynamic programming over the budget where the tree grows too large
/// (minutes floored to a coarser unit when a budget is large, which only loosens the knapsack:
/// every iterate stays a bound). Overlapping services, assignment
/// counts and organizations' order caps stay priced as in the first phase. An order goes to its
/// lead's organization and the lead is on the team: the need chooses the group of possible leads
/// its order goes to (one per organization whose cap can bind, one for all the others) and pays
/// a linking price σ ≥ 0 for it, which each possible lead of that group earns when their knapsack
/// takes them onto the team. (Without the link a need priced its order at the cheapest
/// organization anyone who may lead belongs to, whoever served: district tight seed 1 at 60 s,
/// bound 174,232 → 174,122; city tight seed 1 at 300 s, 1,154,251 → 1,152,516.)
///
/// Where budgets bind this is much tighter than the first phase (the convex hull of each
/// person's budget rather than its linear relaxation). It is not tighter everywhere: a person
/// here only fills a position, not a position of a team the need has taken, so a position of
/// two can be half taken by one member. On street weeks whose organizations' caps bind the
/// first phase stays ahead (tight seed 1: 27,303 against 28,929 after the probe's 165 steps
/// here); each phase keeps its own least bound. It starts from the first phase's best prices
/// (each position priced at the reduced worth of its marginal candidate, where a person with a
/// binding budget is then indifferent).
extension LagrangianBound {
    struct KnapsackPhase {
        let r: Relaxation
        /// The entries laid out person by person (``pmStart``: where each person's begin), grouped
        /// by need within a person (`personGroups`: ranges of these positions). Each step reads
        /// them in this order, so that a person's entries are priced and packed in one pass over
        /// memory (laid out need by need, with three passes, a step took a third longer on district weeks).
        /// Per position: the entry, its gain, its overlaps (its list in `r.overlapStart`), its
        /// slot, its linking price (−1: none) and its weight in the person's units.
        private var pmStart: [Int] = []
        private var pmEntry: [Int32] = []
        private var pmGain: [Double] = []
        private var pmOverlaps: [Int32] = []
        private var pmSlot: [Int32] = []
        private var pmSigma: [Int32] = []
        private var personGroups: [[Range<Int>]]
        /// Per person: the budget in units (nil: no budget binds); per position of the layout, the
        /// entry's load in its person's units.
        private var capUnits: [Int?]
        private var weight: [Int32] = []
        /// Per option model (flattened like `r.options`): whether every position has enough candidates.
        private var possible: [[Bool]] = []
        /// Per option model: who may receive its order, one group per capped organization whose cap
        /// can bind (−1: every other organization), each with its linking price's index — empty when
        /// no cap can bind there (the order then costs nothing).
        private var leadGroups: [[[(organization: Int, sigma: Int)]]] = []
        /// Linking prices in all.
        private(set) var sigmaCount = 0
        /// Whether, for every person, all their entries of one need weigh the same (a person's
        /// load is the need's, whatever the option): a person's knapsack is then a 0–1 knapsack
        /// of one item a need, its most profitable entry (``zeroOne(cap:scratch:profit:)``).
        private var uniformGroups = true

        init(_ r: Relaxation) {
            self.r = r
            let people = r.minutesCap.count
            // Per entry: its slot, its need (index into `r.needs`) and the linking price it earns
            // as a possible lead (−1: none) — laid out person by person below.
            var entrySlot = [Int32](repeating: 0, count: r.entries.count)
            var entryNeed = [Int32](repeating: 0, count: r.entries.count)
            for (i, models) in r.options.enumerated() {
                var ok: [Bool] = []
                for m in models {
                    var enough = true
                    for s in m.slots {
                        var usable = 0
                        for e in r.slots[s].entries {
                            entrySlot[e] = Int32(s); entryNeed[e] = Int32(i)
                            if !r.isBarred(e) { usable += 1 }
                        }
                        if usable < r.slots[s].count { enough = false }
                    }
                    ok.append(enough)
                }
                possible.append(ok)
            }
            // Lead groups: an order goes to its lead's organization, and the lead is on the team.
            var entrySigma = [Int32](repeating: -1, count: r.entries.count)
            for (i, models) in r.options.enumerated() {
                var groupsOfNeed: [[(organization: Int, sigma: Int)]] = []
                for (k, model) in models.enumerated() {
                    let binding = r.anyOrderCap && model.leads.contains { $0.organization >= 0 && r.orderCap[Int($0.organization)] != nil }
                    var groups: [(organization: Int, sigma: Int)] = []
                    if binding {
                        for lead in model.leads where !r.isBarred(Int(lead.entry)) {
                            let g = lead.organization >= 0 && r.orderCap[Int(lead.organization)] != nil ? Int(lead.organization) : -1
                            let index: Int
                            if let existing = groups.first(where: { $0.organization == g }) { index = existing.sigma } else {
                                index = sigmaCount; sigmaCount += 1
                                groups.append((g, index))
                            }
                            entrySigma[Int(lead.entry)] = Int32(index)
                        }
                        if groups.isEmpty { possible[i][k] = false }
                    }
                    groupsOfNeed.append(groups)
                }
                leadGroups.append(groupsOfNeed)
            }
            // Entries are laid out need by need, so each person's list comes out grouped.
            var personEntries = Array(repeating: [Int32](), count: people)
            for e in r.entries.indices where !r.isBarred(e) { personEntries[Int(r.entries[e].person)].append(Int32(e)) }
            let need = entryNeed
            personGroups = personEntries.map { list in
                var groups: [Range<Int>] = []
                var start = 0
                for i in list.indices where i + 1 == list.count || need[Int(list[i + 1])] != need[Int(list[i])] {
                    groups.append(start..<(i + 1)); start = i + 1
                }
                return groups
            }
            pmStart = [0]
            for list in personEntries {
                for e32 in list {
                    let e = Int(e32), en = r.entries[e]
                    pmEntry.append(e32)
                    pmGain.append(en.gain)
                    pmOverlaps.append(en.overlaps)
                    pmSlot.append(entrySlot[e])
                    pmSigma.append(entrySigma[e])
                }
                pmStart.append(pmEntry.count)
            }
            capUnits = Array(repeating: nil, count: people)
            weight = Array(repeating: 0, count: pmEntry.count)
            for p in 0..<people {
                guard let cap = r.minutesCap[p] else { continue }
                // At most 2,048 units a budget: loads floored to the unit (a looser knapsack).
                let unit = max(1, Int((cap / 2048).rounded(.up)))
                capUnits[p] = Int(cap) / unit
                for i in pmStart[p]..<pmStart[p + 1] { weight[i] = Int32(Int(r.entries[Int(pmEntry[i])].load) / unit) }
                for g in personGroups[p] where (g.lowerBound..<g.upperBound).contains(where: { weight[pmStart[p] + $0] != weight[pmStart[p] + g.lowerBound] }) {
                    uniformGroups = false
                }
            }
        }

        /// The work of a step (``advance(_:lower:deadline:iterations:picks:work:workBudget:)``)
        /// whose every person's knapsack takes every one of their entries and needs the programme
        /// (a branch and bound that did not settle first adds up to a third more; one that did
        /// settle, far less).
        var stepWorkAtMost: Int {
            var cells = r.entries.count * Self.entryCells
            for p in capUnits.indices { if let units = capUnits[p] { cells += (pmStart[p + 1] - pmStart[p]) * (units + 1) } }
            return cells
        }

        /// What a step's work counts, in cells of a person's programme (about 4.5 ns each on this
        /// machine): an entry priced counts 2, a node of a person's branch and bound 7. Fitted on
        /// the knapsack guide's steps of seven generated GAP weeks of types C, D and E (900 and
        /// 1,600 jobs, 20–80 agents): counted so, the steps' work ran at 197–229 million a second
        /// on every one, where the programme's cells alone (counted whichever way a knapsack was
        /// solved, until 2026-12-22) ran at 290 million a second on type E and 1,000–2,300 million
        /// on type D — type E's trees settle after many nodes, type D's after few — and the
        /// work allowed a guide took type E's steps past the clock's cut (``LagrangianBound/searchGuide``).
        static let entryCells = 2
        /// See ``entryCells``.
        static let nodeCells = 7
        /// The nodes a person's branch and bound may open: a twentieth of their programme's cells,
        /// so that a knapsack the tree does not settle costs at most about 1.35 times the programme.
        static func nodeLimit(cells: Int) -> Int { max(64, cells / 20) }

        /// Per (need, option, position) of the relaxation: the people whose entries `picks` flags,
        /// by gain (highest first).
        func picked(_ picks: [Bool]) -> [[[[Int]]]] {
            let entries = r.entries
            func takers(_ slot: Int) -> [Int] {
                let taken: [Int] = r.slots[slot].entries.filter { picks[$0] }
                let ranked = taken.sorted { a, b in entries[a].gain != entries[b].gain ? entries[a].gain > entries[b].gain : a < b }
                return ranked.map { Int(entries[$0].person) }
            }
            return r.options.map { models in models.map { model in model.slots.map(takers) } }
        }

        /// Where a run of steps stands: the prices, the step size and the least bound so far.
        struct Steps {
            var m: Multipliers
            var rho: [Double]
            /// Linking prices (≥ 0): a need whose order goes to a group pays it, each possible lead of
            /// that group on the team earns it.
            var sigma: [Double]
            var theta = 0.3
            var sinceBest = 0
            var best = Double.infinity
            var done = 0
            /// Whether the clock, not the iterations, the work or convergence, ended a run of these
            /// steps (their bound may then differ run to run).
            var cutByClock = false
        }

        /// The first step's prices: `start` without prices on minutes (budgets are kept whole
        /// here), each position at the reduced worth of its marginal candidate under `start`, and
        /// no price on the links between an order and its lead.
        func steps(from start: Multipliers) -> Steps {
            var m = start
            for p in m.minutes.indices { m.minutes[p] = 0 }
            var reduced = [Double](repeating: 0, count: r.entries.count)
            var listPrices: [Double] = []
            r.reducedGains(start, into: &reduced, prices: &listPrices)
            let rho = r.slots.map { slot -> Double in
                let top = slot.entries.map { reduced[$0] }.filter(\.isFinite).sorted(by: >)
                return slot.count > 0 && top.count >= slot.count ? -top[slot.count - 1] : 0
            }
            return Steps(m: m, rho: rho, sigma: Array(repeating: 0, count: sigmaCount))
        }

        /// What need `index` pays for option `k` at these prices beyond its positions: the order's
        /// (at the cheapest group that may receive it, with the link's price), and that group's
        /// organization (−1: none capped) and link (−1: none) — nothing where no cap can bind. nil
        /// when a cap of 0 forbids it.
        func needPrice(_ index: Int, _ k: Int, _ m: Multipliers, _ sigma: [Double]) -> (price: Double, organization: Int, sigma: Int)? {
            let groups = leadGroups[index][k]
            guard !groups.isEmpty else { return (0, -1, -1) }
            var best: (price: Double, organization: Int, sigma: Int) = (.infinity, -1, -1)
            for group in groups {
                let g = group.organization
                var p = sigma[group.sigma]
                if g >= 0, let cap = r.orderCap[g] { p += cap > 0 ? m.orders[g] / cap : .infinity }
                if p < best.price { best = (p, g, group.sigma) }
            }
            return best.price.isFinite ? best : nil
        }

        /// Up to `iterations` more steps from `state` towards `lower` (the deadline or, after the
        /// first, `work` reaching `workBudget` ends them sooner; `work` counts the entries priced and
        /// the cells of the dynamic programmes filled — a deterministic measure, unlike the clock).
        /// `picks`, when not empty (one flag per entry), is set to the entries the people took at
        /// the step of the least bound among these: each person's best set at those prices, which,
        /// where the bound is tight, is nearly a plan (``LagrangianBound/searchGuide``). false when
        /// the relaxation has no solution.
        func advance(_ state: inout Steps, lower: Double, deadline: ContinuousClock.Instant, iterations: Int,
                     picks: inout [Bool], work: inout Int, workBudget: Int = .max) -> Bool {
            let keep = !picks.isEmpty
            var taken = keep ? [Bool](repeating: false, count: r.entries.count) : []
            let clock = ContinuousClock()
            var profit = [Double](repeating: 0, count: pmEntry.count)
            var fill = [Double](repeating: 0, count: r.slots.count)
            var leadFill = [Double](repeating: 0, count: sigmaCount)
            var overlapPrice = [Double](repeating: 0, count: r.overlapStart.count - 1)
            var usage = Usage(r)
            var scratch = Scratch()
            var batchBest = Double.infinity
            for iteration in 0..<iterations {
                if iteration > 0 && work >= workBudget { break }
                if iteration > 0 && clock.now >= deadline { state.cutByClock = true; break }
                scratch.cells = 0
                usage.reset()
                for s in fill.indices { fill[s] = 0 }
                for j in leadFill.indices { leadFill[j] = 0 }
                if keep { for e in taken.indices { taken[e] = false } }
                var value = 0.0
                for p in personGroups.indices {
                    // Each of the person's entries' profit: its gain, its position's price, less the
                    // prices of the overlaps and counts it uses — the expressions, in their order, of
                    // ``Relaxation/reducedGains(_:into:prices:)``, over this layout (a change to one is a
                    // change to both; each list of overlaps summed once, in the same order), minutes
                    // priced only when their price is not 0 (never in this phase; a price of 0 would
                    // add nothing).
                    r.overlapPrices(state.m, people: p..<(p + 1), into: &overlapPrice)
                    let minutesCap = r.minutesCap[p], countCap = r.countCap[p]
                    for i in pmStart[p]..<pmStart[p + 1] {
                        var c = overlapPrice[Int(pmOverlaps[i])]
                        if let cap = minutesCap, state.m.minutes[p] != 0 { c += state.m.minutes[p] * r.entries[Int(pmEntry[i])].load / cap }
                        if let cap = countCap { c += state.m.count[p] / cap }
                        if r.fairness > 0 { c += state.m.fair[p] * r.entries[Int(pmEntry[i])].load }
                        var v = pmGain[i] - c
                        v += state.rho[Int(pmSlot[i])]
                        if pmSigma[i] >= 0 { v += state.sigma[Int(pmSigma[i])] }
                        profit[i] = v
                    }
                    value += person(p, profit: profit, scratch: &scratch)
                    for i in scratch.chosen {
                        if keep { taken[Int(pmEntry[i])] = true }
                        fill[Int(pmSlot[i])] += 1
                        if pmSigma[i] >= 0 { leadFill[Int(pmSigma[i])] += 1 }
                        let l = Int(pmOverlaps[i])
                        for j in r.cliques(ofList: l) { usage.clique[Int(r.overlapCliques[j])] += 1 }
                        usage.count[p] += 1
                    }
                }
                // Each need its best option at its positions' prices.
                for index in r.needs.indices {
                    var bestValue = r.forced[index] ? -Double.infinity : 0
                    var bestModel = -1, bestOrg = -1, bestSigma = -1
                    for (k, model) in r.options[index].enumerated() where possible[index][k] {
                        guard let (price, org, sigma) = needPrice(index, k, state.m, state.sigma) else { continue }
                        var v = r.needValue[index] - price
                        for s in model.slots { v -= Double(r.slots[s].count) * state.rho[s] }
                        if v > bestValue { bestValue = v; bestModel = k; bestOrg = org; bestSigma = sigma }
                    }
                    if bestValue == -.infinity { return false }
                    value += bestValue
                    guard bestModel >= 0 else { continue }
                    for s in r.options[index][bestModel].slots { fill[s] -= Double(r.slots[s].count) }
                    if bestOrg >= 0 { usage.orders[bestOrg] += 1 }
                    if bestSigma >= 0 { leadFill[bestSigma] -= 1 }
                }
                let dual = state.m.dual(value: value, r)
                state.done += 1
                work += r.entries.count * Self.entryCells + scratch.cells
                if dual < batchBest - 1e-9 { batchBest = dual; if keep { picks = taken } }
                if dual < state.best - 1e-9 { state.best = dual; state.sinceBest = 0 } else {
                    state.sinceBest += 1
                    if state.sinceBest >= 30 { state.theta /= 2; state.sinceBest = 0 }
                }
                if state.best - lower <= 1e-9 * max(1, abs(lower)) || state.theta < 1e-3 { break }
                // The subgradient: each position's fill less what the chosen option asks, and the
                // priced rules' slack (the first phase's, budgets left out).
                var norm = state.m.squaredSlack(usage: usage, r)
                for s in fill.indices { norm += fill[s] * fill[s] }
                for j in leadFill.indices where !(state.sigma[j] == 0 && leadFill[j] > 0) { norm += leadFill[j] * leadFill[j] }
                guard norm > 0 else { break }
                let step = state.theta * max(dual - lower, 1e-6 * max(1, abs(dual))) / norm
                for s in fill.indices { state.rho[s] -= step * fill[s] }
                for j in leadFill.indices { state.sigma[j] = max(0, state.sigma[j] - step * leadFill[j]) }
                state.m.move(step: step, usage: usage, r)
            }
            return true
        }

        /// Reused buffers of the dynamic programme.
        struct Scratch {
            var items: [Int] = []
            var groupEnds: [Int] = []
            var table: [Double] = []
            var choice: [Int32] = []
            /// The positions of the entries a person's knapsack took.
            var chosen: [Int] = []
            /// The work of the person's knapsacks since reset, in cells (``entryCells``).
            var cells = 0
            /// The 0–1 knapsack of a person whose entries of a need weigh the same: one entry a need.
            var zeroOne = ZeroOneKnapsack()
            var zeroOneEntries: [Int] = []
            var zeroOneWeights: [Int] = []
            var zeroOneProfits: [Double] = []
        }

        /// Person's knapsack as a 0–1 knapsack (``ZeroOneKnapsack``): one item a need, its most
        /// profitable entry among `scratch.items` (grouped by `scratch.groupEnds`, all of one
        /// weight). nil when the branch and bound did not settle it within ``nodeLimit(cells:)``.
        private func zeroOne(cap: Int, scratch: inout Scratch, profit: [Double]) -> Double? {
            scratch.zeroOneEntries.removeAll(keepingCapacity: true)
            scratch.zeroOneWeights.removeAll(keepingCapacity: true)
            scratch.zeroOneProfits.removeAll(keepingCapacity: true)
            var start = 0
            for end in scratch.groupEnds {
                var bestE = scratch.items[start]
                for j in start..<end where profit[scratch.items[j]] > profit[bestE] { bestE = scratch.items[j] }
                scratch.zeroOneEntries.append(bestE)
                scratch.zeroOneWeights.append(Int(weight[bestE]))
                scratch.zeroOneProfits.append(profit[bestE])
                start = end
            }
            guard let value = scratch.zeroOne.solve(weights: scratch.zeroOneWeights, profits: scratch.zeroOneProfits, capacity: cap,
                                                    nodeLimit: Self.nodeLimit(cells: scratch.items.count * (cap + 1))) else { return nil }
            for (k, e) in scratch.zeroOneEntries.enumerated() where scratch.zeroOne.chosen[k] { scratch.chosen.append(e) }
            return value
        }

        /// Person `p`'s best set of entries at these profits (indexed by position in the layout) —
        /// at most one a need, within their budget — left in `scratch.chosen` by position; returns
        /// its profit. (Reported through a closure that updated the step's tables, each entry taken
        /// cost reference counting and access checks: retain and release were 8 % of a district
        /// step's samples.)
        private func person(_ p: Int, profit: [Double], scratch: inout Scratch) -> Double {
            scratch.chosen.removeAll(keepingCapacity: true)
            let base = pmStart[p]
            var total = 0.0
            guard let cap = capUnits[p] else {
                for g in personGroups[p] {
                    var bestE = -1, bestP = 0.0
                    for i in g { let e = base + i; if profit[e] > bestP { bestP = profit[e]; bestE = e } }
                    if bestE >= 0 { total += bestP; scratch.chosen.append(bestE) }
                }
                return total
            }
            // The items worth taking, group by group; if the heaviest of each fit together, no
            // programme is needed.
            scratch.items.removeAll(keepingCapacity: true)
            scratch.groupEnds.removeAll(keepingCapacity: true)
            var heaviest = 0
            for g in personGroups[p] {
                let before = scratch.items.count
                var w = 0
                for i in g {
                    let e = base + i
                    if profit[e] > 0 && Int(weight[e]) <= cap { scratch.items.append(e); w = max(w, Int(weight[e])) }
                }
                if scratch.items.count > before { scratch.groupEnds.append(scratch.items.count); heaviest += w }
            }
            if heaviest <= cap {
                var start = 0
                for end in scratch.groupEnds {
                    var bestE = scratch.items[start]
                    for j in start..<end where profit[scratch.items[j]] > profit[bestE] { bestE = scratch.items[j] }
                    total += profit[bestE]; scratch.chosen.append(bestE); start = end
                }
                return total
            }
            // Work is counted as it is done: the branch and bound's nodes at ``nodeCells`` each,
            // then, if it did not settle, the programme's cells.
            let width = cap + 1
            if uniformGroups {
                let v = zeroOne(cap: cap, scratch: &scratch, profit: profit)
                scratch.cells += scratch.zeroOne.nodes * Self.nodeCells
                if let v { return v }
            }
            scratch.cells += scratch.items.count * width
            // Multiple-choice knapsack over the budget: table[c] = best profit within c units.
            let groups = scratch.groupEnds.count
            if scratch.table.count < width { scratch.table = Array(repeating: 0, count: width) }
            for c in 0..<width { scratch.table[c] = 0 }
            if scratch.choice.count < groups * width { scratch.choice = Array(repeating: -1, count: groups * width) }
            var start = 0
            scratch.items.withUnsafeBufferPointer { items in
                scratch.table.withUnsafeMutableBufferPointer { table in
                    scratch.choice.withUnsafeMutableBufferPointer { choice in
                        for (g, end) in scratch.groupEnds.enumerated() {
                            let row = g * width
                            for c in stride(from: cap, through: 0, by: -1) {
                                let keep = table[c]
                                var bestV = keep, bestJ: Int32 = -1
                                for j in start..<end {
                                    let e = items[j]
                                    let w = Int(weight[e])
                                    if w <= c {
                                        let v = (w == 0 ? keep : table[c - w]) + profit[e]
                                        if v > bestV { bestV = v; bestJ = Int32(j) }
                                    }
                                }
                                table[c] = bestV
                                choice[row + c] = bestJ
                            }
                            start = end
                        }
                    }
                }
            }
            total = scratch.table[cap]
            var c = cap
            for g in stride(from: groups - 1, through: 0, by: -1) {
                let j = scratch.choice[g * width + c]
                guard j >= 0 else { continue }
                let e = scratch.items[Int(j)]
                scratch.chosen.append(e)
                c -= Int(weight[e])
            }
            return total
        }
    }
}
