/// A weekly plan: the `liandong-plan/v1` output document.
public struct Plan: Sendable, Hashable, Encodable {
    public static let schemaName = "liandong-plan/v1"

    public var schema: String = Plan.schemaName
    public var status: PlanStatus
    public var solver: SolverReport
    public var summary: PlanSummary
    /// Sorted by need id.
    public var assignments: [Assignment]
    /// Every need that is not served, with why; sorted by need id.
    public var unserved: [UnservedNeed]
    /// Assignments grouped by (organization, party organization).
    public var orders: [Order]
    /// Load per person used, sorted by person id.
    public var people: [PersonLoad]
    public var warnings: [InputWarning]
    /// Present after `replan`: how the plan differs from the previous one.
    public var changes: PlanChanges?
    /// Present after `replan`: the week's dispatch so far (the round, every response).
    public var dispatch: DispatchRecord?

    public init(status: PlanStatus, solver: SolverReport, summary: PlanSummary, assignments: [Assignment],
                unserved: [UnservedNeed], orders: [Order], people: [PersonLoad], warnings: [InputWarning], changes: PlanChanges? = nil) {
        self.status = status; self.solver = solver; self.summary = summary; self.assignments = assignments
        self.unserved = unserved; self.orders = orders; self.people = people; self.warnings = warnings; self.changes = changes
    }

    enum CodingKeys: String, CodingKey {
        case schema, status, solver, summary, assignments, unserved, orders, people, warnings, changes, dispatch
    }
}

/// Whether the plan is proven best.
public enum PlanStatus: String, Sendable, Hashable, Codable {
    /// Proven optimal.
    case optimal
    /// A valid plan; `solver.gap` says how far from optimal it may be.
    case feasible
    /// A `required` need cannot be served; the plan serves what it can of the rest.
    case infeasible
}

/// Why the solver stopped (an addition to the contract).
public enum Termination: String, Sendable, Hashable, Codable {
    case optimal
    case gapReached
    case timeLimit
    case infeasible
    case heuristic
    case noModel
    /// `replan` with no responses: the previous plan, kept exactly and re-checked.
    case kept
}

/// What the clock ended or shaped in a solve (`solver.clockCut`, an addition to the contract,
/// present when `termination` is `timeLimit`): each part named may come out otherwise on
/// another run of the same input, seed, backend and limit.
public enum ClockCutPart: String, Sendable, Hashable, Codable, CaseIterable {
    /// The search or a GLPK pass ended on the clock: another run may give another plan (of equal
    /// worth, when it is proven).
    case plan
    /// The bound's phases ended on the clock (or sized themselves by it): the same plan, but the
    /// bound and gap may differ in their last digits.
    case bound
    /// Some unserved needs' reasons were left `notAnalysed`: the explanations may differ.
    case explanations
}

/// How the plan was found and how good it is.
public struct SolverReport: Sendable, Hashable, Encodable {
    public var backend: Backend
    /// Wall-clock seconds (the only part of a plan that varies between runs).
    public var seconds: Double
    /// value − cost − fairness of this plan.
    public var objective: Double
    /// The best proven upper bound on the objective.
    public var bound: Double
    /// Relative gap (bound − objective) / max(1, |objective|); 0 when optimal.
    public var gap: Double
    public var objectiveParts: ObjectiveParts
    public var variables: Int
    public var constraints: Int
    public var termination: Termination
    public var timeLimitSeconds: Double
    public var seed: Int
    /// What the clock cut, in the order of ``ClockCutPart``'s cases; nil (absent) unless
    /// `termination` is `timeLimit` and the clock cut something — a limit too short for GLPK to
    /// start on the model says `timeLimit` with no `clockCut` (the same on every run).
    public var clockCut: [ClockCutPart]? = nil

    enum CodingKeys: String, CodingKey {
        case backend, seconds, objective, bound, gap, objectiveParts, variables, constraints, termination, timeLimitSeconds, seed, clockCut
    }
}

public struct ObjectiveParts: Sendable, Hashable, Codable {
    public var value: Double
    public var cost: Double
    public var fairness: Double
    public init(value: Double, cost: Double, fairness: Double) { self.value = value; self.cost = cost; self.fairness = fairness }
    enum CodingKeys: String, CodingKey { case value, cost, fairness }
}

public struct PlanSummary: Sendable, Hashable, Encodable {
    public var needs: Int
    public var served: Int
    public var unserved: Int
    /// Served needs per urgency level (levels with none served are left out).
    public var servedByUrgency: [Urgency: Int]
    public var peopleUsed: Int
    /// How evenly the week's load is spread (an addition to the contract).
    public var balance: LoadBalance = LoadBalance()
    /// Party members on the needs that ask for them (present when a need asks).
    public var partyMembers: PartyMemberShare?

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(needs, forKey: .needs)
        try c.encode(served, forKey: .served)
        try c.encode(unserved, forKey: .unserved)
        let byUrgency = Urgency.allCases.compactMap { u in servedByUrgency[u].map { (u.rawValue, JSONValue.number(Double($0))) } }
        try c.encode(JSONValue.object(JSONObject(byUrgency)), forKey: .servedByUrgency)
        try c.encode(peopleUsed, forKey: .peopleUsed)
        try c.encode(balance, forKey: .balance)
        try c.encodeIfPresent(partyMembers, forKey: .partyMembers)
    }
    enum CodingKeys: String, CodingKey { case needs, served, unserved, servedByUrgency, peopleUsed, balance, partyMembers }
}

/// The week's load spread: the largest and the median load of the people used, and — when the
/// input gives `servedMinutesToDate` — how much of this week goes to those who served most before.
public struct LoadBalance: Sendable, Hashable, Encodable {
    public var largestMinutes: Int = 0
    public var medianMinutes: Int = 0
    /// The share of this week's minutes served by the quarter of people (of everyone in the input)
    /// with the most `servedMinutesToDate`; absent without history.
    public var topHistoryQuarterShare: Double?
    public init(largestMinutes: Int = 0, medianMinutes: Int = 0, topHistoryQuarterShare: Double? = nil) {
        self.largestMinutes = largestMinutes; self.medianMinutes = medianMinutes; self.topHistoryQuarterShare = topHistoryQuarterShare
    }
    enum CodingKeys: String, CodingKey { case largestMinutes, medianMinutes, topHistoryQuarterShare }
}

/// Party members (党员) on the teams of served needs that ask for them.
public struct PartyMemberShare: Sendable, Hashable, Encodable {
    /// Served needs that ask for party members.
    public var needs: Int
    /// Places on their teams, and how many party members fill them.
    public var places: Int
    public var partyMembers: Int
    /// partyMembers / places (0 when no place).
    public var share: Double
    enum CodingKeys: String, CodingKey { case needs, places, partyMembers, share }
}

/// One served need: who goes, when.
public struct Assignment: Sendable, Hashable, Encodable {
    public var need: String
    /// Absent for unscheduled needs.
    public var day: Int?
    public var start: TimeOfDay?
    public var end: TimeOfDay?
    /// The organization that receives the order (the lead's), if any.
    public var organization: String?
    /// Members in team-position order.
    public var people: [Member]
    /// Sum of the members' pair costs (unweighted).
    public var cost: Double
    /// True when this assignment was pinned (an accepted order).
    public var pinned: Bool

    public init(need: String, day: Int? = nil, start: TimeOfDay? = nil, end: TimeOfDay? = nil, organization: String? = nil,
                people: [Member], cost: Double = 0, pinned: Bool = false) {
        self.need = need; self.day = day; self.start = start; self.end = end; self.organization = organization
        self.people = people; self.cost = cost; self.pinned = pinned
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(need, forKey: .need)
        try c.encodeIfPresent(day, forKey: .day)
        try c.encodeIfPresent(start, forKey: .start)
        try c.encodeIfPresent(end, forKey: .end)
        try c.encodeIfPresent(organization, forKey: .organization)
        try c.encode(people, forKey: .people)
        try c.encode(cost, forKey: .cost)
        if pinned { try c.encode(true, forKey: .pinned) }
    }
    enum CodingKeys: String, CodingKey { case need, day, start, end, organization, people, cost, pinned }
}

/// One member of an assignment's team.
public struct Member: Sendable, Hashable, Encodable {
    public var person: String
    /// The person's own role.
    public var role: Role
    /// Index of the team position filled.
    public var position: Int
    public init(person: String, role: Role, position: Int) { self.person = person; self.role = role; self.position = position }
    enum CodingKeys: String, CodingKey { case person, role, position }
}

/// Why a need is not served. Codes are stable; `detail` says it in words.
public enum UnservedReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// Some team position has fewer qualified people (role, skills, level, allowed community) than it needs.
    case noQualifiedPerson
    /// Qualified people exist, but no start in the need's windows finds a whole team available.
    case noCommonTime
    /// A team could be formed, but its members are at their limits (minutes or assignments) in this plan.
    case capacityExhausted
    /// Every organization that could take the order is at its `maxOrders`.
    case organizationFull
    /// Enough qualified people only when counting those who declined (or whose organization declined) or were excluded.
    case declined
    /// The need is risky and enough qualified people exist only when counting uninsured ones.
    case notInsured
    /// A team was possible, but the people's time went to needs worth more (or serving it is worth less than its cost).
    case lowerValue
    /// Its members' minute budgets are smaller than the service (with travel) itself.
    case exceedsBudget
    /// The solver stopped (time limit) before it could place this need.
    case solverStopped
    /// Accepted (pinned) orders hold the time or budget of the people who could serve it.
    case pinnedOrder
    /// The time limit ran out before the reasons were worked out (a very large week with a short
    /// limit: the needs of highest value are explained first); `liandong explain` gives them.
    case notAnalysed
}

public struct UnservedNeed: Sendable, Hashable, Encodable {
    public var need: String
    public var reasons: [UnservedReason]
    public var detail: String
    public var required: Bool
    public init(need: String, reasons: [UnservedReason], detail: String, required: Bool = false) {
        self.need = need; self.reasons = reasons; self.detail = detail; self.required = required
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(need, forKey: .need)
        try c.encode(reasons, forKey: .reasons)
        try c.encode(detail, forKey: .detail)
        if required { try c.encode(true, forKey: .required) }
    }
    enum CodingKeys: String, CodingKey { case need, reasons, detail, required }
}

/// The orders one organization receives from one party organization (派单).
public struct Order: Sendable, Hashable, Encodable {
    public var organization: String?
    public var partyOrganization: String?
    public var needs: [String]
    enum CodingKeys: String, CodingKey { case organization, partyOrganization, needs }
}

public struct PersonLoad: Sendable, Hashable, Encodable {
    public var person: String
    /// Service minutes plus extra (travel) minutes.
    public var minutes: Int
    public var assignments: Int
    enum CodingKeys: String, CodingKey { case person, minutes, assignments }
}

/// What `replan` changed relative to the previous plan.
public struct PlanChanges: Sendable, Hashable, Encodable {
    /// Assignments of the previous plan kept exactly: same people in the same positions, same
    /// time, same organization.
    public var kept: Int
    /// Needs whose assignment changed (other people or time), or that were dropped or added.
    public var changed: Int
    public var added: [String]
    public var removed: [String]
    public var modified: [String]
    /// Per changed order: what moved and why, sorted by need id.
    public var orders: [OrderChange]
    enum CodingKeys: String, CodingKey { case kept, changed, added, removed, modified, orders }
}

/// One changed order after `replan`.
public struct OrderChange: Sendable, Hashable, Encodable {
    public enum Kind: String, Sendable, Hashable, Codable { case added, removed, modified }
    /// What about an order moved.
    public enum Part: String, Sendable, Hashable, Codable { case time, people, organization }
    /// Why it changed.
    public enum Cause: String, Sendable, Hashable, Codable {
        /// Its organization (or a person on its team) declined it in this round.
        case declined
        /// Its organization withdrew it after accepting it.
        case withdrawn
        /// Served now, not before: time freed by the round let the plan take it.
        case newlyServed
        /// Not served any more: its people went to orders that others declined or withdrew, or
        /// it can no longer be served (`unserved` says why).
        case noLongerServed
        /// Re-planned around the round's declines: the new team or time gains (or keeps) value.
        case replanned
    }
    public var need: String
    public var change: Kind
    /// For `modified`: which parts moved.
    public var moved: [Part]
    public var before: Assignment?
    public var after: Assignment?
    public var because: Cause
    enum CodingKeys: String, CodingKey { case need, change, moved, before, after, because }
}

extension PlanChanges {
    /// Compares two plans need by need. Kept: the same people in the same positions (in any
    /// listed order), at the same time, for the same organization.
    public init(previous: [Assignment], current: [Assignment], events: [DispatchEvent] = []) {
        let before = Dictionary(previous.map { ($0.need, $0) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(current.map { ($0.need, $0) }, uniquingKeysWith: { a, _ in a })
        func team(_ a: Assignment) -> [Set<String>] {
            let positions = (a.people.map(\.position).max() ?? -1) + 1
            return (0..<positions).map { k in Set(a.people.filter { $0.position == k }.map(\.person)) }
        }
        func moved(_ a: Assignment, _ b: Assignment) -> [OrderChange.Part] {
            var parts: [OrderChange.Part] = []
            if a.day != b.day || a.start != b.start { parts.append(.time) }
            if team(a) != team(b) { parts.append(.people) }
            if a.organization != b.organization { parts.append(.organization) }
            return parts
        }
        let lastRound = events.map(\.round).max()
        let answered = Dictionary(events.filter { $0.round == lastRound && $0.decision != .accept }.map { ($0.need, $0.decision) },
                                  uniquingKeysWith: { a, b in a == .withdraw ? a : b })
        func cause(_ need: String, otherwise: OrderChange.Cause) -> OrderChange.Cause {
            switch answered[need] {
            case .withdraw?: .withdrawn
            case .decline?: .declined
            default: otherwise
            }
        }
        var orders: [OrderChange] = []
        var kept = 0
        for need in Set(before.keys).union(after.keys).sorted() {
            switch (before[need], after[need]) {
            case let (b?, a?):
                let parts = moved(b, a)
                if parts.isEmpty { kept += 1; continue }
                orders.append(OrderChange(need: need, change: .modified, moved: parts, before: b, after: a, because: cause(need, otherwise: .replanned)))
            case let (b?, nil):
                orders.append(OrderChange(need: need, change: .removed, moved: [], before: b, after: nil, because: cause(need, otherwise: .noLongerServed)))
            case let (nil, a?):
                orders.append(OrderChange(need: need, change: .added, moved: [], before: nil, after: a, because: .newlyServed))
            case (nil, nil): break
            }
        }
        self.init(kept: kept, changed: orders.count,
                  added: orders.filter { $0.change == .added }.map(\.need),
                  removed: orders.filter { $0.change == .removed }.map(\.need),
                  modified: orders.filter { $0.change == .modified }.map(\.need), orders: orders)
    }
}
