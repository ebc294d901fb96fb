/// An independent verifier of a plan against every hard rule of its input.
///
/// It shares no logic with the formulation: it re-derives every rule from the input, so that a
/// bug in the integer program shows up here as a violation.
public struct PlanChecker: Sendable {
    public let input: PlanningInput

    public init(input: PlanningInput) { self.input = input }

    /// Every violation of a hard rule in `plan`, in a stable order.
    public func violations(of plan: Plan) -> [PlanViolation] {
        []  // TODO(checker): implemented separately
    }

    /// A plan that contains only the input's pinned assignments (to check pins on their own).
    public static func pinnedOnlyPlan(_ input: PlanningInput) -> Plan {
        fatalError("TODO(checker)")
    }
}

/// One broken rule.
public struct PlanViolation: Sendable, Hashable, Encodable {
    public enum Rule: String, Sendable, Hashable, Codable {
        case unknownNeed, duplicateNeed, unknownPerson, teamSize, position, role, skills, level, insurance,
             excluded, declined, communityNotServed, slot, window, availability, overlap, samePersonTwice,
             maxMinutes, maxAssignments, maxOrders, organization, pinned, required, unscheduledTime, cost, report
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
