import ArgumentParser
import Foundation
import Liandong
import LiandongBatch
import LiandongStore

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Solve one planning problem and write the plan (JSON on stdout by default).")

    @Argument(help: "The input document (liandong/v1), or - for stdin.")
    var input: String

    @Option(name: .shortAndLong, help: "Write the plan to this file instead of stdout.")
    var output: String?

    @OptionGroup var options: SolveOptions
    @OptionGroup var storage: StoreOption

    func run() throws {
        let decoded = try IO.decodeInput(input)
        let outcome = Commands.plan(decoded, overrides: options.overridesFromProcessStart(rendering: options.format, needs: decoded.input.needs.count), progress: options.progress, keeper: storage.open())
        StderrProgress.finish()
        try IO.finish(outcome, format: options.format, output: output, input: decoded.input)
    }
}

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Report every problem in an input, each with its JSON Pointer path (exit 65 if any).")

    @Argument(help: "The input document, or - for stdin.")
    var input: String

    @Option(help: "Output format: json or table.")
    var format: OutputFormat = .json

    func run() throws {
        let outcome = Commands.validate(try IO.read(input))
        if format == .table {
            try IO.write(TableReport.render(validation: outcome.document), to: nil)
            if outcome.status != .ok { throw ExitCode(outcome.status.rawValue) }
        } else {
            try IO.finish(outcome)
        }
    }
}

struct ExportModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-model",
        abstract: "Write the integer program as GLPK writes it (CPLEX LP or free MPS).")

    @Argument(help: "The input document, or - for stdin.")
    var input: String

    @Option(help: "lp or mps.")
    var format: ModelFormatArgument = .lp

    @Option(name: .shortAndLong, help: "Write to this file instead of stdout.")
    var output: String?

    func run() throws {
        let decoded = try IO.decodeInput(input)
        // GLPK writes a temporary file; the model then goes out whole like any other result.
        let temporary = FileManager.default.temporaryDirectory
            .appendingPathComponent("liandong-model-\(ProcessInfo.processInfo.processIdentifier).\(format.rawValue)").path
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        do {
            try Engine.exportModel(decoded.input, to: temporary, format: format.format)
        } catch {
            IO.fail(.internalError, "liandong: \(error.description)")
        }
        guard let model = FileManager.default.contents(atPath: temporary) else {
            IO.fail(.internalError, "liandong: GLPK wrote no model")
        }
        try IO.write(String(decoding: model, as: UTF8.self), to: output)
    }
}

enum ModelFormatArgument: String, ExpressibleByArgument, CaseIterable {
    case lp, mps
    var format: ModelFormat { self == .lp ? .lp : .mps }
}
