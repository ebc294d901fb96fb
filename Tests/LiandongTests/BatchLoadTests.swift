import Foundation
import Testing
@testable import Liandong

#if canImport(Glibc)
import Glibc
#endif

/// `liandong batch --lines` under load: a deterministic stream of 500 mixed lines (the smaller
/// sibling of `scripts/batch-load.py`) gets exactly one response line per non-blank request line,
/// in order, ids echoed, exit codes as expected.
@Suite(.serialized) struct BatchLoadTests {
    /// One line of the stream and what its response must be (`exit == nil`: a blank line, no response).
    struct Line {
        var bytes: [UInt8]
        var ending: [UInt8] = Array("\n".utf8)
        var id: JSONValue?
        var exit: Int?
        var kind: String
    }

    static func compact(_ value: JSONValue) -> String { JSONWriter.write(value, pretty: false) }

    static func stream(count: Int, seed: UInt64) throws -> [Line] {
        var rng = SplitMix64(seed: seed)
        func pick(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        let small = try JSONParser.parse(try Fixtures.data("valid/small.json")).value
        let smallText = compact(small)
        var base = try InputDecoder.decode(try Fixtures.data("valid/small.json")).input
        base.needs.append(Need(id: "n-impossible", team: [TeamPosition(role: .volunteer, skills: ["astronomy"])], required: true))
        let infeasibleText = try JSONValueEncoder().encodeText(base).replacingOccurrences(of: "\n", with: " ")
        var invalid = try InputDecoder.decode(try Fixtures.data("valid/small.json")).input
        invalid.needs[0].durationMinutes = -5
        let invalidText = try JSONValueEncoder().encodeText(invalid).replacingOccurrences(of: "\n", with: " ")

        var lines: [Line] = []
        var nextID = 0
        func id() -> (JSONValue, String) {
            nextID += 1
            return pick(2) == 0 ? (.number(Double(nextID)), "\(nextID)") : (.string("r-\(nextID)"), "\"r-\(nextID)\"")
        }
        for n in 0..<count {
            if n % 100 == 50 {  // a huge line now and then
                switch (n / 100) % 3 {
                case 0:
                    let big = "i" + String(repeating: "d", count: 1 << 20)
                    lines.append(Line(bytes: Array(#"{"id": "\#(big)", "command": "dance", "input": {}}"#.utf8), id: .string(big), exit: 64, kind: "hugeId"))
                case 1:
                    lines.append(Line(bytes: Array(("{" + String(repeating: "x", count: 2 << 20)).utf8), id: nil, exit: 65, kind: "hugeJunk"))
                default:
                    let (v, t) = id()
                    let needs = (0..<2000).map { #"{"id": "n\#($0)", "title": "入户探访", "durationMinutes": 30}"# }.joined(separator: ",")
                    let doc = #"{"schema": "liandong/v1", "horizon": {"days": 7}, "people": [{"id": "p", "role": "volunteer"}], "needs": [\#(needs)]}"#
                    lines.append(Line(bytes: Array(#"{"id": \#(t), "command": "validate", "input": \#(doc)}"#.utf8), id: v, exit: 0, kind: "hugeValid"))
                }
                continue
            }
            switch pick(20) {
            case 0...4:
                let (v, t) = id()
                let backend = ["glpk", "auto", "heuristic"][pick(3)]
                lines.append(Line(bytes: Array(#"{"id": \#(t), "command": "plan", "input": \#(smallText), "options": {"backend": "\#(backend)"}}"#.utf8), id: v, exit: 0, kind: "plan"))
            case 5:
                let (v, t) = id()
                lines.append(Line(bytes: Array(#"{"id": \#(t), "command": "plan", "input": \#(infeasibleText)}"#.utf8), id: v, exit: 69, kind: "infeasible"))
            case 6:
                lines.append(Line(bytes: Array(smallText.utf8), id: nil, exit: 0, kind: "bare"))
            case 7:
                let (v, t) = id()
                lines.append(Line(bytes: Array(#"{"id": \#(t), "command": "validate", "input": \#(smallText)}"#.utf8), ending: Array("\r\n".utf8), id: v, exit: 0, kind: "validateCRLF"))
            case 8:
                let (v, t) = id()
                lines.append(Line(bytes: Array(#"{"id": \#(t), "command": "validate", "input": \#(invalidText)}"#.utf8), id: v, exit: 65, kind: "validateInvalid"))
            case 9, 10:
                let text = ["{oops", #"{"id": 1,}"#, String(smallText.prefix(1 + pick(smallText.count - 1))), "nul"][pick(4)]
                lines.append(Line(bytes: Array(text.utf8), id: nil, exit: 65, kind: "malformed"))
            case 11:
                // Not an object: an input document like any other, and an invalid one (65).
                lines.append(Line(bytes: Array(["[1, 2]", "42", "\"plan\"", "null", "true"][pick(5)].utf8), id: nil, exit: 65, kind: "nonObject"))
            case 12:
                let (v, t) = id()
                lines.append(Line(bytes: Array(#"{"id": \#(t), "command": "dance", "input": {}}"#.utf8), id: v, exit: 64, kind: "unknownCommand"))
            case 13:
                let (v, t) = id()
                lines.append(Line(bytes: Array(#"{"id": \#(t), "command": "plan"}"#.utf8), id: v, exit: 64, kind: "missingInput"))
            case 14:
                lines.append(Line(bytes: Array(#"{"id": ""#.utf8) + [0xFF, 0xFE] + Array(#"", "command": "plan", "input": {}}"#.utf8), id: nil, exit: 65, kind: "invalidUTF8"))
            case 15:
                let (v, t) = id()
                lines.append(Line(bytes: Array(#"{"id": \#(t), "command": "check", "input": \#(smallText), "plan": {"schema": "nope"}}"#.utf8), id: v, exit: 65, kind: "checkBadPlan"))
            default:
                lines.append(Line(bytes: Array(["", "  ", "\t", "\r", " \t "][pick(5)].utf8), id: nil, exit: nil, kind: "blank"))
            }
        }
        if let last = lines.lastIndex(where: { $0.exit != nil }) { lines[last].ending = [] }  // no final newline
        return lines
    }

    @Test func fiveHundredMixedLinesGetOneResponseEachInOrder() throws {
        let lines = try Self.stream(count: 500, seed: 42)
        var input = Data()
        for line in lines { input.append(contentsOf: line.bytes); input.append(contentsOf: line.ending) }
        let clock = ContinuousClock()
        let started = clock.now
        let r = try CLI.run(["batch", "--lines"], input: input)
        let elapsed = clock.now - started
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasSuffix("\n"))
        let expected = lines.filter { $0.exit != nil }
        let responses = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(responses.count == expected.count, "\(responses.count) responses for \(expected.count) requests")
        for (i, (line, text)) in zip(expected, responses).enumerated() {
            let response = try #require(try? JSONParser.parse(String(text)), "response \(i) (\(line.kind)) is not JSON")
            guard case .object(let o) = response else { Issue.record("response \(i) is not an object"); continue }
            #expect(o["id"] == line.id, "response \(i) (\(line.kind)): id \(String(describing: o["id"]).prefix(40))")
            #expect(o["exitCode"] == .number(Double(line.exit!)), "response \(i) (\(line.kind)): \(String(text.prefix(300)))")
            #expect(o["ok"] == .bool(line.exit == 0))
        }
        print("batch --lines: \(lines.count) lines, \(expected.count) requests in \(elapsed)")
    }

    @Test func blankLinesAreNotRequests() throws {
        let r = try CLI.run(["batch", "--lines"], stdin: "\n   \n\t\r\n\r\n{\"id\": 7, \"command\": \"plan\"}\n\n")
        #expect(r.status == 0)
        #expect(r.stdout.split(separator: "\n").count == 1)
        #expect(r.stdout.hasPrefix(#"{"id":7,"#))
    }
}

/// Signals and a closed stdout in `batch --lines`: what a reader receives is whole lines only.
@Suite(.serialized) struct BatchSignalTests {
    static func requestFile(count: Int, id: (Int) -> String = { "\($0)" }) throws -> URL {
        let small = JSONWriter.write(try JSONParser.parse(try Fixtures.data("valid/small.json")).value, pretty: false)
        let text = (0..<count).map { #"{"id": \#(id($0)), "command": "plan", "input": \#(small)}"# }.joined(separator: "\n") + "\n"
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("liandong-batch-\(UUID()).jsonl")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    struct Started {
        var process: Process
        var stdout: FileHandle
        var stderrFile: URL
    }

    static func start(stdin: Any) throws -> Started {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["batch", "--lines"]
        let out = Pipe()
        let errFile = FileManager.default.temporaryDirectory.appendingPathComponent("liandong-batch-err-\(UUID())")
        _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
        process.standardInput = stdin
        process.standardOutput = out
        process.standardError = try FileHandle(forWritingTo: errFile)
        try process.run()
        return Started(process: process, stdout: out.fileHandleForReading, stderrFile: errFile)
    }

    /// Reads until `enough` holds for what has arrived (or the end).
    static func read(_ handle: FileHandle, into data: inout Data, until enough: (Data) -> Bool) {
        while !enough(data) {
            let chunk = handle.availableData
            if chunk.isEmpty { return }
            data.append(chunk)
        }
    }

    /// Every byte received is part of a whole line: the data ends with "\n" and each line is a
    /// complete JSON object; the ids are 0, 1, 2 … in order.
    static func expectWholeLines(_ data: Data, ids: (Int) -> JSONValue = { .number(Double($0)) }) -> Int {
        #expect(data.last == UInt8(ascii: "\n"), "the last line is cut: \(data.suffix(80))")
        let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast()
        for (i, line) in lines.enumerated() {
            guard case .object(let o)? = try? JSONParser.parse(Array(line)).value else {
                Issue.record("line \(i) is not a complete JSON object: \(String(decoding: line.prefix(120), as: UTF8.self))")
                continue
            }
            #expect(o["id"] == ids(i))
            #expect(o["exitCode"] == .number(0))
        }
        return lines.count
    }

    @Test(arguments: [SIGTERM, SIGINT, SIGHUP])
    func signalMidStreamFinishesTheCurrentLineThenExits(_ sig: Int32) throws {
        let file = try Self.requestFile(count: 400)
        defer { try? FileManager.default.removeItem(at: file) }
        let s = try Self.start(stdin: try FileHandle(forReadingFrom: file))
        var data = Data()
        Self.read(s.stdout, into: &data) { $0.contains(UInt8(ascii: "\n")) }
        kill(s.process.processIdentifier, sig)
        Self.read(s.stdout, into: &data) { _ in false }
        s.process.waitUntilExit()
        #expect(s.process.terminationReason == .exit)
        #expect(s.process.terminationStatus == 128 + sig)
        let count = Self.expectWholeLines(data)
        #expect(count >= 1 && count < 400, "\(count) responses")
        let stderr = (try? String(contentsOf: s.stderrFile, encoding: .utf8)) ?? ""
        #expect(stderr.contains("stopped by"), "\(stderr)")
    }

    /// Responses far larger than the pipe: the signal arrives while a response is blocked half
    /// written; it is completed, and nothing after it starts.
    @Test func signalDuringABlockedWriteCompletesTheLine() throws {
        let big = String(repeating: "x", count: 300_000)
        let file = try Self.requestFile(count: 50) { #""\#(big)-\#($0)""# }
        defer { try? FileManager.default.removeItem(at: file) }
        let s = try Self.start(stdin: try FileHandle(forReadingFrom: file))
        Thread.sleep(forTimeInterval: 1.5)  // the first response fills the pipe; the write blocks
        kill(s.process.processIdentifier, SIGTERM)
        var data = Data()
        Self.read(s.stdout, into: &data) { _ in false }
        s.process.waitUntilExit()
        #expect(s.process.terminationStatus == 143)
        let count = Self.expectWholeLines(data) { .string("\(big)-\($0)") }
        #expect(count >= 1 && count < 50, "\(count) responses")
    }

    @Test func signalWhileWaitingForInputExitsAtOnce() throws {
        let input = Pipe()
        let s = try Self.start(stdin: input)
        let small = JSONWriter.write(try JSONParser.parse(try Fixtures.data("valid/small.json")).value, pretty: false)
        input.fileHandleForWriting.write(Data((0..<2).map { #"{"id": \#($0), "command": "plan", "input": \#(small)}"# + "\n" }.joined().utf8))
        var data = Data()
        Self.read(s.stdout, into: &data) { $0.filter { $0 == UInt8(ascii: "\n") }.count >= 2 }
        kill(s.process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(10)
        while s.process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if s.process.isRunning { kill(s.process.processIdentifier, SIGKILL) }
        s.process.waitUntilExit()
        try? input.fileHandleForWriting.close()
        #expect(s.process.terminationStatus == 143)
        #expect(Self.expectWholeLines(data) == 2)
    }

    @Test func closedStdoutIsACleanExit141() throws {
        let file = try Self.requestFile(count: 400)
        defer { try? FileManager.default.removeItem(at: file) }
        let s = try Self.start(stdin: try FileHandle(forReadingFrom: file))
        var data = Data()
        Self.read(s.stdout, into: &data) { $0.contains(UInt8(ascii: "\n")) }
        try s.stdout.close()
        s.process.waitUntilExit()
        #expect(s.process.terminationReason == .exit)
        #expect(s.process.terminationStatus == 141)
        let stderr = (try? String(contentsOf: s.stderrFile, encoding: .utf8)) ?? ""
        #expect(!stderr.contains("Fatal error"))
    }
}
