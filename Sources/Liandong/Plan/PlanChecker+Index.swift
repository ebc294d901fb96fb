/// A (need, person) or (need, organization) key.
struct CheckerKey: Hashable {
    var need: String
    var other: String
}

/// Lookup tables over the input, built once per check (O(input)). Duplicate ids keep their
/// first occurrence; nothing here can trap on a malformed input.
struct CheckerIndex {
    let input: PlanningInput
    let needIndex: [String: Int]
    let personIndex: [String: Int]
    let organizationIndex: [String: Int]
    let communityIndex: [String: Int]
    let pairs: [CheckerKey: Pair]
    let declinedPeople: Set<CheckerKey>
    let declinedOrganizations: Set<CheckerKey>
    /// Per person: skills as a set.
    let skills: [Set<String>]
    /// Per person: nil = free the whole horizon; otherwise, per day, the union of the
    /// availability windows as sorted, disjoint, non-touching [from, to) minute intervals.
    let availability: [[Int: [(from: Int, to: Int)]]?]

    init(_ input: PlanningInput) {
        self.input = input
        func firstIndex(_ ids: [String]) -> [String: Int] {
            var d: [String: Int] = [:]
            d.reserveCapacity(ids.count)
            for (i, id) in ids.enumerated() where d[id] == nil { d[id] = i }
            return d
        }
        needIndex = firstIndex(input.needs.map(\.id))
        personIndex = firstIndex(input.people.map(\.id))
        organizationIndex = firstIndex(input.organizations.map(\.id))
        communityIndex = firstIndex(input.communities.map(\.id))
        var pairs: [CheckerKey: Pair] = [:]
        for p in input.pairs where pairs[CheckerKey(need: p.need, other: p.person)] == nil {
            pairs[CheckerKey(need: p.need, other: p.person)] = p
        }
        self.pairs = pairs
        var dp = Set<CheckerKey>(), dorg = Set<CheckerKey>()
        for d in input.declined {
            if let p = d.person { dp.insert(CheckerKey(need: d.need, other: p)) }
            if let o = d.organization { dorg.insert(CheckerKey(need: d.need, other: o)) }
        }
        declinedPeople = dp
        declinedOrganizations = dorg
        skills = input.people.map { Set($0.skills) }
        availability = input.people.map { person in
            guard let windows = person.availability else { return nil }
            var byDay: [Int: [(from: Int, to: Int)]] = [:]
            for w in windows where w.to.minutes > w.from.minutes {
                byDay[w.day, default: []].append((w.from.minutes, w.to.minutes))
            }
            for (day, list) in byDay {
                var merged: [(from: Int, to: Int)] = []
                for w in list.sorted(by: { ($0.from, $0.to) < ($1.from, $1.to) }) {
                    if let last = merged.last, w.from <= last.to {
                        merged[merged.count - 1].to = max(last.to, w.to)
                    } else {
                        merged.append(w)
                    }
                }
                byDay[day] = merged
            }
            return byDay
        }
    }

    func need(_ id: String) -> Need? { needIndex[id].map { input.needs[$0] } }
    func person(_ id: String) -> Person? { personIndex[id].map { input.people[$0] } }
    func organization(_ id: String) -> Organization? { organizationIndex[id].map { input.organizations[$0] } }

    func pair(need: String, person: String) -> Pair? { pairs[CheckerKey(need: need, other: person)] }

    /// Whether person `p` (index) is free during [from, to) of `day`.
    func isAvailable(_ p: Int, day: Int, from: Int, to: Int) -> Bool {
        guard let byDay = availability[p] else { return true }
        guard let list = byDay[day] else { return false }
        return list.contains { $0.from <= from && to <= $0.to }
    }

    /// The person's extra minutes on the need: the pair's `extraMinutes`, else the derived
    /// round-trip travel ceil(2 × minutesPerKm × km) between home and need community (0 when
    /// travel, home, the need's community or a location is missing). Capped so sums cannot overflow.
    func extraMinutes(need: Need, person: Person) -> Int {
        if let pair = pair(need: need.id, person: person.id) { return pair.extraMinutes }
        guard let travel = input.travel, let home = person.home, let community = need.community,
              let a = communityIndex[home].flatMap({ input.communities[$0].location }),
              let b = communityIndex[community].flatMap({ input.communities[$0].location })
        else { return 0 }
        let dx = a.x - b.x, dy = a.y - b.y
        let km = (dx * dx + dy * dy).squareRoot()
        let minutes = (2 * travel.minutesPerKm * km).rounded(.up)
        guard minutes.isFinite, minutes < Self.minuteCap else { return minutes > 0 ? Int(Self.minuteCap) : 0 }
        return max(0, Int(minutes))
    }

    /// Upper bound used for absurd derived travel times (keeps sums far from overflow).
    static let minuteCap = 1e12

    /// The assignment's lead: the first listed member whose own role is social worker, else the
    /// first listed member. Nil when there are no members or when a member before the lead is
    /// unknown (then the lead cannot be told).
    func lead(_ members: [Member]) -> Person? {
        var first: Person?
        for (k, m) in members.enumerated() {
            guard let p = person(m.person) else { return nil }
            if k == 0 { first = p }
            if p.role == .socialWorker { return p }
        }
        return first
    }

    /// The lead and its organization (the order's receiver, nil when the lead has none);
    /// nil overall when the lead cannot be told.
    func leadOrganization(_ members: [Member]) -> (lead: Person, organization: String?)? {
        guard let lead = lead(members) else { return nil }
        return (lead, lead.organization)
    }
}

/// Integer addition that saturates instead of trapping.
@inline(__always) func saturatingAdd(_ a: Int, _ b: Int) -> Int {
    let (r, o) = a.addingReportingOverflow(b)
    return o ? (b > 0 ? Int.max : Int.min) : r
}
