import Foundation

/// Indexes over a validated input, shared by the formulation, the heuristic and the explanations
/// (but not by ``PlanChecker``, which re-derives every rule on its own).
final class Catalog: Sendable {
    let input: PlanningInput
    let needIndex: [String: Int]
    let personIndex: [String: Int]
    let organizationIndex: [String: Int]
    let communityIndex: [String: Int]
    /// Pair overrides: per need, its pairs sorted by person index (looked up by binary search —
    /// on the search's hottest path, where hashing a key cost more than the rest of the lookup).
    let pairsOfNeed: [[(person: Int, pair: Pair)]]
    /// Per person: their organization's index (nil: none, or not listed).
    let organizationOfPerson: [Int?]
    /// People forbidden per need (declined, directly or through their organization).
    let declined: [Set<Int>]
    /// Per person, per day: merged availability intervals in minutes; nil = always free.
    let availability: [[[(from: Int, to: Int)]]?]
    /// Per person: the communities their organization restricts them to (nil = anywhere).
    let allowedCommunities: [Set<String>?]
    /// Per need: its value (urgency weight + group bonuses), without preferred bonuses.
    let needValue: [Double]
    /// Per need: how many people each team position takes (read on the search's hottest path,
    /// where reading them from the need copied the whole need for every team formed).
    let teamCounts: [[Int]]
    let capped: [Bool]
    /// Per person: whether they have any availability at all.
    let everAvailable: [Bool]
    /// Per person: their home community's index; per need: its community's (nil: none, or not listed).
    private let homeCommunity: [Int?], needCommunity: [Int?]
    /// Derived round-trip travel minutes between communities, `travelMinutes[home × count + need's]`,
    /// where the input has travel and at most 1,024 communities (nil: computed per call). Homes and
    /// needs stand at their communities' locations, so the table holds every value
    /// ``extraMinutes(need:person:)`` derives; read there on the search's hottest path, where the
    /// square root and rounding took a twelfth of the team-forming time on district weeks.
    private let travelMinutes: [Int]?
    /// People whose organization restricts them, by the communities they may serve; and the rest.
    let restrictedByCommunity: [String: [Int]]
    let unrestricted: [Int]
    /// Per need: the people (indices) on its `preferred` list.
    let preferredPeople: [Set<Int>]
    /// Per need: the people who served its resident before (continuity of care).
    let pastServers: [Set<Int>]
    /// Per person: the fairness-over-weeks charge per minute served this week
    /// (`weights.history` / 60 × servedMinutesToDate / the largest servedMinutesToDate).
    let historyCharge: [Double]
    /// The spacing of every plan's objective (``ObjectiveGrid``; nil: none found).
    let objectiveResolution: Double?
    /// For `replan`: each need's previous service (start and people), to prefer keeping it.
    let previous: [Int: PreviousService]

    struct PreviousService: Sendable {
        let day: Int?
        let start: Int?
        let people: Set<Int>
        /// Per team position, the people in the order the previous plan listed them (empty when
        /// the previous team does not fit the need's positions any more).
        let members: [[Int]]
    }

    /// Objective bonus per member kept from the previous plan: small enough never to outweigh
    /// a weight of 0.01 or more on any real decision between plans of a normal size.
    static let continuityBonus = 1e-4

    init(_ input: PlanningInput, previous: [Assignment] = []) {
        self.input = input
        needIndex = Dictionary(input.needs.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        personIndex = Dictionary(input.people.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        organizationIndex = Dictionary(input.organizations.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        communityIndex = Dictionary(input.communities.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        // The last of duplicate pairs wins (the validator rejects duplicates before this).
        var byNeed = Array(repeating: [Int: Pair](), count: input.needs.count)
        for pr in input.pairs {
            if let n = needIndex[pr.need], let p = personIndex[pr.person] { byNeed[n][p] = pr }
        }
        pairsOfNeed = byNeed.map { d in d.map { (person: $0.key, pair: $0.value) }.sorted { $0.person < $1.person } }
        let organizationIndex = self.organizationIndex
        organizationOfPerson = input.people.map { $0.organization.flatMap { organizationIndex[$0] } }
        var declined = Array(repeating: Set<Int>(), count: input.needs.count)
        var peopleOfOrg: [String: [Int]] = [:]
        for (p, person) in input.people.enumerated() {
            if let o = person.organization { peopleOfOrg[o, default: []].append(p) }
        }
        for d in input.declined {
            guard let n = needIndex[d.need] else { continue }
            if let pid = d.person, let p = personIndex[pid] { declined[n].insert(p) }
            if let oid = d.organization { declined[n].formUnion(peopleOfOrg[oid] ?? []) }
        }
        self.declined = declined
        let days = input.horizon.days
        availability = input.people.map { person in
            guard let windows = person.availability else { return nil }
            var perDay = Array(repeating: [(from: Int, to: Int)](), count: days)
            for w in windows where w.day < days { perDay[w.day].append((w.from.minutes, w.to.minutes)) }
            return perDay.map(Catalog.merge)
        }
        let orgs = Dictionary(input.organizations.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        allowedCommunities = input.people.map { p in p.organization.flatMap { orgs[$0]?.communities }.map(Set.init) }
        let w = input.weights
        needValue = input.needs.map { n in w.weight(of: n.urgency) + n.groups.reduce(0) { $0 + (w.groups[$1] ?? 0) } }
        capped = input.organizations.map { $0.maxOrders != nil }
        everAvailable = availability.map { perDay in perDay.map { $0.contains { !$0.isEmpty } } ?? true }
        let communityIndex = self.communityIndex
        homeCommunity = input.people.map { $0.home.flatMap { communityIndex[$0] } }
        needCommunity = input.needs.map { $0.community.flatMap { communityIndex[$0] } }
        let communities = input.communities.count
        if let travel = input.travel, communities <= 1_024 {
            var table = [Int](repeating: 0, count: communities * communities)
            for h in 0..<communities {
                guard let hl = input.communities[h].location else { continue }
                for c in 0..<communities {
                    if let nl = input.communities[c].location { table[h * communities + c] = Self.travel(travel, from: hl, to: nl) }
                }
            }
            travelMinutes = table
        } else {
            travelMinutes = nil
        }
        var byCommunity: [String: [Int]] = [:]
        var free: [Int] = []
        for (p, allowed) in allowedCommunities.enumerated() {
            if let allowed { for c in allowed.sorted() { byCommunity[c, default: []].append(p) } } else { free.append(p) }
        }
        restrictedByCommunity = byCommunity
        unrestricted = free
        let personIndex = self.personIndex
        teamCounts = input.needs.map { $0.team.map(\.count) }
        preferredPeople = input.needs.map { Set($0.preferred.compactMap { personIndex[$0] }) }
        var servedResident: [String: Set<Int>] = [:]
        for past in input.pastServices { if let p = personIndex[past.person] { servedResident[past.resident, default: []].insert(p) } }
        pastServers = input.needs.map { n in n.resident.flatMap { servedResident[$0] } ?? [] }
        let most = Double(input.people.map { $0.servedMinutesToDate ?? 0 }.max() ?? 0)
        historyCharge = input.people.map { p in
            w.history > 0 && most > 0 ? w.history / 60 * Double(p.servedMinutesToDate ?? 0) / most : 0
        }
        // Every coefficient of a plan's objective (the `replan` continuity bonus is left out of
        // it, see PlanBuilder.continuityAllowance).
        var coefficients = needValue + historyCharge + [w.preferred, w.continuity, w.partyMember, w.fairness / 60]
        coefficients += input.pairs.map { w.cost * $0.cost }
        objectiveResolution = ObjectiveGrid.resolution(of: coefficients)
        var prev: [Int: PreviousService] = [:]
        for a in previous {
            guard let n = needIndex[a.need] else { continue }
            var members = Array(repeating: [Int](), count: input.needs[n].team.count)
            var fits = true
            for m in a.people {
                guard let p = personIndex[m.person], members.indices.contains(m.position) else { fits = false; continue }
                members[m.position].append(p)
            }
            if !fits || zip(members, input.needs[n].team).contains(where: { $0.count != $1.count }) { members = [] }
            prev[n] = PreviousService(day: a.day, start: a.start?.minutes, people: Set(a.people.compactMap { personIndex[$0.person] }),
                                      members: members)
        }
        self.previous = prev
    }

    /// What person `p` adds to the objective by serving need `n` at `option`, beyond the need's
    /// value: their member value (``memberValue(need:person:)``), minus the weighted pair cost,
    /// minus the history charge, plus the `replan` continuity bonus. The one definition the
    /// formulation, the bound and the search all use.
    func gain(need n: Int, option: ServiceOption, person p: Int) -> Double {
        gainAtAnyStart(need: n, person: p) + continuity(need: n, option: option, person: p)
    }

    /// The most person `p` adds to need `n`'s worth at the best of its starts: ``gain(need:option:person:)``
    /// with the continuity bonus wherever the previous plan had them on it.
    func mostGain(need n: Int, person p: Int) -> Double {
        gainAtAnyStart(need: n, person: p) + (previous[n]?.people.contains(p) == true ? Catalog.continuityBonus : 0)
    }

    /// A member's gain but for continuity, which depends on the start.
    private func gainAtAnyStart(need n: Int, person p: Int) -> Double {
        memberValue(need: n, person: p) - input.weights.cost * cost(need: n, person: p) - historyCharge[p] * Double(load(need: n, person: p))
    }

    /// What person `p` adds to the `value` part by serving need `n`: the preferred bonus, the
    /// continuity-of-care bonus (served the need's resident before) and the party-member bonus
    /// (the need asks for party members). The one definition of a member's value.
    func memberValue(need n: Int, person p: Int) -> Double {
        let w = input.weights
        var v = 0.0
        if w.preferred != 0 && !preferredPeople[n].isEmpty && preferredPeople[n].contains(p) { v += w.preferred }
        if w.continuity != 0 && !pastServers[n].isEmpty && pastServers[n].contains(p) { v += w.continuity }
        if w.partyMember != 0 && input.needs[n].partyMembers && input.people[p].partyMember { v += w.partyMember }
        return v
    }

    /// The continuity bonus for person `p` serving need `n` at `option` (replan only).
    func continuity(need n: Int, option: ServiceOption, person p: Int) -> Double {
        guard let prev = previous[n], prev.people.contains(p), prev.day == option.day, prev.start == option.start else { return 0 }
        return Catalog.continuityBonus
    }

    static func merge(_ intervals: [(from: Int, to: Int)]) -> [(from: Int, to: Int)] {
        let sorted = intervals.sorted { $0.from < $1.from }
        var out: [(from: Int, to: Int)] = []
        for iv in sorted {
            if let last = out.last, iv.from <= last.to {
                out[out.count - 1].to = max(last.to, iv.to)
            } else {
                out.append(iv)
            }
        }
        return out
    }

    /// Whether person `p` is free over [from, to) on `day`.
    func isAvailable(_ p: Int, day: Int, from: Int, to: Int) -> Bool {
        guard let perDay = availability[p] else { return true }
        guard day < perDay.count else { return false }
        return perDay[day].contains { $0.from <= from && to <= $0.to }
    }

    /// The minutes person `p` can give in the week: their `maxMinutes`, or else their available
    /// minutes (every day whole where they list no availability).
    func minutesToGive(_ p: Int) -> Int {
        if let m = input.people[p].maxMinutes { return m }
        guard let perDay = availability[p] else { return input.horizon.days * 24 * 60 }
        return perDay.reduce(0) { t, day in day.reduce(t) { $0 + $1.to - $1.from } }
    }

    /// Whether the person has any availability at all (`availability: []` means none).
    func isEverAvailable(_ p: Int) -> Bool { everAvailable[p] }

    /// Extra minutes for person `p` on need `n`: the pair's, else derived round-trip travel.
    func extraMinutes(need n: Int, person p: Int) -> Int {
        if let pair = pair(need: n, person: p) { return pair.extraMinutes }
        if let table = travelMinutes {
            guard let h = homeCommunity[p], let c = needCommunity[n] else { return 0 }
            return table[h * input.communities.count + c]
        }
        guard let travel = input.travel, let h = homeCommunity[p], let c = needCommunity[n],
              let hl = input.communities[h].location, let nl = input.communities[c].location else { return 0 }
        return Self.travel(travel, from: hl, to: nl)
    }

    /// Round-trip travel minutes from `hl` to `nl`, rounded up.
    private static func travel(_ travel: Travel, from hl: Location, to nl: Location) -> Int {
        let km = ((hl.x - nl.x) * (hl.x - nl.x) + (hl.y - nl.y) * (hl.y - nl.y)).squareRoot()
        let minutes = (2 * travel.minutesPerKm * km).rounded(.up)
        // The decoder bounds coordinates; an input changed after decoding must not trap either
        // (the same cap as the checker's).
        guard minutes.isFinite, minutes < 1e12 else { return minutes > 0 ? Int(1e12) : 0 }
        return Int(minutes)
    }

    /// Minutes of `p`'s budget that need `n` uses.
    func load(need n: Int, person p: Int) -> Int { input.needs[n].durationMinutes + extraMinutes(need: n, person: p) }

    func cost(need n: Int, person p: Int) -> Double { pair(need: n, person: p)?.cost ?? 0 }

    /// The pair override for need `n` and person `p`, if the input gives one.
    func pair(need n: Int, person p: Int) -> Pair? {
        let list = pairsOfNeed[n]
        var lo = 0, hi = list.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if list[mid].person < p { lo = mid + 1 } else { hi = mid }
        }
        return lo < list.count && list[lo].person == p ? list[lo].pair : nil
    }

    func organization(of p: Int) -> Int? { organizationOfPerson[p] }
}
