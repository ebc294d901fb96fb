import Foundation
import Testing
@testable import Liandong

/// Output is whole or absent; inputs read like files do (issue: limits that hold).
@Suite struct OutputFaultTests {
    static let demo = "datasets/wenchang-week.json"

    /// Runs a shell line with `$L` set to the binary (for redirections the test process cannot make).
    static func shell(_ line: String) throws -> CLI.Result {
        try CLI.run(["__shell__"], stdin: nil, shell: line)
    }

    static let commands = [
        "plan \(demo) --quiet --backend heuristic --time-limit 2",
        "validate \(demo)",
        "generate --scale community",
        "check Tests/LiandongTests/Fixtures/valid/small.json Tests/LiandongTests/Fixtures/golden/small.plan.json",
    ]

    @Test(arguments: commands) func aFullOrClosedStdoutEndsWith74(_ command: String) throws {
        for redirect in ["> /dev/full", ">&-"] {
            let r = try Self.shell("\"$L\" \(command) \(redirect)")
            #expect(r.status == 74, "\(command) \(redirect): exit \(r.status), stderr \(r.stderr)")
            #expect(r.stderr.contains("cannot write stdout"), "\(command) \(redirect): \(r.stderr)")
            #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("Backtrac"), "\(command) \(redirect): a crash")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(command) \(redirect): \(r.stderr)")
        }
    }

    @Test(arguments: commands) func aFullOrClosedStderrIsNoCrash(_ command: String) throws {
        for redirect in ["2> /dev/full", "2>&-"] {
            let r = try Self.shell("\"$L\" \(command) \(redirect)")
            #expect(r.status == 0, "\(command) \(redirect): exit \(r.status)")
            #expect(!r.stdout.contains("Fatal error") && !r.stdout.contains("Backtrac"), "\(command) \(redirect): crash text on stdout")
        }
    }

    @Test func outputFileIsReplacedWholeOrNotAtAll() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("liandong-out-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("plan.json").path
        try "old".write(toFile: target, atomically: false, encoding: .utf8)
        let ok = try CLI.run(["plan", Self.demo, "--quiet", "--backend", "heuristic", "-o", target])
        #expect(ok.status == 0)
        let written = try String(contentsOfFile: target, encoding: .utf8)
        #expect(written.hasPrefix("{") && written.hasSuffix("}\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["plan.json"], "a temporary file was left behind")
        // A device is written in place (never renamed over); a full one is an I/O error.
        let full = try CLI.run(["plan", Self.demo, "--quiet", "--backend", "heuristic", "-o", "/dev/full"])
        #expect(full.status == 74 && full.stderr.contains("cannot write /dev/full"))
        var info = stat()
        #expect(stat("/dev/full", &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR, "/dev/full was replaced")
        let missing = try CLI.run(["plan", Self.demo, "--quiet", "--backend", "heuristic", "-o", dir.path + "/no/such/dir/plan.json"])
        #expect(missing.status == 74)
    }

    @Test func fifosAndProcessSubstitutionAreRead() throws {
        let r = try Self.shell("\"$L\" validate <(cat \(Self.demo))")
        #expect(r.status == 0, "process substitution: \(r.stderr)")
        let fifo = FileManager.default.temporaryDirectory.appendingPathComponent("liandong-fifo-\(UUID())").path
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { unlink(fifo) }
        let f = try Self.shell("cat \(Self.demo) > \(fifo) & \"$L\" validate \(fifo); s=$?; wait; exit $s")
        #expect(f.status == 0, "FIFO: \(f.stderr)")
        let gone = try CLI.run(["validate", "/no/such/file.json"])
        #expect(gone.status == 66 && gone.stderr.contains("does not exist"))
    }

    @Test func datesAreCalendarDates() throws {
        for (date, valid) in [("2026-02-31", false), ("2026-02-29", false), ("2028-02-29", true), ("2026-04-31", false),
                              ("2026-12-31", true), ("2026-13-01", false)] {
            let text = #"{"schema": "liandong/v1", "horizon": {"start": "\#(date)", "days": 7}}"#
            let decoded = try? InputDecoder.decode(Array(text.utf8))
            #expect((decoded != nil) == valid, "\(date)")
        }
    }

    /// Ids are compared byte for byte, so only one Unicode form (NFC) is accepted.
    @Test func identifiersMustBeNFC() throws {
        let nfd = "cafe\u{301}"
        let text = #"{"schema": "liandong/v1", "horizon": {"days": 1}, "people": [{"id": "\#(nfd)", "role": "volunteer", "skills": ["\#(nfd)"]}]}"#
        do {
            _ = try InputDecoder.decode(Array(text.utf8))
            Issue.record("an NFD id was accepted")
        } catch {
            #expect(Set(error.problems.map(\.path.description)) == ["/people/0/id", "/people/0/skills/0"])
        }
        let nfc = text.replacingOccurrences(of: nfd, with: "caf\u{E9}")
        #expect((try? InputDecoder.decode(Array(nfc.utf8))) != nil)
    }
}

extension CLI {
    /// Runs `line` with bash, `$L` naming the binary, from the repository root.
    static func run(_ arguments: [String], stdin: String?, shell line: String) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", line]
        process.environment = ProcessInfo.processInfo.environment.merging(["L": binary.path]) { $1 }
        process.currentDirectoryURL = SharedData.repositoryRoot
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("liandong-sh-out-\(UUID())")
        let err = FileManager.default.temporaryDirectory.appendingPathComponent("liandong-sh-err-\(UUID())")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: out); try? FileManager.default.removeItem(at: err) }
        let outHandle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try outHandle.close(); try errHandle.close()
        return Result(status: process.terminationStatus,
                      stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }
}
