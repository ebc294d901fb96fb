import Foundation
import Testing
@testable import Liandong
@testable import LiandongBatch

/// The malformed-input corpus: every case is rejected (exit 65 in the CLI) with every expected path.
@Suite struct MalformedInputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let file: String
        let paths: [String]
        let anyOfPaths: [String]
        let note: String
        var testDescription: String { file }
    }

    static let cases: [Case] = {
        guard let data = try? Fixtures.data("invalid/manifest.json"),
              case .array(let items) = try? JSONParser.parse(data).value else { return [] }
        return items.compactMap { item in
            guard case .string(let file)? = item["file"] else { return nil }
            func strings(_ key: String) -> [String] {
                guard case .array(let a)? = item[key] else { return [] }
                return a.compactMap { if case .string(let s) = $0 { s } else { nil } }
            }
            let note: String = if case .string(let n)? = item["note"] { n } else { "" }
            return Case(file: file, paths: strings("paths"), anyOfPaths: strings("anyOfPaths"), note: note)
        }
    }()

    @Test func corpusHasAtLeastThirtyCases() {
        #expect(Self.cases.count >= 30)
    }

    @Test(arguments: cases)
    func rejectedWithEveryPath(_ c: Case) throws {
        let data = try Fixtures.data("invalid/\(c.file)")
        let error = try #require(throws: InvalidInput.self, "\(c.file) should be invalid: \(c.note)") {
            try InputDecoder.decode(data)
        }
        let reported = Set(error.problems.map(\.path.description))
        for path in c.paths {
            #expect(reported.contains(path), "\(c.file): expected a problem at '\(path)' (\(c.note)); got \(error.problems.map(\.description))")
        }
        if !c.anyOfPaths.isEmpty {
            #expect(!reported.isDisjoint(with: c.anyOfPaths), "\(c.file): expected one of \(c.anyOfPaths); got \(error.problems.map(\.description))")
        }
        // The validate command agrees with the decoder.
        #expect(Commands.validate(data).status == .invalidInput)
    }

    @Test func baseFixtureIsValid() throws {
        let decoded = try InputDecoder.decode(try Fixtures.data("valid/small.json"))
        #expect(decoded.input.needs.count == 4)
        #expect(Commands.validate(try Fixtures.data("valid/small.json")).status == .ok)
    }
}
