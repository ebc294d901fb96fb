import Foundation
import PropertyBased
import Testing
import Synchronization
@testable import Liandong
@testable import LiandongBatch

/// Properties over small random instances (swift-property-based). A failure prints the
/// instance's JSON text and a `.fixedSeed(…)` that reproduces it.
@Suite struct PropertyTests {
    @Test func generatedInstancesAreValid() async throws {
        await propertyCheck(count: 60, input: RandomInstance.generator()) { instance in
            #expect(instance.decoded != nil, "the generator made an invalid input: \(instance.problems)")
        }
    }

    @Test func everyPlanKeepsEveryRule() async throws {
        await propertyCheck(count: 60, input: RandomInstance.generator()) { instance in
            let decoded = try #require(instance.decoded, "invalid instance: \(instance.problems)")
            let checker = PlanChecker(input: decoded.input)
            for backend in [Backend.auto, .glpk, .heuristic] {
                let plan = try Engine.plan(decoded, settings: SolverSettings(backend: backend))
                let violations = checker.violations(of: plan)
                #expect(violations.isEmpty, "\(backend): \(violations.map { "\($0.rule): \($0.message)" })")
                // The plan as written is JSON that `check` reads back to the same verdict.
                let document = try PlanReader.read(Array(try JSONValueEncoder().encodeText(plan).utf8))
                #expect(checker.violations(of: document).isEmpty)
            }
        }
    }

    @Test func heuristicNeverBeatsGLPK() async throws {
        await propertyCheck(count: 60, input: RandomInstance.generator()) { instance in
            let decoded = try #require(instance.decoded, "invalid instance: \(instance.problems)")
            let glpk = try Engine.plan(decoded, settings: SolverSettings(backend: .glpk))
            let heuristic = try Engine.plan(decoded, settings: SolverSettings(backend: .heuristic))
            let (g, b) = (glpk.solver.objective, glpk.solver.bound)
            #expect(b >= g - 1e-6 * max(1, abs(g)), "GLPK's bound \(b) is below its objective \(g)")
            // A heuristic plan that serves every required need is a solution of GLPK's program.
            if glpk.status == .optimal, heuristic.status != .infeasible {
                #expect(heuristic.solver.objective <= g + 1e-6,
                        "heuristic \(heuristic.solver.objective) > GLPK's proven optimum \(g)")
            }
        }
    }

    /// Every backend's bound is a bound: never below GLPK's proven optimum; no backend calls a
    /// plan optimal that is worth less; no plan is worth less than its pinned orders alone.
    @Test func boundsHoldAgainstTheProvenOptimum() async throws {
        await propertyCheck(count: 60, input: RandomInstance.generator(weights: true)) { instance in
            let decoded = try #require(instance.decoded, "invalid instance: \(instance.problems)")
            let glpk = try Engine.plan(decoded, settings: SolverSettings(backend: .glpk))
            guard glpk.status == .optimal else { return }
            let optimum = glpk.solver.objective
            let tolerance = 1e-6 * max(1, abs(optimum))
            let floor = PlanChecker.pinnedOnlyPlan(decoded.input).solver.objective
            for backend in [Backend.auto, .heuristic] {
                let plan = try Engine.plan(decoded, settings: SolverSettings(backend: backend))
                guard plan.status != .infeasible else { continue }
                #expect(plan.solver.bound >= optimum - tolerance, "\(backend): bound \(plan.solver.bound) < proven optimum \(optimum)")
                #expect(plan.solver.objective <= optimum + tolerance, "\(backend): \(plan.solver.objective) > proven optimum \(optimum)")
                // (Serving required needs comes before the objective.)
                if !decoded.input.needs.contains(where: \.required) {
                    #expect(plan.solver.objective >= floor - tolerance, "\(backend): \(plan.solver.objective) < pinned-only \(floor)")
                }
                if plan.status == .optimal {
                    #expect(abs(plan.solver.objective - optimum) <= tolerance, "\(backend): 'optimal' \(plan.solver.objective), optimum \(optimum)")
                }
            }
        }
    }

    @Test func pinnedAssignmentsSurvive() async throws {
        let pinned = RandomInstance.generator(pinRate: 1).filter { !($0.decoded?.input.pinned.isEmpty ?? true) }
        await propertyCheck(count: 40, input: pinned) { instance in
            let decoded = try #require(instance.decoded, "invalid instance: \(instance.problems)")
            for backend in [Backend.auto, .glpk, .heuristic] {
                let plan = try Engine.plan(decoded, settings: SolverSettings(backend: backend))
                for pin in decoded.input.pinned {
                    let kept = plan.assignments.filter { $0.need == pin.need }
                    #expect(kept.count == 1, "\(backend): need \(pin.need) is pinned but served \(kept.count) times")
                    guard let a = kept.first else { continue }
                    #expect(a.people.map(\.person) == pin.people && a.day == pin.day && a.start == pin.start && a.pinned,
                            "\(backend): pin \(pin) became \(a.people.map(\.person)) day \(a.day.map(String.init) ?? "-") at \(a.start?.description ?? "-")")
                }
            }
        }
    }

    @Test func validateAndPlanAgreeOnMutations() async throws {
        await propertyCheck(count: 200, input: MutatedDocument.generator()) { doc in
            let bytes = Array(doc.text.utf8)
            let decodeThrows = (try? InputDecoder.decode(bytes)) == nil
            #expect((Commands.validate(bytes).status == .invalidInput) == decodeThrows,
                    "validate disagrees with the decoder (which \(decodeThrows ? "throws" : "accepts"))")
            let exit = Batch.respond(to: bytes)["exitCode"]
            if decodeThrows {
                #expect(exit == .number(65), "the batch answers an invalid document with exit \(String(describing: exit))")
            } else {
                #expect(exit == .number(0) || exit == .number(69), "the batch answers a valid document with exit \(String(describing: exit))")
            }
        }
    }

    @Test func planningIsDeterministic() async throws {
        let compared = Mutex(0)
        await propertyCheck(count: 30, input: RandomInstance.generator(), Gen.int(in: 0...1000)) { instance, seed in
            let decoded = try #require(instance.decoded, "invalid instance: \(instance.problems)")
            for backend in [Backend.glpk, .heuristic] {
                let settings = SolverSettings(backend: backend, seed: seed)
                func plan() throws -> Plan {
                    var plan = try Engine.plan(decoded, settings: settings)
                    plan.solver.seconds = 0
                    return plan
                }
                let (a, b) = (try plan(), try plan())
                // A phase the clock cut short (a debug build under the whole suite's load) may end
                // otherwise on another run; the plan then says so — the contract's exception.
                // (Until 2026-12-17 a cut run whose plan was proven said `optimal`, an uncut one
                // `heuristic`, and this test failed on that field once in many CI runs.)
                if a.solver.termination == .timeLimit || b.solver.termination == .timeLimit { continue }
                compared.withLock { $0 += 1 }
                #expect(try JSONValueEncoder().encodeText(a) == JSONValueEncoder().encodeText(b), "\(backend), seed \(seed): two plans differ")
            }
        }
        #expect(compared.withLock { $0 } > 0, "every pair of runs was cut by the clock: nothing compared")
    }
}

// MARK: - Random valid instances

/// A random valid `liandong/v1` document, as text and decoded.
struct RandomInstance: Sendable, CustomTestStringConvertible {
    var text: String
    var decoded: DecodedInput?
    var problems: [String]
    var testDescription: String { text }

    init(_ input: PlanningInput) {
        text = (try? JSONValueEncoder().encodeText(input)) ?? ""
        do {
            decoded = try InputDecoder.decode(Array(text.utf8))
            problems = []
        } catch {
            decoded = nil
            problems = error.problems.map(\.description)
        }
    }

    static let skills = ["care", "chat", "legal"]
    static let groups = ["elderly", "disabled", "livingAlone", "leftBehindChild"]

    /// 2–6 people, 1–6 needs, 1–2 organizations and communities. With probability `pinRate`,
    /// one assignment of a first (heuristic) plan is pinned, so that the pin keeps every rule.
    /// With `weights`, every instance gets random weights (fairness up to 100, costs, bonuses).
    static func generator(pinRate: Double = 0.3, weights: Bool = false) -> PropertyBased.Generator<RandomInstance, Shrink.None<RandomInstance>> {
        PropertyBased.Generator { rng in make(&rng, pinRate: pinRate, weights: weights) }
    }

    static func make(_ rng: inout some RandomNumberGenerator, pinRate: Double, weights: Bool = false) -> RandomInstance {
        var d = Dice(rng: rng)
        defer { rng = d.rng }
        var input = d.input()
        if weights {
            input.weights.fairness = d.pick([0, 0.5, 2, 10, 40, 100])
            input.weights.cost = d.pick([0, 1, 3, 20])
            input.weights.preferred = d.pick([0, 5, 50])
        }
        var instance = RandomInstance(input)
        guard d.chance(pinRate), let decoded = instance.decoded,
              let plan = try? Engine.plan(decoded, settings: SolverSettings(backend: .heuristic, seed: d.int(0...99))),
              !plan.assignments.isEmpty
        else { return instance }
        let a = d.pick(plan.assignments)
        var pinned = input
        // Members within a position in any order (the first listed social worker leads).
        var people: [String] = []
        for k in Set(a.people.map(\.position)).sorted() {
            var ids = a.people.filter { $0.position == k }.map(\.person)
            if d.chance(0.5) { ids.reverse() }
            people += ids
        }
        pinned.pinned = [PinnedAssignment(need: a.need, people: people, day: a.day, start: a.start)]
        instance = RandomInstance(pinned)
        if instance.decoded == nil {
            // The new lead's organization may have no room: the plan's own order then.
            pinned.pinned = [PinnedAssignment(need: a.need, people: a.people.map(\.person), day: a.day, start: a.start)]
            instance = RandomInstance(pinned)
        }
        return instance
    }
}

/// Random choices over any generator (the property library's, seeded per case).
struct Dice<R: RandomNumberGenerator> {
    var rng: R

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...items.count - 1)] }
    mutating func subset<T>(_ items: [T], _ p: Double) -> [T] { items.filter { _ in chance(p) } }
    mutating func time(_ minutes: Int) -> TimeOfDay { TimeOfDay(minutes: minutes) }

    mutating func input() -> PlanningInput {
        let slot = pick([15, 30, 60])
        let days = int(1...3)
        var input = PlanningInput(horizon: Horizon(start: "2026-11-23", days: days, slotMinutes: slot))
        input.communities = (0..<int(1...2)).map { i in
            Community(id: "c\(i)", partyOrganization: chance(0.7) ? "party\(i)" : nil,
                      location: chance(0.8) ? Location(x: Double(int(0...30)) / 10, y: Double(int(0...30)) / 10) : nil)
        }
        let communities = input.communities.map(\.id)
        input.organizations = (0..<int(1...2)).map { i in
            Organization(id: "o\(i)", maxOrders: chance(0.4) ? int(0...3) : nil,
                         communities: chance(0.3) ? [pick(communities)] : nil)
        }
        let organizations = input.organizations.map(\.id)
        input.people = (0..<int(2...6)).map { i in
            let role: Role = chance(0.45) ? .socialWorker : .volunteer
            var p = Person(id: "p\(i)", role: role)
            if role == .socialWorker || chance(0.2) { p.level = pick(Level.allCases) }
            p.organization = chance(0.8) ? pick(organizations) : nil
            p.skills = subset(RandomInstance.skills, 0.6)
            p.availability = availability(days: days)
            p.maxMinutes = chance(0.5) ? int(0...20) * 30 : nil
            p.maxAssignments = chance(0.3) ? int(0...3) : nil
            p.home = chance(0.6) ? pick(communities) : nil
            p.insured = chance(0.6)
            return p
        }
        let people = input.people.map(\.id)
        input.needs = (0..<int(1...6)).map { i in
            var n = Need(id: "n\(i)")
            n.community = chance(0.85) ? pick(communities) : nil
            n.urgency = pick(Urgency.allCases)
            n.groups = subset(RandomInstance.groups, 0.25)
            n.team = (0..<(chance(0.7) ? 1 : 2)).map { _ in
                TeamPosition(role: pick(PositionRole.allCases), count: chance(0.85) ? 1 : 2,
                             skills: chance(0.4) ? [pick(RandomInstance.skills)] : [],
                             minLevel: chance(0.15) ? pick(Level.allCases) : nil)
            }
            if chance(0.7) {
                // Scheduled: windows start on a slot boundary; the end may be any quarter hour.
                n.durationMinutes = int(1...12) * 15
                n.windows = (0..<int(1...2)).map { _ in
                    let from = int(6 * 60 / slot...20 * 60 / slot) * slot
                    return DayWindow(day: int(0...days - 1), from: time(from), to: time(min(1440, from + int(1...24) * 15)))
                }
            } else {
                n.durationMinutes = int(0...8) * 15
            }
            n.risky = chance(0.2)
            n.required = chance(0.1)
            n.preferred = subset(people, 0.15)
            n.excluded = subset(people, 0.1)
            return n
        }
        let needs = input.needs.map(\.id)
        for n in needs {
            for p in people where chance(0.1) {
                input.pairs.append(Pair(need: n, person: p, cost: Double(int(0...10)) / 2, extraMinutes: int(0...4) * 15))
            }
        }
        if chance(0.3) {
            input.declined = (0..<int(1...2)).map { _ in
                chance(0.5) ? Decline(need: pick(needs), person: pick(people)) : Decline(need: pick(needs), organization: pick(organizations))
            }
        }
        if chance(0.5) { input.travel = Travel(minutesPerKm: Double(int(0...5))) }
        if chance(0.2) {
            input.weights.fairness = pick([0, 0.5, 2])
            input.weights.cost = pick([0, 1, 3])
            input.weights.preferred = pick([0, 5, 50])
        }
        return input
    }

    /// nil (always free) most often; sometimes `[]` (never); else 1–3 windows on any ten minutes.
    mutating func availability(days: Int) -> [DayWindow]? {
        if chance(0.4) { return nil }
        if chance(0.05) { return [] }
        return (0..<int(1...3)).map { _ in
            let from = int(36...120) * 10
            return DayWindow(day: int(0...days - 1), from: time(from), to: time(min(1440, from + int(6...60) * 10)))
        }
    }
}

// MARK: - Mutations of valid documents

/// A valid document after one to three random mutations (which may or may not make it invalid).
struct MutatedDocument: Sendable, CustomTestStringConvertible {
    var text: String
    var mutations: [String]
    var testDescription: String { "\(mutations.joined(separator: "; ")):\n\(text)" }

    enum Step: Hashable, Sendable, CustomStringConvertible {
        case key(String), index(Int)
        var description: String { switch self { case .key(let k): k; case .index(let i): String(i) } }
    }
    typealias Path = [Step]

    static func generator() -> PropertyBased.Generator<MutatedDocument, Shrink.None<MutatedDocument>> {
        PropertyBased.Generator { rng in make(&rng) }
    }

    static func make(_ rng: inout some RandomNumberGenerator) -> MutatedDocument {
        var d = Dice(rng: rng)
        defer { rng = d.rng }
        var input = d.input()
        if d.chance(0.2) { input.solver = SolverSettings(backend: .heuristic, timeLimitSeconds: 5) }
        var value = (try? JSONValueEncoder().encode(input)) ?? .null
        var applied: [String] = []
        for _ in 0..<d.pick([1, 1, 1, 2, 2, 3]) {
            let (next, what) = mutate(value, &d)
            value = next
            applied.append(what)
        }
        var text = JSONWriter.write(value, pretty: d.chance(0.5))
        // Text-level damage, now and then.
        switch d.int(0...14) {
        case 0:
            let cut = d.int(0...max(0, text.utf8.count - 1))
            text = String(decoding: Array(text.utf8)[..<cut], as: UTF8.self)
            applied.append("truncate to \(cut) bytes")
        case 1:
            var bytes = Array(text.utf8)
            let i = d.int(0...bytes.count - 1)
            bytes[i] = UInt8(d.int(0x20...0x7E))
            text = String(decoding: bytes, as: UTF8.self)
            applied.append("byte \(i) becomes \(Character(UnicodeScalar(bytes[i])))")
        case 2:
            if let brace = text.firstIndex(of: "{") {
                text.insert(contentsOf: #""schema": "liandong/v1", "#, at: text.index(after: brace))
                applied.append("duplicate key /schema")
            }
        default: break
        }
        return MutatedDocument(text: text, mutations: applied)
    }

    /// Every (path, value) in the document, the root excluded.
    static func nodes(_ v: JSONValue, _ prefix: Path = []) -> [(Path, JSONValue)] {
        var out: [(Path, JSONValue)] = prefix.isEmpty ? [] : [(prefix, v)]
        switch v {
        case .object(let o): for (k, x) in o.members { out += nodes(x, prefix + [.key(k)]) }
        case .array(let a): for (i, x) in a.enumerated() { out += nodes(x, prefix + [.index(i)]) }
        default: break
        }
        return out
    }

    /// `v` with the node at `path` replaced by `f` of it (removed when `f` returns nil).
    static func replacing(_ v: JSONValue, at path: ArraySlice<Step>, _ f: (JSONValue) -> JSONValue?) -> JSONValue? {
        guard let step = path.first else { return f(v) }
        switch (v, step) {
        case (.object(var o), .key(let k)):
            guard let child = o[k] else { return v }
            o[k] = replacing(child, at: path.dropFirst(), f)
            return .object(o)
        case (.array(var a), .index(let i)) where a.indices.contains(i):
            if let new = replacing(a[i], at: path.dropFirst(), f) { a[i] = new } else { a.remove(at: i) }
            return .array(a)
        default:
            return v
        }
    }

    static let referenceKeys: Set<String> = ["community", "organization", "home", "need", "person", "people",
                                             "preferred", "excluded", "communities"]
    static let enumKeys: Set<String> = ["role", "level", "urgency", "minLevel", "backend"]

    /// One random mutation of the document, and what it was.
    static func mutate<R>(_ doc: JSONValue, _ d: inout Dice<R>) -> (JSONValue, String) {
        let all = nodes(doc)
        // A random top-level member first, then a random node inside it, so that the few
        // top-level members are hit as often as the many nodes of the lists.
        func pick(_ what: String, where ok: (Path, JSONValue) -> Bool, _ f: (JSONValue) -> JSONValue?) -> (JSONValue, String)? {
            let candidates = all.filter { ok($0.0, $0.1) }
            let tops = Array(Set(candidates.map { $0.0[0] })).sorted { $0.description < $1.description }
            guard !tops.isEmpty else { return nil }
            let top = tops[d.int(0...tops.count - 1)]
            let inside = candidates.filter { $0.0[0] == top }
            let (path, _) = inside[d.int(0...inside.count - 1)]
            let where_ = "/" + path.map(\.description).joined(separator: "/")
            return (replacing(doc, at: path[...], f) ?? .null, "\(what) at \(where_)")
        }
        func lastKey(_ p: Path) -> String? { for s in p.reversed() { if case .key(let k) = s { return k } }; return nil }
        func isNumber(_ v: JSONValue) -> Bool { if case .number = v { true } else { false } }
        func isString(_ v: JSONValue) -> Bool { if case .string = v { true } else { false } }
        let others: [JSONValue] = [.null, .bool(true), .number(1), .string("x"), .array([]), .object(JSONObject())]
        let kind = d.int(0...11)
        let result: (JSONValue, String)?
        switch kind {
        case 0: result = pick("delete", where: { _, _ in true }) { _ in nil }
        case 1:
            let replacement = d.pick(others)
            result = pick("make \(replacement.typeName)", where: { $1.typeName != replacement.typeName }) { _ in replacement }
        case 2: result = pick("negate", where: { isNumber($1) }) { if case .number(let x) = $0 { .number(-abs(x) - 1) } else { $0 } }
        case 3: result = renameRandomKey(doc, &d, suffix: d.chance(0.5))
        case 4: result = duplicateID(doc, &d)
        case 5:
            let bad = d.pick(["9:00", "24:30", "12:60", "noon", "", "23:59:00", "-1:00", "07:5"])
            result = pick("time '\(bad)'", where: { p, v in isString(v) && ["from", "to", "start"].contains(lastKey(p) ?? "") }) { _ in .string(bad) }
        case 6: result = pick("empty string", where: { isString($1) }) { _ in .string("") }
        case 7: result = pick("unknown reference", where: { p, v in isString(v) && referenceKeys.contains(lastKey(p) ?? "") }) { _ in .string("nobody") }
        case 8: result = pick("unknown enum", where: { p, v in isString(v) && enumKeys.contains(lastKey(p) ?? "") }) { _ in .string("wizard") }
        case 9: result = pick("add 0.5", where: { isNumber($1) }) { if case .number(let x) = $0 { .number(x + 0.5) } else { $0 } }
        case 10:
            let huge = d.pick([1e300, -1e300, 1e15, 4e9, 1e-300])
            result = pick("number \(huge)", where: { isNumber($1) }) { _ in .number(huge) }
        default: result = pick("null", where: { _, _ in true }) { _ in .null }
        }
        return result ?? (doc, "no mutation of kind \(kind) applies")
    }

    /// Renames one random object member, keeping its value and position: 'skills' becomes
    /// 'skillss' or 'Skills'.
    static func renameRandomKey<R>(_ doc: JSONValue, _ d: inout Dice<R>, suffix: Bool) -> (JSONValue, String)? {
        let keyed = nodes(doc).filter { if case .key = $0.0.last { true } else { false } }
        guard !keyed.isEmpty else { return nil }
        let (path, _) = keyed[d.int(0...keyed.count - 1)]
        guard case .key(let key) = path.last else { return nil }
        let renamed = suffix ? key + "s" : key.prefix(1).uppercased() + key.dropFirst()
        let parent = path.dropLast()
        let new = replacing(doc, at: parent, { v in
            guard case .object(let o) = v else { return v }
            return .object(JSONObject(o.members.map { ($0.key == key ? renamed : $0.key, $0.value) }))
        }) ?? doc
        return (new, "rename /\(path.map(\.description).joined(separator: "/")) to '\(renamed)'")
    }

    /// Gives the second item of a list the id of the first (or appends a copy of the only item).
    static func duplicateID<R>(_ doc: JSONValue, _ d: inout Dice<R>) -> (JSONValue, String)? {
        let lists = ["communities", "organizations", "people", "needs"].filter { if case .array(let a)? = doc[$0] { !a.isEmpty } else { false } }
        guard !lists.isEmpty, case .object(var o) = doc else { return nil }
        let list = d.pick(lists)
        guard case .array(var items)? = o[list] else { return nil }
        if items.count == 1 {
            items.append(items[0])
        } else {
            let i = d.int(0...items.count - 1), j = (i + d.int(1...items.count - 1)) % items.count
            guard case .object(var target) = items[j] else { return nil }
            target["id"] = items[i]["id"]
            items[j] = .object(target)
        }
        o[list] = .array(items)
        return (.object(o), "duplicate id in /\(list)")
    }
}
