import ArgumentParser
import Foundation
import Liandong
import LiandongBatch
import LiandongDocuments
import LiandongStore

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Verify a plan against every hard rule of its input; list each violation (exit 1 if any).",
        discussion: "A plan `replan` wrote is also checked against the rounds its `dispatch` records: declines and withdrawals hold, a withdrawn order's input pin no longer binds, and an accepted order stays with the organization that accepted it.")

    @Argument(help: "The input document, or - for stdin.") var input: String
    @Argument(help: "The plan document, or - for stdin.") var plan: String
    @Option(help: ArgumentHelp("The store the plan was made with: the input is completed from it as `plan --store` did (earlier services, hours to date).", valueName: "path"))
    var store: String?

    func validate() throws {
        if input == "-" && plan == "-" { throw ValidationError("only one of INPUT and PLAN can be read from stdin") }
    }

    func run() throws {
        var decoded = try IO.decodeInput(input)
        if let store {
            do { decoded = try StoreAccess.open(store).completing(decoded) } catch { IO.fail(error.status, "liandong: \(error.message)") }
        }
        let document = try IO.readPlan(plan)
        try IO.finish(Commands.check(decoded, plan: document))
    }
}

struct ReplanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replan",
        abstract: "The accept/decline round (派单—接单): keep accepted orders, forbid declined ones, re-plan the rest.")

    @Argument(help: "The input document, or - for stdin.") var input: String
    @Option(help: "The previous plan (default with --store: the week's latest round in the store).") var previous: String?
    @Option(help: "The organizations' responses: {\"responses\": [{need, organization, decision, person?}]}.") var responses: String
    @Option(name: .shortAndLong, help: "Write the plan to this file instead of stdout.") var output: String?
    @OptionGroup var options: SolveOptions
    @OptionGroup var storage: StoreOption

    func validate() throws {
        if previous == nil && storage.store == nil { throw ValidationError("give --previous PLAN, or --store PATH to continue the week kept there") }
    }

    func run() throws {
        let decoded = try IO.decodeInput(input)
        var previousPlan: PlanDocument?
        if let previous { previousPlan = try IO.readPlan(previous, what: "previous plan") }
        let answers: OrderResponses
        do { answers = try OrderResponses.read(try IO.read(responses)) } catch let error as InvalidInput {
            IO.reportProblems(error, file: responses, what: "responses document")
            throw ExitCode(ExitStatus.invalidInput.rawValue)
        }
        let outcome = Commands.replan(decoded, previous: previousPlan, responses: answers, overrides: options.overridesFromProcessStart(rendering: options.format, needs: decoded.input.needs.count),
                                      progress: options.progress, keeper: storage.open())
        StderrProgress.finish()
        try IO.finish(outcome, format: options.format, output: output, input: decoded.input)
    }
}

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "What-if: solve the base input and each scenario, and show them side by side.",
        discussion: """
        Scenarios: files (liandong-scenario/v1 changes, or whole liandong/v1 documents), or said on the \
        command line, each one scenario: --no-orders ORG (an organization takes no orders), \
        --more-volunteers N[:skill,skill] (N more volunteers with those skills, free all week), \
        --away PERSON:DAY[,DAY] (a person away on those days, 0-based). Exit 0 when every plan was made \
        (a scenario's own status is in its column), 65 for an invalid input or scenario.
        """)

    @Argument(help: "The base input document.") var input: String
    @Option(parsing: .upToNextOption, help: "Scenario files.") var scenario: [String] = []
    @Option(name: .customLong("no-orders"), help: "Scenario: this organization takes no orders this week.") var noOrders: [String] = []
    @Option(name: .customLong("more-volunteers"), help: "Scenario: N more volunteers, with skills after a colon (5:companionship,housework).") var moreVolunteers: [String] = []
    @Option(help: "Scenario: a person away on some days (sw-01:1,2).") var away: [String] = []
    @Option(name: .shortAndLong, help: "Write to this file instead of stdout.") var output: String?
    @OptionGroup var options: SolveOptions

    func validate() throws {
        if scenario.isEmpty && noOrders.isEmpty && moreVolunteers.isEmpty && away.isEmpty {
            throw ValidationError("give at least one scenario: --scenario FILE, --no-orders ORG, --more-volunteers N[:skills] or --away PERSON:DAYS")
        }
        for m in moreVolunteers where Int(m.split(separator: ":").first ?? "").map({ !(1...10_000).contains($0) }) ?? true {
            throw ValidationError("--more-volunteers takes N[:skill,skill] with N from 1 to 10000, found '\(m)'")
        }
        for a in away where a.split(separator: ":").count != 2 || a.split(separator: ":")[1].split(separator: ",").contains(where: { Int($0) == nil }) {
            throw ValidationError("--away takes PERSON:DAY[,DAY] (0-based days), found '\(a)'")
        }
    }

    func run() throws {
        func parse(_ path: String) throws -> JSONValue {
            do { return try JSONParser.parse(try IO.read(path)).value } catch let e as JSONSyntaxError {
                IO.stderr("liandong: \(path): not valid JSON at line \(e.line), column \(e.column): \(e.message)\n")
                throw ExitCode(ExitStatus.invalidInput.rawValue)
            }
        }
        let base = try parse(input)
        var scenarios = try scenario.map { path in (name: URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent, value: try parse(path)) }
        // Names for the scenarios' labels, from the model (an invalid base is reported by the comparison).
        let decodedBase = try? InputDecoder.decode(base)
        let orgNames = Dictionary((decodedBase?.input.organizations ?? []).map { ($0.id, $0.name ?? $0.id) }, uniquingKeysWith: { a, _ in a })
        func edit(_ name: String, _ edit: JSONValue) -> (name: String, value: JSONValue) {
            (name, .object(JSONObject([("schema", .string("liandong-scenario/v1")), ("name", .string(name)), ("edits", .array([edit]))])))
        }
        for org in noOrders {
            scenarios.append(edit("\(orgNames[org] ?? org) 不接单", .object(JSONObject([("organizationTakesNoOrders", .string(org))]))))
        }
        for m in moreVolunteers {
            let parts = m.split(separator: ":", maxSplits: 1)
            let n = Int(parts[0])!
            let skills = parts.count > 1 ? parts[1].split(separator: ",").map { String($0) } : []
            let label = "增加 \(n) 名志愿者" + (skills.isEmpty ? "" : "（" + skills.map { Vocabulary.label(skill: Vocabulary.skillID($0)) }.joined(separator: "、") + "）")
            scenarios.append(edit(label, .object(JSONObject([("addVolunteers", .object(JSONObject([
                ("count", .number(Double(n))), ("skills", .array(skills.map(JSONValue.string)))])))]))))
        }
        for a in away {
            let parts = a.split(separator: ":")
            let days = parts[1].split(separator: ",").compactMap { Int($0) }
            let who = decodedBase?.input.people.first { $0.id == parts[0] }?.name ?? String(parts[0])
            let when = days.map { d in
                decodedBase?.input.horizon.start.flatMap { CalendarDay.date(start: $0, day: d) }.flatMap(CalendarDay.weekdayLabel) ?? "第\(d + 1)天"
            }.joined(separator: "、")
            scenarios.append(edit("\(who) \(when)不在", .object(JSONObject([("personAway", .object(JSONObject([
                ("person", .string(String(parts[0]))), ("days", .array(days.map { .number(Double($0)) }))])))]))))
        }
        switch Commands.comparison(base: base, scenarios: scenarios, overrides: options.overridesFromProcessStart, decodedBase: decodedBase) {
        case .failure(let f): try IO.finish(f.outcome)
        case .success(let c):
            switch options.format {
            case .json: try IO.write(JSONWriter.write(c.document), to: output)
            case .table: try IO.write(c.table, to: output)
            case .csv: try IO.write(SpreadsheetExport.csv([["项目 item"] + c.columns.map(\.name)] + c.rows.map { [$0.label] + $0.values }), to: output)
            case .html: try IO.write(HTMLReport.comparison(c), to: output)
            }
        }
    }
}

