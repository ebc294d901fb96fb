import Testing
@testable import Liandong

@Suite struct JSONParserTests {
    @Test func parsesNestedDocument() throws {
        let v = try JSONParser.parse(#"{"a": [1, 2.5, "汇泉", true, null], "b": {"c": -3e2}}"#)
        #expect(v["a"] == .array([.number(1), .number(2.5), .string("汇泉"), .bool(true), .null]))
        #expect(v["b"]?["c"] == .number(-300))
    }

    @Test(arguments: [
        ("{\"a\": 1,}", 1, 9), ("[1 2]", 1, 4), ("{\n  \"a\": tru }", 2, 8), ("", 1, 1), ("01", 1, 1), ("\"abc", 1, 1),
    ])
    func reportsLineAndColumn(text: String, line: Int, column: Int) {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(text) }
        do { _ = try JSONParser.parse(text) } catch {
            #expect(error.line == line)
            #expect(error.column == column)
        }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 100_000)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(deep) }
    }

    @Test func writerRoundTrips() throws {
        let text = #"{"schema": "x", "n": [1, 2.5], "s": "a\"b\n", "o": {}}"#
        let v = try JSONParser.parse(text)
        #expect(try JSONParser.parse(JSONWriter.write(v)) == v)
    }
}
