import Liandong
extension GeneratorBuilder {
    // MARK: - Qualification (the generator's own reading of the hard rules, time aside)

    /// The people who may fill position `k` of `need` in community `c`, in index order: role,
    /// skills, level, insurance and the organization's communities (not excluded or declined).
    mutating func cachedPool(for need: Need, in c: Int, position k: Int) -> [Int] {
        let position = need.team[k]
        let key = PoolKey(community: c, role: position.role, skills: Vocabulary.mask(position.skills),
                          minLevel: position.minLevel?.rank ?? -1, risky: need.risky)
        if let pool = poolCache[key] { return pool }
        let pool = pool(for: need, in: c, position: k)
        poolCache[key] = pool
        return pool
    }

    func pool(for need: Need, in c: Int, position k: Int) -> [Int] {
        let position = need.team[k]
        let wanted = Vocabulary.mask(position.skills)
        let minLevel = position.minLevel?.rank ?? -1
        let risky = need.risky
        var out: [Int] = []
        for p in servers[c] where personSkills[p] & wanted == wanted && personLevel[p] >= minLevel {
            if position.role.admits(personRole[p]) && (!risky || personInsured[p]) { out.append(p) }
        }
        return out
    }

    /// People who may fill position `k` of need `n` (excluded and declined people removed).
    func qualified(need n: Int, position k: Int) -> [Int] {
        pool(for: needs[n], in: needCommunity[n], position: k).filter { p in
            !declinedPeople[n].contains(p) && !needs[n].excluded.contains(people[p].id)
        }
    }

    /// Whether person `p` may fill position `k` of need `n`.
    func qualifies(_ p: Int, need n: Int, position k: Int) -> Bool {
        let need = needs[n], position = need.team[k], person = people[p]
        let wanted = Vocabulary.mask(position.skills)
        guard position.role.admits(person.role), personSkills[p] & wanted == wanted else { return false }
        if let min = position.minLevel { guard let level = person.level, level >= min else { return false } }
        if need.risky && !person.insured { return false }
        if let allowed = personAllowed[p], !allowed.contains(needCommunity[n]) { return false }
        return !need.excluded.contains(person.id) && !declinedPeople[n].contains(p)
    }

    /// `k` needs drawn at random among those satisfying `filter`, in need order.
    mutating func someNeeds(_ k: Int, of eligible: [Int]) -> [Int] {
        rng.sample(k, of: eligible.count).map { eligible[$0] }
    }

    func quota(_ share: Double, atLeast minimum: Int) -> Int {
        max(minimum, Int((Double(needs.count) * share).rounded()))
    }

    // MARK: - Continuity, exclusions, declines, pairs

    /// About 5 % of residents' needs prefer a person of the first position's role and skills
    /// from a nearby community (the social worker who served the resident before); a resident's
    /// second need prefers the same person where that person qualifies.
    mutating func addPreferred() {
        var byResident: [String: Int] = [:]
        for n in someNeeds(quota(0.05, atLeast: 2), of: needs.indices.filter { needs[$0].resident != nil }) {
            let resident = needs[n].resident!
            if let p = byResident[resident], qualifies(p, need: n, position: 0) {
                needs[n].preferred = [people[p].id]
                continue
            }
            let pool = qualified(need: n, position: 0)
            guard !pool.isEmpty else { continue }
            let near = pool.filter { distance(community: personHome[$0], needCommunity[n]) <= 2.0 }
            let p = near.isEmpty ? pool[rng.int(pool.count)] : near[rng.int(near.count)]
            needs[n].preferred = [people[p].id]
            byResident[resident] = p
        }
    }

    /// A few exclusions (a relative of the family, a resident's request), person and
    /// organization declines (a conflict of interest, a team that cannot go), and pairs (own car,
    /// taxi, meeting the patient at the hospital).
    mutating func addExclusionsDeclinesAndPairs() {
        for n in someNeeds(quota(0.012, atLeast: 1), of: needs.indices.filter { needs[$0].resident != nil }) {
            let k = rng.int(needs[n].team.count)
            let pool = qualified(need: n, position: k).filter { !needs[n].preferred.contains(people[$0].id) }
            if !pool.isEmpty { needs[n].excluded = [people[pool[rng.int(pool.count)]].id] }
        }
        var declines: [(need: Int, decline: Decline)] = []
        for n in someNeeds(quota(0.01, atLeast: 1), of: needs.indices.filter { needs[$0].excluded.isEmpty }) {
            let k = rng.int(needs[n].team.count)
            let pool = qualified(need: n, position: k).filter { !needs[n].preferred.contains(people[$0].id) }
            guard !pool.isEmpty else { continue }
            let p = pool[rng.int(pool.count)]
            declines.append((n, Decline(need: needs[n].id, person: people[p].id)))
            declinedPeople[n].insert(p)
        }
        for n in someNeeds(quota(0.003, atLeast: 1), of: needs.indices.filter { needs[$0].excluded.isEmpty && declinedPeople[$0].isEmpty }) {
            let k = rng.int(needs[n].team.count)
            let pool = qualified(need: n, position: k).filter { personOrg[$0] != nil }
            guard !pool.isEmpty else { continue }
            let o = personOrg[pool[rng.int(pool.count)]]!
            declines.append((n, Decline(need: needs[n].id, organization: orgs[o].id)))
            declinedPeople[n].formUnion(orgs[o].members)
        }
        declined = declines.sorted { $0.need < $1.need }.map(\.decline)

        let escorts = Set(["medicalEscort", "homeRepair"])
        var made: [(need: Int, pair: Pair)] = []
        for n in someNeeds(quota(0.012, atLeast: 2), of: needs.indices.filter { escorts.contains(needs[$0].category ?? "") }) {
            guard let k = needs[n].team.firstIndex(where: { $0.role == .volunteer }) else { continue }
            let pool = qualified(need: n, position: k)
            guard !pool.isEmpty else { continue }
            let p = pool[rng.int(pool.count)]
            let pair: Pair = switch rng.int(needs[n].category == "medicalEscort" ? 3 : 2) {
            case 0: Pair(need: needs[n].id, person: people[p].id, cost: 3, extraMinutes: 40)  // own car
            case 1: Pair(need: needs[n].id, person: people[p].id, cost: 2.5, extraMinutes: 30)  // taxi
            default: Pair(need: needs[n].id, person: people[p].id, cost: 0, extraMinutes: 0)  // meets the patient at the hospital
            }
            made.append((n, pair))
        }
        pairs = made.map(\.pair)
    }

    // MARK: - Required needs

    /// About 1 % of needs (at least one), critical ones first, are `required`; each gets a
    /// concrete team reserved for it — free at one start, within budget, its lead's organization
    /// under `maxOrders`, nobody shared with another required need — so that the required
    /// needs can always be served together.
    mutating func markRequired() {
        let wanted = quota(0.01, atLeast: 1)
        let paired = Set(pairs.map(\.need))
        func plain(_ n: Int) -> Bool {
            needs[n].windows != nil && needs[n].excluded.isEmpty && declinedPeople[n].isEmpty && !paired.contains(needs[n].id)
        }
        var order = rng.shuffled(needs.indices.filter { plain($0) && needs[$0].urgency == .critical })
        order += rng.shuffled(needs.indices.filter { plain($0) && needs[$0].urgency == .high })
        var reserved = Set<Int>()
        var orders = Array(repeating: 0, count: orgs.count)
        var count = 0
        for n in order where count < wanted {
            guard let team = reserveTeam(n, reserved: reserved, orders: orders) else { continue }
            needs[n].required = true
            reserved.formUnion(team)
            let lead = team.first { people[$0].role == .socialWorker } ?? team[0]
            if let o = personOrg[lead] { orders[o] += 1 }
            count += 1
        }
    }

    /// A team for need `n` at its first start where one exists, or nil.
    func reserveTeam(_ n: Int, reserved: Set<Int>, orders: [Int]) -> [Int]? {
        let need = needs[n]
        let pools = need.team.indices.map { k in
            qualified(need: n, position: k).filter { p in
                !reserved.contains(p) && (people[p].maxAssignments ?? 1) >= 1
                    && need.durationMinutes + travelMinutes(person: p, need: n) <= (people[p].maxMinutes ?? Int.max)
            }
        }
        for w in need.windows ?? [] {
            var start = w.from.minutes
            while start + need.durationMinutes <= w.to.minutes {
                let end = start + need.durationMinutes
                var team: [Int] = []
                var complete = true
                for (k, position) in need.team.enumerated() {
                    let free = pools[k].filter { !team.contains($0) && isFree($0, day: w.day, from: start, to: end) }
                    if free.count < position.count { complete = false; break }
                    team += free.prefix(position.count)
                }
                if complete {
                    let lead = team.first { people[$0].role == .socialWorker } ?? team[0]
                    if let o = personOrg[lead], let cap = orgs[o].maxOrders, orders[o] >= cap {
                        // Try the next start; another lead is unlikely to differ, so move on.
                    } else {
                        return team
                    }
                }
                start += 30
            }
        }
        return nil
    }

    /// Whether `p` is free over [from, to) on `day` (touching availability windows join, as
    /// in the contract).
    func isFree(_ p: Int, day: Int, from: Int, to: Int) -> Bool {
        let wanted = Self.slots(from: from, to: to)
        return freeSlots[p * 7 + day] & wanted == wanted
    }
}
