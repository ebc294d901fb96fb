import Foundation

/// Runs the built `liandong` binary (a sibling of the test bundle).
enum CLI {
    struct Result { var status: Int32; var stdout: String; var stderr: String }

    static var binary: URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("liandong")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return SharedData.repositoryRoot.appendingPathComponent(".build/debug/liandong")
    }

    static func run(_ arguments: [String], stdin: String? = nil) throws -> Result {
        try run(arguments, input: stdin.map { Data($0.utf8) })
    }

    /// Runs the binary with `input` (any bytes) on stdin. The input is written from another
    /// thread while stdout is read, so that large inputs and outputs cannot block each other.
    static func run(_ arguments: [String], input stdin: Data?) throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = SharedData.repositoryRoot
        let out = Pipe(), input = Pipe()
        let errFile = FileManager.default.temporaryDirectory.appendingPathComponent("liandong-stderr-\(UUID())")
        _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
        let err = try FileHandle(forWritingTo: errFile)
        defer { try? FileManager.default.removeItem(at: errFile) }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        let writer = input.fileHandleForWriting
        let written = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            if let stdin { writer.write(stdin) }
            try? writer.close()
            written.signal()
        }
        // Read stdout to the end before waiting, so a large output cannot block the child.
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        written.wait()
        try err.close()
        let stderrData = (try? Data(contentsOf: errFile)) ?? Data()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                      stderr: String(decoding: stderrData, as: UTF8.self))
    }

    /// The plan text with the only varying part, `solver.seconds`, blanked.
    static func withoutTimings(_ text: String) -> String {
        text.replacingOccurrences(of: #""seconds": [0-9.e+-]+"#, with: #""seconds": 0"#, options: .regularExpression)
    }
}

/// Golden files under Fixtures/golden, re-recorded with `LIANDONG_RECORD=1 swift test`.
enum Golden {
    static var sourceDirectory: URL {
        SharedData.repositoryRoot.appendingPathComponent("Tests/LiandongTests/Fixtures/golden")
    }

    /// Returns the recorded text (recording `actual` first when asked to).
    static func expected(_ name: String, actual: String) throws -> String {
        let file = sourceDirectory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["LIANDONG_RECORD"] == "1" {
            try actual.write(to: file, atomically: true, encoding: .utf8)
        }
        return try String(contentsOf: file, encoding: .utf8)
    }
}

extension Golden {
    /// The parts of a plan that every optimal plan of the input shares: status, objective,
    /// bound, gap, termination and the model's size — as sorted JSON.
    static func optimumView(_ planText: String) throws -> String {
        let object = try JSONSerialization.jsonObject(with: Data(planText.utf8)) as? [String: Any] ?? [:]
        let solver = object["solver"] as? [String: Any] ?? [:]
        var view: [String: Any] = ["schema": object["schema"] ?? "", "status": object["status"] ?? ""]
        for key in ["objective", "bound", "gap", "termination", "variables", "constraints", "backend"] { view[key] = solver[key] ?? NSNull() }
        let data = try JSONSerialization.data(withJSONObject: view, options: [.sortedKeys, .prettyPrinted])
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
