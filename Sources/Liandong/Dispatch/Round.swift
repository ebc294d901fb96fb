/// One accept/decline round (派单—接单): the previous plan of the week, the organizations'
/// responses to its orders, and what the next plan must respect (the contract's rule 13).
///
/// - An order accepted in any round (a `pinned` assignment of the previous plan, or an `accept`
///   now) stays exactly as accepted: people, day, start and organization.
/// - A decline holds for every later round of the week: the previous plan's `dispatch.events`
///   carry every earlier one, so responses need not be repeated.
/// - A decline of an accepted order is a withdrawal: the order is released and re-planned without
///   that organization (or person), and the plan reports it.
/// - A response that does not match a dispatched order is an error with its path.
/// - No responses: nothing changes (``keepsEverything``).
public struct Round: Sendable {
    /// The input with every standing acceptance pinned and every decline of the week added.
    public private(set) var input: PlanningInput
    /// The previous plan's assignments (the next plan prefers them where they still hold).
    public let previous: [Assignment]
    /// The week's dispatch so far, this round's responses included; the next plan carries it.
    public let record: DispatchRecord
    /// Needs whose order stands accepted after this round (the next plan marks them `pinned`).
    public let accepted: Set<String>
    /// True when there were no responses: the next plan is the previous one, re-checked.
    public let keepsEverything: Bool
    /// Which pins of ``input`` stand for which of the previous plan's assignments (index), so that
    /// a problem with one is reported at the previous plan's path.
    private(set) var pinSources: [Int: Int]

    /// Applies `responses` to the previous plan. Throws every mismatch, each with its path in
    /// the responses document (`/responses/3/organization`).
    public init(input: PlanningInput, previous: PlanDocument, responses: OrderResponses) throws(InvalidInput) {
        var problems: [InputProblem] = []
        let answered = (previous.dispatch?.round ?? 1)
        let byNeed = Dictionary(previous.assignments.enumerated().map { ($1.need, $0) }, uniquingKeysWith: { a, _ in a })
        let needs = Set(input.needs.map(\.id))
        let organizations = Set(input.organizations.map(\.id))
        var events = previous.dispatch?.events ?? []
        var accepted = Set(previous.assignments.filter(\.pinned).map(\.need))
        var withdrawn = Set<String>()
        var seen: [String: (index: Int, decision: OrderResponses.Response.Decision, person: String?)] = [:]
        func name(_ org: String?) -> String { org.map { "'\($0)'" } ?? "no organization" }

        for (i, response) in responses.responses.enumerated() {
            let path = JSONPointer.root / "responses" / i
            guard needs.contains(response.need) else {
                problems.append(InputProblem(.unknownReference, at: path / "need", "no need has id '\(response.need)'")); continue
            }
            guard let index = byNeed[response.need] else {
                problems.append(InputProblem(.invalidValue, at: path / "need",
                    "need '\(response.need)' was not dispatched in round \(answered): the previous plan has no order for it")); continue
            }
            let order = previous.assignments[index]
            if let org = response.organization, !organizations.contains(org) {
                problems.append(InputProblem(.unknownReference, at: path / "organization", "no organization has id '\(org)'")); continue
            }
            if response.organization != order.organization && (response.organization != nil || response.person == nil) {
                problems.append(InputProblem(.invalidValue, at: path / "organization",
                    "round \(answered) sent need '\(response.need)' to \(name(order.organization)), not to \(name(response.organization))")); continue
            }
            if let person = response.person, !order.people.contains(where: { $0.person == person }) {
                problems.append(InputProblem(.invalidValue, at: path / "person",
                    "'\(person)' is not on the team of need '\(response.need)' in round \(answered)")); continue
            }
            if response.decision == .accept && response.person != nil {
                problems.append(InputProblem(.invalidValue, at: path / "person",
                    "an organization accepts a whole order: 'person' goes with 'decline' only")); continue
            }
            if let other = seen[response.need],
               other.decision != response.decision || response.decision == .accept || other.person == nil || response.person == nil || other.person == response.person {
                problems.append(InputProblem(.invalidValue, at: path / "need",
                    "need '\(response.need)' is answered twice (also at /responses/\(other.index))")); continue
            }
            if response.decision == .decline && response.person == nil && order.organization == nil {
                problems.append(InputProblem(.missing, at: path / "person",
                    "need '\(response.need)' went to no organization: a decline names the declining 'person'")); continue
            }
            seen[response.need] = (i, response.decision, response.person)
            switch response.decision {
            case .accept:
                events.append(DispatchEvent(round: answered, need: order.need, organization: order.organization, decision: .accept))
                accepted.insert(order.need)
            case .decline:
                let withdrawal = accepted.contains(order.need) || withdrawn.contains(order.need)
                events.append(DispatchEvent(round: answered, need: order.need, organization: order.organization,
                                            person: response.person, decision: withdrawal ? .withdraw : .decline))
                if withdrawal { accepted.remove(order.need); withdrawn.insert(order.need) }
            }
        }
        guard problems.isEmpty else { throw InvalidInput(problems) }

        var merged = input
        // A withdrawn order that the input itself pinned is released too — in this round and every
        // later one (the events carry the earlier rounds' withdrawals).
        let released = Set(events.filter { $0.decision == .withdraw }.map(\.need))
        merged.pinned.removeAll { released.contains($0.need) }
        let inputPins = Set(merged.pinned.map(\.need))
        var sources: [Int: Int] = [:]
        for need in accepted.sorted() where !inputPins.contains(need) {
            let index = byNeed[need]!
            let a = previous.assignments[index]
            sources[merged.pinned.count] = index
            merged.pinned.append(PinnedAssignment(need: a.need, people: a.people.map(\.person), day: a.day, start: a.start))
        }
        var declines = Set(merged.declined)
        for event in events {
            if let d = event.decline, declines.insert(d).inserted { merged.declined.append(d) }
        }
        self.input = merged
        self.previous = previous.assignments
        self.record = DispatchRecord(round: answered + 1, events: events)
        self.accepted = accepted
        self.keepsEverything = responses.responses.isEmpty
        self.pinSources = sources
    }

    /// With no responses, the round keeps the previous plan exactly: this round with every previous
    /// assignment pinned (the plan marks only the accepted ones `pinned`).
    public func keepingEverything() -> Round {
        var copy = self
        let pinned = Set(input.pinned.map(\.need))
        for (index, a) in previous.enumerated() where !pinned.contains(a.need) {
            copy.pinSources[copy.input.pinned.count] = index
            copy.input.pinned.append(PinnedAssignment(need: a.need, people: a.people.map(\.person), day: a.day, start: a.start))
        }
        return copy
    }

    /// The round's input, validated over the model (the base input was validated when it was
    /// read; the round adds pins and declines made from validated documents): ids, references and
    /// the pins' hard rules, by the same `ReferenceChecker` the decoder runs — no JSON round trip.
    /// An acceptance that breaks a rule of the input (the input changed since that plan) is
    /// reported at the previous plan's assignment.
    public func validated() throws(InvalidInput) -> DecodedInput {
        var checker = ReferenceChecker(input: input, sources: SourceMap(identity: input), reader: FieldReader())
        checker.run()
        if checker.reader.problems.isEmpty {
            return DecodedInput(input: input, warnings: checker.reader.warnings.sorted { $0.path < $1.path })
        }
        throw InvalidInput(checker.reader.problems.map { problem in
            let t = problem.path.tokens
            guard t.count >= 2, t[0] == "pinned", let i = Int(t[1]), let index = pinSources[i] else { return problem }
            let path = JSONPointer(["previous", "assignments", String(index)] + t.dropFirst(2))
            return InputProblem(problem.code, at: path, "the accepted order for need '\(previous[index].need)': \(problem.message)")
        })
    }
}
