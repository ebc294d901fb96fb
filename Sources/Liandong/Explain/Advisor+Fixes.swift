import Foundation

extension Advisor {
    // MARK: - The nearest fix

    /// The smallest changes to the week that would let `need` be served, each verified by
    /// re-planning the week with it (the heuristic, starting from the plan in hand, within
    /// `seconds` in all), with what it would cost elsewhere (needs served now and not after).
    /// Candidates come from the rules that block the need: insure a person, a larger budget, a
    /// person free at a start, one more order for an organization, a decline taken back, one
    /// more person for a position, a window on another day. Ranked: serving first, then size,
    /// then fewest needs lost.
    public static func nearestFixes(_ decoded: DecodedInput, plan: PlanDocument, need id: String,
                                    seconds: Double = 1.5, limit: Int = 5) throws(InvalidInput) -> [Fix] {
        try plan.requireValid(for: decoded.input)
        let catalog = Catalog(decoded.input)
        let n = try need(id, in: catalog)
        return fixes(decoded, plan: plan, need: n, candidates: Candidates(catalog), seconds: seconds, limit: limit)
    }

    /// ``nearestFixes(_:plan:need:seconds:limit:)`` for a plan already checked, over the
    /// candidates already listed (``explain(_:plan:need:fixSeconds:)`` and ``week(_:plan:seconds:)``
    /// list them once).
    static func fixes(_ decoded: DecodedInput, plan: PlanDocument, need n: Int, candidates: Candidates,
                      seconds: Double, limit: Int) -> [Fix] {
        let id = decoded.input.needs[n].id
        guard !plan.assignments.contains(where: { $0.need == id }) else { return [] }
        let hand = PlanInHand(candidates, plan.assignments, leavingOut: n)
        let changes = candidateChanges(n, candidates: candidates, hand: hand).prefix(limit + 3)
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        let served = Set(plan.assignments.map(\.need))
        var out: [Fix] = []
        for (i, change) in changes.enumerated() {
            let left = deadline - ContinuousClock.now
            guard left > .milliseconds(20) else { break }
            var input = decoded.input
            change.apply(&input)
            guard let edited = try? input.validated() else { continue }
            let share = Double(left.components.seconds) + Double(left.components.attoseconds) / 1e18
            let settings = SolverSettings(backend: .heuristic, timeLimitSeconds: max(0.05, share / Double(changes.count - i)), seed: 1)
            guard let replanned = try? Engine.plan(edited, settings: settings, previous: plan.assignments) else { continue }
            let now = Set(replanned.assignments.map(\.need))
            out.append(Fix(change: change, serves: now.contains(id), lost: served.subtracting(now).sorted(),
                           gained: now.subtracting(served).subtracting([id]).sorted(), assignments: replanned.assignments))
        }
        out.sort { a, b in
            (a.serves ? 0 : 1, a.change.size, a.lost.count, a.change.order) < (b.serves ? 0 : 1, b.change.size, b.lost.count, b.change.order)
        }
        return Array(out.prefix(limit))
    }

    /// Changes that could unblock need `n`, the likeliest first.
    static func candidateChanges(_ n: Int, candidates: Candidates, hand: PlanInHand) -> [WeekChange] {
        let catalog = candidates.catalog
        let input = catalog.input
        let need = input.needs[n]
        let explainer = Explainer(candidates: candidates, solution: Solution(), proven: true)
        let c = explainer.needCase(n)
        var out: [WeekChange] = []
        func add(_ change: WeekChange) { if !out.contains(change) { out.append(change) } }
        for k in c.people.indices {
            for (i, p) in c.people[k].enumerated() {
                let s = c.shortfalls[k][i]
                let id = input.people[p].id
                if s.contains(.insurance) && s.subtracting(.insurance).isDisjoint(with: [.declined, .excluded, .budget, .neverAvailable]) {
                    add(.insure(person: id))
                }
                if s.contains(.budget), let max = input.people[p].maxMinutes {
                    add(.raiseBudget(person: id, minutes: catalog.load(need: n, person: p) - max))
                }
                if s.contains(.declined) { add(.takeBackDecline(need: need.id, person: id)) }
                // A larger budget helps someone otherwise able to serve: free at some start, allowed.
                if let max = input.people[p].maxMinutes, !s.contains(.budget), s.isDisjoint(with: [.declined, .excluded, .insurance, .neverAvailable]) {
                    let over = hand.usage.minutes[p] + catalog.load(need: n, person: p) - max
                    let free = c.options.contains { o in
                        (o.day.map { catalog.isAvailable(p, day: $0, from: o.start!, to: o.end!) } ?? true) && !hand.usage.overlaps(p, o)
                    }
                    if over > 0 && free { add(.raiseBudget(person: id, minutes: over)) }
                }
            }
        }
        for d in input.declined where d.need == need.id {
            if let org = d.organization { add(.takeBackOrganizationDecline(need: need.id, organization: org)) }
        }
        // Organizations at their cap that a qualified person could lead for.
        for p in Set(c.people.joined()).sorted() {
            if let g = catalog.organization(of: p), let max = input.organizations[g].maxOrders, hand.usage.orders[g] >= max {
                add(.raiseMaxOrders(organization: input.organizations[g].id, to: max + 1))
            }
        }
        // A qualified person free at a start (their availability widened), not busy in the plan then.
        if need.isScheduled {
            for option in c.options.prefix(48) {
                for k in c.people.indices {
                    for (i, p) in c.people[k].enumerated() where !catalog.isAvailable(p, day: option.day!, from: option.start!, to: option.end!)
                        && !hand.usage.overlaps(p, option) && catalog.isEverAvailable(p)
                        && c.shortfalls[k][i].isDisjoint(with: [.declined, .excluded, .insurance, .budget])
                        && hand.usage.canTake(p, need: n, option: option, relaxing: .time) {
                        add(.freeAt(person: input.people[p].id, day: option.day!, from: option.start!, to: option.end!))
                        if out.count > 24 { break }
                    }
                }
            }
        }
        // One more person for each position; a window on another day.
        for (k, position) in need.team.enumerated() { add(.addPerson(need: need.id, position: k, role: position.role, skills: position.skills, level: position.minLevel)) }
        if let windows = need.windows, let first = windows.first {
            let days = Set(windows.map(\.day))
            for d in 0..<input.horizon.days where !days.contains(d) {
                add(.addWindow(need: need.id, day: d, from: first.from.minutes, to: first.to.minutes))
                if out.filter({ if case .addWindow = $0 { true } else { false } }).count >= 2 { break }
            }
        }
        // Round-robin over the kinds (one of each, in the kinds' order, then a second of each …),
        // so that a few candidates try every way out.
        var byKind: [Int: [WeekChange]] = [:]
        for change in out { byKind[change.order, default: []].append(change) }
        var mixed: [WeekChange] = []
        for round in 0..<(byKind.values.map(\.count).max() ?? 0) {
            for kind in byKind.keys.sorted() where round < byKind[kind]!.count { mixed.append(byKind[kind]![round]) }
        }
        return mixed
    }
}

/// One change to the week that a coordinator could make (or ask for).
public enum WeekChange: Sendable, Hashable {
    case insure(person: String)
    case raiseBudget(person: String, minutes: Int)
    case freeAt(person: String, day: Int, from: Int, to: Int)
    case raiseMaxOrders(organization: String, to: Int)
    case takeBackDecline(need: String, person: String)
    case takeBackOrganizationDecline(need: String, organization: String)
    case addPerson(need: String, position: Int, role: PositionRole, skills: [String], level: Level?)
    case addWindow(need: String, day: Int, from: Int, to: Int)

    /// How big a change it is: one person's or organization's setting is 1; a new person or a new
    /// window is 2.
    public var size: Int {
        switch self {
        case .addPerson, .addWindow: 2
        default: 1
        }
    }
    var order: Int {
        switch self {
        case .insure: 0
        case .raiseBudget: 1
        case .raiseMaxOrders: 2
        case .freeAt: 3
        case .takeBackDecline, .takeBackOrganizationDecline: 4
        case .addPerson: 5
        case .addWindow: 6
        }
    }

    func apply(_ input: inout PlanningInput) {
        func person(_ id: String, _ edit: (inout Person) -> Void) {
            if let i = input.people.firstIndex(where: { $0.id == id }) { edit(&input.people[i]) }
        }
        switch self {
        case .insure(let p): person(p) { $0.insured = true }
        case .raiseBudget(let p, let m): person(p) { $0.maxMinutes = ($0.maxMinutes ?? 0) + m }
        case .freeAt(let p, let d, let f, let t):
            person(p) { $0.availability = ($0.availability ?? []) + [DayWindow(day: d, from: TimeOfDay(minutes: f), to: TimeOfDay(minutes: t))] }
        case .raiseMaxOrders(let g, let to):
            if let i = input.organizations.firstIndex(where: { $0.id == g }) { input.organizations[i].maxOrders = to }
        case .takeBackDecline(let n, let p): input.declined.removeAll { $0.need == n && $0.person == p }
        case .takeBackOrganizationDecline(let n, let g): input.declined.removeAll { $0.need == n && $0.organization == g }
        case .addPerson(let n, _, let role, let skills, let level):
            guard let need = input.needs.first(where: { $0.id == n }) else { return }
            let id = "new-" + n
            let r: Role = role == .socialWorker || level != nil ? .socialWorker : .volunteer
            input.people.append(Person(id: id, name: "新增人员", role: r, level: level ?? (r == .socialWorker ? .assistant : nil),
                                       skills: skills, availability: need.windows, home: need.community, insured: true))
        case .addWindow(let n, let d, let f, let t):
            if let i = input.needs.firstIndex(where: { $0.id == n }) {
                input.needs[i].windows = (input.needs[i].windows ?? []) + [DayWindow(day: d, from: TimeOfDay(minutes: f), to: TimeOfDay(minutes: t))]
            }
        }
    }

    /// The change in words (Chinese), with the names of the input.
    public func describe(_ input: PlanningInput) -> String {
        func person(_ id: String) -> String {
            guard let p = input.people.first(where: { $0.id == id }) else { return id }
            return "\(Vocabulary.label(p.role)) " + (p.name.map { "\($0)（\(id)）" } ?? id)
        }
        func day(_ d: Int) -> String { input.horizon.start.flatMap { CalendarDay.date(start: $0, day: d) }.map(CalendarDay.label) ?? "第\(d + 1)天" }
        func time(_ m: Int) -> String { TimeOfDay(minutes: m).description }
        func org(_ id: String) -> String { input.organizations.first { $0.id == id }?.name ?? id }
        switch self {
        case .insure(let p): return "为\(person(p))办理保险"
        case .raiseBudget(let p, let m): return "\(person(p))的每周时长预算增加 \(m) 分钟"
        case .freeAt(let p, let d, let f, let t): return "\(person(p))在 \(day(d)) \(time(f))–\(time(t)) 有空"
        case .raiseMaxOrders(let g, let to): return "\(org(g))多接 1 单（接单上限改为 \(to)）"
        case .takeBackDecline(_, let p): return "请\(person(p))撤回拒单"
        case .takeBackOrganizationDecline(_, let g): return "请\(org(g))撤回拒单"
        case .addPerson(_, let k, let role, let skills, let level):
            var text = "增加 1 名\(Vocabulary.label(role))（岗位 \(k + 1)"
            if !skills.isEmpty { text += "，技能：" + skills.map(Vocabulary.label(skill:)).joined(separator: "、") }
            if let level { text += "，等级不低于 " + Vocabulary.label(level) }
            return text + "），服务时间有空"
        case .addWindow(_, let d, let f, let t): return "增加服务时间 \(day(d)) \(time(f))–\(time(t))"
        }
    }
}

/// A change verified by re-planning: whether the need is then served, and what it costs.
public struct Fix: Sendable {
    public var change: WeekChange
    public var serves: Bool
    /// Needs served in the plan in hand but not after the change.
    public var lost: [String]
    /// Other needs served after the change but not before.
    public var gained: [String]
    /// The re-planned week's assignments that gave this verdict (the change applied, the plan in
    /// hand as the start). Another re-plan of the changed week — another time limit, seed or
    /// backend — is another search and may serve other needs.
    public var assignments: [Assignment]
}
