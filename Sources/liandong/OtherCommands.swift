import ArgumentParser
import Foundation
import Liandong
import LiandongStore

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Verify a plan against every hard rule of its input; list each violation (exit 1 if any).")

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
        let document: PlanDocument
        do { document = try PlanReader.read(try IO.read(plan)) } catch let error as InvalidInput {
            IO.reportProblems(error, file: plan, what: "plan")
            throw ExitCode(ExitStatus.invalidInput.rawValue)
        }
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
        if let previous {
            do { previousPlan = try PlanReader.read(try IO.read(previous)) } catch let error as InvalidInput {
                IO.reportProblems(error, file: previous, what: "previous plan")
                throw ExitCode(ExitStatus.invalidInput.rawValue)
            }
        }
        let answers: OrderResponses
        do { answers = try OrderResponses.read(try IO.read(responses)) } catch let error as InvalidInput {
            IO.reportProblems(error, file: responses, what: "responses document")
            throw ExitCode(ExitStatus.invalidInput.rawValue)
        }
        let outcome = Commands.replan(decoded, previous: previousPlan, responses: answers, overrides: options.overridesFromProcessStart,
                                      progress: options.progress, keeper: storage.open())
        StderrProgress.finish()
        try IO.finish(outcome, format: options.format, output: output, input: decoded.input)
    }
}

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "What-if: solve the base input and each scenario, and show the differences.")

    @Argument(help: "The base input document.") var input: String
    @Option(parsing: .upToNextOption, help: "Scenario files: whole liandong/v1 documents or liandong-scenario/v1 changes.") var scenario: [String]
    @OptionGroup var options: SolveOptions

    func validate() throws {
        if scenario.isEmpty { throw ValidationError("give at least one --scenario FILE") }
    }

    func run() throws {
        func parse(_ path: String) throws -> JSONValue {
            do { return try JSONParser.parse(try IO.read(path)).value } catch let e as JSONSyntaxError {
                IO.stderr("liandong: \(path): not valid JSON at line \(e.line), column \(e.column): \(e.message)\n")
                throw ExitCode(ExitStatus.invalidInput.rawValue)
            }
        }
        let base = try parse(input)
        let scenarios = try scenario.map { path in (name: URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent, value: try parse(path)) }
        let outcome = Commands.compare(base: base, scenarios: scenarios, overrides: options.overrides)
        try IO.finish(outcome)
    }
}
