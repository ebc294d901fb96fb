import Liandong
/// A what-if scenario: the base input changed by adding, removing and patching.
///
/// ```json
/// { "schema": "liandong-scenario/v1", "name": "20 more volunteers",
///   "add": { "people": [ … ] }, "remove": { "organizations": ["huiguang"] }, "patch": { "travel": null } }
/// ```
/// `remove` takes ids per list; removing an organization also removes its people.
/// `patch` is a JSON Merge Patch (RFC 7396) applied last. A scenario file may instead be a
/// whole `liandong/v1` document.
public struct Scenario: Sendable {
    public var name: String
    public var document: JSONValue

    static let lists = ["communities", "organizations", "people", "needs", "pairs", "pinned", "declined"]

    /// Applies the scenario file `value` to `base`; problems carry paths in the scenario file.
    public static func apply(_ value: JSONValue, to base: JSONValue, defaultName: String) throws(InvalidInput) -> Scenario {
        if case .string(PlanningInput.schemaName)? = value["schema"] {
            return Scenario(name: defaultName, document: value)
        }
        var r = FieldReader()
        guard let o = r.object(value, .root, what: "a scenario"), case .object(var doc) = base else { throw InvalidInput(r.problems) }
        r.checkKeys(o, .root, known: ["schema", "name", "add", "remove", "edits", "patch"])
        if let s = r.string(o, "schema", .root), s != "liandong-scenario/v1" {
            r.fail(.invalidValue, .root / "schema", "expected \"liandong-scenario/v1\" (or a whole liandong/v1 document)")
        }
        let name = r.string(o, "name", .root) ?? defaultName
        if let add = o["add"], let a = r.object(add, .root / "add", what: "lists of items to add") {
            r.checkKeys(a, .root / "add", known: lists)
            for (key, items) in a.members {
                guard case .array(let new) = items else { r.fail(.type, .root / "add" / key, "expected an array"); continue }
                let old: [JSONValue] = if case .array(let x)? = doc[key] { x } else { [] }
                doc[key] = .array(old + new)
            }
        }
        if let remove = o["remove"], let rm = r.object(remove, .root / "remove", what: "lists of ids to remove") {
            r.checkKeys(rm, .root / "remove", known: ["communities", "organizations", "people", "needs"])
            for (key, ids) in rm.members {
                guard let list = r.strings(rm, key, .root / "remove") else { continue }
                let gone = Set(list)
                guard case .array(let items)? = doc[key] else { continue }
                for (i, id) in list.enumerated() where !items.contains(where: { $0["id"] == .string(id) }) {
                    r.fail(.unknownReference, .root / "remove" / key / i, "no item of '\(key)' has id '\(id)'")
                }
                doc[key] = .array(items.filter { if case .string(let id)? = $0["id"] { !gone.contains(id) } else { true } })
                if key == "organizations", case .array(let people)? = doc["people"] {
                    doc["people"] = .array(people.filter { if case .string(let org)? = $0["organization"] { !gone.contains(org) } else { true } })
                }
                _ = ids
            }
        }
        if let edits = o["edits"] {
            _ = r.array(o, "edits", .root) { r, v, p -> Bool? in
                guard let e = r.object(v, p, what: "an edit") else { return nil }
                r.checkKeys(e, p, known: ["organizationTakesNoOrders", "addVolunteers", "personAway", "weights"])
                if e.members.count != 1 { r.fail(.invalidValue, p, "an edit is one of organizationTakesNoOrders, addVolunteers, personAway, weights") }
                Scenario.edit(e, at: p, &doc, &r)
                return true
            }
            _ = edits
        }
        var result = JSONValue.object(doc)
        if let patch = o["patch"] { result = mergePatch(result, patch) }
        guard r.problems.isEmpty else { throw InvalidInput(r.problems) }
        return Scenario(name: name, document: result)
    }

    /// The simple edits planners say: an organization takes no orders (its `maxOrders` becomes
    /// 0), N more volunteers with some skills, a person away on some days, other weights.
    static func edit(_ e: JSONObject, at p: JSONPointer, _ doc: inout JSONObject, _ r: inout FieldReader) {
        func list(_ key: String) -> [JSONValue] { if case .array(let x)? = doc[key] { x } else { [] } }
        if let org = r.string(e, "organizationTakesNoOrders", p, nonEmpty: true) {
            var orgs = list("organizations")
            guard let i = orgs.firstIndex(where: { $0["id"] == .string(org) }), case .object(var o) = orgs[i] else {
                r.fail(.unknownReference, p / "organizationTakesNoOrders", "no organization has id '\(org)'"); return
            }
            o["maxOrders"] = .number(0)
            orgs[i] = .object(o)
            doc["organizations"] = .array(orgs)
        }
        if let av = e["addVolunteers"], let a = r.object(av, p / "addVolunteers", what: "volunteers to add") {
            let q = p / "addVolunteers"
            r.checkKeys(a, q, known: ["count", "skills", "availability", "organization", "home", "insured", "maxMinutes"])
            let count = r.integer(a, "count", q, required: true, in: 1...10_000, what: "count") ?? 0
            let skills = (r.strings(a, "skills", q) ?? []).map(Vocabulary.skillID)
            var people = list("people")
            let taken = Set(people.compactMap { if case .string(let id)? = $0["id"] { id } else { nil } })
            var n = 0, k = 0
            while n < count {
                k += 1
                let id = "extra-v\(k)"
                if taken.contains(id) { continue }
                var person = JSONObject([("id", .string(id)), ("name", .string("新增志愿者\(k)")), ("role", .string("volunteer")),
                                         ("skills", .array(skills.map(JSONValue.string))), ("insured", a["insured"] ?? .bool(true))])
                for key in ["availability", "organization", "home", "maxMinutes"] { if let v = a[key] { person[key] = v } }
                people.append(.object(person))
                n += 1
            }
            doc["people"] = .array(people)
        }
        if let pv = e["personAway"], let a = r.object(pv, p / "personAway", what: "a person away") {
            let q = p / "personAway"
            r.checkKeys(a, q, known: ["person", "days"])
            let person = r.string(a, "person", q, required: true, nonEmpty: true)
            let days = r.array(a, "days", q, required: true) { r, v, dp -> Int? in
                guard case .number(let d) = v, d == d.rounded(), d >= 0, d < 367 else { r.fail(.invalidValue, dp, "a day index"); return nil }
                return Int(d)
            } ?? []
            var people = list("people")
            guard let person, let i = people.firstIndex(where: { $0["id"] == .string(person) }), case .object(var o) = people[i] else {
                if let person { r.fail(.unknownReference, q / "person", "no person has id '\(person)'") }
                return
            }
            let away = Set(days)
            let horizonDays: Int = if case .number(let d)? = doc["horizon"]?["days"] { Int(d) } else { 7 }
            let windows: [JSONValue]
            if case .array(let ws)? = o["availability"] {
                windows = ws.filter { if case .number(let d)? = $0["day"] { !away.contains(Int(d)) } else { true } }
            } else {
                windows = (0..<horizonDays).filter { !away.contains($0) }.map { d in
                    .object(JSONObject([("day", .number(Double(d))), ("from", .string("00:00")), ("to", .string("24:00"))]))
                }
            }
            o["availability"] = .array(windows)
            people[i] = .object(o)
            doc["people"] = .array(people)
        }
        if let w = e["weights"] {
            doc["weights"] = mergePatch(doc["weights"] ?? .object(JSONObject()), w)
        }
    }

    /// RFC 7396.
    static func mergePatch(_ target: JSONValue, _ patch: JSONValue) -> JSONValue {
        guard case .object(let p) = patch else { return patch }
        var t: JSONObject = if case .object(let o) = target { o } else { JSONObject() }
        for (k, v) in p.members {
            if v == .null { t[k] = nil } else { t[k] = mergePatch(t[k] ?? .null, v) }
        }
        return .object(t)
    }
}

extension Commands {
    /// `compare`: solve the base and each scenario, and show what changes. The exit status
    /// describes the comparison: 0 when every plan was made (a scenario that leaves a required
    /// need unserved is reported in its `result.status`, not as the command's failure); 65 for an
    /// invalid input or scenario; 70 for an internal error.
    public static func compare(base: JSONValue, scenarios: [(name: String, value: JSONValue)], overrides: SettingsOverrides) -> CommandOutcome {
        switch comparison(base: base, scenarios: scenarios, overrides: overrides) {
        case .success(let c): return CommandOutcome(status: .ok, document: c.document, plan: nil, isError: false)
        case .failure(let outcome): return outcome.outcome
        }
    }

    /// The comparison itself, for the renderings (`--format table|csv|html`).
    ///
    /// `decodedBase`: the base already decoded (the command line reads names from it), so that a
    /// large week is not decoded twice in the time limit.
    public static func comparison(base: JSONValue, scenarios: [(name: String, value: JSONValue)],
                                  overrides: SettingsOverrides, decodedBase: DecodedInput? = nil) -> Result<Comparison, ComparisonFailure> {
        let started = overrides.startedAt ?? ContinuousClock.now
        let baseDecoded: DecodedInput
        if let decodedBase { baseDecoded = decodedBase } else {
            do { baseDecoded = try InputDecoder.decode(base) } catch { return .failure(ComparisonFailure(outcome: .invalid(error))) }
        }
        var inputs: [(String, DecodedInput)] = [("base", baseDecoded)]
        for s in scenarios {
            do {
                let scenario = try Scenario.apply(s.value, to: base, defaultName: s.name)
                inputs.append((scenario.name, try InputDecoder.decode(scenario.document)))
            } catch {
                return .failure(ComparisonFailure(outcome: .invalid(error, what: "scenario '\(s.name)'")))
            }
        }
        var columns: [Comparison.Column] = []
        // The time limit is the whole comparison's. Each plan's budgets are those of an equal
        // share of it, less what comparing the plans takes (a fixed share, so that the same inputs,
        // seed and limit give the same plans); the clock gives each an equal window of what is left
        // of the limit once the inputs are read and decoded, one after the other, so that the
        // comparison ends within the limit (reading counts, as for `plan`). Until 2026-12-04 each
        // plan had the whole limit (a base and two scenarios of a street week at `--time-limit 10`
        // took 22.4 s), then each its share from its own start (a city week and one scenario at
        // 6 s: 8.8 s — 2.3 s of reading and decoding the base twice and the scenario, 1.6 s of
        // comparing after the plans).
        let limit = Engine.settings(for: baseDecoded.input, overriding: overrides).timeLimitSeconds
        // Comparing and writing: 0.46 s for a city week of 20,000 needs and two scenarios.
        let comparing = min(limit / 5, 0.05 + 1e-5 * Double(inputs.reduce(0) { $0 + $1.1.input.needs.count }))
        let share = (limit - comparing) / Double(inputs.count)
        let decodedAt = ContinuousClock.now
        let left = max(0, limit - comparing - (decodedAt - started) / .seconds(1))
        let window = Duration.milliseconds(Int(left / Double(inputs.count) * 1000))
        for (i, (name, decoded)) in inputs.enumerated() {
            do {
                var settings = Engine.settings(for: decoded.input, overriding: overrides)
                settings.timeLimitSeconds = share
                // Its limit ends where its window does.
                let windowEnd = decodedAt + window * (i + 1)
                let plan = try Engine.plan(decoded, settings: settings, startedAt: windowEnd - .milliseconds(Int(share * 1000)))
                columns.append(Comparison.Column(name: name, input: decoded.input, plan: plan))
            } catch {
                return .failure(ComparisonFailure(outcome: .error(.internalError, code: "internal", message: error.description)))
            }
        }
        return .success(Comparison(columns: columns))
    }
}

public struct ComparisonFailure: Error, Sendable { public let outcome: CommandOutcome }

/// The base plan and each scenario's, side by side: what each serves (by urgency, priority
/// group and community), whom it uses and for how long, which needs are newly served or lost
/// and why, and who took over the orders that moved.
public struct Comparison: Sendable {
    public struct Column: Sendable {
        public var name: String
        public var input: PlanningInput
        public var plan: Plan
    }
    public var columns: [Column]
    public var base: Column { columns[0] }

    /// The rows of the side-by-side table: (label, one value per column).
    public var rows: [(label: String, values: [String])] {
        var out: [(String, [String])] = []
        func row(_ label: String, _ f: (Column) -> String) { out.append((label, columns.map(f))) }
        row("状态 status") { $0.plan.status.rawValue }
        row("目标值 objective") { JSONWriter.number($0.plan.solver.objective) }
        row("已安排 served") { "\($0.plan.summary.served)/\($0.plan.summary.needs)" }
        for u in Vocabulary.urgencies.map(\.0) where columns.contains(where: { c in c.input.needs.contains { $0.urgency == u } }) {
            row("  \(Vocabulary.label(u)) \(u.rawValue)") { c in "\(c.plan.summary.servedByUrgency[u] ?? 0)/\(c.input.needs.filter { $0.urgency == u }.count)" }
        }
        // Served and listed needs by priority group and by community, counted once a column (a
        // city week has hundreds of communities: counting per row took seconds).
        let counts: [(groups: [String: (served: Int, needs: Int)], communities: [String: (served: Int, needs: Int)])] = columns.map { c in
            let served = self.served(c)
            var groups: [String: (served: Int, needs: Int)] = [:], communities: [String: (served: Int, needs: Int)] = [:]
            for need in c.input.needs {
                let s = served.contains(need.id) ? 1 : 0
                for g in Set(need.groups) { groups[g, default: (0, 0)].served += s; groups[g, default: (0, 0)].needs += 1 }
                if let community = need.community {
                    communities[community, default: (0, 0)].served += s
                    communities[community, default: (0, 0)].needs += 1
                }
            }
            return (groups, communities)
        }
        func share(_ count: (served: Int, needs: Int)?) -> String { "\(count?.served ?? 0)/\(count?.needs ?? 0)" }
        for g in Set(counts.flatMap(\.groups.keys)).sorted() {
            out.append(("  \(Vocabulary.label(group: g))", counts.map { share($0.groups[g]) }))
        }
        for community in base.input.communities {
            out.append(("  \(community.name ?? community.id)", counts.map { share($0.communities[community.id]) }))
        }
        row("参与人员 people used") { String($0.plan.summary.peopleUsed) }
        row("服务时长 hours") { c in String(format: "%.1f", Double(c.plan.people.reduce(0) { $0 + $1.minutes }) / 60) }
        row("最大负荷（分钟） largest load") { String($0.plan.summary.balance.largestMinutes) }
        row("新安排 newly served") { c in c.name == base.name ? "-" : newlyServed(c).joined(separator: "、") }
        row("不再安排 lost") { c in c.name == base.name ? "-" : lost(c).map { "\($0.need)（\($0.reasons.map(Vocabulary.label).joined(separator: "、"))）" }.joined(separator: "、") }
        row("换人接替 taken over") { c in
            guard c.name != base.name else { return "-" }
            let orgs = Dictionary(c.input.organizations.map { ($0.id, $0.name ?? $0.id) }, uniquingKeysWith: { a, _ in a })
            return takenOver(c).map { "\($0.need) → \($0.after?.organization.map { orgs[$0] ?? $0 } ?? "（无组织）")" }.joined(separator: "、")
        }
        return out
    }

    func served(_ c: Column) -> Set<String> { Set(c.plan.assignments.map(\.need)) }
    public func newlyServed(_ c: Column) -> [String] { served(c).subtracting(served(base)).sorted() }
    /// Needs the base serves and the scenario does not, with the scenario's reasons.
    public func lost(_ c: Column) -> [UnservedNeed] {
        let gone = served(base).subtracting(served(c))
        return c.plan.unserved.filter { gone.contains($0.need) }
    }
    /// Needs served in both whose people, time or organization changed: before and after.
    public func takenOver(_ c: Column) -> [OrderChange] {
        PlanChanges(previous: base.plan.assignments, current: c.plan.assignments).orders.filter { $0.change == .modified }
    }

    /// The `liandong-compare/v1` document.
    public var document: JSONValue {
        func summary(_ plan: Plan) -> JSONValue {
            .object(JSONObject([
                ("status", .string(plan.status.rawValue)), ("objective", .number(plan.solver.objective)),
                ("gap", .number(plan.solver.gap)),
                ("needs", .number(Double(plan.summary.needs))), ("served", .number(Double(plan.summary.served))),
                ("unserved", .number(Double(plan.summary.unserved))), ("peopleUsed", .number(Double(plan.summary.peopleUsed))),
                ("servedByUrgency", Commands.encode(plan.summary)["servedByUrgency"] ?? .null),
            ]))
        }
        let scenarioDocs: [JSONValue] = columns.dropFirst().map { c in
            let plan = c.plan
            return .object(JSONObject([
                ("name", .string(c.name)),
                ("result", summary(plan)),
                ("delta", .object(JSONObject([
                    ("served", .number(Double(plan.summary.served - base.plan.summary.served))),
                    ("objective", .number(((plan.solver.objective - base.plan.solver.objective) * 1e6).rounded() / 1e6)),
                    ("peopleUsed", .number(Double(plan.summary.peopleUsed - base.plan.summary.peopleUsed))),
                    ("minutes", .number(Double(plan.people.reduce(0) { $0 + $1.minutes } - base.plan.people.reduce(0) { $0 + $1.minutes }))),
                ]))),
                ("newlyServed", .array(newlyServed(c).map(JSONValue.string))),
                ("noLongerServed", .array(lost(c).map(\.need).map(JSONValue.string))),
                ("reassigned", .array(takenOver(c).map(\.need).map(JSONValue.string))),
                ("lost", Commands.encode(lost(c))),
                ("takenOver", Commands.encode(takenOver(c))),
                ("unserved", Commands.encode(plan.unserved)),
            ]))
        }
        return .object(JSONObject([
            ("schema", .string("liandong-compare/v1")),
            ("base", summary(base.plan)),
            ("scenarios", .array(scenarioDocs)),
            ("table", .array(rows.map { r in .object(JSONObject([("row", .string(r.label)), ("values", .array(r.values.map(JSONValue.string)))])) })),
        ]))
    }

    /// The side-by-side table for a terminal.
    public var table: String {
        "方案对比 what-if\n" + TableReport.table(["项目 item"] + columns.map { $0.name == "base" ? "现状 base" : $0.name }, rows.map { [$0.label] + $0.values })
    }
}
