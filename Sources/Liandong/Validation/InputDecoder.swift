import Foundation

/// Reads a `liandong/v1` document into a ``PlanningInput``, reporting every problem at once.
///
/// ```swift
/// let input = try InputDecoder.decode(data)   // throws InvalidInput with all problems
/// ```
public enum InputDecoder {
    /// Inputs larger than this are refused before parsing (256 MiB).
    public static let maxBytes = 256 << 20
    /// Largest accepted list lengths (needs, people …), far above a city's week.
    public static let maxItems = 1_000_000
    /// Largest accepted |x| and |y| of a community's `location`, in km.
    public static let maxCoordinate = 100_000.0

    /// Parses and validates `data`; throws ``InvalidInput`` listing every problem.
    public static func decode(_ data: some Collection<UInt8>) throws(InvalidInput) -> DecodedInput {
        guard data.count <= maxBytes else {
            throw InvalidInput([InputProblem(.tooLarge, at: .root, "input is \(data.count) bytes; the limit is \(maxBytes)")])
        }
        let parsed: (value: JSONValue, duplicateKeys: [JSONPointer])
        do {
            parsed = try JSONParser.parse(data)
        } catch {
            throw InvalidInput([InputProblem(error)])
        }
        var dupes = parsed.duplicateKeys.map { InputProblem(.invalidValue, at: $0, "member given twice in one object") }
        do {
            let decoded = try decode(parsed.value)
            if dupes.isEmpty { return decoded }
        } catch {
            dupes.append(contentsOf: error.problems)
        }
        throw InvalidInput(dupes)
    }

    /// Validates an already parsed document.
    ///
    /// Three passes: this decoder reads the document's structure (members, types, enumerations)
    /// into a ``PlanningInput``; `ModelRules` then judges its values and `ReferenceChecker` its
    /// ids and references — the same two passes ``PlanningInput/validated()`` runs on a model built
    /// in code. A value problem inside a part already reported as malformed is not repeated.
    public static func decode(_ value: JSONValue) throws(InvalidInput) -> DecodedInput {
        var reader = FieldReader()
        var sources = SourceMap()
        guard var input = read(value, &reader, &sources) else { throw InvalidInput(reader.problems) }
        return try ModelRules.validate(&input, sources: sources, reader: reader)
    }

    // MARK: - Structure and local values

    static let topKeys = ["schema", "horizon", "communities", "organizations", "people", "needs", "pairs",
                          "pinned", "declined", "pastServices", "travel", "weights", "solver"]

    private static func read(_ value: JSONValue, _ r: inout FieldReader, _ sources: inout SourceMap) -> PlanningInput? {
        let root = JSONPointer.root
        guard let o = r.object(value, root, what: "a liandong/v1 document") else { return nil }
        r.checkKeys(o, root, known: topKeys)
        if let schema = r.string(o, "schema", root, required: true), schema != PlanningInput.schemaName {
            r.fail(.invalidValue, root / "schema", "expected \"\(PlanningInput.schemaName)\", found \"\(schema)\"")
        }
        // Days the document does not give (or not as a whole number) are 0: no day is checked
        // against a horizon the document did not state.
        var horizon = Horizon(days: 0)
        if let hv = o["horizon"] {
            if let h = r.object(hv, root / "horizon", what: "the horizon") {
                let p = root / "horizon"
                r.checkKeys(h, p, known: ["start", "days", "slotMinutes"])
                horizon.start = r.string(h, "start", p)
                if let days = r.integer(h, "days", p, required: true) { horizon.days = days }
                if let slot = r.integer(h, "slotMinutes", p) { horizon.slotMinutes = slot }
            }
        } else {
            r.fail(.missing, root / "horizon", "missing required member 'horizon'")
        }

        var input = PlanningInput(horizon: horizon)
        input.communities = topList(o, "communities", &r, &sources.communities) { readCommunity($0, $1, &$2) }
        input.organizations = topList(o, "organizations", &r, &sources.organizations) { readOrganization($0, $1, &$2) }
        input.people = topList(o, "people", &r, &sources.people) { readPerson($0, $1, &$2) }
        input.needs = topList(o, "needs", &r, &sources.needs) { readNeed($0, $1, &$2) }
        input.pairs = topList(o, "pairs", &r, &sources.pairs) { readPair($0, $1, &$2) }
        input.pinned = topList(o, "pinned", &r, &sources.pinned) { readPinned($0, $1, &$2) }
        input.declined = topList(o, "declined", &r, &sources.declined) { readDecline($0, $1, &$2) }
        input.pastServices = topList(o, "pastServices", &r, &sources.pastServices) { o, p, r -> ResidentService? in
            r.checkKeys(o, p, known: ["resident", "person", "services"])
            let resident = r.string(o, "resident", p, required: true, nonEmpty: true)
            let person = r.string(o, "person", p, required: true, nonEmpty: true)
            let services = r.integer(o, "services", p) ?? 1
            guard let resident, let person else { return nil }
            return ResidentService(resident: resident, person: person, services: services)
        }
        if let tv = o["travel"], tv != .null, let t = r.object(tv, root / "travel", what: "travel settings") {
            r.checkKeys(t, root / "travel", known: ["minutesPerKm"])
            if let f = r.number(t, "minutesPerKm", root / "travel", required: true) { input.travel = Travel(minutesPerKm: f) }
        }
        if let wv = o["weights"], wv != .null { input.weights = readWeights(wv, root / "weights", &r) }
        if let sv = o["solver"], sv != .null { input.solver = readSolver(sv, root / "solver", &r) }
        return input
    }

    private static func topList<T>(_ o: JSONObject, _ key: String, _ r: inout FieldReader, _ indices: inout [Int],
                                   _ element: (JSONObject, JSONPointer, inout FieldReader) -> T?) -> [T] {
        guard let v = o[key], v != .null else { return [] }
        let path = JSONPointer.root / key
        guard case .array(let items) = v else {
            r.fail(.type, path, "expected an array, found \(v.typeName)")
            return []
        }
        if items.count > maxItems {
            r.fail(.tooLarge, path, "\(items.count) items; the limit is \(maxItems)")
            return []
        }
        var out: [T] = []
        out.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            guard let obj = r.object(item, path / i, what: "an item of '\(key)'") else { continue }
            if let t = element(obj, path / i, &r) {
                out.append(t)
                indices.append(i)
            }
        }
        return out
    }

    static func isDate(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return false }
        let digits = [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy { u[$0] >= 0x30 && u[$0] <= 0x39 }
        guard digits, let y = Int(String(decoding: u[0...3], as: UTF8.self)),
              let m = Int(String(decoding: u[5...6], as: UTF8.self)), let d = Int(String(decoding: u[8...9], as: UTF8.self)),
              (1...12).contains(m) else { return false }
        // A real calendar date (Gregorian): 2026-02-31 is not one.
        let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return y >= 1 && (1...days).contains(d)
    }

    private static func readCommunity(_ o: JSONObject, _ p: JSONPointer, _ r: inout FieldReader) -> Community? {
        r.checkKeys(o, p, known: ["id", "name", "partyOrganization", "location"])
        let id = r.string(o, "id", p, required: true, nonEmpty: true)
        var c = Community(id: id ?? "", name: r.string(o, "name", p), partyOrganization: r.string(o, "partyOrganization", p, nonEmpty: true))
        if let lv = o["location"], lv != .null, let l = r.object(lv, p / "location", what: "a location") {
            r.checkKeys(l, p / "location", known: ["x", "y"])
            let x = r.number(l, "x", p / "location", required: true)
            let y = r.number(l, "y", p / "location", required: true)
            if let x, let y { c.location = Location(x: x, y: y) }
        }
        return id == nil ? nil : c
    }

    private static func readOrganization(_ o: JSONObject, _ p: JSONPointer, _ r: inout FieldReader) -> Organization? {
        r.checkKeys(o, p, known: ["id", "name", "kind", "maxOrders", "communities"])
        let id = r.string(o, "id", p, required: true, nonEmpty: true)
        let org = Organization(id: id ?? "", name: r.string(o, "name", p), kind: r.string(o, "kind", p),
                               maxOrders: r.integer(o, "maxOrders", p),
                               communities: r.strings(o, "communities", p))
        return id == nil ? nil : org
    }

    /// A list of windows; a malformed window keeps its place (as the whole day 0, already
    /// reported) so that the model's window k is the document's window k.
    private static func readWindows(_ o: JSONObject, _ key: String, _ p: JSONPointer, _ r: inout FieldReader) -> [DayWindow]? {
        r.array(o, key, p) { r, v, wp in
            let placeholder = DayWindow(day: 0, from: TimeOfDay(minutes: 0), to: TimeOfDay(minutes: 1440))
            guard let w = r.object(v, wp, what: "a time window") else { return placeholder }
            r.checkKeys(w, wp, known: ["day", "from", "to"])
            let day = r.integer(w, "day", wp, required: true)
            let from = r.time(w, "from", wp, required: true)
            let to = r.time(w, "to", wp, required: true)
            guard let day, let from, let to else { return placeholder }
            return DayWindow(day: day, from: from, to: to)
        }
    }

    private static func readPerson(_ o: JSONObject, _ p: JSONPointer, _ r: inout FieldReader) -> Person? {
        r.checkKeys(o, p, known: ["id", "name", "role", "level", "organization", "skills", "availability", "maxMinutes",
                                  "maxAssignments", "home", "insured", "partyMember", "stars", "servedMinutesToDate"])
        let id = r.string(o, "id", p, required: true, nonEmpty: true)
        let role: Role? = r.enumValue(o, "role", p, required: true)
        let level: Level? = r.enumValue(o, "level", p)
        var person = Person(id: id ?? "", role: role ?? .volunteer)
        person.name = r.string(o, "name", p)
        person.level = level
        person.organization = r.string(o, "organization", p, nonEmpty: true)
        person.skills = r.strings(o, "skills", p) ?? []
        person.availability = readWindows(o, "availability", p, &r)
        person.maxMinutes = r.integer(o, "maxMinutes", p)
        person.maxAssignments = r.integer(o, "maxAssignments", p)
        person.home = r.string(o, "home", p, nonEmpty: true)
        person.insured = r.bool(o, "insured", p) ?? false
        person.partyMember = r.bool(o, "partyMember", p) ?? false
        person.stars = r.number(o, "stars", p)
        person.servedMinutesToDate = r.integer(o, "servedMinutesToDate", p)
        guard let id, role != nil else { return nil }
        person.id = id
        return person
    }

    private static func readNeed(_ o: JSONObject, _ p: JSONPointer, _ r: inout FieldReader) -> Need? {
        r.checkKeys(o, p, known: ["id", "community", "resident", "title", "category", "urgency", "groups", "team",
                                  "durationMinutes", "windows", "risky", "required", "preferred", "excluded", "partyMembers"])
        let id = r.string(o, "id", p, required: true, nonEmpty: true)
        var need = Need(id: id ?? "")
        need.community = r.string(o, "community", p, nonEmpty: true)
        need.resident = r.string(o, "resident", p)
        need.title = r.string(o, "title", p)
        need.category = r.string(o, "category", p)
        need.urgency = r.enumValue(o, "urgency", p) ?? .normal
        need.groups = r.strings(o, "groups", p) ?? []
        // A malformed position keeps its place (one person of any role, already reported).
        if let team = r.array(o, "team", p, element: { r, v, tp -> TeamPosition? in
            guard let t = r.object(v, tp, what: "a team position") else { return TeamPosition() }
            r.checkKeys(t, tp, known: ["role", "count", "skills", "minLevel"])
            var pos = TeamPosition()
            pos.role = r.enumValue(t, "role", tp) ?? .any
            pos.count = r.integer(t, "count", tp) ?? 1
            pos.skills = r.strings(t, "skills", tp) ?? []
            pos.minLevel = r.enumValue(t, "minLevel", tp)
            return pos
        }) {
            need.team = team
        }
        need.windows = readWindows(o, "windows", p, &r)
        if let d = r.integer(o, "durationMinutes", p) { need.durationMinutes = d }
        need.risky = r.bool(o, "risky", p) ?? false
        need.required = r.bool(o, "required", p) ?? false
        need.preferred = r.strings(o, "preferred", p) ?? []
        need.excluded = r.strings(o, "excluded", p) ?? []
        need.partyMembers = r.bool(o, "partyMembers", p) ?? false
        guard let id else { return nil }
        need.id = id
        return need
    }

    private static func readPair(_ o: JSONObject, _ p: JSONPointer, _ r: inout FieldReader) -> Pair? {
        r.checkKeys(o, p, known: ["need", "person", "cost", "extraMinutes"])
        let need = r.string(o, "need", p, required: true, nonEmpty: true)
        let person = r.string(o, "person", p, required: true, nonEmpty: true)
        let cost = r.number(o, "cost", p) ?? 0
        let extra = r.integer(o, "extraMinutes", p) ?? 0
        guard let need, let person else { return nil }
        return Pair(need: need, person: person, cost: cost, extraMinutes: extra)
    }

    private static func readPinned(_ o: JSONObject, _ p: JSONPointer, _ r: inout FieldReader) -> PinnedAssignment? {
        r.checkKeys(o, p, known: ["need", "people", "day", "start"])
        let need = r.string(o, "need", p, required: true, nonEmpty: true)
        let people = r.array(o, "people", p, required: true) { r, v, pp -> String? in
            guard case .string(let s) = v else { r.fail(.type, pp, "expected a person id, found \(v.typeName)"); return nil }
            if s.isEmpty { r.fail(.invalidValue, pp, "must not be empty"); return nil }
            return s
        }
        let day = r.integer(o, "day", p)
        let start = r.time(o, "start", p)
        guard let need, let people else { return nil }
        return PinnedAssignment(need: need, people: people, day: day, start: start)
    }

    private static func readDecline(_ o: JSONObject, _ p: JSONPointer, _ r: inout FieldReader) -> Decline? {
        r.checkKeys(o, p, known: ["need", "person", "organization"])
        let need = r.string(o, "need", p, required: true, nonEmpty: true)
        let person = r.string(o, "person", p, nonEmpty: true)
        let org = r.string(o, "organization", p, nonEmpty: true)
        guard let need else { return nil }
        return Decline(need: need, person: person, organization: org)
    }

    private static func readWeights(_ v: JSONValue, _ p: JSONPointer, _ r: inout FieldReader) -> Weights {
        var w = Weights.defaults
        guard let o = r.object(v, p, what: "weights") else { return w }
        r.checkKeys(o, p, known: ["urgency", "groups", "preferred", "cost", "fairness", "continuity", "partyMember", "history"])
        func table(_ key: String, known: [String]?) -> [String: Double] {
            guard let tv = o[key], tv != .null, let t = r.object(tv, p / key, what: "a table of weights") else { return [:] }
            var out: [String: Double] = [:]
            for (k, value) in t.members {
                if let known, !known.contains(k) {
                    r.fail(.unknownField, p / key / k, "unknown urgency '\(k)' (one of \(known.joined(separator: ", ")))")
                    continue
                }
                guard case .number(let d) = value else { r.fail(.type, p / key / k, "expected a number, found \(value.typeName)"); continue }
                out[k] = d
            }
            return out
        }
        w.urgency.merge(table("urgency", known: Urgency.allCases.map(\.rawValue))) { $1 }
        w.groups.merge(table("groups", known: nil)) { $1 }
        if let x = r.number(o, "preferred", p) { w.preferred = x }
        if let x = r.number(o, "cost", p) { w.cost = x }
        if let x = r.number(o, "fairness", p) { w.fairness = x }
        if let x = r.number(o, "continuity", p) { w.continuity = x }
        if let x = r.number(o, "partyMember", p) { w.partyMember = x }
        if let x = r.number(o, "history", p) { w.history = x }
        return w
    }

    private static func readSolver(_ v: JSONValue, _ p: JSONPointer, _ r: inout FieldReader) -> SolverSettings? {
        guard let o = r.object(v, p, what: "solver settings") else { return nil }
        r.checkKeys(o, p, known: ["backend", "timeLimitSeconds", "mipGap", "seed"])
        var s = SolverSettings()
        if let b: Backend = r.enumValue(o, "backend", p) { s.backend = b }
        if let t = r.number(o, "timeLimitSeconds", p) { s.timeLimitSeconds = t }
        if let g = r.number(o, "mipGap", p) { s.mipGap = g }
        if let seed = r.integer(o, "seed", p) { s.seed = seed }
        return s
    }
}

/// A validated input and the warnings found on the way.
public struct DecodedInput: Sendable {
    public var input: PlanningInput
    public var warnings: [InputWarning]
}

/// For each top-level list, the JSON index of each item kept in the model.
struct SourceMap {
    var communities: [Int] = []
    var organizations: [Int] = []
    var people: [Int] = []
    var needs: [Int] = []
    var pairs: [Int] = []
    var pinned: [Int] = []
    var declined: [Int] = []
    var pastServices: [Int] = []

    /// Each item at its own index: for a model that did not come from a document.
    init(identity input: PlanningInput) {
        communities = Array(input.communities.indices); organizations = Array(input.organizations.indices)
        people = Array(input.people.indices); needs = Array(input.needs.indices); pairs = Array(input.pairs.indices)
        pinned = Array(input.pinned.indices); declined = Array(input.declined.indices); pastServices = Array(input.pastServices.indices)
    }

    init() {}
}
