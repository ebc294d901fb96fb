import Foundation
import Testing
@testable import Liandong

/// End-to-end: the built binary, its exit codes, and whole outputs against golden files.
@Suite(.serialized) struct CLITests {
    let small = "Tests/LiandongTests/Fixtures/valid/small.json"

    @Test func planMatchesGoldenAndPassesCheck() throws {
        let r = try CLI.run(["plan", small])
        #expect(r.status == 0, "\(r.stderr)")
        // What every optimal plan shares (another optimum of equal value may serve other needs).
        let view = try Golden.optimumView(r.stdout)
        #expect(view == (try Golden.expected("small.plan.optimum.json", actual: view)))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("liandong-small-plan-\(UUID()).json")
        try r.stdout.write(to: file, atomically: true, encoding: .utf8)
        let check = try CLI.run(["check", small, file.path])
        #expect(check.status == 0, "\(check.stdout)")
    }

    @Test func tableMatchesGolden() throws {
        let r = try CLI.run(["plan", small, "--format", "table"])
        #expect(r.status == 0)
        // The status and solver lines hold for any optimum; the rest of the table is checked for shape.
        let head = r.stdout.split(separator: "\n").prefix(2).joined(separator: "\n") + "\n"
        #expect(head == (try Golden.expected("small.plan.head.txt", actual: head)))
        #expect(r.stdout.contains("派单 assignments"))
    }

    /// The table says what the clock cut (`solver.clockCut`), in Chinese first; nothing when it cut nothing.
    @Test func theTableSaysWhatTheClockCut() throws {
        var plan = try Engine.plan(try InputDecoder.decode(try Fixtures.data("valid/small.json")), settings: SolverSettings())
        #expect(!TableReport.render(plan).contains("时限截断"))
        plan.solver.termination = .timeLimit
        plan.solver.clockCut = [.plan, .bound]
        #expect(TableReport.render(plan).contains("时限截断 cut by the time limit: 方案 plan（再算可能得出另一方案）、上界 bound（方案不变，上界与差距可能不同）\n"))
    }

    @Test func twoRunsAreByteIdenticalButForTimings() throws {
        let a = try CLI.run(["plan", small]), b = try CLI.run(["plan", small])
        #expect(CLI.withoutTimings(a.stdout) == CLI.withoutTimings(b.stdout))
        let c = try CLI.run(["plan", small, "--backend", "heuristic", "--seed", "7"])
        let d = try CLI.run(["plan", small, "--backend", "heuristic", "--seed", "7"])
        #expect(CLI.withoutTimings(c.stdout) == CLI.withoutTimings(d.stdout))
    }

    @Test func invalidInputExits65WithPathsOnStderr() throws {
        let r = try CLI.run(["plan", "Tests/LiandongTests/Fixtures/invalid/20-wrong-types-need.json"])
        #expect(r.status == 65)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("/needs/0/team/0/count"))
        #expect(!r.stderr.contains("Fatal error"))
    }

    @Test func validateReportMatchesGolden() throws {
        let r = try CLI.run(["validate", "Tests/LiandongTests/Fixtures/invalid/20-wrong-types-need.json"])
        #expect(r.status == 65)
        #expect(r.stdout == (try Golden.expected("wrong-types.validate.json", actual: r.stdout)))
    }

    @Test func exitCodes() throws {
        #expect(try CLI.run(["plan", "no-such-file.json"]).status == 66)
        #expect(try CLI.run(["plan", small, "--time-limit", "-3"]).status == 64)
        #expect(try CLI.run(["frobnicate"]).status == 64)
        #expect(try CLI.run(["plan", "-"], stdin: "{not json").status == 65)
        #expect(try CLI.run(["validate", small]).status == 0)
    }

    @Test func requiredNeedThatCannotBeServedExits69WithReasons() throws {
        var input = try InputDecoder.decode(try Fixtures.data("valid/small.json")).input
        input.needs.append(Need(id: "n-impossible", team: [TeamPosition(role: .socialWorker, skills: ["astronomy"])], required: true))
        let text = try JSONValueEncoder().encodeText(input)
        let r = try CLI.run(["plan", "-"], stdin: text)
        #expect(r.status == 69)
        #expect(r.stdout.contains("\"status\": \"infeasible\""))
        #expect(r.stdout.contains("noQualifiedPerson"))
    }

    @Test func batchLinesAnswersEveryLineInOrder() throws {
        let good = try String(contentsOf: Fixtures.directory.appendingPathComponent("valid/small.json"), encoding: .utf8)
        let compact = JSONWriter.write(try JSONParser.parse(good), pretty: false)
        let lines = [
            #"{"id": 1, "command": "validate", "input": \#(compact)}"#,
            "{oops",
            #"{"id": "p", "command": "plan", "input": \#(compact), "options": {"backend": "glpk"}}"#,
            #"{"id": 4, "command": "dance", "input": {}}"#,
            compact,
        ]
        let r = try CLI.run(["batch", "--lines"], stdin: lines.joined(separator: "\n") + "\n")
        #expect(r.status == 0)
        let responses = r.stdout.split(separator: "\n").map { try? JSONParser.parse(String($0)) }
        #expect(responses.count == 5)
        #expect(responses[0]?["id"] == .number(1) && responses[0]?["ok"] == .bool(true))
        #expect(responses[1]?["exitCode"] == .number(65))
        #expect(responses[2]?["id"] == .string("p") && responses[2]?["result"]?["status"] == .string("optimal"))
        #expect(responses[3]?["exitCode"] == .number(64))
        #expect(responses[4]?["result"]?["schema"] == .string("liandong-plan/v1"))
    }

    @Test func replanKeepsAcceptedAndAvoidsDeclined() throws {
        let dir = FileManager.default.temporaryDirectory
        var base = try InputDecoder.decode(try Fixtures.data("valid/small.json")).input
        for i in base.needs.indices { base.needs[i].required = false }
        let small = dir.appendingPathComponent("liandong-base-\(UUID()).json").path
        try JSONValueEncoder().encodeText(base).write(toFile: small, atomically: true, encoding: .utf8)
        let plan = try CLI.run(["plan", small])
        let planFile = dir.appendingPathComponent("liandong-prev-\(UUID()).json")
        try plan.stdout.write(to: planFile, atomically: true, encoding: .utf8)
        let prev = try PlanReader.read(Array(plan.stdout.utf8))
        let declined = try #require(prev.assignments.first { !$0.pinned && $0.organization != nil })
        let accepted = prev.assignments.filter { $0.need != declined.need && !$0.pinned && $0.organization != nil }
        var responses: [JSONValue] = accepted.map { a in
            .object(JSONObject([("need", .string(a.need)), ("organization", .string(a.organization!)), ("decision", .string("accept"))]))
        }
        responses.append(.object(JSONObject([("need", .string(declined.need)), ("organization", .string(declined.organization!)), ("decision", .string("decline"))])))
        let responsesFile = dir.appendingPathComponent("liandong-resp-\(UUID()).json")
        try JSONWriter.write(.object(JSONObject([("responses", .array(responses))]))).write(to: responsesFile, atomically: true, encoding: .utf8)
        let r = try CLI.run(["replan", small, "--previous", planFile.path, "--responses", responsesFile.path])
        #expect(r.status == 0, "\(r.stderr)")
        let next = try PlanReader.read(Array(r.stdout.utf8))
        for a in accepted {
            let b = try #require(next.assignments.first { $0.need == a.need })
            #expect(b.people == a.people && b.day == a.day && b.start == a.start)
        }
        if let again = next.assignments.first(where: { $0.need == declined.need }) {
            #expect(again.organization != declined.organization)
        }
        #expect(r.stdout.contains("\"changes\""))
    }
}
