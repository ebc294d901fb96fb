/// An exact 0–1 knapsack by depth-first branch and bound (after Horowitz and Sahni): the items
/// ordered by profit per unit of weight, the set with an item tried before the set without, each
/// subtree cut off by its linear relaxation (Dantzig's bound: the items in that order while they
/// fit, then a fraction of the next). A subtree is cut only when its relaxation cannot beat the
/// best set found, with a margin for rounding, so the set is optimal; the node limit (a count,
/// not a time) says when the tree was too large to settle.
///
/// The knapsack phase of the Lagrangian bound solves one a person a step: a person's budget holds
/// a few of their services, so the tree is small where a dynamic programme fills every unit of
/// the budget for every item. Buffers are kept between calls.
struct ZeroOneKnapsack {
    /// Whether each item (in the order given to ``solve(weights:profits:capacity:nodeLimit:)``) is in the best set.
    private(set) var chosen: [Bool] = []
    /// Nodes the last call opened.
    private(set) var nodes = 0
    private var order: [Int] = []
    private var weight: [Int] = []
    private var profit: [Double] = []
    private var sumWeight: [Int] = []
    private var sumProfit: [Double] = []
    private var current: [Bool] = []
    private var best: [Bool] = []

    /// The most profitable set of items within `capacity` (its profit; ``chosen`` says which), or
    /// nil when `nodeLimit` nodes did not settle it. Items of no weight are always taken, items of
    /// no profit or heavier than the capacity never. Ties go to the set found first; one order
    /// of the items on every run.
    mutating func solve(weights: [Int], profits: [Double], capacity: Int, nodeLimit: Int) -> Double? {
        let count = weights.count
        chosen.removeAll(keepingCapacity: true)
        chosen.append(contentsOf: repeatElement(false, count: count))
        var free = 0.0
        order.removeAll(keepingCapacity: true)
        for i in 0..<count where profits[i] > 0 && weights[i] <= capacity {
            if weights[i] <= 0 { chosen[i] = true; free += profits[i] } else { order.append(i) }
        }
        // By profit per unit, highest first (ties by index).
        order.sort { a, b in
            let ra = profits[a] * Double(weights[b]), rb = profits[b] * Double(weights[a])
            return ra != rb ? ra > rb : a < b
        }
        let n = order.count
        weight.removeAll(keepingCapacity: true); profit.removeAll(keepingCapacity: true)
        sumWeight.removeAll(keepingCapacity: true); sumProfit.removeAll(keepingCapacity: true)
        sumWeight.append(0); sumProfit.append(0)
        for (k, i) in order.enumerated() {
            weight.append(weights[i]); profit.append(profits[i])
            sumWeight.append(sumWeight[k] + weights[i]); sumProfit.append(sumProfit[k] + profits[i])
        }
        current.removeAll(keepingCapacity: true); current.append(contentsOf: repeatElement(false, count: n))
        best.removeAll(keepingCapacity: true); best.append(contentsOf: repeatElement(false, count: n))
        // The tree's counters, passed down the recursion (captured by the recursive function,
        // each read and write of them went through the runtime's exclusivity checks: a tenth of
        // the knapsack phase's time on district weeks).
        struct Search { var bestValue = 0.0, opened = 0, settled = true }
        var search = Search()
        weight.withUnsafeBufferPointer { w in
            profit.withUnsafeBufferPointer { p in
                sumWeight.withUnsafeBufferPointer { sw in
                    sumProfit.withUnsafeBufferPointer { sp in
                        current.withUnsafeMutableBufferPointer { current in
                            best.withUnsafeMutableBufferPointer { best in
                                // The linear relaxation of items i..<n within c units.
                                func relaxation(_ i: Int, _ c: Int) -> Double {
                                    // s: the first item from i (in order) that no longer fits.
                                    var lo = i, hi = n
                                    while lo < hi {
                                        let mid = (lo + hi + 1) / 2
                                        if sw[mid] - sw[i] <= c { lo = mid } else { hi = mid - 1 }
                                    }
                                    var v = sp[lo] - sp[i]
                                    if lo < n { v += Double(c - (sw[lo] - sw[i])) * p[lo] / Double(w[lo]) }
                                    return v
                                }
                                func visit(_ i: Int, _ c: Int, _ v: Double, _ s: inout Search) {
                                    s.opened += 1
                                    if s.opened > nodeLimit { s.settled = false; return }
                                    if v > s.bestValue {
                                        s.bestValue = v
                                        for k in 0..<n { best[k] = current[k] }
                                    }
                                    guard i < n else { return }
                                    if v + relaxation(i, c) <= s.bestValue - 1e-9 * max(1, abs(s.bestValue)) { return }
                                    if w[i] <= c {
                                        current[i] = true
                                        visit(i + 1, c - w[i], v + p[i], &s)
                                        current[i] = false
                                        if !s.settled { return }
                                    }
                                    visit(i + 1, c, v, &s)
                                }
                                visit(0, capacity, 0, &search)
                            }
                        }
                    }
                }
            }
        }
        nodes = search.opened
        guard search.settled else { return nil }
        for k in 0..<n where best[k] { chosen[order[k]] = true }
        return free + search.bestValue
    }
}
