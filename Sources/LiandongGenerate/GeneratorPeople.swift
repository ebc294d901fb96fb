import Liandong
extension GeneratorBuilder {
    struct StreetPlan {
        var professionals = 0
        var agencyWorkers = 0
        var communityWorkers = 0
        var communityVolunteers = 0
        var health = 0
        /// (organization index, members).
        var teams: [(org: Int, size: Int)] = []
    }

    /// Splits a street's people into kinds (12–15 % social workers) and makes its volunteer
    /// teams, about nine members each.
    mutating func planStreet(_ s: Int, people total: Int) -> StreetPlan {
        let street = streets[s]
        let multiStreet = scale.streetCount > 1
        var plan = StreetPlan()
        let socialWorkers = Int((Double(total) * rng.uniform(0.125, 0.15)).rounded())
        plan.agencyWorkers = multiStreet ? Int((Double(socialWorkers) * 0.15).rounded()) : 0
        plan.communityWorkers = Int((Double(socialWorkers) * 0.3).rounded())
        plan.professionals = socialWorkers - plan.agencyWorkers - plan.communityWorkers
        let volunteers = total - socialWorkers
        plan.communityVolunteers = Int((Double(volunteers) * 0.07).rounded())
        plan.health = Int((Double(volunteers) * 0.08).rounded())
        let members = volunteers - plan.communityVolunteers - plan.health
        let teamCount = max(1, min(members / 3, Int((Double(members) / 9).rounded())))

        var themes = rng.shuffled([Vocabulary.Theme.silver, .escort, .youth, .redVest, .legal])
        themes = Array(themes.prefix(teamCount))
        let weights = Vocabulary.Theme.allCases.map(\.teamWeight)
        while themes.count < teamCount { themes.append(Vocabulary.Theme.allCases[rng.weighted(weights)]) }
        let sizes = apportion(members, weights: themes.map { $0.sizeWeight * rng.uniform(0.7, 1.3) })
        for (t, theme) in themes.enumerated() where sizes[t] > 0 {
            let base = street.communities[rng.int(street.communities.count)]
            let name: String = switch theme {
            case .silver: shortName(base) + "“银龄先锋”志愿服务队"
            case .escort: shortName(base) + "“光明直通车”志愿服务队"
            case .youth: shortName(base) + "青鸟“助”巢志愿服务队"
            case .redVest: shortName(base) + "红马甲志愿服务队"
            case .legal: "“法润" + String(street.name.prefix(2)) + "”法律服务志愿队"
            case .health: shortName(base) + "健康服务队"
            }
            // Most teams serve their own and the nearest communities, many the whole street,
            // a few further: anywhere in a one-street week, else also the next street.
            let r = rng.unit()
            var served: [Int]?
            if r < 0.55 {
                served = Array(nearest(to: base, among: street.communities).prefix(1 + rng.int(in: 1...3)))
            } else if r < 0.85 || theme == .legal && multiStreet && r < 0.9 {
                served = street.communities
            } else if multiStreet, let next = neighbourStreet(of: s) {
                served = street.communities + streets[next].communities
            } else {
                served = nil
            }
            plan.teams.append((orgs.count, sizes[t]))
            orgs.append(Org(id: street.id + "-team" + zeroPadded(t + 1, 2), name: name, kind: "volunteerTeam", street: s,
                            communities: served, theme: theme, base: base))
        }
        return plan
    }

    // MARK: - People

    mutating func makePeople() {
        for (s, street) in streets.enumerated() {
            let plan = plans[s]
            let station = org(street: s, "station")!
            let health = org(street: s, "health")!
            let union = org(street: s, "union")
            let firstProfessional = people.count
            for _ in 0..<plan.professionals { addPerson(.professional, street: s, org: station, home: randomCommunity(of: s)) }
            ensureServiceLines(Array(firstProfessional..<people.count))
            ensureWeekendRota(Array(firstProfessional..<people.count))
            if plan.agencyWorkers > 0, let agency = agency(serving: s) {
                for _ in 0..<plan.agencyWorkers { addPerson(.professional, street: s, org: agency, home: randomCommunity(of: s)) }
            }
            // Community workers live and work in their own community, round the street.
            let order = rng.shuffled(street.communities)
            for i in 0..<plan.communityWorkers { addPerson(.communityWorker, street: s, org: union, home: order[i % order.count]) }
            for i in 0..<plan.communityVolunteers {
                addPerson(.communityVolunteer, street: s, org: union, home: order[(i + plan.communityWorkers) % order.count])
            }
            for _ in 0..<plan.health { addPerson(.member(.health), street: s, org: health, home: randomCommunity(of: s)) }
            for team in plan.teams {
                let o = orgs[team.org]
                let local = (o.communities ?? street.communities).filter { communityStreet[$0] == s }
                for _ in 0..<team.size {
                    let home = rng.chance(0.7) ? o.base : local[rng.int(local.count)]
                    addPerson(.member(o.theme!), street: s, org: team.org, home: home)
                }
            }
        }
        // Who may serve where: an organization's `communities` (all of them means anywhere).
        let all = communities.count
        for o in orgs.indices where orgs[o].communities?.count == all { orgs[o].communities = nil }
        personSkills = people.map { Vocabulary.mask($0.skills) }
        personRole = people.map(\.role)
        personLevel = people.map { $0.level?.rank ?? -1 }
        personInsured = people.map(\.insured)
        freeSlots = Array(repeating: 0, count: people.count * 7)
        for (p, person) in people.enumerated() {
            guard let windows = person.availability else {
                for day in 0..<7 { freeSlots[p * 7 + day] = Self.slots(from: 0, to: 1440) }
                continue
            }
            for w in windows { freeSlots[p * 7 + w.day] |= Self.slots(from: w.from.minutes, to: w.to.minutes) }
        }
        personAllowed = personOrg.map { o in o.flatMap { orgs[$0].communities }.map(Set.init) }
        servers = Array(repeating: [], count: communities.count)
        for p in people.indices {
            if let o = personOrg[p], let served = orgs[o].communities {
                for c in served { servers[c].append(p) }
            } else {
                for c in communities.indices { servers[c].append(p) }
            }
        }
    }

    /// The 30-minute slots of [from, to) as bits (all availability and need times here are on
    /// half hours).
    static func slots(from: Int, to: Int) -> UInt64 {
        let a = from / 30, b = to / 30
        guard b > a else { return 0 }
        let width = UInt64(b - a)
        return (width >= 64 ? ~0 : (UInt64(1) << width) - 1) << UInt64(a)
    }

    func shortName(_ c: Int) -> String { String(communities[c].name!.prefix(2)) }

    mutating func randomCommunity(of s: Int) -> Int {
        streets[s].communities[rng.int(streets[s].communities.count)]
    }

    /// Every station covers its service lines: each of ``Vocabulary/serviceLines`` held by one
    /// of its social workers at least, and crisis intervention by an intermediate or senior one.
    mutating func ensureServiceLines(_ staff: [Int]) {
        guard !staff.isEmpty else { return }
        for skill in Vocabulary.serviceLines where !staff.contains(where: { people[$0].skills.contains(skill) }) {
            people[staff[rng.int(staff.count)]].skills.append(skill)
        }
        if !staff.contains(where: { people[$0].level! >= .intermediate && people[$0].skills.contains("crisisIntervention") }) {
            let p = staff.first { people[$0].level! >= .intermediate } ?? staff[rng.int(staff.count)]
            if people[p].level! < .intermediate { people[p].level = .intermediate }
            for skill in ["counselling", "crisisIntervention"] where !people[p].skills.contains(skill) { people[p].skills.append(skill) }
        }
    }

    func onDuty(_ p: Int, day: Int) -> Bool { people[p].availability!.contains { $0.day == day } }

    /// Every station keeps a weekend rota: someone who works with children on duty on Saturday
    /// morning and on Sunday afternoon.
    mutating func ensureWeekendRota(_ staff: [Int]) {
        guard !staff.isEmpty else { return }
        for (day, from, to) in [(5, Self.hm(9), Self.hm(12)), (6, Self.hm(14), Self.hm(17, 30))] {
            if staff.contains(where: { onDuty($0, day: day) && people[$0].skills.contains("childCare") }) { continue }
            let p = staff.first { people[$0].skills.contains("childCare") } ?? staff[rng.int(staff.count)]
            if !people[p].skills.contains("childCare") { people[p].skills.append("childCare") }
            if !onDuty(p, day: day) { people[p].availability = Self.sorted(people[p].availability! + windows([day], from, to)) }
        }
    }

    mutating func addPerson(_ kind: Kind, street s: Int, org o: Int?, home: Int) {
        let p = people.count
        let role: Role = (kind == .professional || kind == .communityWorker) ? .socialWorker : .volunteer
        var person = Person(id: "p" + zeroPadded(p + 1, 5), name: personName(), role: role,
                            organization: o.map { orgs[$0].id }, home: communities[home].id)
        switch kind {
        case .professional:
            person.level = [Level.assistant, .intermediate, .senior][rng.weighted([0.55, 0.35, 0.10])]
            person.skills = drawSkills(Vocabulary.professionalSkills, count: 3...5, level: person.level)
            person.availability = officeHours(childCare: person.skills.contains("childCare"))
            person.insured = rng.chance(0.97)
            person.partyMember = rng.chance(0.5)
        case .communityWorker:
            person.level = rng.chance(0.8) ? .assistant : .intermediate
            person.skills = drawSkills(Vocabulary.communityWorkerSkills, count: 2...4, level: person.level)
            person.availability = halfDays(count: rng.int(in: 2...5))
            person.insured = rng.chance(0.9)
            person.partyMember = rng.chance(0.55)
        case .communityVolunteer:
            person.skills = drawSkills(Vocabulary.communityVolunteerSkills, count: 1...3, level: nil)
            person.availability = communityHours()
            person.insured = rng.chance(0.85)
            person.partyMember = rng.chance(0.5)
        case .member(let theme):
            person.skills = drawSkills(theme.skills, count: 1...4, level: nil)
            if rng.chance(0.004) { person.skills.append("signLanguage") }
            person.availability = rng.chance(0.03) ? nil : volunteerHours(theme)
            person.insured = rng.chance(theme.insuredShare)
            person.partyMember = rng.chance(theme.partyShare)
        }
        let stars = role == .socialWorker ? rng.weighted([0.05, 0.3, 0.45, 0.2]) : rng.weighted([0.15, 0.4, 0.3, 0.15])
        person.stars = Double(stars + 2)
        if role == .socialWorker {
            person.servedMinutesToDate = rng.int(in: 60...660) * 30
        } else {
            let base = [300.0, 900, 2400, 5000][stars]
            person.servedMinutesToDate = Int((base * rng.uniform(0.5, 1.6) / 10).rounded()) * 10
        }
        people.append(person)
        personKind.append(kind)
        personStreet.append(s)
        personOrg.append(o)
        personHome.append(home)
        if let o { orgs[o].members.append(p) }
    }

    mutating func personName() -> String {
        var name = String(rng.pick(Vocabulary.surnames)) + String(rng.pick(Vocabulary.givenChars))
        if rng.chance(0.7) { name += String(rng.pick(Vocabulary.givenChars)) }
        return name
    }

    /// Skills drawn one by one with their chances, kept in vocabulary order; crisis
    /// intervention mostly for intermediate and senior social workers.
    mutating func drawSkills(_ pool: [(String, Double)], count: ClosedRange<Int>, level: Level?) -> [String] {
        var chosen = pool.map { rng.chance($0.1) }
        var n = chosen.filter { $0 }.count
        while n < count.lowerBound {
            // Add missing skills, likelier ones more often.
            let missing = pool.indices.filter { !chosen[$0] }
            guard !missing.isEmpty else { break }
            chosen[missing[rng.weighted(missing.map { pool[$0].1 })]] = true
            n += 1
        }
        while n > count.upperBound {
            let on = pool.indices.filter { chosen[$0] }
            chosen[on[rng.int(on.count)]] = false
            n -= 1
        }
        var skills = pool.indices.filter { chosen[$0] }.map { pool[$0].0 }
        if let level, level >= .intermediate {
            // Experienced social workers counsel and mediate more often.
            for (skill, p) in [("counselling", 0.5), ("mediation", 0.35)] where !skills.contains(skill) && rng.chance(p) {
                skills.append(skill)
            }
        }
        if let level {
            if rng.chance(level >= .intermediate ? 0.7 : 0.1) { skills.insert("crisisIntervention", at: min(2, skills.count)) }
        }
        return skills
    }

    // MARK: - Availability

    static func hm(_ h: Int, _ m: Int = 0) -> Int { h * 60 + m }

    func windows(_ days: [Int], _ from: Int, _ to: Int) -> [DayWindow] {
        days.map { DayWindow(day: $0, from: TimeOfDay(minutes: from), to: TimeOfDay(minutes: to)) }
    }

    static func sorted(_ w: [DayWindow]) -> [DayWindow] {
        w.sorted { ($0.day, $0.from.minutes) < ($1.day, $1.from.minutes) }
    }

    /// Social workers: Monday–Friday 08:30–12:00 and 14:00–17:30, some with a weekday off or
    /// Saturday-morning / Sunday-afternoon duty (more often those who work with children).
    mutating func officeHours(childCare: Bool) -> [DayWindow] {
        var days = [0, 1, 2, 3, 4]
        if rng.chance(0.15) { days.remove(at: rng.int(days.count)) }
        var w = windows(days, Self.hm(8, 30), Self.hm(12)) + windows(days, Self.hm(14), Self.hm(17, 30))
        if rng.chance(childCare ? 0.5 : 0.2) { w += windows([5], Self.hm(9), Self.hm(12)) }
        if rng.chance(childCare ? 0.4 : 0.15) { w += windows([6], Self.hm(14), Self.hm(17, 30)) }
        return Self.sorted(w)
    }

    /// Certified community workers: a few weekday half-days.
    mutating func halfDays(count: Int) -> [DayWindow] {
        var w: [DayWindow] = []
        for slot in rng.sample(count, of: 10) {
            let day = slot / 2
            if slot % 2 == 0 {
                w += windows([day], rng.pick([Self.hm(8, 30), Self.hm(9)]), Self.hm(11, 30))
            } else {
                w += windows([day], Self.hm(14), rng.pick([Self.hm(17), Self.hm(17, 30)]))
            }
        }
        return Self.sorted(w)
    }

    /// Uncertified community workers: mornings, afternoons or both on 3–5 weekdays.
    mutating func communityHours() -> [DayWindow] {
        let days = rng.sample(rng.int(in: 3...5), of: 5)
        var w: [DayWindow] = []
        let kind = rng.int(3)
        if kind != 1 { w += windows(days, Self.hm(8, 30), Self.hm(11, 30)) }
        if kind != 0 { w += windows(days, Self.hm(14), Self.hm(17)) }
        return Self.sorted(w)
    }

    mutating func weekdays(_ range: ClosedRange<Int>) -> [Int] { rng.sample(rng.int(in: range), of: 5) }

    mutating func weekendDays() -> [Int] { [[5], [6], [5, 6]][rng.weighted([0.35, 0.25, 0.4])] }

    /// Volunteers: retirees on weekday mornings, drivers on mornings or Saturdays, students
    /// and teachers in the evenings and at weekends, lawyers on an evening or two …
    mutating func volunteerHours(_ theme: Vocabulary.Theme) -> [DayWindow] {
        var w: [DayWindow] = []
        let evening = (Self.hm(18, 30), Self.hm(21))
        switch theme {
        case .silver:
            let days = weekdays(3...5)
            w += windows(days, rng.pick([Self.hm(8), Self.hm(8, 30)]), rng.pick([Self.hm(11, 30), Self.hm(12)]))
            if rng.chance(0.35) {
                let some = rng.sample(min(days.count, rng.int(in: 2...3)), of: days.count).map { days[$0] }
                w += windows(some, Self.hm(14, 30), Self.hm(17))
            }
            if rng.chance(0.2) { w += windows(weekendDays(), Self.hm(8), Self.hm(11, 30)) }
        case .escort:
            switch rng.weighted([0.5, 0.25, 0.25]) {
            case 0: w += windows(weekdays(2...5), Self.hm(8), Self.hm(12))
            case 1: w += windows(weekdays(2...2), Self.hm(8), Self.hm(12)) + windows([5], Self.hm(8), Self.hm(17))
            default: w += windows(weekdays(3...5), Self.hm(18), Self.hm(21))
            }
        case .youth:
            switch rng.weighted([0.35, 0.3, 0.2, 0.15]) {
            case 0: w += windows(weekdays(2...5), evening.0, evening.1)
            case 1:
                let days = weekendDays()
                let kind = rng.int(3)
                if kind != 1 { w += windows(days, Self.hm(9), Self.hm(12)) }
                if kind != 0 { w += windows(days, Self.hm(14), Self.hm(17, 30)) }
            case 2:
                w += windows(weekdays(1...2), evening.0, evening.1) + windows(weekendDays(), Self.hm(14), Self.hm(17, 30))
            default: w += windows([5, 6], Self.hm(8, 30), Self.hm(17, 30))
            }
        case .redVest:
            switch rng.weighted([0.35, 0.25, 0.2, 0.2]) {
            case 0: w += windows(weekdays(3...5), Self.hm(8, 30), Self.hm(11, 30))
            case 1:
                let days = weekendDays()
                w += windows(days, Self.hm(9), Self.hm(12)) + windows(days, Self.hm(14), Self.hm(17, 30))
            case 2: w += windows(weekdays(3...5), Self.hm(14), Self.hm(17, 30))
            default: w += windows(weekdays(2...4), Self.hm(18), Self.hm(21))
            }
        case .legal:
            w += windows(weekdays(1...2), evening.0, evening.1)
            if rng.chance(0.3) { w += windows([5], Self.hm(9), Self.hm(12)) }
        case .health:
            switch rng.weighted([0.5, 0.25, 0.25]) {
            case 0: w += windows(weekdays(3...5), Self.hm(14), Self.hm(17))
            case 1: w += windows(weekdays(2...4), Self.hm(8, 30), Self.hm(11, 30))
            default:
                let days = weekdays(2...3)
                w += windows(days, Self.hm(8, 30), Self.hm(11, 30)) + windows(days, Self.hm(14), Self.hm(17))
            }
        }
        return Self.sorted(w)
    }

    /// Minutes a person is free in the week (a full week for no `availability`).
    func availableMinutes(_ p: Int) -> Int {
        guard let w = people[p].availability else { return 7 * 1440 }
        return w.reduce(0) { $0 + $1.to.minutes - $1.from.minutes }
    }

    // MARK: - Budgets

    /// The demand, in minutes, is kept a little above what the people can give: per street and
    /// role, people's weekly budgets add up to the minutes the street's team positions ask for
    /// (service plus a typical trip) divided by ``demandOverCapacity``. Volunteers get the
    /// budget as `maxMinutes` (120–600) and most also a `maxAssignments`; social workers keep
    /// 1200–2400 `maxMinutes` and their caseload is a `maxAssignments` (part-time community
    /// workers without one are limited by their few free half-days).
    mutating func calibrateBudgets() {
        let trip = 15
        var demand = Array(repeating: [0, 0], count: streets.count)  // [socialWorker, volunteer] minutes
        var positions = Array(repeating: [0, 0], count: streets.count)
        for (n, need) in needs.enumerated() {
            let s = communityStreet[needCommunity[n]]
            for position in need.team where position.role != .any {
                let r = position.role == .socialWorker ? 0 : 1
                demand[s][r] += position.count * (need.durationMinutes + trip)
                positions[s][r] += position.count
            }
        }
        for s in streets.indices {
            let ofStreet = people.indices.filter { personStreet[$0] == s }
            // Volunteers.
            let volunteers = ofStreet.filter { people[$0].role == .volunteer }
            let vWeights = volunteers.map { p in rng.uniform(0.6, 1.4) * min(1, Double(availableMinutes(p)) / 480) }
            let vTarget = Double(demand[s][1]) * Self.budgetSlack.volunteer
            let vSum = vWeights.reduce(0, +)
            for (i, p) in volunteers.enumerated() {
                let share = vSum > 0 ? vTarget * vWeights[i] / vSum : 120
                let minutes = min(600, max(120, Int((share / 30).rounded(.up)) * 30))
                people[p].maxMinutes = minutes
                if rng.chance(0.65) { people[p].maxAssignments = max(1, Int((Double(minutes) / 110).rounded())) }
            }
            // Social workers.
            let socialWorkers = ofStreet.filter { people[$0].role == .socialWorker }
            guard !socialWorkers.isEmpty else { continue }
            let meanLoad = Double(demand[s][0]) / Double(max(1, positions[s][0]))
            var target = Double(demand[s][0]) * Self.budgetSlack.socialWorker
            var capped: [Int] = []
            for p in socialWorkers {
                people[p].maxMinutes = rng.int(in: 20...40) * 60
                if personKind[p] == .communityWorker && rng.chance(0.5) {
                    target -= Double(min(availableMinutes(p), people[p].maxMinutes!)) * 0.5
                } else {
                    capped.append(p)
                }
            }
            let weights = capped.map { p in rng.uniform(0.7, 1.3) * min(1, Double(availableMinutes(p)) / 1200) }
            let sum = weights.reduce(0, +)
            for (i, p) in capped.enumerated() {
                let share = sum > 0 ? max(0, target) * weights[i] / sum : 0
                people[p].maxAssignments = max(2, Int((share / meanLoad).rounded()))
            }
        }
    }

    /// People's budgets over the demand, per role (see ``calibrateBudgets()``). Set so that
    /// about 85–90 % of the needs can be served: with the frictions of real weeks (who is free
    /// when, who may go where, teams that must be free together), nominal budgets of 1.7–1.9
    /// times the demand let people serve only about 85–90 % of it — demand is 10–20 % above
    /// what they can serve.
    static let budgetSlack = (socialWorker: 1.7, volunteer: 1.9)

    /// Orders an organization can take: the station about 70 % of its workers' caseload; some
    /// agencies, teams and health organizations a cap of their own.
    mutating func setOrderCaps() {
        func capacity(_ o: Int) -> Int {
            orgs[o].members.reduce(0) { sum, p in
                sum + (people[p].maxAssignments ?? max(1, (people[p].maxMinutes ?? 600) / 110))
            }
        }
        for o in orgs.indices {
            let c = capacity(o)
            guard c > 0 else { continue }
            switch orgs[o].kind {
            case "socialWorkAgency":
                if orgs[o].id.hasSuffix("-station") || rng.chance(0.5) { orgs[o].maxOrders = max(3, Int((Double(c) * 0.7).rounded())) }
            case "volunteerTeam":
                if rng.chance(0.4) { orgs[o].maxOrders = max(2, Int((Double(c) * 0.5).rounded())) }
            default:
                if orgs[o].theme == .health && rng.chance(0.3) { orgs[o].maxOrders = max(2, Int((Double(c) * 0.5).rounded())) }
            }
        }
    }
}
