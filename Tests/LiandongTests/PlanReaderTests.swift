import Testing
@testable import Liandong

@Suite struct PlanReaderTests {
    static let good = #"""
    {
      "schema": "liandong-plan/v1",
      "status": "optimal",
      "solver": { "backend": "glpk", "seconds": 0.41, "objective": 1234.5,
                  "objectiveParts": { "value": 1240, "cost": 5.5, "fairness": 0 }, "variables": 3120 },
      "summary": { "needs": 2, "served": 2 },
      "assignments": [
        { "need": "n-01", "day": 1, "start": "09:00", "end": "10:30", "organization": "huiguang",
          "people": [ { "person": "sw-01", "role": "socialWorker", "position": 0 },
                      { "person": "v-07", "role": "volunteer", "position": 1 } ],
          "cost": 2.5, "pinned": true },
        { "need": "n-02", "people": [ { "person": "v-09", "role": "volunteer", "position": 0 } ], "cost": 0 }
      ],
      "unserved": [], "orders": [], "people": [], "warnings": [], "changes": { "kept": 1 }
    }
    """#

    private func problems(_ text: String) -> [String] {
        do {
            _ = try PlanReader.read(Array(text.utf8))
            return []
        } catch {
            return error.problems.map(\.path.description)
        }
    }

    @Test func readsAGoodDocument() throws {
        let doc = try PlanReader.read(Array(Self.good.utf8))
        #expect(doc.status == .optimal)
        #expect(doc.objectiveParts == ObjectiveParts(value: 1240, cost: 5.5, fairness: 0))
        #expect(doc.assignments == [
            Assignment(need: "n-01", day: 1, start: TimeOfDay(minutes: 540), end: TimeOfDay(minutes: 630), organization: "huiguang",
                       people: [Member(person: "sw-01", role: .socialWorker, position: 0),
                                Member(person: "v-07", role: .volunteer, position: 1)],
                       cost: 2.5, pinned: true),
            Assignment(need: "n-02", people: [Member(person: "v-09", role: .volunteer, position: 0)]),
        ])
    }

    @Test func readsWhatThePlanEncoderWrites() throws {
        var input = PlanningInput(horizon: Horizon(days: 1))
        input.people = [Person(id: "p", role: .volunteer)]
        input.needs = [Need(id: "n", windows: [DayWindow(day: 0, from: TimeOfDay(minutes: 0), to: TimeOfDay(minutes: 600))])]
        input.pinned = [PinnedAssignment(need: "n", people: ["p"], day: 0, start: TimeOfDay(minutes: 60))]
        let plan = PlanChecker.pinnedOnlyPlan(input)
        let doc = try PlanReader.read(try JSONValueEncoder().encode(plan))
        #expect(doc.assignments == plan.assignments)
        #expect(doc.status == plan.status)
        #expect(doc.objectiveParts == plan.solver.objectiveParts)
        #expect(PlanChecker(input: input).violations(of: doc) == [])
    }

    @Test func optionalPartsMayBeMissing() throws {
        let doc = try PlanReader.read(Array(#"{"schema": "liandong-plan/v1", "assignments": []}"#.utf8))
        #expect(doc.status == nil)
        #expect(doc.objectiveParts == nil)
        #expect(doc.assignments.isEmpty)
    }

    @Test(arguments: [
        (#"{"schema": "liandong/v1", "assignments": []}"#, ["/schema"]),
        (#"{"assignments": []}"#, ["/schema"]),
        (#"{"schema": "liandong-plan/v1"}"#, ["/assignments"]),
        (#"{"schema": "liandong-plan/v1", "status": "done", "assignments": {}}"#, ["/assignments", "/status"]),
        (#"{"schema": "liandong-plan/v1", "solver": {"objectiveParts": {"value": 1, "cost": "x"}}, "assignments": []}"#,
         ["/solver/objectiveParts/cost", "/solver/objectiveParts/fairness"]),
        (#"{"schema": "liandong-plan/v1", "assignments": [{"need": "a", "people": []}, {"need": "b", "people": []}, {"need": "c", "day": 0, "start": "9:00", "people": []}]}"#, ["/assignments/2/start"]),
        (#"{"schema": "liandong-plan/v1", "assignments": [{"need": "a", "people": [], "stat": 1}]}"#, ["/assignments/0/stat"]),
        (#"{"schema": "liandong-plan/v1", "assignments": [{"people": [{"person": "p", "role": "boss", "position": -1, "x": 0}]}]}"#,
         ["/assignments/0/need", "/assignments/0/people/0/position", "/assignments/0/people/0/role", "/assignments/0/people/0/x"]),
        (#"{"schema": "liandong-plan/v1", "assignments": [{"need": "a", "people": [{"person": "p", "role": "volunteer"}], "day": 1.5, "cost": true}]}"#,
         ["/assignments/0/cost", "/assignments/0/day", "/assignments/0/people/0/position"]),
        (#"{"schema": "liandong-plan/v1", "assignments": [], "assignments": []}"#, ["/assignments"]),
        (#"[]"#, [""]),
        (#"{"schema": "liandong-plan/v1", "assignments": [}"#, [""]),
    ])
    func badDocumentsNameEveryProblem(text: String, paths: [String]) {
        #expect(problems(text) == paths)
    }

    @Test func syntaxErrorsGiveLineAndColumn() {
        do {
            _ = try PlanReader.read(Array("{\n  \"schema\": }".utf8))
            Issue.record("expected a syntax error")
        } catch {
            #expect(error.problems.count == 1)
            #expect(error.problems[0].code == .syntax)
            #expect(error.problems[0].message.contains("line 2"))
        }
    }
}

@Suite struct PlanCheckerValidationTests {
    /// The validator judges pins with the checker: a pin that breaks a hard rule is refused.
    @Test func aPinBreakingAHardRuleIsInvalidInput() {
        let text = #"""
        { "schema": "liandong/v1", "horizon": { "days": 1 },
          "people": [ { "id": "v1", "role": "volunteer" } ],
          "needs": [ { "id": "n1", "excluded": ["v1"], "windows": [ { "day": 0, "from": "09:00", "to": "12:00" } ] },
                     { "id": "n2", "required": true } ],
          "pinned": [ { "need": "n1", "people": ["v1"], "day": 0, "start": "09:00" } ] }
        """#
        do {
            _ = try InputDecoder.decode(Array(text.utf8))
            Issue.record("expected the pin to be refused")
        } catch {
            #expect(error.problems.map(\.code) == [.pinnedBreaksRule])
            #expect(error.problems.map(\.path.description) == ["/pinned/0"])
        }
    }

    @Test func aGoodPinIsAccepted() throws {
        let text = #"""
        { "schema": "liandong/v1", "horizon": { "days": 1 },
          "people": [ { "id": "v1", "role": "volunteer" } ],
          "needs": [ { "id": "n1", "windows": [ { "day": 0, "from": "09:00", "to": "12:00" } ] }, { "id": "n2", "required": true } ],
          "pinned": [ { "need": "n1", "people": ["v1"], "day": 0, "start": "09:00" } ] }
        """#
        let decoded = try InputDecoder.decode(Array(text.utf8))
        #expect(decoded.input.pinned.count == 1)
    }
}
