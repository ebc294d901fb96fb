import ArgumentParser
import Foundation
import Liandong

/// Reading inputs and writing results: stdout carries only the result, everything else stderr.
enum IO {
    /// Reads a path, or stdin for "-"; exits 66 when it cannot.
    static func read(_ path: String) throws -> [UInt8] {
        if path == "-" {
            return Array(FileHandle.standardInput.readDataToEndOfFile())
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "does not exist"
            fail(.cannotRead, "liandong: \(path) \(reason)")
        }
        return Array(data)
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

    static func reportProblems(_ error: InvalidInput, file: String, what: String) {
        let name = file == "-" ? "stdin" : file
        var text = "liandong: \(name): the \(what) is invalid (\(error.problems.count) problem\(error.problems.count == 1 ? "" : "s"))\n"
        for p in error.problems {
            text += "  \(p.path.description.isEmpty ? "(document)" : p.path.description): \(p.message)\n"
        }
        stderr(text)
    }

    static func stderr(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func write(_ text: String, to path: String?) throws {
        if let path, path != "-" {
            do { try Data(text.utf8).write(to: URL(fileURLWithPath: path)) } catch {
                fail(.cannotRead, "liandong: cannot write \(path): \(error.localizedDescription)")
            }
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    static func fail(_ status: ExitStatus, _ message: String) -> Never {
        stderr(message + "\n")
        LiandongCommand.exit(withError: ExitCode(status.rawValue))
    }

    /// Writes an outcome (JSON or table) and exits with its status.
    static func finish(_ outcome: CommandOutcome, format: OutputFormat = .json, output: String? = nil) throws {
        if outcome.isError {
            func text(_ v: JSONValue?) -> String { if case .string(let s)? = v { s } else { "" } }
            let error = outcome.document["error"]
            var lines = "liandong: \(text(error?["message"]))\n"
            if case .array(let problems)? = error?["problems"] {
                for p in problems {
                    let path = text(p["path"])
                    lines += "  \(path.isEmpty ? "(document)" : path): \(text(p["message"]))\n"
                }
            }
            stderr(lines)
        } else if format == .table, let plan = outcome.plan {
            try write(TableReport.render(plan), to: output)
        } else {
            try write(JSONWriter.write(outcome.document), to: output)
        }
        if outcome.status != .ok { throw ExitCode(outcome.status.rawValue) }
    }
}
