/// The state of one week's dispatch (派单—接单), carried by every plan that `replan` writes (the
/// plan's `dispatch` member) and kept by the store: which round this plan is, and every response
/// of every earlier round, in order. Accepted orders are the plan's `pinned` assignments; the
/// events say who accepted, declined or withdrew what, and when, so that a later round can hold
/// each decline without the user repeating it.
public struct DispatchRecord: Sendable, Hashable, Encodable {
    /// The round this plan dispatches: 1 for the first plan of the week, 2 after the first
    /// responses, and so on.
    public var round: Int
    /// Every response of the earlier rounds, in the order they were given.
    public var events: [DispatchEvent]

    public init(round: Int, events: [DispatchEvent]) { self.round = round; self.events = events }
    enum CodingKeys: String, CodingKey { case round, events }
}

/// One response to one dispatched order.
public struct DispatchEvent: Sendable, Hashable, Encodable {
    public enum Decision: String, Sendable, Hashable, Codable, CaseIterable {
        /// The organization took the order: it stays exactly as dispatched from now on.
        case accept
        /// The organization (or one person) refused the order: it goes elsewhere from now on.
        case decline
        /// An accepted order given back: released, and that organization (or person) forbidden.
        case withdraw
    }
    /// The round whose dispatch this answers.
    public var round: Int
    public var need: String
    /// The organization that received the order (absent for an order to no organization).
    public var organization: String?
    /// With `decline`/`withdraw`: only this person refused.
    public var person: String?
    public var decision: Decision

    public init(round: Int, need: String, organization: String?, person: String? = nil, decision: Decision) {
        self.round = round; self.need = need; self.organization = organization; self.person = person; self.decision = decision
    }
    enum CodingKeys: String, CodingKey { case round, need, organization, person, decision }

    /// The decline this event imposes on every later round (nil for an acceptance).
    var decline: Decline? {
        guard decision != .accept else { return nil }
        if let person { return Decline(need: need, person: person) }
        if let organization { return Decline(need: need, organization: organization) }
        return nil
    }
}
