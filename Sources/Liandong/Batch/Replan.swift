/// The accept/decline round (派单—接单): organizations' responses to a previous plan's orders.
public struct OrderResponses: Sendable, Hashable {
    public struct Response: Sendable, Hashable {
        public enum Decision: String, Sendable, Hashable, CaseIterable { case accept, decline }
        public var need: String
        public var organization: String?
        public var decision: Decision
        /// With `decline`: only this person declines (else the whole organization).
        public var person: String?
        public init(need: String, organization: String?, decision: Decision, person: String? = nil) {
            self.need = need; self.organization = organization; self.decision = decision; self.person = person
        }
    }
    public init(responses: [Response]) { self.responses = responses }
    public var responses: [Response]

    /// Reads `{"responses": [...]}`, reporting every problem with its path.
    public static func read(_ data: some Collection<UInt8>) throws(InvalidInput) -> OrderResponses {
        let value: JSONValue
        do { value = try JSONParser.parse(data).value } catch {
            throw InvalidInput([InputProblem(error)])
        }
        return try read(value)
    }

    public static func read(_ value: JSONValue) throws(InvalidInput) -> OrderResponses {
        var r = FieldReader()
        var out: [Response] = []
        if let o = r.object(value, .root, what: "a responses document") {
            r.checkKeys(o, .root, known: ["schema", "responses"])
            out = r.array(o, "responses", .root, required: true) { r, v, p -> Response? in
                guard let item = r.object(v, p, what: "a response") else { return nil }
                r.checkKeys(item, p, known: ["need", "organization", "decision", "person"])
                let need = r.string(item, "need", p, required: true, nonEmpty: true)
                let org = r.string(item, "organization", p, nonEmpty: true)
                let decision: Response.Decision? = r.enumValue(item, "decision", p, required: true)
                let person = r.string(item, "person", p, nonEmpty: true)
                guard let need, let decision else { return nil }
                return Response(need: need, organization: org, decision: decision, person: person)
            } ?? []
        }
        guard r.problems.isEmpty else { throw InvalidInput(r.problems) }
        return OrderResponses(responses: out)
    }
}

extension Commands {
    /// `replan`: one accept/decline round (see ``Round``): keep every accepted order exactly,
    /// hold every decline of the week, re-plan the rest preferring the previous plan's choices,
    /// and report per changed order what moved and why. No responses: the previous plan, kept.
    public static func replan(_ decoded: DecodedInput, previous: PlanDocument, responses: OrderResponses,
                              overrides: SettingsOverrides, progress: ProgressSink? = nil) -> CommandOutcome {
        let round: Round
        do { round = try Round(input: decoded.input, previous: previous, responses: responses) } catch {
            return .invalid(error, what: "responses document")
        }
        let merged: DecodedInput
        let kept: DecodedInput?
        do {
            merged = try round.validated()
            kept = round.keepsEverything ? try round.keepingEverything().validated() : nil
        } catch {
            return .invalid(error, what: "previous plan with the accepted orders")
        }
        let settings = Engine.settings(for: merged.input, overriding: overrides)
        do {
            var plan = try Engine.plan(kept ?? merged, settings: settings, previous: previous.assignments, progress: progress,
                                       startedAt: overrides.startedAt, searching: kept == nil)
            for i in plan.assignments.indices { plan.assignments[i].pinned = round.accepted.contains(plan.assignments[i].need) }
            plan.warnings = decoded.warnings + plan.warnings.filter { !decoded.warnings.contains($0) && !merged.warnings.contains($0) }
            plan.changes = PlanChanges(previous: previous.assignments, current: plan.assignments, events: round.record.events)
            plan.dispatch = round.record
            return CommandOutcome(status: plan.status == .infeasible ? .requiredUnserved : .ok, document: encode(plan), plan: plan, isError: false)
        } catch {
            return .error(.internalError, code: "internal", message: error.description)
        }
    }
}
