import Foundation
import GRDB
import Testing
@testable import Liandong
@testable import LiandongStore
@testable import LiandongBatch

/// The store (SQLite through GRDB): migrations, damaged and foreign files, concurrent and killed
/// writers, records and the time bank — each against a real file, through the library or the
/// real binary.
@Suite struct StoreTests {
    static func temporaryStore() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("liandong-store-\(UUID())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("store.sqlite").path
    }

    /// The demo week planned (round 1) into a new store; returns the store and the plan.
    static func demoWeek() throws -> (Store, Plan, PlanningInput) {
        let store = try Store(path: temporaryStore())
        let decoded = try DispatchRoundTests.demo()
        let plan = try DispatchRoundTests.firstPlan(decoded)
        try store.saveFirstPlan(decoded.input, inputText: "{}", plan: plan, planText: try JSONValueEncoder().encodeText(plan))
        return (store, plan, decoded.input)
    }

    @Test func anOlderStoreIsMigratedAndKeepsItsData() throws {
        let path = Self.temporaryStore()
        let old = try Store(path: path, upTo: "v1-rounds")
        #expect(try old.migrations() == ["v1-rounds"])
        try old.queue.write { db in
            try db.execute(sql: "INSERT INTO week (key, start, input, createdAt) VALUES ('2026-11-16', '2026-11-16', '{}', 'then')")
            try db.execute(sql: "INSERT INTO round (week, number, plan, createdAt) VALUES ('2026-11-16', 1, '{\"kept\": true}', 'then')")
        }
        let store = try Store(path: path)
        #expect(try store.migrations() == ["v1-rounds", "v2-services"])
        #expect(try store.latestRound(week: "2026-11-16")?.plan == "{\"kept\": true}")
    }

    @Test func aNewerStoreIsRefused() throws {
        let path = Self.temporaryStore()
        let store = try Store(path: path)
        try store.queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9-future')") }
        #expect { try Store(path: path) } throws: { error in
            guard case StoreError.newerVersion = error else { return false }
            return true
        }
    }

    @Test func aDamagedOrForeignFileIsAClearError() throws {
        let garbage = Self.temporaryStore()
        try Data("this is not a database, just some text that a user saved here\n".utf8).write(to: URL(fileURLWithPath: garbage))
        #expect { try Store(path: garbage) } throws: { error in
            guard case StoreError.damaged = error else { return false }
            return "\(error)".contains(garbage)
        }
        // A real store cut in half.
        let (store, _, _) = try Self.demoWeek()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: store.path))
        let cut = Self.temporaryStore()
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: cut))
        #expect(throws: StoreError.self) {
            let s = try Store(path: cut)
            _ = try s.services()
        }
        // Another program's SQLite database.
        let foreign = Self.temporaryStore()
        let q = try DatabaseQueue(path: foreign)
        try q.write { db in try db.execute(sql: "CREATE TABLE contacts (name TEXT)") }
        #expect { try Store(path: foreign) } throws: { error in
            guard case StoreError.notAStore = error else { return false }
            return true
        }
        // Through the binary: exit 65 and one clear line, no stack trace.
        let r = try CLI.run(["history", "--store", garbage])
        #expect(r.status == 65)
        #expect(r.stderr.contains("is damaged") && !r.stderr.contains("Fatal"))
    }

    @Test func recordsAndTheTimeBankAddUp() throws {
        let (store, plan, input) = try Self.demoWeek()
        let durations = Dictionary(uniqueKeysWithValues: input.needs.map { ($0.id, $0.durationMinutes) })
        let served = plan.assignments.prefix(6)
        var expected: [String: Int] = [:]
        for a in served {
            try store.record(week: "2026-11-23", [ServiceUpdate(need: a.need, status: .done, feedback: "好", rating: 5)])
            for m in a.people { expected[m.person, default: 0] += durations[a.need]! }
        }
        // One recorded with its real minutes, one no-show: neither counts as planned.
        let other = plan.assignments[6]
        try store.record(week: "2026-11-23", [ServiceUpdate(need: other.need, person: other.people[0].person, status: .noShow)])
        let bank = try store.timeBank()
        for account in bank {
            #expect(account.minutesDone == expected[account.person, default: 0], "\(account.person)")
            let before = input.people.first { $0.id == account.person }?.servedMinutesToDate ?? 0
            #expect(account.minutesBefore == before)
        }
        let stars = TimeBankAccount(person: "x", role: "volunteer", partyMember: false, minutesBefore: 299 * 60, minutesDone: 60,
                                    services: 1)
        #expect(stars.stars() == 2)
        #expect(stars.stars(thresholds: [10, 20, 30]) == 3)
        // Unknown services are refused with their paths, and nothing of that request is kept.
        #expect { try store.record(week: "2026-11-23", [ServiceUpdate(need: other.need, status: .done),
                                                         ServiceUpdate(need: "n-nope", status: .done)]) } throws: { error in
            "\(error)".contains("/records/1/need")
        }
        #expect(try store.services(week: "2026-11-23").filter { $0.need == other.need && $0.status == .done }.isEmpty)
    }

    @Test func twoProcessesWritingAtOnceLoseNothing() throws {
        let (store, plan, _) = try Self.demoWeek()
        let needs = plan.assignments.map(\.need)
        // Every need recorded by its own process, eight at a time.
        let path = store.path
        let failures = Failures()
        for chunk in stride(from: 0, to: needs.count, by: 8).map({ Array(needs[$0..<min($0 + 8, needs.count)]) }) {
            DispatchQueue.concurrentPerform(iterations: chunk.count) { i in
                let r = try? CLI.run(["record", "--store", path, "--week", "2026-11-23", "--need", chunk[i], "--status", "done"])
                if r?.status != 0 { failures.add("\(chunk[i]): \(r?.stderr ?? "did not run")") }
            }
        }
        #expect(failures.all.isEmpty)
        let done = Set(try store.services(week: "2026-11-23").filter { $0.status == .done }.map(\.need))
        #expect(done == Set(needs))
    }

    @Test func aWriterKilledMidWriteLosesNothingCommitted() throws {
        let (store, plan, _) = try Self.demoWeek()
        // Each need's whole team is recorded by one process (one transaction), killed after a
        // delay between 0 and 60 ms: some finish, some die before, some in the middle.
        var finished = Set<String>()
        var killed = 0
        for (i, a) in plan.assignments.enumerated() {
            let process = Process()
            process.executableURL = CLI.binary
            process.arguments = ["record", "--store", store.path, "--week", "2026-11-23", "--need", a.need, "--status", "done"]
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: Double((i * 37) % 61) / 1000)
            if process.isRunning { kill(process.processIdentifier, SIGKILL); killed += 1 }
            process.waitUntilExit()
            if process.terminationReason == .exit && process.terminationStatus == 0 { finished.insert(a.need) }
        }
        let reopened = try Store(path: store.path)   // opens: the file passes SQLite's quick_check
        let services = try reopened.services(week: "2026-11-23")
        for a in plan.assignments {
            let statuses = Set(services.filter { $0.need == a.need }.map(\.status))
            #expect(statuses.count == 1, "need \(a.need) half recorded: \(statuses)")
            if finished.contains(a.need) { #expect(statuses == [.done], "\(a.need) reported recorded but is not") }
        }
        #expect(killed > 0, "no writer was killed: the test did not test anything")
    }

    @Test func batchKeepsRoundsOnlyWhenAStoreIsNamed() throws {
        let path = Self.temporaryStore()
        let demo = try String(contentsOf: DemoTests.path, encoding: .utf8)
        let plan = try CLI.run(["batch", "--store", path], stdin: #"{"id": 1, "command": "plan", "input": "# + demo + "}")
        #expect(plan.status == 0, "\(plan.stderr)")
        let first = try PlanReader.read(try #require(try JSONParser.parse(Array(plan.stdout.utf8)).value["result"]))
        let order = try #require(first.assignments.first { $0.organization != nil })
        let request = #"{"id": 2, "command": "replan", "input": "# + demo
            + #", "responses": {"responses": [{"need": ""# + order.need + #"", "organization": ""# + order.organization! + #"", "decision": "decline"}]}}"#
        let replan = try CLI.run(["batch", "--store", path], stdin: request)
        #expect(replan.status == 0)
        let response = try JSONParser.parse(Array(replan.stdout.utf8)).value
        #expect(response["exitCode"] == .number(0), "\(replan.stdout.prefix(400))")
        #expect(response["result"]?["dispatch"]?["round"] == .number(2))
        #expect(try Store(path: path).rounds(week: "2026-11-23").map(\.number) == [1, 2])
        // Without a store the same replan request lacks its previous plan.
        let stateless = try JSONParser.parse(Array(try CLI.run(["batch"], stdin: request).stdout.utf8)).value
        #expect(stateless["exitCode"] == .number(64))
    }

    @Test func aWeekWithResponsesCannotStartOver() throws {
        let (store, plan, input) = try Self.demoWeek()
        let order = try #require(plan.assignments.first { $0.organization != nil })
        let responses = OrderResponses(responses: [.init(need: order.need, organization: order.organization, decision: .accept)])
        try store.saveRound(input, inputText: "{}", previousRound: 1, responses: responses, plan: plan, planText: "{}")
        #expect(throws: StoreError.self) { try store.saveFirstPlan(input, inputText: "{}", plan: plan, planText: "{}") }
        // A round saved from a stale previous plan is refused too.
        #expect(throws: StoreError.self) {
            try store.saveRound(input, inputText: "{}", previousRound: 1, responses: responses, plan: plan, planText: "{}")
        }
        #expect(try store.rounds(week: "2026-11-23").map(\.number) == [1, 2])
    }
}

/// Messages collected from several threads.
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ s: String) { lock.lock(); items.append(s); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return items }
}

/// The three-week scenario of datasets/scenario (issue: rounds, records, continuity, fairness
/// over weeks), run through the real binary by its documented runner, then checked here on the
/// files it wrote: every plan valid, no accepted order moved, no decline returned, the time bank
/// equal to what was recorded, and the load spread better with fairness over weeks than without.
@Suite struct ThreeWeekScenarioTests {
    static func run(_ extra: [String]) throws -> (dir: URL, summary: JSONValue) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("liandong-scenario-\(UUID())")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", SharedData.repositoryRoot.appendingPathComponent("datasets/scenario/run.py").path,
                             "--liandong", CLI.binary.path, "--out", dir.path, "--time-limit", "10"] + extra
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let summary = try JSONParser.parse(Array(try Data(contentsOf: dir.appendingPathComponent("summary.json")))).value
        return (dir, summary)
    }

    static func number(_ v: JSONValue?) -> Double { if case .number(let x)? = v { x } else { .nan } }

    @Test func threeWeeksOfRoundsAndRecords() throws {
        let (dir, summary) = try Self.run([])
        #expect(Self.number(summary["acceptedMoved"]) == 0)
        #expect(Self.number(summary["declinesReturned"]) == 0)
        #expect(Self.number(summary["timeBank"]?["recordedMinutes"]) > 0)
        #expect(Self.number(summary["timeBank"]?["recordedMinutes"]) == Self.number(summary["timeBank"]?["storeMinutes"]))
        #expect(summary["timeBank"]?["mismatches"] == .array([]))
        let continuity = summary["continuity"]
        #expect(Self.number(continuity?["samePerson"]) >= 0.9 * Self.number(continuity?["needs"]))
        // Every plan of every round is valid for its week; accepted orders stay within a week.
        for week in 1...3 {
            // Checked against the input as the store completed it (earlier services, hours to date).
            let start = ["2026-11-23", "2026-11-30", "2026-12-07"][week - 1]
            let text = try #require(try Store(path: dir.appendingPathComponent("store.sqlite").path).weekInput(week: start))
            let input = try InputDecoder.decode(Array(text.utf8)).input
            #expect(!input.pastServices.isEmpty || week == 1)
            let check = try CLI.run(["check", dir.appendingPathComponent("week\(week).json").path,
                                     dir.appendingPathComponent("week\(week)-round3.json").path,
                                     "--store", dir.appendingPathComponent("store.sqlite").path])
            #expect(check.status == 0, "\(check.stdout)")
            var accepted: [String: Assignment] = [:]
            for round in 1...3 {
                let plan = try PlanReader.read(Array(try Data(contentsOf: dir.appendingPathComponent("week\(week)-round\(round).json"))))
                #expect(PlanChecker(input: input).violations(of: plan).isEmpty, "week \(week) round \(round)")
                for (need, a) in accepted {
                    if let b = plan.assignments.first(where: { $0.need == need }), b.pinned {
                        #expect(b.people == a.people && b.day == a.day && b.start == a.start && b.organization == a.organization)
                    }
                }
                for a in plan.assignments where a.pinned { accepted[a.need] = a }
            }
        }
        // The rounds report why orders changed: declines in week 2, the withdrawal in week 3.
        guard case .array(let rounds)? = summary["rounds"] else { Issue.record("no rounds"); return }
        let because = rounds.flatMap { r -> [String] in
            guard case .array(let b)? = r["because"] else { return [] }
            return b.compactMap { if case .string(let s) = $0 { s } else { nil } }
        }
        #expect(because.contains("declined") && because.contains("withdrawn"))
        for r in rounds { #expect(Self.number(r["changed"]) <= 5) }

        // Fairness over weeks: less of each week goes to those who served most before.
        let (_, off) = try Self.run(["--fairness-off"])
        func share(_ s: JSONValue) -> Double {
            guard case .array(let weeks)? = s["balance"] else { return .nan }
            return weeks.reduce(0) { $0 + Self.number($1["topHistoryQuarterShare"]) } / Double(weeks.count)
        }
        #expect(share(summary) < share(off) - 0.05, "with \(share(summary)), without \(share(off))")
    }
}

extension StoreTests {
    /// Keeping the plan counts against the time limit (the engine's clock starts earlier by the
    /// keeping's reserve), without changing the plan: the same assignments with and without a store.
    @Test func keepingThePlanCountsInTheLimitAndChangesNoPlan() throws {
        let decoded = try DispatchRoundTests.demo()
        var overrides = SettingsOverrides(backend: .auto, timeLimitSeconds: 10)
        overrides.startedAt = ContinuousClock.now
        let kept = LiandongBatch.Commands.keeping(overrides, decoded)
        let reserve = overrides.startedAt! - kept.startedAt!
        #expect(reserve >= .milliseconds(20) && reserve <= .seconds(2.5))
        let store = try Store(path: Self.temporaryStore())
        let with = LiandongBatch.Commands.plan(decoded, overrides: overrides, keeper: store)
        let without = LiandongBatch.Commands.plan(decoded, overrides: overrides)
        #expect(with.plan?.assignments == without.plan?.assignments && with.plan != nil)
        #expect(try store.latestPlan(of: decoded.input)?.assignments.count == with.plan?.assignments.count)
    }
}
