import Liandong
extension GeneratorBuilder {
    /// Needs per community (±25 % around the mean), urgencies by quota (3 % critical, 20 % high,
    /// 17 % low, the rest normal), each from a template that suits its urgency.
    ///
    /// Like a community's need list matched against its resource list (需求清单 and 资源清单),
    /// 90 % of needs are drawn to be servable on their own: the template is drawn again (up to
    /// four times) until the community's reachable people can fill the team, and the windows
    /// are placed where a qualified team is free at some start. The other 10 % are drawn blind,
    /// so that some needs find nobody qualified or no common time, as in real lists.
    mutating func makeNeeds() {
        let total = scale.needCount
        let counts = apportion(total, weights: communities.map { _ in rng.uniform(0.75, 1.25) })
        let critical = max(1, Int((Double(total) * 0.03).rounded()))
        let high = Int((Double(total) * 0.20).rounded())
        let low = Int((Double(total) * 0.17).rounded())
        var urgencies = Array(repeating: Urgency.critical, count: critical) + Array(repeating: Urgency.high, count: high)
            + Array(repeating: Urgency.low, count: low)
            + Array(repeating: Urgency.normal, count: max(0, total - critical - high - low))
        rng.shuffle(&urgencies)
        let templates = Vocabulary.templates
        let weightsByUrgency: [[Double]] = (0..<4).map { u in templates.map { $0.weight * $0.urgency[u] } }
        var next = 0
        for c in communities.indices {
            var residents: [(id: String, subject: Vocabulary.Subject, needs: Int)] = []
            for i in 0..<counts[c] {
                let urgency = urgencies[next]
                next += 1
                let u = [Urgency.critical, .high, .normal, .low].firstIndex(of: urgency)!
                let matched = rng.chance(0.9)
                var t = 0
                var need = Need(id: communities[c].id + "-n" + zeroPadded(i + 1, 4), community: communities[c].id, urgency: urgency)
                for attempt in 0..<(matched ? 4 : 1) {
                    t = rng.weighted(weightsByUrgency[u])
                    let template = templates[t]
                    need.title = template.title
                    need.category = template.category
                    need.team = template.team
                    if template.flexibleVolunteers, let k = need.team.firstIndex(where: { $0.role == .volunteer }) {
                        need.team[k].count = rng.chance(0.3) ? 2 : 1
                    }
                    need.durationMinutes = rng.pick(template.durations)
                    need.risky = rng.chance(template.risky)
                    guard matched else {
                        need.windows = needWindows(template.when, duration: need.durationMinutes)
                        break
                    }
                    var pools: [[Int]] = []
                    for k in need.team.indices { pools.append(cachedPool(for: need, in: c, position: k)) }
                    if let w = fittingWindows(template.when, need: need, pools: pools) {
                        need.windows = w
                        break
                    }
                    if attempt == 3 { need.windows = needWindows(template.when, duration: need.durationMinutes) }
                }
                let template = templates[t]
                need.groups = template.groups
                for (g, p) in template.extraGroups where rng.chance(p) && !need.groups.contains(g) { need.groups.append(g) }
                if template.subject != .none {
                    // Some residents have two needs this week (a child's tutoring and counselling …).
                    let earlier = residents.indices.filter { residents[$0].subject == template.subject && residents[$0].needs == 1 }
                    if !earlier.isEmpty && rng.chance(0.15) {
                        let r = earlier[rng.int(earlier.count)]
                        residents[r].needs += 1
                        need.resident = residents[r].id
                    } else {
                        let id = communities[c].id + "-r" + zeroPadded(residents.count + 1, 3)
                        residents.append((id, template.subject, 1))
                        need.resident = id
                    }
                }
                needs.append(need)
                needCommunity.append(c)
                needTemplate.append(t)
            }
        }
        leaveUnscheduled(Int((Double(total) * 0.10).rounded()))
        declinedPeople = Array(repeating: [], count: needs.count)
    }

    /// Takes the windows off `count` needs (about 10 %): mostly paperwork and phone calls
    /// (resource linking, follow-up calls), then other single-role needs, then a few visits;
    /// never campaigns, meal rounds or anything else tied to an hour.
    mutating func leaveUnscheduled(_ count: Int) {
        let templates = Vocabulary.templates
        let fixedHour: [Vocabulary.When] = [.marketMorning, .schoolGate, .lunch, .evening, .weekendDuty]
        func tier(_ n: Int) -> Int {
            let t = templates[needTemplate[n]]
            if t.unscheduled >= 1 { return 0 }
            if fixedHour.contains(t.when) { return 3 }
            return Set(t.team.map(\.role)).count == 1 ? 1 : 2
        }
        let tiers = (0..<3).map { k in needs.indices.filter { tier($0) == k } }
        var left = count
        for (k, list) in tiers.enumerated() where left > 0 {
            // Paperwork first, but not all of it, so that some resource linking keeps a time.
            let take = k == 0 ? min(left, Int((Double(count) * 0.7).rounded()), list.count) : min(left, list.count)
            for i in rng.sample(take, of: list.count) { needs[list[i]].windows = nil }
            left -= take
        }
    }

    /// One block of the day in which a kind of need's windows fall.
    struct Block {
        var days: [Int]
        var starts: [Int]
        var end: Int
    }

    mutating func block(_ when: Vocabulary.When) -> Block {
        let weekdays = [0, 1, 2, 3, 4], weekend = [5, 6]
        let morning = [Self.hm(8, 30), Self.hm(9)], afternoon = [Self.hm(14), Self.hm(14, 30)]
        switch when {
        case .weekdayMorning: return Block(days: weekdays, starts: morning, end: Self.hm(12))
        case .weekdayAfternoon: return Block(days: weekdays, starts: afternoon, end: Self.hm(17, 30))
        case .weekdayDay: return block(rng.chance(0.5) ? .weekdayMorning : .weekdayAfternoon)
        case .weekdayMorningOrWeekend:
            return rng.chance(0.6) ? block(.weekdayMorning) : Block(days: weekend, starts: morning, end: Self.hm(12))
        case .weekend:
            return rng.chance(0.5) ? Block(days: weekend, starts: [Self.hm(9)], end: Self.hm(12))
                : Block(days: weekend, starts: afternoon, end: Self.hm(17, 30))
        case .weekendDuty:
            // The social workers' weekend duty: Saturday morning or Sunday afternoon.
            return rng.chance(0.5) ? Block(days: [5], starts: [Self.hm(9)], end: Self.hm(12))
                : Block(days: [6], starts: afternoon, end: Self.hm(17, 30))
        case .weekendAfternoon: return Block(days: weekend, starts: afternoon, end: Self.hm(17, 30))
        case .marketMorning:
            return Block(days: rng.chance(0.4) ? weekend : weekdays, starts: [Self.hm(8, 30)], end: Self.hm(11))
        case .evening:
            return Block(days: rng.chance(0.85) ? weekdays : weekend, starts: [Self.hm(18), Self.hm(18, 30), Self.hm(19)], end: Self.hm(21))
        case .schoolGate: return Block(days: weekdays, starts: [Self.hm(15, 30)], end: Self.hm(17, 30))
        case .lunch: return Block(days: weekdays + weekend, starts: [Self.hm(10, 30), Self.hm(11)], end: Self.hm(13))
        }
    }

    /// The (from, to) windows of 2–4 hours on 30-minute boundaries in a block, each long
    /// enough for the service.
    func windowOptions(_ b: Block, duration: Int) -> [(from: Int, to: Int)] {
        var options: [(from: Int, to: Int)] = []
        for s in b.starts {
            for length in stride(from: 120, through: 240, by: 30) where length >= duration && s + length <= b.end {
                options.append((s, s + length))
            }
        }
        return options.isEmpty ? [(b.end - max(duration, 120), b.end)] : options
    }

    /// One or two windows drawn blind; a second window, when there is one, is on another day
    /// at the same hours.
    mutating func needWindows(_ when: Vocabulary.When, duration: Int) -> [DayWindow] {
        let b = block(when)
        let (from, to) = rng.pick(windowOptions(b, duration: duration))
        if when == .weekendDuty && rng.chance(0.5) { return bothDuties }
        return withSecondDay(rng.pick(b.days), of: b, from, to)
    }

    /// Saturday morning or Sunday afternoon, the social workers' weekend duty.
    var bothDuties: [DayWindow] {
        windows([5], Self.hm(9), Self.hm(12)) + windows([6], Self.hm(14), Self.hm(17, 30))
    }

    mutating func withSecondDay(_ first: Int, of b: Block, _ from: Int, _ to: Int) -> [DayWindow] {
        var days = [first]
        if b.days.count > 1 && rng.chance(0.5) { days.append(rng.pick(b.days.filter { $0 != first })) }
        return windows(days.sorted(), from, to)
    }

    /// Windows in which some start has a whole qualified team free (each position's pool,
    /// ignoring budgets and other needs), or nil. The first window is checked; a second one is
    /// added blind on another day, as a family offers two days.
    mutating func fittingWindows(_ when: Vocabulary.When, need: Need, pools: [[Int]]) -> [DayWindow]? {
        for (k, position) in need.team.enumerated() where pools[k].count < position.count { return nil }
        if need.team.count > 1, Set(pools.joined()).count < need.teamSize { return nil }
        for _ in 0..<3 {
            let b = block(when)
            var combos: [(day: Int, from: Int, to: Int)] = []
            for day in b.days { for o in windowOptions(b, duration: need.durationMinutes) { combos.append((day, o.from, o.to)) } }
            rng.shuffle(&combos)
            for combo in combos where teamFree(need, pools: pools, day: combo.day, from: combo.from, to: combo.to) {
                return withSecondDay(combo.day, of: b, combo.from, combo.to)
            }
        }
        return nil
    }

    /// Whether some start in [from, to) has enough free people in every position.
    func teamFree(_ need: Need, pools: [[Int]], day: Int, from: Int, to: Int) -> Bool {
        var start = from
        while start + need.durationMinutes <= to {
            let end = start + need.durationMinutes
            var ok = true
            for (k, position) in need.team.enumerated() {
                var free = 0
                for p in pools[k] where isFree(p, day: day, from: start, to: end) {
                    free += 1
                    if free >= position.count { break }
                }
                if free < position.count { ok = false; break }
            }
            if ok { return true }
            start += 30
        }
        return false
    }
}
