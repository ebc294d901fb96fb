/// One pass of the checker over a plan's assignments. Each rule is read from the contract, not
/// from the formulation; violations are collected with a sort key and ordered at the end.
struct CheckRun {
    let index: CheckerIndex
    let assignments: [Assignment]
    var input: PlanningInput { index.input }

    private struct Keyed {
        /// Assignment index; Int.max for violations that belong to no assignment.
        var assignment: Int
        var rank: Int
        /// Member index, pin index, need index … (within one assignment and rule).
        var sub: Int
        var seq: Int
        var violation: PlanViolation
    }
    private var found: [Keyed] = []

    /// Per person (input index): total minutes and assignments, and where each limit was first passed.
    private var minutes: [Int]
    private var count: [Int]
    private var minutesExceededAt: [(assignment: Int, member: Int)?]
    private var countExceededAt: [(assignment: Int, member: Int)?]
    /// Per person: scheduled occupations (day, from, to, assignment, member).
    private var busy: [[(day: Int, from: Int, to: Int, assignment: Int, member: Int)]]
    /// Orders per receiving organization id, and where each organization's limit was first passed.
    private var orders: [String: Int] = [:]
    private var ordersExceededAt: [String: Int] = [:]
    /// First assignment index of each need id (known or not).
    private var firstAssignment: [String: Int] = [:]
    /// Indices of the assignments counted in the objective (known need, first occurrence).
    private var counted: [Int] = []

    init(index: CheckerIndex, assignments: [Assignment]) {
        self.index = index
        self.assignments = assignments
        let n = index.input.people.count
        minutes = Array(repeating: 0, count: n)
        count = Array(repeating: 0, count: n)
        minutesExceededAt = Array(repeating: nil, count: n)
        countExceededAt = Array(repeating: nil, count: n)
        busy = Array(repeating: [], count: n)
    }

    private static let ranks: [PlanViolation.Rule: Int] =
        Dictionary(uniqueKeysWithValues: PlanViolation.Rule.allCases.enumerated().map { ($1, $0) })

    private mutating func add(_ rule: PlanViolation.Rule, assignment: Int = .max, sub: Int = 0,
                              need: String? = nil, person: String? = nil, path: String? = nil, _ message: String) {
        found.append(Keyed(assignment: assignment, rank: Self.ranks[rule] ?? 0, sub: sub, seq: found.count,
                           violation: PlanViolation(rule: rule, need: need, person: person, path: path, message: message)))
    }

    func sorted() -> [PlanViolation] {
        found.sorted { ($0.assignment, $0.rank, $0.sub, $0.seq) < ($1.assignment, $1.rank, $1.sub, $1.seq) }
            .map(\.violation)
    }

    private static func same(_ a: Double, _ b: Double) -> Bool {
        abs(a - b) <= 1e-6 * max(1, abs(b))
    }

    // MARK: - Per assignment

    mutating func checkAssignments() {
        for i in assignments.indices { checkAssignment(i) }
    }

    private mutating func checkAssignment(_ i: Int) {
        let a = assignments[i]
        let p = "/assignments/\(i)"
        let isFirst = firstAssignment[a.need] == nil
        if isFirst { firstAssignment[a.need] = i }

        // People exist, each listed once.
        var persons: [Int?] = []
        persons.reserveCapacity(a.people.count)
        var seen = Set<String>()
        var repeated = Set<Int>()
        for (k, m) in a.people.enumerated() {
            let pi = index.personIndex[m.person]
            persons.append(pi)
            if pi == nil {
                add(.unknownPerson, assignment: i, sub: k, need: a.need, person: m.person, path: "\(p)/people/\(k)",
                    "no person has id '\(m.person)'")
            }
            if !seen.insert(m.person).inserted {
                repeated.insert(k)
                add(.samePersonTwice, assignment: i, sub: k, need: a.need, person: m.person, path: "\(p)/people/\(k)",
                    "person '\(m.person)' is listed twice in this assignment")
            }
        }

        guard let ni = index.needIndex[a.need] else {
            add(.unknownNeed, assignment: i, need: a.need, path: "\(p)/need", "no need has id '\(a.need)'")
            return
        }
        let need = input.needs[ni]
        if !isFirst {
            add(.duplicateNeed, assignment: i, need: need.id, path: "\(p)/need",
                "need '\(need.id)' is already served by /assignments/\(firstAssignment[need.id]!)")
        } else {
            counted.append(i)
        }

        checkTeam(i, a, need, persons)
        let time = checkTime(i, a, need)
        checkMembers(i, a, need, persons, time: time)
        checkOrganizationAndCost(i, a, need)

        // Loads: every distinct known person of this assignment.
        for (k, pi) in persons.enumerated() {
            guard let pi, !repeated.contains(k) else { continue }
            let person = input.people[pi]
            minutes[pi] = saturatingAdd(minutes[pi], saturatingAdd(need.durationMinutes, index.extraMinutes(need: need, person: person)))
            count[pi] += 1
            if let max = person.maxMinutes, minutes[pi] > max, minutesExceededAt[pi] == nil { minutesExceededAt[pi] = (i, k) }
            if let max = person.maxAssignments, count[pi] > max, countExceededAt[pi] == nil { countExceededAt[pi] = (i, k) }
            if let time, time.to > time.from {
                busy[pi].append((time.day, time.from, time.to, i, k))
            }
        }
    }

    /// Team size per position, positions in range and in non-decreasing order.
    private mutating func checkTeam(_ i: Int, _ a: Assignment, _ need: Need, _ persons: [Int?]) {
        let p = "/assignments/\(i)"
        var filled = Array(repeating: 0, count: need.team.count)
        var highest = Int.min
        for (k, m) in a.people.enumerated() {
            guard need.team.indices.contains(m.position) else {
                add(.position, assignment: i, sub: k, need: need.id, person: m.person, path: "\(p)/people/\(k)/position",
                    "position \(m.position) does not exist: need '\(need.id)' has \(need.team.count) position\(need.team.count == 1 ? "" : "s")")
                continue
            }
            filled[m.position] += 1
            if m.position < highest {
                add(.position, assignment: i, sub: k, need: need.id, person: m.person, path: "\(p)/people/\(k)/position",
                    "members are not listed in position order: position \(m.position) comes after position \(highest)")
            }
            highest = max(highest, m.position)
        }
        let wrong = need.team.indices.filter { filled[$0] != need.team[$0].count }
        if !wrong.isEmpty {
            let detail = wrong.map { "position \($0) needs \(need.team[$0].count), has \(filled[$0])" }.joined(separator: "; ")
            add(.teamSize, assignment: i, need: need.id, path: "\(p)/people", "team of need '\(need.id)' is not filled exactly: \(detail)")
        }
    }

    /// Qualification, exclusions, declines, community restriction and availability per member.
    private mutating func checkMembers(_ i: Int, _ a: Assignment, _ need: Need, _ persons: [Int?],
                                       time: (day: Int, from: Int, to: Int)?) {
        let p = "/assignments/\(i)"
        let excluded = Set(need.excluded)
        for (k, m) in a.people.enumerated() {
            guard let pi = persons[k] else { continue }
            let person = input.people[pi]
            let mp = "\(p)/people/\(k)"
            func fail(_ rule: PlanViolation.Rule, _ message: String) {
                add(rule, assignment: i, sub: k, need: need.id, person: person.id, path: mp, message)
            }
            if m.role != person.role {
                fail(.memberRole, "member role '\(m.role.rawValue)' is not the person's own role '\(person.role.rawValue)'")
            }
            if need.team.indices.contains(m.position) {
                let position = need.team[m.position]
                if !position.role.admits(person.role) {
                    fail(.role, "'\(person.id)' is a \(person.role.rawValue); position \(m.position) takes \(position.role.rawValue)")
                }
                let missing = position.skills.filter { !index.skills[pi].contains($0) }
                if !missing.isEmpty {
                    fail(.skills, "'\(person.id)' lacks skill\(missing.count == 1 ? "" : "s") \(missing.map { "'\($0)'" }.joined(separator: ", ")) of position \(m.position)")
                }
                if let minLevel = position.minLevel, !(person.level.map { $0 >= minLevel } ?? false) {
                    fail(.level, "'\(person.id)' has level \(person.level?.rawValue ?? "none"); position \(m.position) needs at least \(minLevel.rawValue)")
                }
            }
            if need.risky && !person.insured {
                fail(.insurance, "need '\(need.id)' is risky and '\(person.id)' is not insured")
            }
            if excluded.contains(person.id) {
                fail(.excluded, "'\(person.id)' is excluded from need '\(need.id)'")
            }
            if index.declinedPeople.contains(CheckerKey(need: need.id, other: person.id)) {
                fail(.declined, "'\(person.id)' declined need '\(need.id)'")
            } else if let org = person.organization, index.declinedOrganizations.contains(CheckerKey(need: need.id, other: org)) {
                fail(.declined, "organization '\(org)' of '\(person.id)' declined need '\(need.id)'")
            }
            if let org = person.organization, let allowed = index.organization(org)?.communities,
               !(need.community.map { allowed.contains($0) } ?? false) {
                fail(.communityNotServed, "organization '\(org)' of '\(person.id)' serves only \(allowed.map { "'\($0)'" }.joined(separator: ", ")), not \(need.community.map { "'\($0)'" } ?? "a need without community")")
            }
            if need.isScheduled {
                if let time, !index.isAvailable(pi, day: time.day, from: time.from, to: time.to) {
                    fail(.availability, "'\(person.id)' is not available on day \(time.day) \(TimeOfDay(minutes: time.from))–\(TimeOfDay(minutes: time.to))")
                }
            } else if let av = person.availability, av.isEmpty {
                fail(.availability, "'\(person.id)' is not available at all (availability [])")
            }
        }
    }

    /// Day/start/end of the assignment against the need's scheduling; returns the occupied
    /// interval [start, start + durationMinutes) of a scheduled need that has a day and start.
    private mutating func checkTime(_ i: Int, _ a: Assignment, _ need: Need) -> (day: Int, from: Int, to: Int)? {
        let p = "/assignments/\(i)"
        guard let windows = need.windows else {
            let given = [("day", a.day != nil), ("start", a.start != nil), ("end", a.end != nil)].filter(\.1).map(\.0)
            if !given.isEmpty {
                add(.unscheduledTime, assignment: i, need: need.id, path: "\(p)/\(given[0])",
                    "need '\(need.id)' is unscheduled (no windows): the assignment must not give \(given.joined(separator: ", "))")
            }
            return nil
        }
        guard let day = a.day, let start = a.start else {
            add(.missingTime, assignment: i, need: need.id, path: "\(p)/\(a.day == nil ? "day" : "start")",
                "need '\(need.id)' is scheduled: the assignment must give day and start")
            return nil
        }
        let from = start.minutes, to = saturatingAdd(start.minutes, need.durationMinutes)
        let slot = input.horizon.slotMinutes
        if slot > 0, from % slot != 0 {
            add(.slot, assignment: i, need: need.id, path: "\(p)/start", "start \(start) is not on a \(slot)-minute slot boundary")
        }
        if a.end?.minutes != to {
            add(.duration, assignment: i, need: need.id, path: "\(p)/end",
                "end is \(a.end?.description ?? "missing"); start \(start) + \(need.durationMinutes) minutes is \(TimeOfDay(minutes: to))")
        }
        if !windows.contains(where: { $0.day == day && $0.from.minutes <= from && to <= $0.to.minutes }) {
            add(.window, assignment: i, need: need.id, path: "\(p)/start",
                "day \(day) \(start)–\(TimeOfDay(minutes: to)) is not inside a window of need '\(need.id)'")
        }
        return (day, from, to)
    }

    /// The `organization` member against the lead rule, and `cost` against the pair costs;
    /// counts the order for `maxOrders`.
    private mutating func checkOrganizationAndCost(_ i: Int, _ a: Assignment, _ need: Need) {
        let p = "/assignments/\(i)"
        if let (lead, org) = index.leadOrganization(a.people) {
            if a.organization != org {
                add(.organization, assignment: i, need: need.id, person: lead.id, path: "\(p)/organization",
                    "organization is \(a.organization.map { "'\($0)'" } ?? "absent"); the lead '\(lead.id)' belongs to \(org.map { "'\($0)'" } ?? "no organization")")
            }
            if let org {
                let n = (orders[org] ?? 0) + 1
                orders[org] = n
                if let max = index.organization(org)?.maxOrders, n > max, ordersExceededAt[org] == nil {
                    ordersExceededAt[org] = i
                }
            }
        }
        let cost = pairCost(a, need)
        if !Self.same(a.cost, cost) {
            add(.cost, assignment: i, need: need.id, path: "\(p)/cost", "cost is \(a.cost); the members' pair costs sum to \(cost)")
        }
    }

    private func pairCost(_ a: Assignment, _ need: Need) -> Double {
        a.people.reduce(0.0) { $0 + (index.pair(need: need.id, person: $1.person)?.cost ?? 0) }
    }

    // MARK: - Across assignments

    /// Overlaps, minute budgets and assignment limits per person.
    mutating func checkPeople() {
        for pi in input.people.indices {
            let person = input.people[pi]
            func at(_ i: Int, _ k: Int) -> String { "/assignments/\(i)/people/\(k)" }
            if !busy[pi].isEmpty {
                let list = busy[pi].sorted { ($0.day, $0.from, $0.assignment) < ($1.day, $1.from, $1.assignment) }
                var reach: (day: Int, to: Int, assignment: Int)?
                for b in list {
                    if let r = reach, r.day == b.day, b.from < r.to {
                        add(.overlap, assignment: b.assignment, sub: b.member, need: assignments[b.assignment].need, person: person.id,
                            path: at(b.assignment, b.member),
                            "'\(person.id)' also serves /assignments/\(r.assignment) (need '\(assignments[r.assignment].need)') at an overlapping time on day \(b.day)")
                    }
                    if let r = reach, r.day == b.day, r.to >= b.to { continue }
                    reach = (b.day, b.to, b.assignment)
                }
            }
            if let (i, k) = minutesExceededAt[pi] {
                add(.maxMinutes, assignment: i, sub: k, need: assignments[i].need, person: person.id, path: at(i, k),
                    "'\(person.id)' works \(minutes[pi]) minutes (service and extra); maxMinutes is \(person.maxMinutes ?? 0)")
            }
            if let (i, k) = countExceededAt[pi] {
                add(.maxAssignments, assignment: i, sub: k, need: assignments[i].need, person: person.id, path: at(i, k),
                    "'\(person.id)' has \(count[pi]) assignments; maxAssignments is \(person.maxAssignments ?? 0)")
            }
        }
    }

    /// `maxOrders` per organization, reported at the first assignment over the limit.
    mutating func checkOrders() {
        for org in ordersExceededAt.keys.sorted() {
            let i = ordersExceededAt[org]!
            add(.maxOrders, assignment: i, need: assignments[i].need, path: "/assignments/\(i)/organization",
                "organization '\(org)' receives \(orders[org] ?? 0) orders; maxOrders is \(index.organization(org)?.maxOrders ?? 0)")
        }
    }

    /// Every input pin appears exactly: same need, same people in the same order, same day and start
    /// — but for the pins of `released` needs (orders withdrawn in a round of the week).
    mutating func checkPinned(released: Set<String> = []) {
        for (j, pin) in input.pinned.enumerated() where !released.contains(pin.need) {
            guard let i = firstAssignment[pin.need] else {
                add(.pinned, sub: j, need: pin.need, "pinned need '\(pin.need)' (/pinned/\(j)) is not in the plan")
                continue
            }
            let a = assignments[i]
            var differences: [String] = []
            let people = a.people.map(\.person)
            if people != pin.people {
                differences.append("people are [\(people.joined(separator: ", "))], pinned [\(pin.people.joined(separator: ", "))]")
            }
            if a.day != pin.day { differences.append("day is \(a.day.map(String.init) ?? "absent"), pinned \(pin.day.map(String.init) ?? "absent")") }
            if a.start != pin.start { differences.append("start is \(a.start?.description ?? "absent"), pinned \(pin.start?.description ?? "absent")") }
            if !differences.isEmpty {
                add(.pinned, assignment: i, need: pin.need, path: "/assignments/\(i)",
                    "the pinned assignment /pinned/\(j) is not kept exactly: " + differences.joined(separator: "; "))
            }
        }
    }

    /// Every order accepted in a round of the week and not withdrawn since is served, by the
    /// organization that accepted it.
    mutating func checkAccepted(_ accepted: [(need: String, organization: String?, round: Int)]) {
        for (k, order) in accepted.enumerated() {
            guard let i = firstAssignment[order.need] else {
                add(.pinned, sub: input.pinned.count + k, need: order.need,
                    "the order for need '\(order.need)' accepted in round \(order.round) is not in the plan")
                continue
            }
            if assignments[i].organization != order.organization {
                add(.pinned, assignment: i, need: order.need, path: "/assignments/\(i)",
                    "the order for need '\(order.need)' accepted in round \(order.round) by \(order.organization.map { "'\($0)'" } ?? "no organization") goes to \(assignments[i].organization.map { "'\($0)'" } ?? "no organization")")
            }
        }
    }

    /// Every `required` need is served.
    mutating func checkRequired() {
        for (j, need) in input.needs.enumerated() where need.required && firstAssignment[need.id] == nil {
            if index.needIndex[need.id] != j { continue }  // a duplicate id: judged once
            add(.required, sub: j, need: need.id, "required need '\(need.id)' is not served")
        }
    }

    /// Objective parts from the input's weights (contract, precise rules 1 and 2).
    func objectiveParts() -> ObjectiveParts {
        // Who served each resident before, once (not per assignment: a store can hold many).
        var pastServers: [String: Set<String>] = [:]
        for past in input.pastServices { pastServers[past.resident, default: []].insert(past.person) }
        let w = input.weights
        var value = 0.0, cost = 0.0
        for i in counted {
            let a = assignments[i]
            guard let need = index.need(a.need) else { continue }
            value += w.weight(of: need.urgency)
            for g in need.groups { value += w.groups[g] ?? 0 }
            let preferred = Set(need.preferred)
            let servedBefore = need.resident.flatMap { pastServers[$0] } ?? []
            var members = Set<String>()
            for m in a.people where members.insert(m.person).inserted {
                if preferred.contains(m.person) { value += w.preferred }
                if servedBefore.contains(m.person) { value += w.continuity }
                if need.partyMembers && index.person(m.person)?.partyMember == true { value += w.partyMember }
            }
            cost += pairCost(a, need)
        }
        let heaviest = minutes.max() ?? 0
        // Fairness over weeks: this week's minutes priced by each person's share of history.
        let most = Double(input.people.map { $0.servedMinutesToDate ?? 0 }.max() ?? 0)
        var history = 0.0
        if w.history > 0 && most > 0 {
            for (pi, person) in input.people.enumerated() where minutes[pi] > 0 {
                history += w.history / 60 * Double(person.servedMinutesToDate ?? 0) / most * Double(minutes[pi])
            }
        }
        let fairness = assignments.isEmpty ? 0 : w.fairness * Double(heaviest) / 60 + history
        return ObjectiveParts(value: value, cost: w.cost * cost, fairness: fairness)
    }

    /// The reported objective parts against the recomputed ones.
    mutating func checkObjective(_ reported: ObjectiveParts) {
        let actual = objectiveParts()
        for (j, name, r, x) in [(0, "value", reported.value, actual.value), (1, "cost", reported.cost, actual.cost),
                                (2, "fairness", reported.fairness, actual.fairness)] where !Self.same(r, x) {
            add(.report, sub: j, path: "/solver/objectiveParts/\(name)", "reported \(name) is \(r); recomputed from the plan it is \(x)")
        }
    }
}
