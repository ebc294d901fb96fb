/// The accept/decline round (派单—接单): organizations' responses to a previous plan's orders.
public struct OrderResponses: Sendable, Hashable {
    public struct Response: Sendable, Hashable {
        public enum Decision: String, Sendable, Hashable, CaseIterable { case accept, decline }
        public var need: String
        public var organization: String?
        public var decision: Decision
        /// With `decline`: only this person declines (else the whole organization).
        public var person: String?
    }
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
    /// `replan`: keep accepted orders exactly, forbid what was declined, re-plan the rest, and
    /// prefer the previous plan's choices where they still hold.
    public static func replan(_ decoded: DecodedInput, previous: PlanDocument, responses: OrderResponses,
                              overrides: SettingsOverrides, progress: ProgressSink? = nil) -> CommandOutcome {
        var input = decoded.input
        var problems: [InputProblem] = []
        let previousByNeed = Dictionary(previous.assignments.map { ($0.need, $0) }, uniquingKeysWith: { a, _ in a })
        let needs = Set(input.needs.map(\.id))
        let people = Set(input.people.map(\.id))
        let orgs = Set(input.organizations.map(\.id))
        var pinnedNeeds = Set(input.pinned.map(\.need))
        for (i, resp) in responses.responses.enumerated() {
            let path = JSONPointer.root / "responses" / i
            guard needs.contains(resp.need) else {
                problems.append(InputProblem(.unknownReference, at: path / "need", "no need has id '\(resp.need)'")); continue
            }
            if let org = resp.organization, !orgs.contains(org) {
                problems.append(InputProblem(.unknownReference, at: path / "organization", "no organization has id '\(org)'")); continue
            }
            if let p = resp.person, !people.contains(p) {
                problems.append(InputProblem(.unknownReference, at: path / "person", "no person has id '\(p)'")); continue
            }
            switch resp.decision {
            case .accept:
                guard let a = previousByNeed[resp.need] else {
                    problems.append(InputProblem(.invalidValue, at: path / "need", "need '\(resp.need)' has no order in the previous plan to accept")); continue
                }
                if a.organization != resp.organization {
                    problems.append(InputProblem(.invalidValue, at: path / "organization",
                                                 "the previous plan sent need '\(resp.need)' to \(a.organization.map { "'\($0)'" } ?? "no organization"), not to \(resp.organization.map { "'\($0)'" } ?? "no organization")"))
                    continue
                }
                if pinnedNeeds.insert(resp.need).inserted {
                    input.pinned.append(PinnedAssignment(need: a.need, people: a.people.map(\.person), day: a.day, start: a.start))
                }
            case .decline:
                if let p = resp.person {
                    input.declined.append(Decline(need: resp.need, person: p))
                } else if let org = resp.organization {
                    input.declined.append(Decline(need: resp.need, organization: org))
                } else {
                    problems.append(InputProblem(.missing, at: path / "organization", "a decline names the declining 'organization' (or 'person')"))
                }
            }
        }
        if !problems.isEmpty { return .invalid(InvalidInput(problems), what: "responses document") }
        // The merged input must still be valid (an accepted order may now break a rule).
        let merged: DecodedInput
        do { merged = try input.validated() } catch {
            return .invalid(error, what: "input with the accepted orders pinned")
        }
        let settings = Engine.settings(for: merged.input, overriding: overrides)
        do {
            var plan = try Engine.plan(merged, settings: settings, previous: previous.assignments, progress: progress, startedAt: overrides.startedAt)
            plan.warnings = decoded.warnings
            plan.changes = PlanChanges(previous: previous.assignments, current: plan.assignments)
            return CommandOutcome(status: plan.status == .infeasible ? .requiredUnserved : .ok, document: encode(plan), plan: plan, isError: false)
        } catch {
            return .error(.internalError, code: "internal", message: error.description)
        }
    }
}

extension PlanChanges {
    /// Compares two plans need by need: same people in the same order at the same time is "kept".
    public init(previous: [Assignment], current: [Assignment]) {
        func key(_ a: Assignment) -> [String] { [a.day.map(String.init) ?? "-", a.start?.description ?? "-"] + a.people.map(\.person) }
        let before = Dictionary(previous.map { ($0.need, key($0)) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(current.map { ($0.need, key($0)) }, uniquingKeysWith: { a, _ in a })
        let added = after.keys.filter { before[$0] == nil }.sorted()
        let removed = before.keys.filter { after[$0] == nil }.sorted()
        let modified = after.keys.filter { before[$0] != nil && before[$0] != after[$0] }.sorted()
        let kept = after.keys.filter { before[$0] == after[$0] }.count
        self.init(kept: kept, changed: added.count + removed.count + modified.count, added: added, removed: removed, modified: modified)
    }
}
