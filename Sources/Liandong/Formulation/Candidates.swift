/// The rules a person may fail for a team position, ignoring time and the rest of the plan.
struct Shortfall: OptionSet, Hashable, Sendable {
    let rawValue: Int
    static let role = Shortfall(rawValue: 1 << 0)
    static let skills = Shortfall(rawValue: 1 << 1)
    static let level = Shortfall(rawValue: 1 << 2)
    static let insurance = Shortfall(rawValue: 1 << 3)
    static let excluded = Shortfall(rawValue: 1 << 4)
    static let declined = Shortfall(rawValue: 1 << 5)
    static let community = Shortfall(rawValue: 1 << 6)
    static let neverAvailable = Shortfall(rawValue: 1 << 7)
    /// The service alone (with travel) exceeds the person's minute budget, or maxAssignments is 0.
    static let budget = Shortfall(rawValue: 1 << 8)

    /// What makes a person unqualified in the strict sense (who they are, not their time or budget).
    static let qualification: Shortfall = [.role, .skills, .level, .community]
}

/// People by skill and by role, so that a position looks only at people with its rarest skill
/// (or its role), and only at those who may serve in the need's community.
struct PeopleIndex: Sendable {
    let catalog: Catalog
    let bySkill: [String: [Int]]
    let byRole: [Role: [Int]]
    let everyone: [Int]

    init(_ catalog: Catalog) {
        self.catalog = catalog
        var bySkill: [String: [Int]] = [:]
        var byRole: [Role: [Int]] = [:]
        for (p, person) in catalog.input.people.enumerated() {
            for skill in Set(person.skills) { bySkill[skill, default: []].append(p) }
            byRole[person.role, default: []].append(p)
        }
        self.bySkill = bySkill
        self.byRole = byRole
        everyone = Array(catalog.input.people.indices)
    }

    /// A superset of the people who may fill `position` of a need in `community`, in index order.
    func pool(_ position: TeamPosition, community: String?) -> [Int] {
        var best: [Int]? = nil
        if !catalog.restrictedByCommunity.isEmpty {
            let local = community.flatMap { catalog.restrictedByCommunity[$0] } ?? []
            best = (local + catalog.unrestricted).sorted()
        }
        let byRoleList: [Int]? = switch position.role {
        case .any: nil
        case .socialWorker: byRole[.socialWorker] ?? []
        case .volunteer: byRole[.volunteer] ?? []
        }
        if let list = byRoleList, best == nil || list.count < best!.count { best = list }
        for skill in position.skills {
            let list = bySkill[skill] ?? []
            if best == nil || list.count < best!.count { best = list }
        }
        return best ?? everyone
    }
}

/// One way to serve a need: a start (for scheduled needs) and, per team position, the people
/// who are qualified and free then.
struct ServiceOption: Sendable {
    let need: Int
    let day: Int?
    let start: Int?
    let end: Int?
    /// Per position, the candidate people (person indices, in input order).
    let candidates: [[Int]]
    let pinned: Bool
}

/// Everything the solvers choose from: for each need, its options.
final class Candidates: Sendable {
    let catalog: Catalog
    /// need → position → qualified people (all rules but time).
    let qualified: [[[Int]]]
    /// need → options.
    let options: [[ServiceOption]]
    /// person → how much of their time the needs ask for: Σ over the positions they qualify for
    /// of the need's minutes × the position's count ÷ the number of people qualified for it,
    /// over the minutes they can give (``Catalog/minutesToGive(_:)``). The heuristic staffs teams
    /// with the least demanded people first, keeping scarce ones free. (Before: need value rather
    /// than minutes, not divided by the budget — a person with twice the budget counted as just
    /// as scarce; on 36 street weeks of five families the minutes' measure, with the recreate
    /// orders of ``Heuristic``, gave better plans, most on weeks where budgets bind.)
    let demand: [Double]
    /// need → the capped organizations that could receive its order: those of everyone who may
    /// lead at one of its options (of a pin, its lead's), sorted.
    let orderOrganizations: [[Int]]
    /// organization → whether its orders are scarce: more needs could send it an order than its
    /// `maxOrders` (its cap can bind). The heuristic spares such orders for needs no one else can
    /// lead; the Lagrangian bound prices them.
    let scarceOrders: [Bool]
    /// Per need: every how many slots a start is considered (1 = every slot boundary). Above 1
    /// only when the model would exceed ``entryBudget`` (see ``startSteps(_:qualified:budget:)``).
    let startStep: [Int]
    /// Notes on what the size budget changed, for the plan's `warnings`.
    let sizeWarnings: [InputWarning]
    /// People by skill and role, to find who could fill a position.
    let peopleIndex: PeopleIndex
    /// Needs the time limit left no time to consider (no options; see `init`'s `deadline`).
    let unconsidered: Set<Int>
    /// Whether the solvers choose from fewer starts than the week has (some need keeps every k-th
    /// start only, or was not considered at all): their bounds then bound plans on the kept
    /// starts only, and the plan reports one for every start (``trivialBound(everyStart:)``).
    var startsThinned: Bool { startStep.contains { $0 > 1 } || !unconsidered.isEmpty }

    /// - Parameter entryBudget: the model's estimated size — Σ over needs of starts × qualified
    ///   people × overlapping starts (``startSteps(_:qualified:pinned:budget:)``) — above which
    ///   starts are thinned out; the default is that of ``SolverSettings/memoryLimitMiB``.
    /// - Parameter deadline: past it, needs not yet considered get no options (reported
    ///   `solverStopped`, listed in ``unconsidered``): needs are considered required first, then by
    ///   value, so that the time limit holds on weeks too large to enumerate in it.
    init(_ catalog: Catalog, entryBudget: Int = SolverSettings().entryBudget, deadline: ContinuousClock.Instant? = nil) {
        self.catalog = catalog
        let input = catalog.input
        var pinnedByNeed: [Int: PinnedAssignment] = [:]
        for pin in input.pinned { if let n = catalog.needIndex[pin.need] { pinnedByNeed[n] = pin } }
        var qualified = input.needs.map { need in need.team.map { _ in [Int]() } }
        var options = Array(repeating: [ServiceOption](), count: input.needs.count)
        var unconsidered = Set<Int>()
        let clock = ContinuousClock()
        let order = deadline == nil ? Array(input.needs.indices) : input.needs.indices.sorted { a, b in
            let ra = input.needs[a].required || pinnedByNeed[a] != nil, rb = input.needs[b].required || pinnedByNeed[b] != nil
            if ra != rb { return ra }
            return (catalog.needValue[a], -a) > (catalog.needValue[b], -b)
        }
        // Indexes so that each position looks only at people with its rarest skill (or its role).
        let index = PeopleIndex(catalog)
        for (i, n) in order.enumerated() {
            if let deadline, i % 128 == 127, pinnedByNeed[n] == nil, !input.needs[n].required, clock.now >= deadline {
                unconsidered.formUnion(order[i...].filter { pinnedByNeed[$0] == nil && !input.needs[$0].required })
                break
            }
            let need = input.needs[n]
            qualified[n] = need.team.indices.map { k in
                index.pool(need.team[k], community: need.community).filter { catalog.qualifies(need: n, position: k, person: $0) }
            }
        }
        peopleIndex = index
        let (steps, warnings) = Candidates.startSteps(catalog, qualified: qualified, pinned: Set(pinnedByNeed.keys), budget: entryBudget)
        startStep = steps
        for (i, n) in order.enumerated() where !unconsidered.contains(n) {
            if let pin = pinnedByNeed[n] {
                options[n] = [Candidates.pinnedOption(catalog, need: n, pin: pin)]
                continue
            }
            if let deadline, i % 128 == 127, !input.needs[n].required, clock.now >= deadline {
                unconsidered.formUnion(order[i...].filter { pinnedByNeed[$0] == nil && !input.needs[$0].required })
                for m in unconsidered { options[m] = [] }
                break
            }
            options[n] = Candidates.options(catalog, need: n, qualified: qualified[n], step: steps[n])
        }
        self.unconsidered = unconsidered
        sizeWarnings = warnings + (unconsidered.isEmpty ? [] : [InputWarning(path: JSONPointer(),
            message: "the time limit ran out while listing the ways to serve the needs: \(unconsidered.count) needs of lower value were not considered (reported solverStopped); give more time to plan them")])
        self.qualified = qualified
        self.options = options
        var asked = Array(repeating: 0.0, count: input.people.count)
        for (n, need) in input.needs.enumerated() where !options[n].isEmpty {
            for (k, position) in need.team.enumerated() where !qualified[n][k].isEmpty {
                let share = Double(need.durationMinutes * position.count) / Double(qualified[n][k].count)
                for p in qualified[n][k] { asked[p] += share }
            }
        }
        demand = input.people.indices.map { p in asked[p] / Double(max(30, catalog.minutesToGive(p))) }
        func capped(_ p: Int) -> Int? { catalog.organization(of: p).flatMap { catalog.capped[$0] ? $0 : nil } }
        let orderOrganizations = options.map { needOptions -> [Int] in
            var orgs = Set<Int>()
            for option in needOptions {
                if option.pinned {
                    if let g = catalog.leadPerson(option.candidates, lead: nil).flatMap(capped) { orgs.insert(g) }
                    continue
                }
                let places = catalog.leadPlaces(option.candidates)
                for (k, members) in option.candidates.enumerated() {
                    for p in members where catalog.mayLead(person: p, position: k, in: places) { if let g = capped(p) { orgs.insert(g) } }
                }
            }
            return orgs.sorted()
        }
        var wanted = Array(repeating: 0, count: input.organizations.count)
        for orgs in orderOrganizations { for g in orgs { wanted[g] += 1 } }
        self.orderOrganizations = orderOrganizations
        scarceOrders = input.organizations.indices.map { g in input.organizations[g].maxOrders.map { wanted[g] > $0 } ?? false }
    }

    /// The model's `y` and `x` columns for need `n`: one per option, one per (option, position,
    /// person). The size measure of parts and models.
    func columnCount(need n: Int) -> Int {
        options[n].reduce(0) { $0 + 1 + $1.candidates.reduce(0) { $0 + $1.count } }
    }

    /// ``columnCount(need:)`` summed over `needs` (nil: all).
    func columnCount(needs: [Int]?) -> Int {
        (needs ?? Array(options.indices)).reduce(0) { $0 + columnCount(need: $1) }
    }

    static func pinnedOption(_ catalog: Catalog, need n: Int, pin: PinnedAssignment) -> ServiceOption {
        let need = catalog.input.needs[n]
        var cursor = 0
        var members: [[Int]] = []
        for position in need.team {
            let ids = pin.people[cursor..<min(pin.people.count, cursor + position.count)]
            members.append(ids.compactMap { catalog.personIndex[$0] })
            cursor += position.count
        }
        let start = pin.start?.minutes
        return ServiceOption(need: n, day: pin.day, start: start, end: start.map { $0 + need.durationMinutes },
                             candidates: members, pinned: true)
    }

    /// Every start on a slot boundary inside one of the need's windows, as (day, start), sorted;
    /// with `step` > 1 only every `step`-th of them (the first, then every `step`-th after it).
    static func starts(of need: Need, slot: Int, step: Int = 1) -> [(day: Int, start: Int)] {
        guard let windows = need.windows else { return [] }
        var seen = Set<Int>()
        var out: [(day: Int, start: Int)] = []
        for w in windows {
            var s = (w.from.minutes + slot - 1) / slot * slot
            while s + need.durationMinutes <= w.to.minutes {
                if seen.insert(w.day * 1440 + s).inserted { out.append((w.day, s)) }
                s += slot
            }
        }
        let sorted = out.sorted { ($0.day, $0.start) < ($1.day, $1.start) }
        return step <= 1 ? sorted : sorted.enumerated().filter { $0.offset % step == 0 }.map(\.element)
    }

    /// How many starts need `n` has, without listing them (an upper bound when windows overlap).
    static func startCount(of need: Need, slot: Int) -> Int {
        guard let windows = need.windows else { return 1 }
        return windows.reduce(0) { t, w in
            let first = (w.from.minutes + slot - 1) / slot * slot
            let last = w.to.minutes - need.durationMinutes
            return t + (last >= first ? (last - first) / slot + 1 : 0)
        }
    }

    /// The start step of each need so that the model's estimated size stays within `budget`.
    ///
    /// A need's size with step `k` is its starts ⌈c / k⌉ × its qualified people × how many of its
    /// starts overlap one moment (⌈duration / (slot × k)⌉, at most the starts): candidate lists
    /// and columns grow with the first two, the no-overlap rows and the bound's cliques with the
    /// third. Every need keeps every start while the total fits; otherwise each need's size is
    /// capped at a common value (found by bisection) and it takes the smallest step that meets
    /// the cap, keeping every `k`-th start. Deterministic: it depends on the input and budget only.
    static func startSteps(_ catalog: Catalog, qualified: [[[Int]]], pinned: Set<Int>, budget: Int) -> ([Int], [InputWarning]) {
        let input = catalog.input
        let slot = input.horizon.slotMinutes
        let needs = input.needs.indices.filter { !pinned.contains($0) && input.needs[$0].isScheduled }
        let counts = input.needs.map { startCount(of: $0, slot: slot) }
        let people = qualified.map { max(1, $0.reduce(0) { $0 + $1.count }) }
        func size(_ n: Int, step k: Int) -> Int {
            let starts = (counts[n] + k - 1) / k
            let overlap = min(starts, max(1, (input.needs[n].durationMinutes + slot * k - 1) / (slot * k)))
            return starts &* people[n] &* overlap
        }
        func step(_ n: Int, cap: Int) -> Int {
            if size(n, step: 1) <= cap { return 1 }
            var low = 1, high = max(1, counts[n])   // size(high) is the smallest possible
            while low + 1 < high {
                let mid = (low + high) / 2
                if size(n, step: mid) <= cap { high = mid } else { low = mid }
            }
            return high
        }
        func total(cap: Int) -> Int { needs.reduce(0) { $0 &+ size($1, step: step($1, cap: cap)) } }
        var steps = Array(repeating: 1, count: input.needs.count)
        guard total(cap: Int.max) > budget else { return (steps, []) }
        var low = 1, high = needs.map { size($0, step: 1) }.max() ?? 1
        while low < high {
            let mid = low + (high - low + 1) / 2
            if total(cap: mid) <= budget { low = mid } else { high = mid - 1 }
        }
        var thinned = 0
        for n in needs {
            steps[n] = step(n, cap: low)
            if steps[n] > 1 { thinned += 1 }
        }
        guard thinned > 0 else { return (steps, []) }
        let widest = needs.map { steps[$0] }.max() ?? 1
        return (steps, [InputWarning(path: JSONPointer(["needs"]), message:
            "the week is too large to consider every start: \(thinned) needs consider every k-th slot only (k up to \(widest), \(widest * slot) minutes apart) to stay within the model budget; a finer plan may exist")])
    }

    /// Whether distinct people can fill every position (`counts[k]` of `lists[k]` each): a
    /// matching of the positions' places to people, by augmenting paths (Hall's condition). Until
    /// 2026-12-12 each position having enough people and their union being as large as the team
    /// made an option: a team of nine whose three places at a skill's assistant level and three
    /// at its senior level had three seniors free got options no plan can staff (an independent
    /// week; the bound served it with them twice over).
    static func fillsWithDistinctPeople(_ lists: [[Int]], counts: [Int]) -> Bool {
        var places: [Int] = []
        var positions = 0
        for (k, c) in counts.enumerated() where c > 0 {
            guard k < lists.count, lists[k].count >= c else { return false }
            places += Array(repeating: k, count: c)
            positions += 1
        }
        // One position: its own people are distinct.
        guard positions > 1 else { return true }
        var person = Array(repeating: -1, count: places.count)   // who fills each place
        var seen = Set<Int>()
        func augment(_ place: Int) -> Bool {
            for p in lists[places[place]] where seen.insert(p).inserted {
                if let other = person.firstIndex(of: p) {
                    if augment(other) { person[place] = p; return true }
                } else {
                    person[place] = p
                    return true
                }
            }
            return false
        }
        for place in places.indices {
            seen.removeAll(keepingCapacity: true)
            if !augment(place) { return false }
        }
        return true
    }

    static func options(_ catalog: Catalog, need n: Int, qualified: [[Int]], step: Int = 1) -> [ServiceOption] {
        let need = catalog.input.needs[n]
        for (k, position) in need.team.enumerated() where qualified[k].count < position.count { return [] }
        let counts = catalog.teamCounts[n]
        func feasible(_ members: [[Int]]) -> Bool { Self.fillsWithDistinctPeople(members, counts: counts) }
        guard need.isScheduled else {
            return feasible(qualified) ? [ServiceOption(need: n, day: nil, start: nil, end: nil, candidates: qualified, pinned: false)] : []
        }
        var out: [ServiceOption] = []
        for (day, s) in starts(of: need, slot: catalog.input.horizon.slotMinutes, step: step) {
            let e = s + need.durationMinutes
            let members = qualified.map { $0.filter { catalog.isAvailable($0, day: day, from: s, to: e) } }
            if feasible(members) {
                out.append(ServiceOption(need: n, day: day, start: s, end: e, candidates: members, pinned: false))
            }
        }
        return out
    }
}

extension Catalog {
    /// Whether person `p` may fill position `k` of need `n` (time aside): ``shortfall(need:position:person:firstOnly:)``
    /// is empty, found by the same rules, cheapest first, stopping at the first one failed.
    func qualifies(need n: Int, position k: Int, person p: Int) -> Bool {
        shortfall(need: n, position: k, person: p, firstOnly: true).isEmpty
    }

    /// The rules person `p` fails for position `k` of need `n` (empty: qualified) — the one
    /// statement of who may serve where (time and the rest of the plan aside). With
    /// `firstOnly`, it stops at the first rule failed (cheapest rules first).
    func shortfall(need n: Int, position k: Int, person p: Int, firstOnly: Bool = false) -> Shortfall {
        // Fields read in place: binding the person's, the need's and the position's whole records
        // copied them (every string and list retained) on each of the millions of calls that
        // listing the candidates of a large week makes.
        let needs = input.needs, people = input.people
        var s: Shortfall = []
        func fail(_ rule: Shortfall) -> Bool { s.insert(rule); return firstOnly }
        if !needs[n].team[k].role.admits(people[p].role), fail(.role) { return s }
        if !everAvailable[p], fail(.neverAvailable) { return s }
        if let allowed = allowedCommunities[p], !(needs[n].community.map(allowed.contains) ?? false), fail(.community) { return s }
        if needs[n].risky && !people[p].insured, fail(.insurance) { return s }
        if let minLevel = needs[n].team[k].minLevel, !(people[p].level.map { $0 >= minLevel } ?? false), fail(.level) { return s }
        if !needs[n].team[k].skills.isEmpty, needs[n].team[k].skills.contains(where: { !people[p].skills.contains($0) }), fail(.skills) { return s }
        if people[p].maxAssignments == 0, fail(.budget) { return s }
        if !needs[n].excluded.isEmpty && needs[n].excluded.contains(people[p].id), fail(.excluded) { return s }
        if declined[n].contains(p), fail(.declined) { return s }
        if let max = people[p].maxMinutes, load(need: n, person: p) > max, fail(.budget) { return s }
        return s
    }
}
