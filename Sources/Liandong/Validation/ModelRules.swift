/// The value rules of `liandong/v1` over the model — ranges, windows inside the horizon and on
/// slot boundaries, members that go together, weights and solver settings within their documented
/// ranges — and the one normalisation the model needs (the Chinese labels of skills and groups
/// read as their ids). Written once: the JSON decoder runs it after reading a document's
/// structure, ``PlanningInput/validated()`` runs it on a model built in code; the ids and
/// references are then the `ReferenceChecker`'s.
///
/// Paths are those of the document the model came from (``SourceMap``), or, for a model built in
/// code, those of the document it encodes to.
struct ModelRules {
    let sources: SourceMap
    var problems: [InputProblem] = []
    var warnings: [InputWarning] = []

    init(sources: SourceMap) { self.sources = sources }

    /// The two passes over the model, in order — the value rules, then ids, references and pins
    /// — after whatever `reader` already found (a document's structure): a value problem inside
    /// (or around) a part already reported as malformed is not repeated. The one sequence the
    /// decoder and ``PlanningInput/validated()`` both run.
    static func validate(_ input: inout PlanningInput, sources: SourceMap, reader: FieldReader) throws(InvalidInput) -> DecodedInput {
        var reader = reader
        let malformed = reader.problems.map(\.path)
        var rules = ModelRules(sources: sources)
        rules.run(&input)
        reader.problems += rules.problems.filter { p in !malformed.contains { $0.isRelated(to: p.path) } }
        reader.warnings += rules.warnings
        var checker = ReferenceChecker(input: input, sources: sources, reader: reader)
        checker.run()
        guard checker.reader.problems.isEmpty else { throw InvalidInput(checker.reader.problems) }
        return DecodedInput(input: input, warnings: checker.reader.warnings.sorted { $0.path < $1.path })
    }

    private mutating func fail(_ code: InputProblem.Code, _ path: JSONPointer, _ message: String) {
        problems.append(InputProblem(code, at: path, message))
    }

    private func path(_ list: String, _ i: Int, _ map: [Int]) -> JSONPointer { .root / list / map[i] }

    /// `value` within `range`, in the words the field reader uses for every whole number.
    private mutating func within(_ value: Int?, _ range: ClosedRange<Int>, _ path: JSONPointer, _ what: String) {
        guard let value, !range.contains(value) else { return }
        fail(.invalidValue, path, FieldReader.outOfRange(what, range, value))
    }

    /// A day of the horizon (when the horizon can be relied on).
    private mutating func day(_ day: Int, _ path: JSONPointer, _ horizon: Horizon?) {
        within(day, 0...Int.max, path, "day")
        if let horizon, day >= horizon.days {
            fail(.invalidValue, path, "day \(day) is outside the horizon (days 0–\(horizon.days - 1))")
        }
    }

    private mutating func identifier(_ id: String, _ path: JSONPointer) {
        if id.isEmpty { fail(.invalidValue, path, "must not be empty") }
        else if !FieldReader.isNFC(id) { fail(.invalidValue, path, FieldReader.nfcMessage(id)) }
    }

    /// Normalises `input` and records every problem and warning of its values.
    mutating func run(_ input: inout PlanningInput) {
        Self.normalizeVocabulary(&input)
        let horizon = checkHorizon(input.horizon)
        for (i, c) in input.communities.enumerated() {
            let p = path("communities", i, sources.communities)
            identifier(c.id, p / "id")
            if let l = c.location {
                // Far enough for any map, near enough that travel minutes stay whole numbers.
                for (key, value) in [("x", l.x), ("y", l.y)] where !(abs(value) <= InputDecoder.maxCoordinate) {
                    fail(.invalidValue, p / "location" / key, "\(key) must be between -\(Int(InputDecoder.maxCoordinate)) and \(Int(InputDecoder.maxCoordinate)) (km)")
                }
            }
        }
        for (i, o) in input.organizations.enumerated() {
            let p = path("organizations", i, sources.organizations)
            identifier(o.id, p / "id")
            within(o.maxOrders, 0...Int.max, p / "maxOrders", "maxOrders")
        }
        for (i, person) in input.people.enumerated() {
            let p = path("people", i, sources.people)
            identifier(person.id, p / "id")
            if person.role == .socialWorker && person.level == nil {
                fail(.missing, p / "level", "a social worker needs a 'level' (assistant, intermediate or senior)")
            }
            checkWindows(person.availability, p / "availability", horizon, slotStarts: false)
            within(person.maxMinutes, 0...Int.max, p / "maxMinutes", "maxMinutes")
            within(person.maxAssignments, 0...Int.max, p / "maxAssignments", "maxAssignments")
            within(person.servedMinutesToDate, 0...Int.max, p / "servedMinutesToDate", "servedMinutesToDate")
        }
        for (i, need) in input.needs.enumerated() { checkNeed(need, path("needs", i, sources.needs), horizon) }
        for (i, pair) in input.pairs.enumerated() {
            let p = path("pairs", i, sources.pairs)
            if !(abs(pair.cost) <= 1e12) { fail(.invalidValue, p / "cost", "cost is out of range") }
            within(pair.extraMinutes, 0...1_000_000, p / "extraMinutes", "extraMinutes")
        }
        for (i, pin) in input.pinned.enumerated() { checkPin(pin, path("pinned", i, sources.pinned), horizon) }
        for (i, d) in input.declined.enumerated() {
            let p = path("declined", i, sources.declined)
            if d.person == nil && d.organization == nil {
                fail(.missing, p / "person", "a decline names a 'person' or an 'organization'")
            } else if d.person != nil && d.organization != nil {
                fail(.invalidValue, p, "a decline names a 'person' or an 'organization', not both")
            }
        }
        for (i, past) in input.pastServices.enumerated() {
            within(past.services, 1...1_000_000, path("pastServices", i, sources.pastServices) / "services", "services")
        }
        if let t = input.travel, !(t.minutesPerKm >= 0 && t.minutesPerKm <= 10_000) {
            fail(.invalidValue, .root / "travel" / "minutesPerKm", "minutesPerKm must be between 0 and 10000")
        }
        checkWeights(input.weights, .root / "weights")
        if let s = input.solver { checkSolver(s, .root / "solver") }
    }

    /// Skills, categories and groups given by their Chinese labels (助老, 低保 …) read as their ids.
    static func normalizeVocabulary(_ input: inout PlanningInput) {
        for i in input.people.indices { input.people[i].skills = input.people[i].skills.map(Vocabulary.skillID) }
        for i in input.needs.indices {
            input.needs[i].category = input.needs[i].category.map(Vocabulary.skillID)
            input.needs[i].groups = input.needs[i].groups.map(Vocabulary.groupID)
            for k in input.needs[i].team.indices {
                input.needs[i].team[k].skills = input.needs[i].team[k].skills.map(Vocabulary.skillID)
            }
        }
        if input.weights.groups.keys.contains(where: { Vocabulary.groupID($0) != $0 }) {
            // A label's weight replaces its id's (the id's may be only the default).
            var groups = input.weights.groups.filter { Vocabulary.groupID($0.key) == $0.key }
            for (k, v) in input.weights.groups where Vocabulary.groupID(k) != k { groups[Vocabulary.groupID(k)] = v }
            input.weights.groups = groups
        }
    }

    /// The horizon's problems; the horizon when its days and slots can be relied on for the rest.
    private mutating func checkHorizon(_ h: Horizon) -> Horizon? {
        let p = JSONPointer.root / "horizon"
        if let s = h.start, !InputDecoder.isDate(s) { fail(.invalidValue, p / "start", "'\(s)' is not a date YYYY-MM-DD") }
        within(h.days, 1...366, p / "days", "days")
        within(h.slotMinutes, 1...1440, p / "slotMinutes", "slotMinutes")
        if (1...1440).contains(h.slotMinutes), 1440 % h.slotMinutes != 0 {
            fail(.invalidValue, p / "slotMinutes", "slotMinutes must divide a day (1440 minutes), found \(h.slotMinutes)")
        }
        let daysOK = (1...366).contains(h.days)
        let slotOK = (1...1440).contains(h.slotMinutes) && 1440 % h.slotMinutes == 0
        return daysOK && slotOK ? h : nil
    }

    private mutating func checkWindows(_ windows: [DayWindow]?, _ p: JSONPointer, _ horizon: Horizon?, slotStarts: Bool) {
        for (k, w) in (windows ?? []).enumerated() {
            let wp = p / k
            day(w.day, wp / "day", horizon)
            if w.to <= w.from { fail(.invalidValue, wp / "to", "window ends (\(w.to)) before or when it starts (\(w.from))") }
            if slotStarts, let horizon, w.from.minutes % horizon.slotMinutes != 0 {
                fail(.invalidValue, wp / "from", "\(w.from) is not on a \(horizon.slotMinutes)-minute slot boundary")
            }
        }
    }

    private mutating func checkNeed(_ need: Need, _ p: JSONPointer, _ horizon: Horizon?) {
        identifier(need.id, p / "id")
        if need.team.isEmpty {
            fail(.invalidValue, p / "team", "a team needs at least one position (omit 'team' for one person of any role)")
        }
        for (k, position) in need.team.enumerated() { within(position.count, 1...1000, p / "team" / k / "count", "count") }
        if let windows = need.windows, windows.isEmpty {
            fail(.invalidValue, p / "windows", "'windows' must not be empty (omit it for an unscheduled need)")
        }
        checkWindows(need.windows, p / "windows", horizon, slotStarts: true)
        within(need.durationMinutes, (need.isScheduled ? 1 : 0)...((horizon?.days ?? 366) * 1440), p / "durationMinutes", "durationMinutes")
        if let horizon, let windows = need.windows, need.durationMinutes > 0 {
            for (i, w) in windows.enumerated() {
                let firstStart = (w.from.minutes + horizon.slotMinutes - 1) / horizon.slotMinutes * horizon.slotMinutes
                if w.to > w.from, firstStart + need.durationMinutes > w.to.minutes {
                    warnings.append(InputWarning(path: p / "windows" / i, message: "no \(need.durationMinutes)-minute service starting on a slot boundary fits in this window"))
                }
            }
        }
    }

    private mutating func checkPin(_ pin: PinnedAssignment, _ p: JSONPointer, _ horizon: Horizon?) {
        if pin.people.isEmpty { fail(.invalidValue, p / "people", "a pinned assignment names at least one person") }
        for (k, id) in pin.people.enumerated() { identifier(id, p / "people" / k) }
        if let d = pin.day { day(d, p / "day", horizon) }
        if let start = pin.start, let horizon, start.minutes % horizon.slotMinutes != 0 {
            fail(.invalidValue, p / "start", "\(start) is not on a \(horizon.slotMinutes)-minute slot boundary")
        }
        if (pin.day == nil) != (pin.start == nil) {
            fail(.missing, p / (pin.day == nil ? "day" : "start"), "'day' and 'start' go together")
        }
    }

    /// The documented finite ranges of the weights: a weight beyond them would let one term drown
    /// every other in floating point (and the bound with it).
    private mutating func checkWeights(_ w: Weights, _ p: JSONPointer) {
        let urgencies = Set(Urgency.allCases.map(\.rawValue))
        for k in w.urgency.keys.sorted() where !urgencies.contains(k) {
            fail(.unknownField, p / "urgency" / k, "unknown urgency '\(k)' (one of \(Urgency.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        for (table, values) in [("urgency", w.urgency), ("groups", w.groups)] {
            for (k, x) in values.sorted(by: { $0.key < $1.key }) where !(abs(x) <= 1e9) {
                fail(.invalidValue, p / table / k, "weight out of range (|w| ≤ 1e9)")
            }
        }
        for (key, x) in [("preferred", w.preferred), ("cost", w.cost)] where !(abs(x) <= 1e9) {
            fail(.invalidValue, p / key, "weight out of range (|w| ≤ 1e9)")
        }
        if w.fairness < 0 { fail(.invalidValue, p / "fairness", "fairness must not be negative") }
        else if !(w.fairness <= 1e9) { fail(.invalidValue, p / "fairness", "weight out of range (0 ≤ fairness ≤ 1e9)") }
        for (key, x) in [("continuity", w.continuity), ("partyMember", w.partyMember), ("history", w.history)] where !(x >= 0 && x <= 1e9) {
            fail(.invalidValue, p / key, "weight out of range (0 ≤ \(key) ≤ 1e9)")
        }
    }

    private mutating func checkSolver(_ s: SolverSettings, _ p: JSONPointer) {
        if let m = SolverSettings.problem(timeLimitSeconds: s.timeLimitSeconds) { fail(.invalidValue, p / "timeLimitSeconds", m) }
        if let m = SolverSettings.problem(mipGap: s.mipGap) { fail(.invalidValue, p / "mipGap", m) }
        within(s.seed, SolverSettings.seedRange, p / "seed", "seed")
    }
}
