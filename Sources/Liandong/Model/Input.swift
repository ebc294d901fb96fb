/// One planning problem: the `liandong/v1` input document.
///
/// Build it in Swift, or read it from JSON with ``InputDecoder``, which reports every problem
/// of a document at once. Encoding writes the same format back.
public struct PlanningInput: Sendable, Encodable {
    public static let schemaName = "liandong/v1"

    public var schema: String = PlanningInput.schemaName
    public var horizon: Horizon
    public var communities: [Community] = []
    public var organizations: [Organization] = []
    public var people: [Person] = []
    public var needs: [Need] = []
    public var pairs: [Pair] = []
    public var pinned: [PinnedAssignment] = []
    public var declined: [Decline] = []
    /// Who served which resident before (continuity of care; an addition to the contract): the
    /// store fills it with `--store`, or the input gives it.
    public var pastServices: [ResidentService] = []
    public var travel: Travel?
    /// Weights after merging the given ones into ``Weights/defaults``.
    public var weights: Weights = .defaults
    public var solver: SolverSettings?

    public init(horizon: Horizon, communities: [Community] = [], organizations: [Organization] = [],
                people: [Person] = [], needs: [Need] = [], pairs: [Pair] = [],
                pinned: [PinnedAssignment] = [], declined: [Decline] = [], travel: Travel? = nil,
                weights: Weights = .defaults, solver: SolverSettings? = nil) {
        self.horizon = horizon; self.communities = communities; self.organizations = organizations
        self.people = people; self.needs = needs; self.pairs = pairs; self.pinned = pinned
        self.declined = declined; self.travel = travel; self.weights = weights; self.solver = solver
    }

    enum CodingKeys: String, CodingKey {
        case schema, horizon, communities, organizations, people, needs, pairs, pinned, declined, pastServices, travel, weights, solver
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schema, forKey: .schema)
        try c.encode(horizon, forKey: .horizon)
        try c.encode(communities, forKey: .communities)
        try c.encode(organizations, forKey: .organizations)
        try c.encode(people, forKey: .people)
        try c.encode(needs, forKey: .needs)
        try c.encode(pairs, forKey: .pairs)
        try c.encode(pinned, forKey: .pinned)
        try c.encode(declined, forKey: .declined)
        if !pastServices.isEmpty { try c.encode(pastServices, forKey: .pastServices) }
        try c.encodeIfPresent(travel, forKey: .travel)
        try c.encode(weights, forKey: .weights)
        try c.encodeIfPresent(solver, forKey: .solver)
    }
}

/// Someone who served a resident in earlier weeks: with `weights.continuity`, a team member who
/// served the need's `resident` before earns that bonus (continuity of care).
public struct ResidentService: Sendable, Hashable, Encodable {
    public var resident: String
    public var person: String
    /// How many services (informational: the bonus does not grow with it).
    public var services: Int
    public init(resident: String, person: String, services: Int = 1) {
        self.resident = resident; self.person = person; self.services = services
    }
    enum CodingKeys: String, CodingKey { case resident, person, services }
}

/// The planning horizon: `days` days from `start`, cut into slots of `slotMinutes`.
public struct Horizon: Sendable, Hashable, Encodable {
    /// The first day, `YYYY-MM-DD` (informational).
    public var start: String?
    public var days: Int
    public var slotMinutes: Int = 30

    public init(start: String? = nil, days: Int, slotMinutes: Int = 30) {
        self.start = start; self.days = days; self.slotMinutes = slotMinutes
    }
    enum CodingKeys: String, CodingKey { case start, days, slotMinutes }
}

/// A community (社区), the place needs arise, led by a community party organization.
public struct Community: Sendable, Hashable, Encodable {
    public var id: String
    public var name: String?
    /// The party organization (社区党组织) that dispatches this community's orders.
    public var partyOrganization: String?
    public var location: Location?

    public init(id: String, name: String? = nil, partyOrganization: String? = nil, location: Location? = nil) {
        self.id = id; self.name = name; self.partyOrganization = partyOrganization; self.location = location
    }
    enum CodingKeys: String, CodingKey { case id, name, partyOrganization, location }
}

/// A social organization (社会组织) that takes orders: an agency, a volunteer team, a charity.
public struct Organization: Sendable, Hashable, Encodable {
    public var id: String
    public var name: String?
    public var kind: String?
    /// The most orders it can take in the horizon; nil means no limit.
    public var maxOrders: Int?
    /// When present, its people serve only needs in these communities.
    public var communities: [String]?

    public init(id: String, name: String? = nil, kind: String? = nil, maxOrders: Int? = nil, communities: [String]? = nil) {
        self.id = id; self.name = name; self.kind = kind; self.maxOrders = maxOrders; self.communities = communities
    }
    enum CodingKeys: String, CodingKey { case id, name, kind, maxOrders, communities }
}

/// A social worker or volunteer who can serve.
public struct Person: Sendable, Hashable, Encodable {
    public var id: String
    public var name: String?
    public var role: Role
    /// Required for social workers; a volunteer may hold one too.
    public var level: Level?
    public var organization: String?
    public var skills: [String] = []
    /// nil: free the whole horizon; empty: not available at all.
    public var availability: [DayWindow]?
    public var maxMinutes: Int?
    public var maxAssignments: Int?
    /// The community the person lives in (for travel time).
    public var home: String?
    public var insured: Bool = false
    public var partyMember: Bool = false
    public var stars: Double?
    public var servedMinutesToDate: Int?

    public init(id: String, name: String? = nil, role: Role, level: Level? = nil, organization: String? = nil,
                skills: [String] = [], availability: [DayWindow]? = nil, maxMinutes: Int? = nil,
                maxAssignments: Int? = nil, home: String? = nil, insured: Bool = false,
                partyMember: Bool = false, stars: Double? = nil, servedMinutesToDate: Int? = nil) {
        self.id = id; self.name = name; self.role = role; self.level = level; self.organization = organization
        self.skills = skills; self.availability = availability; self.maxMinutes = maxMinutes
        self.maxAssignments = maxAssignments; self.home = home; self.insured = insured
        self.partyMember = partyMember; self.stars = stars; self.servedMinutesToDate = servedMinutesToDate
    }
    enum CodingKeys: String, CodingKey {
        case id, name, role, level, organization, skills, availability, maxMinutes, maxAssignments, home,
             insured, partyMember, stars, servedMinutesToDate
    }
}

/// One position of a need's team: `count` people of `role`, each with all `skills` and at least `minLevel`.
public struct TeamPosition: Sendable, Hashable, Encodable {
    public var role: PositionRole = .any
    public var count: Int = 1
    public var skills: [String] = []
    public var minLevel: Level?

    public init(role: PositionRole = .any, count: Int = 1, skills: [String] = [], minLevel: Level? = nil) {
        self.role = role; self.count = count; self.skills = skills; self.minLevel = minLevel
    }
    enum CodingKeys: String, CodingKey { case role, count, skills, minLevel }
}

/// A resident need (居民需求) from the community's need list.
public struct Need: Sendable, Hashable, Encodable {
    public var id: String
    public var community: String?
    public var resident: String?
    public var title: String?
    public var category: String?
    public var urgency: Urgency = .normal
    public var groups: [String] = []
    public var team: [TeamPosition] = [TeamPosition()]
    public var durationMinutes: Int = 60
    /// nil: unscheduled (uses budgets only); otherwise the windows it may be served in.
    public var windows: [DayWindow]?
    public var risky: Bool = false
    public var required: Bool = false
    public var preferred: [String] = []
    public var excluded: [String] = []
    /// The need asks for party-member volunteers (党员志愿者, 社区党建+志愿服务): each party member
    /// on its team earns `weights.partyMember` (an addition to the contract).
    public var partyMembers: Bool = false

    public init(id: String, community: String? = nil, resident: String? = nil, title: String? = nil,
                category: String? = nil, urgency: Urgency = .normal, groups: [String] = [],
                team: [TeamPosition] = [TeamPosition()], durationMinutes: Int = 60, windows: [DayWindow]? = nil,
                risky: Bool = false, required: Bool = false, preferred: [String] = [], excluded: [String] = []) {
        self.id = id; self.community = community; self.resident = resident; self.title = title
        self.category = category; self.urgency = urgency; self.groups = groups; self.team = team
        self.durationMinutes = durationMinutes; self.windows = windows; self.risky = risky
        self.required = required; self.preferred = preferred; self.excluded = excluded
    }

    /// The number of people the whole team needs.
    public var teamSize: Int { team.reduce(0) { $0 + $1.count } }
    public var isScheduled: Bool { windows != nil }

    enum CodingKeys: String, CodingKey {
        case id, community, resident, title, category, urgency, groups, team, durationMinutes, windows,
             risky, required, preferred, excluded, partyMembers
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encodeIfPresent(community, forKey: .community)
        try c.encodeIfPresent(resident, forKey: .resident)
        try c.encodeIfPresent(title, forKey: .title)
        try c.encodeIfPresent(category, forKey: .category)
        try c.encode(urgency, forKey: .urgency)
        try c.encode(groups, forKey: .groups)
        try c.encode(team, forKey: .team)
        try c.encode(durationMinutes, forKey: .durationMinutes)
        try c.encodeIfPresent(windows, forKey: .windows)
        try c.encode(risky, forKey: .risky)
        try c.encode(required, forKey: .required)
        try c.encode(preferred, forKey: .preferred)
        try c.encode(excluded, forKey: .excluded)
        if partyMembers { try c.encode(true, forKey: .partyMembers) }
    }
}

/// A per-(need, person) override of cost and extra minutes.
public struct Pair: Sendable, Hashable, Encodable {
    public var need: String
    public var person: String
    public var cost: Double = 0
    public var extraMinutes: Int = 0

    public init(need: String, person: String, cost: Double = 0, extraMinutes: Int = 0) {
        self.need = need; self.person = person; self.cost = cost; self.extraMinutes = extraMinutes
    }
    enum CodingKeys: String, CodingKey { case need, person, cost, extraMinutes }
}

/// An accepted order that must stay exactly as given.
public struct PinnedAssignment: Sendable, Hashable, Encodable {
    public var need: String
    /// Members in team-position order: the first `team[0].count` fill position 0, and so on.
    public var people: [String]
    public var day: Int?
    public var start: TimeOfDay?

    public init(need: String, people: [String], day: Int? = nil, start: TimeOfDay? = nil) {
        self.need = need; self.people = people; self.day = day; self.start = start
    }
    enum CodingKeys: String, CodingKey { case need, people, day, start }
}

/// A refusal: a person, or every person of an organization, will not serve a need.
public struct Decline: Sendable, Hashable, Encodable {
    public var need: String
    public var person: String?
    public var organization: String?

    public init(need: String, person: String? = nil, organization: String? = nil) {
        self.need = need; self.person = person; self.organization = organization
    }
    enum CodingKeys: String, CodingKey { case need, person, organization }
}

/// Travel-time derivation: round trip at `minutesPerKm` between home community and need community.
public struct Travel: Sendable, Hashable, Encodable {
    public var minutesPerKm: Double
    public init(minutesPerKm: Double) { self.minutesPerKm = minutesPerKm }
    enum CodingKeys: String, CodingKey { case minutesPerKm }
}

/// Objective weights. Given weights merge key by key into ``defaults``.
public struct Weights: Sendable, Hashable, Encodable {
    public var urgency: [String: Double]
    public var groups: [String: Double]
    public var preferred: Double
    public var cost: Double
    public var fairness: Double
    /// Per team member who served the need's resident before (``PlanningInput/pastServices``).
    public var continuity: Double = 3
    /// Per party member on the team of a need that asks for them (``Need/partyMembers``).
    public var partyMember: Double = 2
    /// Fairness over weeks: each hour this week costs this much, times the person's share of
    /// history (`servedMinutesToDate` over the largest of anyone), so that those who served most
    /// before serve less now when others can. Counted in the `fairness` objective part.
    public var history: Double = 0

    /// The documented defaults (contract, precise rule 1).
    public static let defaults = Weights(
        urgency: ["critical": 1000, "high": 100, "normal": 10, "low": 1],
        groups: ["subsistenceAllowance": 20, "extremePoverty": 20, "childInDifficulty": 20, "disabled": 15,
                 "womenInDifficulty": 15, "elderly": 10, "livingAlone": 10],
        preferred: 5, cost: 1, fairness: 0)

    public init(urgency: [String: Double], groups: [String: Double], preferred: Double, cost: Double, fairness: Double) {
        self.urgency = urgency; self.groups = groups; self.preferred = preferred; self.cost = cost; self.fairness = fairness
    }

    public func weight(of urgency: Urgency) -> Double { self.urgency[urgency.rawValue] ?? 0 }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(JSONValue.object(JSONObject(Urgency.allCases.map { ($0.rawValue, .number(urgency[$0.rawValue] ?? 0)) })), forKey: .urgency)
        try c.encode(JSONValue.object(JSONObject(groups.keys.sorted().map { ($0, .number(groups[$0]!)) })), forKey: .groups)
        try c.encode(preferred, forKey: .preferred)
        try c.encode(cost, forKey: .cost)
        try c.encode(fairness, forKey: .fairness)
        if continuity != Weights.defaults.continuity { try c.encode(continuity, forKey: .continuity) }
        if partyMember != Weights.defaults.partyMember { try c.encode(partyMember, forKey: .partyMember) }
        if history != Weights.defaults.history { try c.encode(history, forKey: .history) }
    }
    enum CodingKeys: String, CodingKey { case urgency, groups, preferred, cost, fairness, continuity, partyMember, history }
}

/// Which solver to use.
public enum Backend: String, Sendable, Hashable, Codable, CaseIterable {
    /// GLPK where it can prove optimality in time, the heuristic otherwise.
    case auto
    /// GLPK branch-and-cut on the integer program.
    case glpk
    /// Construction and local search; always feasible, with a bound from the LP relaxation.
    case heuristic
}

/// Solver settings; the command line overrides what the input says.
public struct SolverSettings: Sendable, Hashable, Encodable {
    public var backend: Backend = .auto
    public var timeLimitSeconds: Double = 30
    public var mipGap: Double = 0
    public var seed: Int = 1
    /// GLPK's own log to stderr.
    public var verbose: Bool = false
    /// The memory the model may grow to, in MiB (nil: ``defaultMemoryLimitMiB``). Not part of
    /// the JSON document: `--memory-limit` on the command line.
    public var memoryLimitMiB: Int? = nil

    public init(backend: Backend = .auto, timeLimitSeconds: Double = 30, mipGap: Double = 0, seed: Int = 1, verbose: Bool = false) {
        self.backend = backend; self.timeLimitSeconds = timeLimitSeconds; self.mipGap = mipGap; self.seed = seed; self.verbose = verbose
    }
    enum CodingKeys: String, CodingKey { case backend, timeLimitSeconds, mipGap, seed }
}
