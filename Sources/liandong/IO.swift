import ArgumentParser
import Foundation
import Liandong
import LiandongBatch
import LiandongDocuments

/// Reading inputs and writing results: stdout carries only the result, everything else stderr.
enum IO {
    /// Reads a path, or stdin for "-" (FIFOs and process substitution included); exits 66
    /// when it cannot.
    static func read(_ path: String) throws -> [UInt8] {
        switch path == "-" ? POSIXIO.readAll(0) : POSIXIO.readFile(path) {
        case .success(let bytes): return bytes
        case .failure(let e):
            let name = path == "-" ? "stdin" : path
            fail(.cannotRead, "liandong: \(name) \(e.isMissing ? "does not exist" : "cannot be read (\(e))")")
        }
    }

    /// Decodes an input document; exits 65 with every problem when it is invalid.
    static func decodeInput(_ path: String, what: String = "input") throws -> DecodedInput {
        let data = try read(path)
        do {
            return try InputDecoder.decode(data)
        } catch {
            reportProblems(error, file: path, what: what)
            throw ExitCode(ExitStatus.invalidInput.rawValue)
        }
    }

    /// Reads a plan document (`what`: how to call it in messages); exits 65 with every problem
    /// when it is invalid.
    static func readPlan(_ path: String, what: String = "plan") throws -> PlanDocument {
        do { return try PlanReader.read(try read(path)) } catch let error as InvalidInput {
            reportProblems(error, file: path, what: what)
            throw ExitCode(ExitStatus.invalidInput.rawValue)
        }
    }

    static func reportProblems(_ error: InvalidInput, file: String, what: String) {
        let name = file == "-" ? "stdin" : file
        var text = "liandong: \(name): the \(what) is invalid (\(error.problems.count) problem\(error.problems.count == 1 ? "" : "s"))\n"
        for p in error.problems {
            text += "  \(p.path.description.isEmpty ? "(document)" : p.path.description): \(p.message)\n"
        }
        stderr(text)
    }

    static func stderr(_ text: String) { POSIXIO.note(text) }

    /// Writes a result whole: to stdout in one go, or to `path` through a temporary file and a
    /// rename; exits 74 with one line on stderr when it cannot (full disk, closed or broken
    /// stream). Terminating signals wait until the last byte is written.
    static func write(_ text: String, to path: String?) throws {
        let bytes = Array(text.utf8)
        let failure = POSIXIO.withTerminatingSignalsHeld { () -> Errno? in
            if let path, path != "-" { return POSIXIO.writeFileAtomically(path, bytes) }
            return POSIXIO.writeAll(1, bytes)
        }
        if let failure {
            let target = path.flatMap { $0 == "-" ? nil : $0 } ?? "stdout"
            fail(.cannotWrite, "liandong: cannot write \(target): \(failure)")
        }
    }

    static func fail(_ status: ExitStatus, _ message: String) -> Never {
        stderr(message + "\n")
        LiandongCommand.exit(withError: ExitCode(status.rawValue))
    }

    /// Writes an outcome (JSON or table) and exits with its status.
    static func finish(_ outcome: CommandOutcome, format: OutputFormat = .json, output: String? = nil, input: PlanningInput? = nil) throws {
        if outcome.isError, let failure = outcome.failure {
            var lines = "liandong: \(failure.message)\n"
            for p in failure.problems {
                lines += "  \(p.path.description.isEmpty ? "(document)" : p.path.description): \(p.message)\n"
            }
            stderr(lines)
        } else if format == .table, let plan = outcome.plan {
            try write(TableReport.render(plan, input: input), to: output)
        } else if format == .csv, let plan = outcome.plan, let input {
            try write(SpreadsheetExport.orderSheet(plan, input: input), to: output)
        } else if format == .html, let plan = outcome.plan, let input {
            try write(HTMLReport(plan: plan, input: input).render(), to: output)
        } else {
            try write(JSONWriter.write(outcome.document), to: output)
        }
        if outcome.status != .ok { throw ExitCode(outcome.status.rawValue) }
    }
}
