/// The parts of a `liandong-plan/v1` document that ``PlanChecker`` judges.
public struct PlanDocument: Sendable {
    /// The assignments, in document order.
    public var assignments: [Assignment]
    /// The reported `status`, when given.
    public var status: PlanStatus?
    /// The reported `solver.objectiveParts`, when given.
    public var objectiveParts: ObjectiveParts?
    /// The week's dispatch so far (`dispatch`, written by `replan`), when given.
    public var dispatch: DispatchRecord?

    public init(assignments: [Assignment], status: PlanStatus? = nil, objectiveParts: ObjectiveParts? = nil,
                dispatch: DispatchRecord? = nil) {
        self.assignments = assignments; self.status = status; self.objectiveParts = objectiveParts; self.dispatch = dispatch
    }
}

/// Reads a plan file (`liandong-plan/v1`) for `liandong check`, reporting every problem at once,
/// each with its JSON Pointer path (e.g. `/assignments/2/start`).
///
/// It reads `schema`, `status`, `solver.objectiveParts`, `assignments` and `dispatch`; other top-level
/// members (`summary`, `orders`, `people`, `unserved`, `warnings`, `changes`) and the solver's
/// other members are ignored, but an unknown member inside an assignment or a member is a problem.
///
/// ```swift
/// let document = try PlanReader.read(bytes)            // throws InvalidInput
/// let violations = PlanChecker(input: input).violations(of: document)
/// ```
public enum PlanReader {
    /// Plan files larger than this are refused before parsing (the input's limit).
    public static var maxBytes: Int { InputDecoder.maxBytes }

    /// Parses and reads `data`; throws ``InvalidInput`` listing every problem.
    public static func read(_ data: some Collection<UInt8>) throws(InvalidInput) -> PlanDocument {
        guard data.count <= maxBytes else {
            throw InvalidInput([InputProblem(.tooLarge, at: .root, "plan is \(data.count) bytes; the limit is \(maxBytes)")])
        }
        let parsed: (value: JSONValue, duplicateKeys: [JSONPointer])
        do {
            parsed = try JSONParser.parse(data)
        } catch {
            throw InvalidInput([InputProblem(error)])
        }
        let dupes = parsed.duplicateKeys.map { InputProblem(.invalidValue, at: $0, "member given twice in one object") }
        let document: PlanDocument
        do {
            document = try read(parsed.value)
        } catch {
            throw InvalidInput(dupes + error.problems)
        }
        if !dupes.isEmpty { throw InvalidInput(dupes) }
        return document
    }

    /// Reads an already parsed plan document.
    public static func read(_ value: JSONValue) throws(InvalidInput) -> PlanDocument {
        var r = FieldReader()
        let root = JSONPointer.root
        guard let o = r.object(value, root, what: "a liandong-plan/v1 document") else { throw InvalidInput(r.problems) }
        if let schema = r.string(o, "schema", root, required: true), schema != Plan.schemaName {
            r.fail(.invalidValue, root / "schema", "expected \"\(Plan.schemaName)\", found \"\(schema)\"")
        }
        var status: PlanStatus?
        if let s = r.string(o, "status", root) {
            status = PlanStatus(rawValue: s)
            if status == nil {
                r.fail(.invalidValue, root / "status", "'\(s)' is not one of 'optimal', 'feasible', 'infeasible'")
            }
        }
        var parts: ObjectiveParts?
        if let sv = o["solver"], sv != .null, let solver = r.object(sv, root / "solver", what: "the solver report"),
           let pv = solver["objectiveParts"], pv != .null,
           let po = r.object(pv, root / "solver" / "objectiveParts", what: "objective parts") {
            let pp = root / "solver" / "objectiveParts"
            let value = r.number(po, "value", pp, required: true)
            let cost = r.number(po, "cost", pp, required: true)
            let fairness = r.number(po, "fairness", pp, required: true)
            if let value, let cost, let fairness { parts = ObjectiveParts(value: value, cost: cost, fairness: fairness) }
        }
        let assignments = r.array(o, "assignments", root, required: true) { r, v, p in readAssignment(v, p, &r) }
        var dispatch: DispatchRecord?
        if let dv = o["dispatch"], dv != .null { dispatch = readDispatch(dv, root / "dispatch", &r) }
        guard r.problems.isEmpty, let assignments else { throw InvalidInput(r.problems) }
        return PlanDocument(assignments: assignments, status: status, objectiveParts: parts, dispatch: dispatch)
    }

    static let assignmentKeys = ["need", "day", "start", "end", "organization", "people", "cost", "pinned"]
    static let memberKeys = ["person", "role", "position"]

    private static func readAssignment(_ v: JSONValue, _ p: JSONPointer, _ r: inout FieldReader) -> Assignment? {
        guard let o = r.object(v, p, what: "an assignment") else { return nil }
        r.checkKeys(o, p, known: assignmentKeys)
        let need = r.string(o, "need", p, required: true, nonEmpty: true)
        let day = r.integer(o, "day", p, in: 0...Int.max, what: "day")
        let start = r.time(o, "start", p)
        let end = r.time(o, "end", p)
        let organization = r.string(o, "organization", p, nonEmpty: true)
        let people = r.array(o, "people", p, required: true) { r, v, mp -> Member? in
            guard let m = r.object(v, mp, what: "a team member") else { return nil }
            r.checkKeys(m, mp, known: memberKeys)
            let person = r.string(m, "person", mp, required: true, nonEmpty: true)
            let role: Role? = r.enumValue(m, "role", mp, required: true)
            let position = r.integer(m, "position", mp, required: true, in: 0...Int.max, what: "position")
            guard let person, let role, let position else { return nil }
            return Member(person: person, role: role, position: position)
        }
        let cost = r.number(o, "cost", p) ?? 0
        let pinned = r.bool(o, "pinned", p) ?? false
        guard let need, let people else { return nil }
        return Assignment(need: need, day: day, start: start, end: end, organization: organization,
                          people: people, cost: cost, pinned: pinned)
    }

    private static func readDispatch(_ v: JSONValue, _ p: JSONPointer, _ r: inout FieldReader) -> DispatchRecord? {
        guard let o = r.object(v, p, what: "the dispatch record") else { return nil }
        r.checkKeys(o, p, known: ["round", "events"])
        let round = r.integer(o, "round", p, required: true, in: 1...1_000_000, what: "round")
        let events = r.array(o, "events", p, required: true) { r, v, ep -> DispatchEvent? in
            guard let e = r.object(v, ep, what: "a dispatch event") else { return nil }
            r.checkKeys(e, ep, known: ["round", "need", "organization", "person", "decision"])
            let round = r.integer(e, "round", ep, required: true, in: 1...1_000_000, what: "round")
            let need = r.string(e, "need", ep, required: true, nonEmpty: true)
            let organization = r.string(e, "organization", ep, nonEmpty: true)
            let person = r.string(e, "person", ep, nonEmpty: true)
            let decision: DispatchEvent.Decision? = r.enumValue(e, "decision", ep, required: true)
            guard let round, let need, let decision else { return nil }
            return DispatchEvent(round: round, need: need, organization: organization, person: person, decision: decision)
        }
        guard let round, let events else { return nil }
        return DispatchRecord(round: round, events: events)
    }
}
