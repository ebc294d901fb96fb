import Foundation

/// What a coordinator asks in the minute after a decline, or when a need is left out: who could
/// step in (``suggest(_:plan:need:insteadOf:limit:)``), why this team
/// (``explain(_:plan:need:fixSeconds:)``), and the smallest change that would let an unserved need
/// be served (``nearestFixes(_:plan:need:seconds:limit:)``), each against a plan in hand.
public enum Advisor {
    /// A plan document read back against its input: what it uses, with one need left out.
    struct PlanInHand {
        let candidates: Candidates
        var usage: PlanUsage
        var catalog: Catalog { candidates.catalog }

        init(_ candidates: Candidates, _ assignments: [Assignment], leavingOut: Int?) {
            self.candidates = candidates
            let catalog = candidates.catalog
            usage = PlanUsage(catalog)
            for a in assignments {
                guard let n = catalog.needIndex[a.need], n != leavingOut else { continue }
                let need = catalog.input.needs[n]
                var members = Array(repeating: [Int](), count: need.team.count)
                for m in a.people {
                    if let p = catalog.personIndex[m.person], members.indices.contains(m.position) { members[m.position].append(p) }
                }
                let option = ServiceOption(need: n, day: a.day, start: a.start?.minutes, end: a.end?.minutes, candidates: members, pinned: a.pinned)
                usage.add(need: n, option: option, people: members.joined(), leadOrganization: a.organization.flatMap { catalog.organizationIndex[$0] })
            }
        }
    }

    static func need(_ id: String, in catalog: Catalog) throws(InvalidInput) -> Int {
        guard let n = catalog.needIndex[id] else {
            throw InvalidInput([InputProblem(.unknownReference, at: .root / "need", "no need has id '\(id)'")])
        }
        return n
    }

    // MARK: - Who could step in

    /// Ranks the teams (with `insteadOf`: the people for that member's place, the rest of the
    /// team kept) that could serve `need` now, the rest of the plan kept as it is. Every team
    /// listed keeps every hard rule with the plan (applying it gives a plan `check` accepts).
    public static func suggest(_ decoded: DecodedInput, plan: PlanDocument, need id: String, insteadOf: String? = nil,
                               limit: Int = 10) throws(InvalidInput) -> SuggestionReport {
        try plan.requireValid(for: decoded.input)
        let catalog = Catalog(decoded.input)
        let n = try need(id, in: catalog)
        let candidates = Candidates(catalog)
        let current = plan.assignments.first { $0.need == id }
        let hand = PlanInHand(candidates, plan.assignments, leavingOut: n)
        let input = catalog.input
        var out: [Suggestion] = []
        if let insteadOf {
            guard let current, let p0 = catalog.personIndex[insteadOf],
                  let member = current.people.first(where: { $0.person == insteadOf }) else {
                throw InvalidInput([InputProblem(.invalidValue, at: .root / "insteadOf",
                                                 "'\(insteadOf)' is not on the team of need '\(id)' in the plan")])
            }
            // The same time, the other members kept; candidates for the one place.
            let k = member.position
            var members = Array(repeating: [Int](), count: input.needs[n].team.count)
            for m in current.people where m.person != insteadOf { if let p = catalog.personIndex[m.person] { members[m.position].append(p) } }
            guard let option = candidates.options[n].first(where: { $0.day == current.day && $0.start == current.start?.minutes }) else {
                return SuggestionReport(need: id, insteadOf: insteadOf, suggestions: [])
            }
            for q in option.candidates[k] where q != p0 && !members.joined().contains(q) && hand.usage.canTake(q, need: n, option: option) {
                var team = members
                team[k].append(q)
                let lead = catalog.leadPerson(team, lead: nil)
                // The need's own order is out of the usage: its (possibly new) lead's organization needs room.
                guard hand.usage.canOrder(lead.flatMap(catalog.organization(of:))) else { continue }
                out.append(suggestion(n, option, team, kept: Set(members.joined()), hand: hand))
            }
        } else {
            for option in candidates.options[n] where !option.pinned {
                guard let team = hand.usage.team(need: n, option: option, prefer: { catalog.gain(need: n, option: option, person: $0) },
                                                 demand: candidates.demand) else { continue }
                out.append(suggestion(n, option, team.members, kept: [], hand: hand, lead: team.lead))
            }
        }
        out.sort { ($0.gain, -$0.load, $0.key) > ($1.gain, -$1.load, $1.key) }
        var seen = Set<String>()
        out = out.filter { seen.insert($0.key).inserted }
        return SuggestionReport(need: id, insteadOf: insteadOf,
                                suggestions: out.prefix(limit).enumerated().map { i, s in var s = s; s.rank = i + 1; return s })
    }

    static func suggestion(_ n: Int, _ option: ServiceOption, _ members: [[Int]], kept: Set<Int>, hand: PlanInHand, lead: Int? = nil) -> Suggestion {
        let catalog = hand.catalog
        let input = catalog.input
        let need = input.needs[n]
        let leadPerson = catalog.leadPerson(members, lead: lead)
        var people: [Suggestion.Person] = []
        var gain = catalog.needValue[n]
        for (k, ps) in members.enumerated() {
            let listed = ps.sorted { ($0 == leadPerson ? 0 : 1, $0) < ($1 == leadPerson ? 0 : 1, $1) }
            for p in listed {
                let person = input.people[p]
                gain += catalog.gain(need: n, option: option, person: p)
                let used = hand.usage.minutes[p]
                let why = Suggestion.Why(
                    skills: need.team[k].skills, level: person.level, freeThen: true,
                    minutesLeft: person.maxMinutes.map { $0 - used - catalog.load(need: n, person: p) },
                    assignmentsLeft: person.maxAssignments.map { $0 - hand.usage.count[p] - 1 },
                    weekMinutes: used, servedResidentBefore: catalog.pastServers[n].contains(p),
                    preferred: catalog.preferredPeople[n].contains(p), partyMember: person.partyMember,
                    travelMinutes: catalog.extraMinutes(need: n, person: p))
                people.append(Suggestion.Person(person: person.id, name: person.name, role: person.role, position: k,
                                                kept: kept.contains(p), why: why))
            }
        }
        let org = leadPerson.flatMap { input.people[$0].organization }
        return Suggestion(rank: 0, day: option.day, start: option.start.map(TimeOfDay.init(minutes:)), end: option.end.map(TimeOfDay.init(minutes:)),
                          organization: org, people: people, gain: PlanBuilder.round(gain),
                          load: people.reduce(0) { $0 + $1.why.weekMinutes })
    }

    /// Applies a suggestion to a plan's assignments (for `check` after choosing it).
    public static func applying(_ s: Suggestion, need: String, to assignments: [Assignment]) -> [Assignment] {
        var out = assignments.filter { $0.need != need }
        out.append(Assignment(need: need, day: s.day, start: s.start, end: s.end, organization: s.organization,
                              people: s.people.map { Member(person: $0.person, role: $0.role, position: $0.position) }))
        return out.sorted { $0.need < $1.need }
    }
}

/// `liandong suggest`: who could serve a need now, best first.
public struct SuggestionReport: Sendable, Encodable {
    public var schema = "liandong-suggestions/v1"
    public var need: String
    public var insteadOf: String?
    public var suggestions: [Suggestion]
    enum CodingKeys: String, CodingKey { case schema, need, insteadOf, suggestions }
}

/// One team that could serve the need now, with why each member fits.
public struct Suggestion: Sendable, Encodable {
    public var rank: Int
    public var day: Int?
    public var start: TimeOfDay?
    public var end: TimeOfDay?
    /// The organization that would receive the order.
    public var organization: String?
    public var people: [Person]
    /// What serving the need this way adds to the objective (its value and the members' gains).
    public var gain: Double
    /// The members' minutes already planned this week (lower: less loaded people).
    public var load: Int
    var key: String { "\(day ?? -1)/\(start?.minutes ?? -1)/" + people.map(\.person).joined(separator: ",") }

    public struct Person: Sendable, Encodable {
        public var person: String
        public var name: String?
        public var role: Role
        public var position: Int
        /// Kept from the current team (`--instead-of`).
        public var kept: Bool
        public var why: Why
        enum CodingKeys: String, CodingKey { case person, name, role, position, kept, why }
    }

    /// Why a person fits: what they hold, that they are free then, what is left of their budget,
    /// continuity and load.
    public struct Why: Sendable, Encodable {
        public var skills: [String]
        public var level: Level?
        public var freeThen: Bool
        public var minutesLeft: Int?
        public var assignmentsLeft: Int?
        public var weekMinutes: Int
        public var servedResidentBefore: Bool
        public var preferred: Bool
        public var partyMember: Bool
        public var travelMinutes: Int
        enum CodingKeys: String, CodingKey {
            case skills, level, freeThen, minutesLeft, assignmentsLeft, weekMinutes, servedResidentBefore, preferred, partyMember, travelMinutes
        }
    }
    enum CodingKeys: String, CodingKey { case rank, day, start, end, organization, people, gain, load }
}
