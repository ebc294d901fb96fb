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
        r.checkKeys(o, .root, known: ["schema", "name", "add", "remove", "patch"])
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
        var result = JSONValue.object(doc)
        if let patch = o["patch"] { result = mergePatch(result, patch) }
        guard r.problems.isEmpty else { throw InvalidInput(r.problems) }
        return Scenario(name: name, document: result)
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
    /// `compare`: solve the base and each scenario, and show what changes.
    public static func compare(base: JSONValue, scenarios: [(name: String, value: JSONValue)], overrides: SettingsOverrides) -> CommandOutcome {
        let baseDecoded: DecodedInput
        do { baseDecoded = try InputDecoder.decode(base) } catch { return .invalid(error) }
        var results: [(String, DecodedInput)] = [("base", baseDecoded)]
        for s in scenarios {
            do {
                let scenario = try Scenario.apply(s.value, to: base, defaultName: s.name)
                results.append((scenario.name, try InputDecoder.decode(scenario.document)))
            } catch {
                return .invalid(error, what: "scenario '\(s.name)'")
            }
        }
        var plans: [(String, Plan)] = []
        for (name, decoded) in results {
            do { plans.append((name, try Engine.plan(decoded, settings: Engine.settings(for: decoded.input, overriding: overrides)))) } catch {
                return .error(.internalError, code: "internal", message: error.description)
            }
        }
        func summary(_ plan: Plan) -> JSONValue {
            .object(JSONObject([
                ("status", .string(plan.status.rawValue)), ("objective", .number(plan.solver.objective)),
                ("gap", .number(plan.solver.gap)),
                ("needs", .number(Double(plan.summary.needs))), ("served", .number(Double(plan.summary.served))),
                ("unserved", .number(Double(plan.summary.unserved))), ("peopleUsed", .number(Double(plan.summary.peopleUsed))),
                ("servedByUrgency", encode(plan.summary)["servedByUrgency"] ?? .null),
            ]))
        }
        let basePlan = plans[0].1
        let baseServed = Set(basePlan.assignments.map(\.need))
        let scenarioDocs: [JSONValue] = plans.dropFirst().map { name, plan in
            let served = Set(plan.assignments.map(\.need))
            let changes = PlanChanges(previous: basePlan.assignments, current: plan.assignments)
            return .object(JSONObject([
                ("name", .string(name)),
                ("result", summary(plan)),
                ("delta", .object(JSONObject([
                    ("served", .number(Double(plan.summary.served - basePlan.summary.served))),
                    ("objective", .number(PlanBuilder.round(plan.solver.objective - basePlan.solver.objective))),
                    ("peopleUsed", .number(Double(plan.summary.peopleUsed - basePlan.summary.peopleUsed))),
                ]))),
                ("newlyServed", .array(served.subtracting(baseServed).sorted().map(JSONValue.string))),
                ("noLongerServed", .array(baseServed.subtracting(served).sorted().map(JSONValue.string))),
                ("reassigned", .array(changes.modified.map(JSONValue.string))),
                ("unserved", encode(plan.unserved)),
            ]))
        }
        let doc = JSONObject([
            ("schema", .string("liandong-compare/v1")),
            ("base", summary(basePlan)),
            ("scenarios", .array(scenarioDocs)),
        ])
        let anyInfeasible = plans.contains { $0.1.status == .infeasible }
        return CommandOutcome(status: anyInfeasible ? .requiredUnserved : .ok, document: .object(doc), plan: nil, isError: false)
    }
}
