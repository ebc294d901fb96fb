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
struct Candidates: Sendable {
    let catalog: Catalog
    /// need → position → qualified people (all rules but time).
    let qualified: [[[Int]]]
    /// need → options.
    let options: [[ServiceOption]]
    /// person → how much need value depends on them: Σ over the positions they qualify for of
    /// the need's value × the position's count ÷ the number of people qualified for it. The
    /// heuristic staffs teams with the least demanded people first, keeping scarce ones free.
    let demand: [Double]

    init(_ catalog: Catalog) {
        self.catalog = catalog
        let input = catalog.input
        var pinnedByNeed: [Int: PinnedAssignment] = [:]
        for pin in input.pinned { if let n = catalog.needIndex[pin.need] { pinnedByNeed[n] = pin } }
        var qualified: [[[Int]]] = []
        var options: [[ServiceOption]] = []
        qualified.reserveCapacity(input.needs.count)
        options.reserveCapacity(input.needs.count)
        // Indexes so that each position looks only at people with its rarest skill (or its role).
        var bySkill: [String: [Int]] = [:]
        var byRole: [Role: [Int]] = [:]
        for (p, person) in input.people.enumerated() {
            for skill in Set(person.skills) { bySkill[skill, default: []].append(p) }
            byRole[person.role, default: []].append(p)
        }
        let everyone = Array(input.people.indices)
        func pool(_ position: TeamPosition, community: String?) -> [Int] {
            // People who may serve in the need's community at all (most are restricted to theirs).
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
        for (n, need) in input.needs.enumerated() {
            let q = need.team.indices.map { k in
                pool(need.team[k], community: need.community).filter { catalog.qualifies(need: n, position: k, person: $0) }
            }
            qualified.append(q)
            if let pin = pinnedByNeed[n] {
                options.append([Candidates.pinnedOption(catalog, need: n, pin: pin)])
            } else {
                options.append(Candidates.options(catalog, need: n, qualified: q))
            }
        }
        self.qualified = qualified
        self.options = options
        var demand = Array(repeating: 0.0, count: input.people.count)
        for (n, need) in input.needs.enumerated() where !options[n].isEmpty {
            for (k, position) in need.team.enumerated() where !qualified[n][k].isEmpty {
                let share = catalog.needValue[n] * Double(position.count) / Double(qualified[n][k].count)
                for p in qualified[n][k] { demand[p] += share }
            }
        }
        self.demand = demand
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

    /// Every start on a slot boundary inside one of the need's windows, as (day, start), sorted.
    static func starts(of need: Need, slot: Int) -> [(day: Int, start: Int)] {
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
        return out.sorted { ($0.day, $0.start) < ($1.day, $1.start) }
    }

    static func options(_ catalog: Catalog, need n: Int, qualified: [[Int]]) -> [ServiceOption] {
        let need = catalog.input.needs[n]
        for (k, position) in need.team.enumerated() where qualified[k].count < position.count { return [] }
        func feasible(_ members: [[Int]]) -> Bool {
            for (k, position) in need.team.enumerated() where members[k].count < position.count { return false }
            if need.team.count > 1 {
                var union = Set<Int>()
                for m in members { union.formUnion(m) }
                if union.count < need.teamSize { return false }
            }
            return true
        }
        guard need.isScheduled else {
            return feasible(qualified) ? [ServiceOption(need: n, day: nil, start: nil, end: nil, candidates: qualified, pinned: false)] : []
        }
        var out: [ServiceOption] = []
        for (day, s) in starts(of: need, slot: catalog.input.horizon.slotMinutes) {
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
    /// Whether person `p` may fill position `k` of need `n` (time aside): ``shortfall(need:position:person:)``
    /// is empty, checked cheapest rule first.
    func qualifies(need n: Int, position k: Int, person p: Int) -> Bool {
        let need = input.needs[n]
        let position = need.team[k]
        let person = input.people[p]
        guard position.role.admits(person.role), everAvailable[p] else { return false }
        if let allowed = allowedCommunities[p] { guard let c = need.community, allowed.contains(c) else { return false } }
        if need.risky && !person.insured { return false }
        if let minLevel = position.minLevel { guard let level = person.level, level >= minLevel else { return false } }
        for skill in position.skills where !person.skills.contains(skill) { return false }
        if person.maxAssignments == 0 { return false }
        if !need.excluded.isEmpty && need.excluded.contains(person.id) { return false }
        if declined[n].contains(p) { return false }
        if let max = person.maxMinutes, load(need: n, person: p) > max { return false }
        return true
    }

    /// The rules person `p` fails for position `k` of need `n` (empty: qualified).
    func shortfall(need n: Int, position k: Int, person p: Int) -> Shortfall {
        let need = input.needs[n]
        let position = need.team[k]
        let person = input.people[p]
        var s: Shortfall = []
        if !position.role.admits(person.role) { s.insert(.role) }
        if !position.skills.isEmpty {
            for skill in position.skills where !person.skills.contains(skill) { s.insert(.skills); break }
        }
        if let minLevel = position.minLevel {
            if let level = person.level { if level < minLevel { s.insert(.level) } } else { s.insert(.level) }
        }
        if need.risky && !person.insured { s.insert(.insurance) }
        if need.excluded.contains(person.id) { s.insert(.excluded) }
        if declined[n].contains(p) { s.insert(.declined) }
        if let allowed = allowedCommunities[p] {
            if let c = need.community { if !allowed.contains(c) { s.insert(.community) } } else { s.insert(.community) }
        }
        if !isEverAvailable(p) { s.insert(.neverAvailable) }
        if let max = person.maxMinutes, load(need: n, person: p) > max { s.insert(.budget) }
        if person.maxAssignments == 0 { s.insert(.budget) }
        return s
    }
}
