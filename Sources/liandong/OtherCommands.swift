import ArgumentParser
import Foundation
import Liandong

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Verify a plan against every hard rule of its input; list each violation (exit 1 if any).")

    @Argument(help: "The input document, or - for stdin.") var input: String
    @Argument(help: "The plan document, or - for stdin.") var plan: String

    func validate() throws {
        if input == "-" && plan == "-" { throw ValidationError("only one of INPUT and PLAN can be read from stdin") }
    }

    func run() throws {
        let decoded = try IO.decodeInput(input)
        let document: PlanDocument
        do { document = try PlanReader.read(try IO.read(plan)) } catch let error as InvalidInput {
            IO.reportProblems(error, file: plan, what: "plan")
            throw ExitCode(ExitStatus.invalidInput.rawValue)
        }
        try IO.finish(Commands.check(decoded, plan: document))
    }
}

struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Read a request on stdin and write its response on stdout (with --lines: JSON Lines, one response per line, in order).")

    @Flag(help: "JSON Lines: one request per line, one response line per request.") var lines = false

    func run() throws {
        if !lines {
            let data = Array(FileHandle.standardInput.readDataToEndOfFile())
            try IO.write(JSONWriter.write(Batch.respond(to: data)), to: nil)
            return
        }
        // One line at a time: each response is written whole, in one write, as soon as it is ready.
        let out = FileHandle.standardOutput
        var buffer: [UInt8] = []
        let input = FileHandle.standardInput
        func answer(_ line: ArraySlice<UInt8>) {
            var text = line
            if text.last == UInt8(ascii: "\r") { text = text.dropLast() }
            if text.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return }  // blank lines carry no request
            out.write(Data((JSONWriter.write(Batch.respond(to: text), pretty: false) + "\n").utf8))
        }
        while true {
            let chunk = input.availableData
            if chunk.isEmpty { break }
            buffer.append(contentsOf: chunk)
            var start = 0
            while let nl = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                answer(buffer[start..<nl])
                start = nl + 1
            }
            buffer.removeFirst(start)
        }
        if !buffer.isEmpty { answer(buffer[...]) }
    }
}

struct ReplanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replan",
        abstract: "The accept/decline round (派单—接单): keep accepted orders, forbid declined ones, re-plan the rest.")

    @Argument(help: "The input document, or - for stdin.") var input: String
    @Option(help: "The previous plan.") var previous: String
    @Option(help: "The organizations' responses: {\"responses\": [{need, organization, decision, person?}]}.") var responses: String
    @Option(name: .shortAndLong, help: "Write the plan to this file instead of stdout.") var output: String?
    @OptionGroup var options: SolveOptions

    func run() throws {
        let decoded = try IO.decodeInput(input)
        let previousPlan: PlanDocument
        do { previousPlan = try PlanReader.read(try IO.read(previous)) } catch let error as InvalidInput {
            IO.reportProblems(error, file: previous, what: "previous plan")
            throw ExitCode(ExitStatus.invalidInput.rawValue)
        }
        let answers: OrderResponses
        do { answers = try OrderResponses.read(try IO.read(responses)) } catch let error as InvalidInput {
            IO.reportProblems(error, file: responses, what: "responses document")
            throw ExitCode(ExitStatus.invalidInput.rawValue)
        }
        let outcome = Commands.replan(decoded, previous: previousPlan, responses: answers, overrides: options.overrides, progress: options.progress)
        StderrProgress.finish()
        try IO.finish(outcome, format: options.format, output: output)
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
