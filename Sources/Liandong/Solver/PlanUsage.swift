/// What a (partial) plan uses of each person and organization, and whether one more service fits.
/// Shared by the heuristic (to build plans) and the explainer (to ask why a need did not fit).
struct PlanUsage {
    let catalog: Catalog
    private(set) var busy: [[(day: Int, from: Int, to: Int)]]
    /// Per person, a bit for each day (modulo 64) with a service in ``busy``: where the bit is
    /// clear, ``overlaps(_:_:)`` answers without reading the person's list (one cache miss a
    /// candidate, a third of the team-forming time on district weeks).
    private var busyDays: [UInt64]
    private(set) var minutes: [Int]
    private(set) var count: [Int]
    private(set) var orders: [Int]
    /// Each person's `maxMinutes` and `maxAssignments` (`Int.max` where none), read once: ``canTake(_:need:option:relaxing:)``
    /// is on every search's hot path.
    private let minuteCap: [Int], assignmentCap: [Int]
    /// Each organization's `maxOrders` (`Int.max` where none).
    private let orderCap: [Int]
    /// A ceiling on everyone's minutes beside their own budgets (`Int.max`: none): the heuristic's
    /// descent on the largest load when fairness has a weight (``Heuristic/lowerTheLargestLoad(_:rng:)``).
    var loadCeiling = Int.max

    struct Relaxation: OptionSet {
        let rawValue: Int
        static let time = Relaxation(rawValue: 1)
        static let orders = Relaxation(rawValue: 4)
        /// The minute budget only: assignment caps stay (the budget tabu search's overflow).
        static let minutes = Relaxation(rawValue: 8)
    }

    init(_ catalog: Catalog) {
        self.catalog = catalog
        let people = catalog.input.people.count
        busy = Array(repeating: [], count: people)
        busyDays = Array(repeating: 0, count: people)
        minutes = Array(repeating: 0, count: people)
        count = Array(repeating: 0, count: people)
        orders = Array(repeating: 0, count: catalog.input.organizations.count)
        minuteCap = catalog.input.people.map { $0.maxMinutes ?? .max }
        assignmentCap = catalog.input.people.map { $0.maxAssignments ?? .max }
        orderCap = catalog.input.organizations.map { $0.maxOrders ?? .max }
    }

    /// Records a served need; `leadOrganization` is the organization receiving the order.
    mutating func add(need n: Int, option: ServiceOption, people: some Sequence<Int>, leadOrganization: Int?) {
        for p in people {
            if let d = option.day, let s = option.start, let e = option.end {
                busy[p].append((d, s, e))
                busyDays[p] |= Self.dayBit(d)
            }
            minutes[p] += catalog.load(need: n, person: p)
            count[p] += 1
        }
        if let g = leadOrganization { orders[g] += 1 }
    }

    /// Undoes ``add(need:option:people:leadOrganization:)``.
    mutating func remove(need n: Int, option: ServiceOption, people: some Sequence<Int>, leadOrganization: Int?) {
        for p in people {
            if let d = option.day, let s = option.start, let e = option.end,
               let i = busy[p].firstIndex(where: { $0.day == d && $0.from == s && $0.to == e }) {
                busy[p].remove(at: i)
                busyDays[p] = busy[p].reduce(0) { $0 | Self.dayBit($1.day) }
            }
            minutes[p] -= catalog.load(need: n, person: p)
            count[p] -= 1
        }
        if let g = leadOrganization { orders[g] -= 1 }
    }

    /// Whether person `p` is busy during `option` (a scheduled one) in this plan.
    func overlaps(_ p: Int, _ option: ServiceOption) -> Bool {
        guard let d = option.day, let s = option.start, let e = option.end, busyDays[p] & Self.dayBit(d) != 0 else { return false }
        return busy[p].contains(where: { $0.day == d && $0.from < e && s < $0.to })
    }

    private static func dayBit(_ day: Int) -> UInt64 { 1 << UInt64(day & 63) }

    /// Whether person `p` can still take need `n` at `option`.
    func canTake(_ p: Int, need n: Int, option: ServiceOption, relaxing: Relaxation = []) -> Bool {
        if count[p] >= assignmentCap[p] { return false }
        if !relaxing.contains(.minutes) {
            let cap = min(minuteCap[p], loadCeiling)
            if cap < .max, minutes[p] + catalog.load(need: n, person: p) > cap { return false }
        }
        if !relaxing.contains(.time), overlaps(p, option) { return false }
        return true
    }

    /// Whether organization `g` (nil: none) can take one more order.
    func canOrder(_ g: Int?) -> Bool { Self.hasRoom(g, orders: orders, cap: orderCap) }

    /// Whether organization `g` (nil: none) has an order to spare, with `orders` taken of `cap`.
    private static func hasRoom(_ g: Int?, orders: [Int], cap: [Int]) -> Bool {
        guard let g else { return true }
        return orders[g] < cap[g]
    }

    /// A team for `option` from people who can still take it, with a lead whose organization
    /// has room, as (members per position, lead); nil if none.
    ///
    /// People are tried by `prefer` (highest first), then by `demand` (lowest first), then in
    /// input order. With `spare` (per organization: its orders are scarce, ``Candidates/scarceOrders``),
    /// a lead from such an organization that has used 80 % of its orders gives way to one from
    /// elsewhere where the team allows it.
    func team(need n: Int, option: ServiceOption, relaxing: Relaxation = [], prefer: (Int) -> Double = { _ in 0 },
              demand: [Double]? = nil) -> (members: [[Int]], lead: Int)? {
        var work = 0
        return team(need: n, option: option, relaxing: relaxing, prefer: prefer, demand: demand, work: &work)
    }

    /// ``team(need:option:relaxing:prefer:demand:)``, adding to `work` what it examined: each
    /// candidate checked, each free one ranked (with its share of the sort), each person a
    /// matching looked through. The heuristic's effort budget is counted in these units.
    func team(need n: Int, option: ServiceOption, relaxing: Relaxation = [], prefer: (Int) -> Double = { _ in 0 },
              demand: [Double]? = nil, spare: [Bool]? = nil, work: inout Int) -> (members: [[Int]], lead: Int)? {
        // Who is free for each position first: a position short of people ends the attempt
        // before anyone is ranked (on weeks where budgets bind, most attempts end here).
        let counts = catalog.teamCounts[n]
        var unranked: [[Int]] = []
        for (k, ps) in option.candidates.enumerated() {
            work += ps.count
            let f = ps.filter { canTake($0, need: n, option: option, relaxing: relaxing) }
            if k < counts.count, f.count < counts[k] { return nil }
            unranked.append(f)
        }
        // Each free person's rank keys computed once (not in every comparison of the sort).
        let free = unranked.map { f in
            f.map { p in (p, prefer(p), -(demand?[p] ?? 0)) }
              .sorted { ($0.1, $0.2, -$0.0) > ($1.1, $1.2, -$1.0) }
              .map(\.0)
        }
        for f in free { work += f.count * (2 + Int.bitWidth - f.count.leadingZeroBitCount) }
        // Orders to spare: an organization whose orders are scarce, once it has used 80 % of them
        // (on street weeks where caps bind, +0.4 to +1.6 % on five seeds; from the first order,
        // plain weeks lost up to 0.3 %: where caps never fill, the leads stay as they were).
        // The closures capture the two arrays they read, not `self`: a closure over `self` (or
        // the method `canOrder` passed as one) copied the whole usage, a retain of each of its
        // arrays, on every team formed or every call.
        let orders = self.orders, orderCap = self.orderCap
        let spared: ((Int) -> Bool)? = spare.map { scarce in
            { g in scarce[g] && Double(orders[g]) >= 0.8 * Double(orderCap[g]) }
        }
        let canOrder: (Int?) -> Bool = relaxing.contains(.orders) ? { _ in true } : { Self.hasRoom($0, orders: orders, cap: orderCap) }
        return Self.team(need: n, free: free, catalog: catalog, canOrder: canOrder, spare: spared, work: &work)
    }

    /// A team for need `n` from `free[k]` (the people who may fill position k, in the order to
    /// try them) whose lead's organization `canOrder` accepts: (members per position, lead), or
    /// nil. The one team-forming rule of the heuristic and the explanations.
    static func team(need n: Int, free: [[Int]], catalog: Catalog, canOrder: (Int?) -> Bool) -> (members: [[Int]], lead: Int)? {
        var work = 0
        return team(need: n, free: free, catalog: catalog, canOrder: canOrder, work: &work)
    }

    /// With `spare`, a lead whose organization's orders are to be spared is replaced by one from
    /// elsewhere (an organization with room not to be spared, or none) where the team allows it.
    static func team(need n: Int, free: [[Int]], catalog: Catalog, canOrder: (Int?) -> Bool, spare: ((Int) -> Bool)? = nil,
                     work: inout Int) -> (members: [[Int]], lead: Int)? {
        let everyone = free.reduce(0) { $0 + $1.count }
        work += everyone
        guard let members = PlanUsage.match(counts: catalog.teamCounts[n], candidates: free) else { return nil }
        let lead = catalog.leadPerson(members, lead: nil)!
        let leadOrg = catalog.organization(of: lead)
        if canOrder(leadOrg) {
            // An organization whose orders are scarce: a lead from elsewhere, where one can be had.
            guard let spare, let g = leadOrg, spare(g) else { return (members, lead) }
            return ledFromElsewhere(need: n, free: free, catalog: catalog, everyone: everyone, work: &work) {
                $0.map { !spare($0) && canOrder($0) } ?? true
            } ?? (members, lead)
        }
        return ledFromElsewhere(need: n, free: free, catalog: catalog, everyone: everyone, work: &work, accepts: canOrder)
    }

    /// A team for need `n` from `free` whose lead's organization `accepts`: such a person fixed in
    /// a lead-capable place, the others matched around them; nil if none.
    private static func ledFromElsewhere(need n: Int, free: [[Int]], catalog: Catalog, everyone: Int, work: inout Int,
                                         accepts canOrder: (Int?) -> Bool) -> (members: [[Int]], lead: Int)? {
        let places = catalog.leadPlaces(free)
        for (k, ps) in free.enumerated() {
            for p in ps where catalog.mayLead(person: p, position: k, in: places) && canOrder(catalog.organization(of: p)) {
                work += 2 * everyone
                var counts = catalog.teamCounts[n]
                counts[k] -= 1
                var rest = free
                rest[k] = free[k].filter { $0 != p }
                for j in rest.indices where j != k { rest[j].removeAll { $0 == p } }
                guard var others = PlanUsage.match(counts: counts, candidates: rest) else { continue }
                others[k].insert(p, at: 0)
                if catalog.isValidLead(p, in: others) { return (others, p) }
            }
        }
        return nil
    }

    /// Distinct people filling `counts[k]` places of each position from `candidates[k]`
    /// (bipartite matching by augmenting paths), or nil.
    static func match(counts: [Int], candidates: [[Int]]) -> [[Int]]? {
        // One position: the first `count` people, as augmenting would give (its slots are alike).
        if counts.count == 1 {
            guard candidates[0].count >= counts[0] else { return nil }
            return [Array(candidates[0].prefix(counts[0])).sorted()]
        }
        var slots: [Int] = []
        for (k, c) in counts.enumerated() { slots += Array(repeating: k, count: c) }
        var owner: [Int: Int] = [:]   // person → slot
        func augment(_ slot: Int, _ seen: inout Set<Int>) -> Bool {
            for p in candidates[slots[slot]] where seen.insert(p).inserted {
                if let other = owner[p] {
                    // Moving a person between two places of the same position gains nothing: the
                    // other place would look through the same list (and the work would be
                    // quadratic in the position's count).
                    if slots[other] == slots[slot] { continue }
                    if augment(other, &seen) { owner[p] = slot; return true }
                } else {
                    owner[p] = slot
                    return true
                }
            }
            return false
        }
        for s in slots.indices {
            var seen = Set<Int>()
            if !augment(s, &seen) { return nil }
        }
        var team = Array(repeating: [Int](), count: counts.count)
        for (p, s) in owner.sorted(by: { $0.key < $1.key }) { team[slots[s]].append(p) }
        return team
    }
}
