/// Why each unserved need is unserved: the smallest sets of rules that, enforced together with
/// who is qualified (role, skills, level, community), leave no team at any start — tested one
/// rule at a time, then pairs, then triples, against the plan as it stands. Never a default: a
/// code is reported only when enforcing it (with the others of its set) blocks the need.
///
/// The rules, each a reason code:
/// `declined` (declines and exclusions), `notInsured` (risky needs take insured people),
/// `noCommonTime` (people's availability), `exceedsBudget` (the service alone, travel included,
/// exceeds a budget), `pinnedOrder` (accepted orders hold the people's time or budget),
/// `lowerValue` (the plan's other services hold their time), `capacityExhausted` (the plan's
/// other services used up their budgets), `organizationFull` (order caps).
struct Explainer {
    let candidates: Candidates
    let solution: Solution
    let proven: Bool
    var catalog: Catalog { candidates.catalog }
    var input: PlanningInput { catalog.input }

    /// The relaxable rules, in the order reasons are listed.
    enum Rule: Int, CaseIterable, Comparable {
        case declined, insurance, availability, budget, pinned, time, capacity, orders
        var bit: Int { 1 << rawValue }
        static func < (a: Rule, b: Rule) -> Bool { a.rawValue < b.rawValue }
        var reason: UnservedReason {
            switch self {
            case .declined: .declined
            case .insurance: .notInsured
            case .availability: .noCommonTime
            case .budget: .exceedsBudget
            case .pinned: .pinnedOrder
            case .time: .lowerValue
            case .capacity: .capacityExhausted
            case .orders: .organizationFull
            }
        }
    }

    /// What the plan uses, in two layers: the accepted (pinned) orders, and everything else.
    struct Layers {
        var pinned: PlanUsage
        var others: PlanUsage
        /// Orders per organization, both layers.
        var orders: [Int]
        /// Per person, the needs they serve (for naming blockers).
        var servicesOf: [Int: [Int]]
    }

    func layers() -> Layers {
        var pinned = PlanUsage(catalog), others = PlanUsage(catalog)
        var servicesOf: [Int: [Int]] = [:]
        for n in solution.chosen.keys.sorted() {
            let chosen = solution.chosen[n]!
            let option = candidates.options[n][chosen.option]
            let org = catalog.leadOrganization(chosen.members, lead: chosen.lead)
            if option.pinned {
                pinned.add(need: n, option: option, people: chosen.members.joined(), leadOrganization: org)
            } else {
                others.add(need: n, option: option, people: chosen.members.joined(), leadOrganization: org)
            }
            for p in chosen.members.joined() { servicesOf[p, default: []].append(n) }
        }
        return Layers(pinned: pinned, others: others, orders: zip(pinned.orders, others.orders).map { $0 + $1 }, servicesOf: servicesOf)
    }

    /// Every unserved need explained, sorted by id. With a `deadline` (the engine's, so that the
    /// plan is written within the time limit), the needs are explained in order of importance —
    /// required first, then by value — and those the clock leaves are reported `notAnalysed`
    /// (`cut` counts them); the deadline is never less than `atLeast` away. Without one, or when
    /// the clock does not cut, the output is the same.
    func explainAll(deadline: ContinuousClock.Instant? = nil, atLeast: Duration = .milliseconds(100)) -> (needs: [UnservedNeed], cut: Int) {
        let layers = layers()
        let unserved = input.needs.indices.filter { solution.chosen[$0] == nil }
        let order = deadline == nil ? unserved : unserved.sorted { a, b in
            let na = input.needs[a], nb = input.needs[b]
            if na.required != nb.required { return na.required }
            if catalog.needValue[a] != catalog.needValue[b] { return catalog.needValue[a] > catalog.needValue[b] }
            return na.id < nb.id
        }
        var out: [UnservedNeed] = []
        out.reserveCapacity(order.count)
        var cut = 0, late = false
        let clock = ContinuousClock()
        // At least `atLeast`, however late: a small week's needs are all explained (97 needs of
        // teams of up to seven took 60 ms), a large one's are cut a little later.
        let deadline = deadline.map { max($0, clock.now + atLeast) }
        for (i, n) in order.enumerated() {
            if let deadline, !late, i % 16 == 15, clock.now >= deadline { late = true }
            if late && !candidates.unconsidered.contains(n) {
                let need = input.needs[n]
                out.append(UnservedNeed(need: need.id, reasons: [.notAnalysed],
                                        detail: "时间限制内未及分析未安排的原因（可用 liandong explain 查看，或延长时间限制）。",
                                        required: need.required))
                cut += 1
            } else {
                out.append(explain(n, layers))
            }
        }
        out.sort { $0.need < $1.need }
        return (out, cut)
    }

    /// Everything about one need that the tests of rule sets reuse.
    struct NeedCase {
        let n: Int
        /// Per position: the people qualified in the strict sense, and each one's shortfalls.
        let people: [[Int]]
        let shortfalls: [[Shortfall]]
        /// The starts (scheduled needs; thinned like the plan's) or one unscheduled option.
        let options: [ServiceOption]
    }

    func needCase(_ n: Int, options: [ServiceOption]? = nil) -> NeedCase {
        let need = input.needs[n]
        var people: [[Int]] = [], shortfalls: [[Shortfall]] = []
        for (k, position) in need.team.enumerated() {
            var ps: [Int] = [], ss: [Shortfall] = []
            for p in candidates.peopleIndex.pool(position, community: need.community) {
                let s = catalog.shortfall(need: n, position: k, person: p)
                if s.isDisjoint(with: .qualification) { ps.append(p); ss.append(s) }
            }
            people.append(ps)
            shortfalls.append(ss)
        }
        return NeedCase(n: n, people: people, shortfalls: shortfalls, options: options ?? starts(n))
    }

    /// The case of need `n` with only the people qualified on every rule but time and the plan
    /// (the candidates' own lists, no shortfall left): with every rule enforced it blocks exactly
    /// when the full case does with its relevant rules (each rule a shortfall can name is among
    /// them, and the rules no shortfall names cannot bar anyone outside these lists).
    func readyCase(_ n: Int, options: [ServiceOption]? = nil) -> NeedCase {
        let people = candidates.qualified[n]
        return NeedCase(n: n, people: people, shortfalls: people.map { Array(repeating: [], count: $0.count) }, options: options ?? starts(n))
    }

    /// The starts the plan considers for need `n` (thinned like the plan's), or one unscheduled option.
    func starts(_ n: Int) -> [ServiceOption] {
        let need = input.needs[n]
        guard need.isScheduled else { return [ServiceOption(need: n, day: nil, start: nil, end: nil, candidates: [], pinned: false)] }
        return Candidates.starts(of: need, slot: input.horizon.slotMinutes, step: candidates.startStep[n]).map {
            ServiceOption(need: n, day: $0.day, start: $0.start, end: $0.start + need.durationMinutes, candidates: [], pinned: false)
        }
    }

    /// Whether person `people[k][i]` may fill position k at `option` with the rules of `mask` enforced.
    func eligible(_ c: NeedCase, _ k: Int, _ i: Int, _ option: ServiceOption, _ mask: Int, _ layers: Layers) -> Bool {
        let p = c.people[k][i], s = c.shortfalls[k][i]
        func on(_ r: Rule) -> Bool { mask & r.bit != 0 }
        if on(.declined) && !s.isDisjoint(with: [.declined, .excluded]) { return false }
        if on(.insurance) && s.contains(.insurance) { return false }
        if on(.budget) && s.contains(.budget) { return false }
        if on(.availability) {
            if s.contains(.neverAvailable) { return false }
            if let d = option.day, let st = option.start, let e = option.end, !catalog.isAvailable(p, day: d, from: st, to: e) { return false }
        }
        if on(.pinned) && layers.pinned.overlaps(p, option) { return false }
        if on(.time) && layers.others.overlaps(p, option) { return false }
        if (on(.pinned) || on(.capacity)) && !s.contains(.budget) {
            // The person's fields read in place (binding the whole record copied it on every call).
            let people = input.people
            let used = (on(.pinned) ? layers.pinned.minutes[p] : 0) + (on(.capacity) ? layers.others.minutes[p] : 0)
            if let max = people[p].maxMinutes, used + catalog.load(need: c.n, person: p) > max { return false }
            let count = (on(.pinned) ? layers.pinned.count[p] : 0) + (on(.capacity) ? layers.others.count[p] : 0)
            if let max = people[p].maxAssignments, count + 1 > max { return false }
        }
        return true
    }

    /// Whether no team can be formed at any start with the rules of `mask` enforced.
    func blocked(_ c: NeedCase, _ mask: Int, _ layers: Layers) -> Bool {
        let need = input.needs[c.n]
        let caps = mask & Rule.orders.bit != 0
        for option in c.options {
            var free: [[Int]] = []
            for k in need.team.indices {
                let f = c.people[k].indices.filter { eligible(c, k, $0, option, mask, layers) }.map { c.people[k][$0] }
                if f.count < need.team[k].count { break }
                free.append(f)
            }
            if free.count < need.team.count { continue }
            let team = PlanUsage.team(need: c.n, free: free, catalog: catalog) { g in
                guard caps, let g, let max = input.organizations[g].maxOrders else { return true }
                return layers.orders[g] < max
            }
            if team != nil { return false }
        }
        return true
    }

    /// The rules that could matter for this need at all (the others cannot block it).
    func relevant(_ c: NeedCase, _ layers: Layers) -> [Rule] {
        let need = input.needs[c.n]
        let all = c.shortfalls.joined().reduce(Shortfall()) { $0.union($1) }
        let everyone = Set(c.people.joined())
        var rules: [Rule] = []
        if !all.isDisjoint(with: [.declined, .excluded]) { rules.append(.declined) }
        if all.contains(.insurance) { rules.append(.insurance) }
        if need.isScheduled || all.contains(.neverAvailable) { rules.append(.availability) }
        if all.contains(.budget) { rules.append(.budget) }
        if everyone.contains(where: { layers.pinned.count[$0] > 0 }) { rules.append(.pinned) }
        if need.isScheduled && everyone.contains(where: { layers.others.count[$0] > 0 }) { rules.append(.time) }
        if everyone.contains(where: { p in layers.others.count[p] > 0 && (input.people[p].maxMinutes != nil || input.people[p].maxAssignments != nil) }) {
            rules.append(.capacity)
        }
        if everyone.contains(where: { p in catalog.organization(of: p).map { g in input.organizations[g].maxOrders.map { layers.orders[g] >= $0 } ?? false } ?? false }) {
            rules.append(.orders)
        }
        return rules
    }

    /// The smallest sets of `rules` that block the need, each as a mask; several when several
    /// sets of that size do. Sizes 1 to 3 are tried in full; beyond, one irreducible set.
    func cores(_ c: NeedCase, _ rules: [Rule], _ layers: Layers) -> [Int] {
        for size in 1...max(1, min(3, rules.count)) where size <= rules.count {
            var found: [Int] = []
            for subset in Self.subsets(of: rules.count, size: size) {
                let mask = subset.reduce(0) { $0 | rules[$1].bit }
                if blocked(c, mask, layers) { found.append(mask) }
            }
            if !found.isEmpty { return found }
        }
        var mask = rules.reduce(0) { $0 | $1.bit }
        for r in rules where blocked(c, mask & ~r.bit, layers) { mask &= ~r.bit }
        return [mask]
    }

    static func subsets(of n: Int, size: Int) -> [[Int]] {
        guard size > 0 else { return [[]] }
        guard n >= size else { return [] }
        var out: [[Int]] = []
        var current: [Int] = []
        func go(_ from: Int) {
            if current.count == size { out.append(current); return }
            for i in from..<n where n - i >= size - current.count {
                current.append(i); go(i + 1); current.removeLast()
            }
        }
        go(0)
        return out
    }

    func explain(_ n: Int, _ layers: Layers) -> UnservedNeed {
        let need = input.needs[n]
        func result(_ reasons: [UnservedReason], _ detail: String) -> UnservedNeed {
            UnservedNeed(need: need.id, reasons: reasons, detail: detail, required: need.required)
        }
        if candidates.unconsidered.contains(n) {
            return result([.solverStopped], "时间限制内未及考虑此需求（按价值先后考虑，它排在后面）。")
        }
        // A team still fits in the plan as it stands (most unserved needs of a large week that the
        // clock cut): the answer of step 3 below, without working out who falls short of what.
        let options = starts(n)
        let ready = readyCase(n, options: options)
        if !blocked(ready, Rule.allCases.reduce(0) { $0 | $1.bit }, layers) { return addable(result, worth: mostWorth(ready)) }
        let c = needCase(n, options: options)
        let names = Names(input: input)

        // 1. Qualification: is anyone qualified for each position at all?
        let short = need.team.indices.filter { c.people[$0].count < need.team[$0].count }
        if !short.isEmpty {
            let parts = short.map { k -> String in
                let position = need.team[k]
                var text = "\(Vocabulary.describe(position, number: k))：合格 \(c.people[k].count) 人，需要 \(position.count) 人"
                let missing = position.skills.filter { skill in !input.people.contains { $0.skills.contains(skill) } }
                if !missing.isEmpty { text += "；无人具备技能 " + missing.map(Vocabulary.label(skill:)).joined(separator: "、") }
                let roleSkills = input.people.indices.filter {
                    catalog.shortfall(need: n, position: k, person: $0).isDisjoint(with: [.role, .skills])
                }.count
                if roleSkills >= position.count { text += "；角色和技能相符的有 \(roleSkills) 人，但等级或可服务社区不符" }
                return text
            }
            return result([.noQualifiedPerson], parts.joined(separator: "；") + "。")
        }
        // 2. Structure: no start on a slot boundary fits a window.
        if c.options.isEmpty {
            return result([.noCommonTime], "服务时间窗口内放不下 \(need.durationMinutes) 分钟的服务（开始时间须在 \(input.horizon.slotMinutes) 分钟时段边界上）。")
        }
        // Qualified people per position, but not enough distinct ones for the whole team.
        if blocked(c, 0, layers) {
            return result([.noQualifiedPerson], "各岗位分别有合格人员，但同一人不能兼任两个岗位，合格人员不足以组成整队：" +
                          need.team.indices.map { "\(Vocabulary.describe(need.team[$0], number: $0)) 合格 \(c.people[$0].count) 人" }.joined(separator: "，") + "。")
        }
        // 3. The rules, against the plan.
        let rules = relevant(c, layers)
        let everything = rules.reduce(0) { $0 | $1.bit }
        if !blocked(c, everything, layers) { return addable(result, worth: mostWorth(c)) }
        let found = cores(c, rules, layers)
        let union = found.reduce(0, |)
        let chosen = Rule.allCases.filter { union & $0.bit != 0 }
        var sentences = chosen.map { detail($0, c, layers, names) }
        func words(_ mask: Int) -> String { Rule.allCases.filter { mask & $0.bit != 0 }.map { Vocabulary.label($0.reason) }.joined(separator: " + ") }
        if found.count == 1 && chosen.count > 1 {
            sentences.insert("以下条件共同导致无法成队（\(words(found[0]))）", at: 0)
        } else if found.count > 1 {
            sentences.insert("以下每组条件都足以导致无法成队：" + found.map { "（\(words($0))）" }.joined(separator: "或"), at: 0)
        }
        return result(chosen.map(\.reason), sentences.joined(separator: "；") + "。")
    }

    /// A need that a team could still serve in the plan as it stands: `lowerValue` when the plan is
    /// proven or serving it could add nothing (`worth`, at most what it adds, is not above 0 — a
    /// need of urgency weight 0 whose members cost something, say), else `solverStopped`.
    func addable(_ result: ([UnservedReason], String) -> UnservedNeed, worth: Double) -> UnservedNeed {
        proven || worth <= 0 ? result([.lowerValue], "按当前方案仍可安排，但安排它不增加目标值（价值不高于成本）。")
            : result([.solverStopped], "按当前方案仍可安排，但求解器在证明最优之前停止（时间限制）。")
    }

    /// At most what serving need `c.n` could add to the objective: its value and, in each position,
    /// the best gains of as many qualified people as it asks for.
    func mostWorth(_ c: NeedCase) -> Double {
        var worth = catalog.needValue[c.n]
        for (k, position) in input.needs[c.n].team.enumerated() where k < c.people.count {
            worth += c.people[k].map { catalog.mostGain(need: c.n, person: $0) }.sorted(by: >).prefix(position.count).reduce(0, +)
        }
        return worth
    }

    /// One sentence on how `rule` blocks need `c.n`, naming people, orders and organizations.
    func detail(_ rule: Rule, _ c: NeedCase, _ layers: Layers, _ names: Names) -> String {
        let need = input.needs[c.n]
        let everyone = Array(Set(c.people.joined())).sorted()
        func with(_ flag: Shortfall) -> [Int] {
            var out = Set<Int>()
            for k in c.people.indices { for (i, p) in c.people[k].enumerated() where !c.shortfalls[k][i].isDisjoint(with: flag) { out.insert(p) } }
            return out.sorted()
        }
        switch rule {
        case .declined:
            let orgs = input.declined.filter { $0.need == need.id }.compactMap(\.organization)
            var text = "已拒单或被排除的合格人员：" + names.people(with([.declined, .excluded]))
            if !orgs.isEmpty { text += "（" + orgs.map(names.organization).joined(separator: "、") + " 已拒单）" }
            return text
        case .insurance:
            return "这是有风险的服务，只派已投保人员；未投保的合格人员：" + names.people(with(.insurance))
        case .budget:
            let ps = with(.budget)
            return "服务本身（含路程）超出时长预算：" + ps.prefix(4).map { p in
                let max = input.people[p].maxMinutes.map { "预算 \($0) 分钟" } ?? "可接次数 0"
                let extra = catalog.extraMinutes(need: c.n, person: p)
                return "\(names.person(p)) 需 \(catalog.load(need: c.n, person: p)) 分钟" + (extra > 0 ? "（含路程 \(extra)）" : "") + "，\(max)"
            }.joined(separator: "、") + (ps.count > 4 ? " 等 \(ps.count) 人" : "")
        case .availability:
            let windows = need.windows.map { ws in ws.map { names.window($0) }.joined(separator: "、") } ?? "本周"
            return "合格人员在服务时间（\(windows)）内凑不齐一整队"
        case .pinned:
            let blockers = Set(everyone.flatMap { layers.servicesOf[$0] ?? [] }).filter { m in
                solution.chosen[m].map { candidates.options[m][$0.option].pinned } ?? false
            }.sorted()
            return "已接单的服务占用了合格人员的时间或时长：" + names.needs(blockers)
        case .time:
            let blockers = Set(everyone.flatMap { p in
                (layers.servicesOf[p] ?? []).filter { m in
                    guard let ch = solution.chosen[m] else { return false }
                    let o = candidates.options[m][ch.option]
                    return !o.pinned && c.options.contains { $0.day != nil && $0.day == o.day && o.start! < $0.end! && $0.start! < o.end! }
                }
            }).sorted()
            return "合格人员这段时间已安排给本方案的其他服务：" + names.needs(blockers)
        case .capacity:
            let full = everyone.filter { p in
                let person = input.people[p]
                let used = layers.pinned.minutes[p] + layers.others.minutes[p]
                let count = layers.pinned.count[p] + layers.others.count[p]
                return (person.maxMinutes.map { used + catalog.load(need: c.n, person: p) > $0 } ?? false)
                    || (person.maxAssignments.map { count + 1 > $0 } ?? false)
            }
            return "合格人员的时长或次数已用满：" + full.prefix(4).map { p in
                let person = input.people[p]
                let used = layers.pinned.minutes[p] + layers.others.minutes[p]
                return names.person(p) + (person.maxMinutes.map { " 已用 \(used)/\($0) 分钟" } ?? " 已接 \(layers.pinned.count[p] + layers.others.count[p]) 次")
            }.joined(separator: "、") + (full.count > 4 ? " 等 \(full.count) 人" : "")
        case .orders:
            let full = Set(everyone.compactMap(catalog.organization(of:))).filter { g in
                input.organizations[g].maxOrders.map { layers.orders[g] >= $0 } ?? false
            }.sorted()
            return "可接单的组织已达接单上限：" + full.map { g in
                "\(names.organization(input.organizations[g].id)) \(layers.orders[g])/\(input.organizations[g].maxOrders!) 单"
            }.joined(separator: "、")
        }
    }
}

/// People, needs, organizations and times as people read them in details: `王芳（sw-02）`,
/// `n-12 独居老人探访`, `11月24日 周二 09:00–12:00`.
struct Names {
    let input: PlanningInputRef
    init(input: PlanningInput) { self.input = PlanningInputRef(input) }

    func person(_ p: Int) -> String {
        let person = input.value.people[p]
        return person.name.map { "\($0)（\(person.id)）" } ?? person.id
    }
    func people(_ ps: [Int]) -> String {
        ps.isEmpty ? "无" : ps.prefix(4).map(person).joined(separator: "、") + (ps.count > 4 ? " 等 \(ps.count) 人" : "")
    }
    func need(_ n: Int) -> String {
        let need = input.value.needs[n]
        return need.title.map { "\(need.id) \($0)" } ?? need.id
    }
    func needs(_ ns: [Int]) -> String {
        ns.isEmpty ? "无" : ns.prefix(3).map(need).joined(separator: "、") + (ns.count > 3 ? " 等 \(ns.count) 项" : "")
    }
    func organization(_ id: String) -> String {
        input.value.organizations.first { $0.id == id }?.name ?? id
    }
    func day(_ d: Int) -> String {
        input.value.horizon.start.flatMap { CalendarDay.date(start: $0, day: d) }.map(CalendarDay.label) ?? "第\(d + 1)天"
    }
    func window(_ w: DayWindow) -> String { "\(day(w.day)) \(w.from)–\(w.to)" }
}

/// A reference to an input, so that ``Names`` copies no arrays.
final class PlanningInputRef: Sendable {
    let value: PlanningInput
    init(_ value: PlanningInput) { self.value = value }
}
