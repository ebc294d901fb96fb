/// An independent verifier of a plan against every hard rule of its input.
///
/// It shares no logic with the formulation: it re-derives every rule from the input (the
/// contract's "Precise rules"), so that a bug in the integer program shows up here as a
/// violation. It runs in O(n log n) in the size of the plan and input.
///
/// ```swift
/// let checker = PlanChecker(input: input)
/// for v in checker.violations(of: plan) { print(v.path ?? "-", v.message) }
/// ```
public struct PlanChecker: Sendable {
    public let input: PlanningInput

    public init(input: PlanningInput) { self.input = input }

    /// Every violation of a hard rule in `plan`, in a stable order (by assignment, then rule).
    ///
    /// The `required` rule is skipped when the plan's `status` is `infeasible` (the contract
    /// lets such a plan leave a required need unserved).
    public func violations(of plan: Plan) -> [PlanViolation] {
        violations(assignments: plan.assignments, reportedParts: plan.solver.objectiveParts,
                   checkRequired: plan.status != .infeasible)
    }

    /// Every violation in a plan document read by ``PlanReader``; `required` is skipped when
    /// its status is `infeasible`, the objective check when it reports no `objectiveParts`.
    ///
    /// A plan of a later round of the week (`replan`) carries its `dispatch`; the rounds' rules
    /// are then checked from its events, read here on their own (contract rule 13): every decline
    /// and withdrawal forbids that organization (or person) for the need, a withdrawn order's
    /// input pin no longer binds, and an order accepted and not withdrawn since is served by the
    /// organization that accepted it.
    public func violations(of document: PlanDocument) -> [PlanViolation] {
        guard let dispatch = document.dispatch, !dispatch.events.isEmpty else {
            return violations(assignments: document.assignments, reportedParts: document.objectiveParts,
                              checkRequired: document.status != .infeasible)
        }
        var round = input
        var released = Set<String>()
        var last: [String: DispatchEvent] = [:]
        for event in dispatch.events {
            switch event.decision {
            case .accept:
                last[event.need] = event
            case .decline, .withdraw:
                if event.decision == .withdraw { released.insert(event.need); last[event.need] = event }
                if let decline = event.decline { round.declined.append(decline) }
            }
        }
        let accepted = last.values.filter { $0.decision == .accept }.sorted { $0.need < $1.need }
            .map { (need: $0.need, organization: $0.organization, round: $0.round) }
        return Self.violations(CheckerIndex(round), document.assignments, reportedParts: document.objectiveParts,
                               checkRequired: document.status != .infeasible, released: released, accepted: accepted)
    }

    /// Every violation of a hard rule in `assignments`, in a stable order: violations located
    /// in an assignment come first, by assignment index then by rule (in the order of
    /// ``PlanViolation/Rule``'s cases) then by member; then missing pinned assignments, unserved
    /// required needs and objective mismatches.
    ///
    /// - Parameters:
    ///   - assignments: the plan's assignments, as written.
    ///   - reportedParts: the plan's `solver.objectiveParts`; when given, they are recomputed
    ///     from the input and compared (relative tolerance 1e-6).
    ///   - checkRequired: whether every `required` need must be served (false for pinned
    ///     assignments checked on their own, or for a plan reported `infeasible`).
    public func violations(assignments: [Assignment], reportedParts: ObjectiveParts?,
                           checkRequired: Bool = true) -> [PlanViolation] {
        Self.violations(CheckerIndex(input), assignments, reportedParts: reportedParts, checkRequired: checkRequired,
                        released: [], accepted: [])
    }

    /// Every rule, in order; `released`: needs whose input pin a withdrawal released; `accepted`:
    /// orders accepted in the rounds and not withdrawn since.
    private static func violations(_ index: CheckerIndex, _ assignments: [Assignment], reportedParts: ObjectiveParts?,
                                   checkRequired: Bool, released: Set<String>,
                                   accepted: [(need: String, organization: String?, round: Int)]) -> [PlanViolation] {
        var run = CheckRun(index: index, assignments: assignments)
        run.checkAssignments()
        run.checkPeople()
        run.checkOrders()
        run.checkPinned(released: released)
        run.checkAccepted(accepted)
        if checkRequired { run.checkRequired() }
        if let reportedParts { run.checkObjective(reportedParts) }
        return run.sorted()
    }

    /// Recomputes the objective parts of `assignments` from the input (the contract's
    /// definition): `value` of the served needs, weighted pair `cost`, and `fairness` =
    /// `weights.fairness` × the largest per-person load in hours.
    public func objectiveParts(of assignments: [Assignment]) -> ObjectiveParts {
        var run = CheckRun(index: CheckerIndex(input), assignments: assignments)
        run.checkAssignments()
        return run.objectiveParts()
    }

    /// The input's pinned assignments as the checker reads them (see ``pinnedOnlyPlan(_:)``):
    /// what validation judges a pin by, with no plan around it.
    public static func pinnedAssignments(_ input: PlanningInput) -> [Assignment] {
        pinnedAssignments(input, index: CheckerIndex(input))
    }

    private static func pinnedAssignments(_ input: PlanningInput, index: CheckerIndex) -> [Assignment] {
        var assignments: [Assignment] = []
        assignments.reserveCapacity(input.pinned.count)
        for pin in input.pinned {
            let need = index.need(pin.need)
            var members: [Member] = []
            var position = 0, filled = 0
            for id in pin.people {
                if let need {
                    while position < need.team.count && filled >= need.team[position].count {
                        position += 1; filled = 0
                    }
                }
                members.append(Member(person: id, role: index.person(id)?.role ?? .volunteer, position: position))
                filled += 1
            }
            var end: TimeOfDay?
            if let start = pin.start, let need { end = TimeOfDay(minutes: saturatingAdd(start.minutes, need.durationMinutes)) }
            let cost = members.reduce(0.0) { $0 + (index.pair(need: pin.need, person: $1.person)?.cost ?? 0) }
            assignments.append(Assignment(need: pin.need, day: pin.day, start: pin.start, end: end,
                                          organization: index.leadOrganization(members)?.organization,
                                          people: members, cost: cost, pinned: true))
        }
        return assignments
    }

    /// A plan that contains only the input's pinned assignments (to check pins on their own).
    ///
    /// Each pin's people fill the need's positions in order (the first `team[0].count` people
    /// position 0, and so on); `end` is `start` + `durationMinutes`, `organization` follows the
    /// lead rule and `cost` is the sum of the pair costs. Unknown ids never crash: an unknown
    /// person gets the role `volunteer`, members of an unknown need position 0. Check it with
    /// `violations(assignments:reportedParts: nil, checkRequired: false)`.
    public static func pinnedOnlyPlan(_ input: PlanningInput) -> Plan {
        let index = CheckerIndex(input)
        let assignments = pinnedAssignments(input, index: index)
        let parts = PlanChecker(input: input).objectiveParts(of: assignments)
        let objective = parts.value - parts.cost - parts.fairness
        let served = Set(assignments.map(\.need)).filter { index.needIndex[$0] != nil }
        var byUrgency: [Urgency: Int] = [:]
        for id in served { if let n = index.need(id) { byUrgency[n.urgency, default: 0] += 1 } }
        let solver = SolverReport(backend: .auto, seconds: 0, objective: objective, bound: objective, gap: 0,
                                  objectiveParts: parts, variables: 0, constraints: 0, termination: .noModel,
                                  timeLimitSeconds: 0, seed: 0)
        let summary = PlanSummary(needs: input.needs.count, served: served.count,
                                  unserved: max(0, input.needs.count - served.count), servedByUrgency: byUrgency,
                                  peopleUsed: Set(assignments.flatMap { $0.people.map(\.person) }).count)
        return Plan(status: .feasible, solver: solver, summary: summary, assignments: assignments,
                    unserved: [], orders: [], people: [], warnings: [])
    }
}

/// One broken rule.
public struct PlanViolation: Sendable, Hashable, Encodable {
    /// The hard rules, in the order violations of one assignment are reported.
    public enum Rule: String, Sendable, Hashable, Codable, CaseIterable {
        /// The assignment names a need the input does not have.
        case unknownNeed
        /// A need is served by more than one assignment.
        case duplicateNeed
        /// A member names a person the input does not have.
        case unknownPerson
        /// One person is listed twice in one assignment.
        case samePersonTwice
        /// Some team position does not have exactly `count` members.
        case teamSize
        /// A member's position is out of range, or members are not in position order.
        case position
        /// A member's `role` is not the person's own role.
        case memberRole
        /// The person's role is not admitted by the position.
        case role
        /// The person lacks one of the position's skills.
        case skills
        /// The person's level is below the position's `minLevel` (or the person has none).
        case level
        /// A risky need is served by an uninsured person.
        case insurance
        /// The person is in the need's `excluded` list.
        case excluded
        /// The person, or the person's organization, declined the need.
        case declined
        /// The person's organization serves only other communities.
        case communityNotServed
        /// An unscheduled need's assignment gives `day`, `start` or `end`.
        case unscheduledTime
        /// A scheduled need's assignment lacks `day` or `start`.
        case missingTime
        /// The start is not on a slot boundary.
        case slot
        /// `end` is not `start` + `durationMinutes`.
        case duration
        /// The service does not lie inside one of the need's windows.
        case window
        /// A member is not available for the service.
        case availability
        /// A person serves two overlapping scheduled assignments.
        case overlap
        /// A person's minutes (service plus extra) exceed `maxMinutes`.
        case maxMinutes
        /// A person's assignments exceed `maxAssignments`.
        case maxAssignments
        /// The assignment's `organization` is not its lead's organization.
        case organization
        /// An organization receives more orders than its `maxOrders`.
        case maxOrders
        /// The assignment's `cost` is not the sum of its members' pair costs.
        case cost
        /// A pinned assignment is missing or not kept exactly.
        case pinned
        /// A `required` need is not served.
        case required
        /// The reported objective parts differ from the recomputed ones.
        case report
    }
    public var rule: Rule
    public var need: String?
    public var person: String?
    /// JSON Pointer into the plan, when the violation is located in one assignment.
    public var path: String?
    public var message: String
    public init(rule: Rule, need: String? = nil, person: String? = nil, path: String? = nil, message: String) {
        self.rule = rule; self.need = need; self.person = person; self.path = path; self.message = message
    }
    enum CodingKeys: String, CodingKey { case rule, need, person, path, message }
}
