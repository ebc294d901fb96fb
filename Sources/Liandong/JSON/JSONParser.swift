import Foundation

/// A syntax error in a JSON text, with the 1-based line and column where it was found.
public struct JSONSyntaxError: Error, Sendable, Equatable {
    public var line: Int
    public var column: Int
    public var message: String
    /// The text may be fine JSON, but it nests deeper than ``JSONParser/maxDepth``: a size
    /// limit (reported as `tooLarge`), not a syntax error.
    public var tooDeep = false
}

/// A strict RFC 8259 JSON parser over UTF-8 bytes.
///
/// It never crashes on any input: nesting deeper than ``maxDepth`` and invalid UTF-8 are
/// syntax errors. Duplicate object keys are collected (with their paths) rather than thrown,
/// so that validation can report them together with everything else.
public struct JSONParser {
    /// The deepest nesting of arrays and objects accepted.
    public static let maxDepth = 200

    private let bytes: [UInt8]
    private var pos = 0
    private var depth = 0
    /// Paths of object keys that appeared twice (the later one is kept).
    public private(set) var duplicateKeys: [JSONPointer] = []

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Parses a whole document; trailing non-whitespace is an error. A leading UTF-8 BOM is skipped.
    public static func parse(_ data: some Collection<UInt8>) throws(JSONSyntaxError) -> (value: JSONValue, duplicateKeys: [JSONPointer]) {
        var parser = JSONParser(Array(data))
        if parser.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.pos = 3 }
        parser.skipWhitespace()
        let value = try parser.parseValue(path: .root)
        parser.skipWhitespace()
        if parser.pos < parser.bytes.count {
            throw parser.error("unexpected text after the end of the document")
        }
        return (value, parser.duplicateKeys)
    }

    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try parse(Array(text.utf8)).value
    }

    private func error(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
        let end = min(offset ?? pos, bytes.count)
        var line = 1, column = 1
        var i = 0
        while i < end {
            let b = bytes[i]
            if b == UInt8(ascii: "\n") { line += 1; column = 1 }
            else if b & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return JSONSyntaxError(line: line, column: column, message: message)
    }

    private mutating func skipWhitespace() {
        while pos < bytes.count {
            switch bytes[pos] {
            case 0x20, 0x0A, 0x0D, 0x09: pos += 1
            default: return
            }
        }
    }

    private func describeNext() -> String {
        guard pos < bytes.count else { return "the end of the input" }
        let b = bytes[pos]
        if b >= 0x20 && b < 0x7F { return "'\(Character(UnicodeScalar(b)))'" }
        // Quotation marks and punctuation that word processors (WPS, Word) type instead of
        // JSON's own: say which, and what to type instead.
        let typed: [([UInt8], String, String)] = [
            ([0xE2, 0x80, 0x9C], "“", "\""), ([0xE2, 0x80, 0x9D], "”", "\""), ([0xE2, 0x80, 0x98], "‘", "\""),
            ([0xE2, 0x80, 0x99], "’", "\""), ([0xEF, 0xBC, 0x9A], "：", ":"), ([0xEF, 0xBC, 0x8C], "，", ","),
            ([0xEF, 0xBD, 0x9B], "｛", "{"), ([0xEF, 0xBD, 0x9D], "｝", "}"), ([0xE3, 0x80, 0x90], "【", "["), ([0xE3, 0x80, 0x91], "】", "]"),
        ]
        for (seq, shown, ascii) in typed where bytes.count >= pos + seq.count && Array(bytes[pos..<pos + seq.count]) == seq {
            return "full-width or typographic '\(shown)' (中文标点): type the ASCII '\(ascii)' instead"
        }
        return String(format: "byte 0x%02X", b)
    }

    private mutating func parseValue(path: JSONPointer) throws(JSONSyntaxError) -> JSONValue {
        guard pos < bytes.count else { throw error("unexpected end of input, expected a value") }
        switch bytes[pos] {
        case UInt8(ascii: "{"): return try parseObject(path: path)
        case UInt8(ascii: "["): return try parseArray(path: path)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw error("unexpected \(describeNext()), expected a value")
        }
    }

    private mutating func literal(_ word: String) throws(JSONSyntaxError) {
        let w = Array(word.utf8)
        guard pos + w.count <= bytes.count, Array(bytes[pos..<pos + w.count]) == w else {
            throw error("invalid literal, expected '\(word)'")
        }
        pos += w.count
    }

    private mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        if depth > Self.maxDepth {
            var e = error("nesting deeper than \(Self.maxDepth) levels of arrays and objects")
            e.tooDeep = true
            throw e
        }
    }

    private mutating func parseObject(path: JSONPointer) throws(JSONSyntaxError) -> JSONValue {
        try enter()
        pos += 1
        var object = JSONObject()
        skipWhitespace()
        if pos < bytes.count && bytes[pos] == UInt8(ascii: "}") { pos += 1; depth -= 1; return .object(object) }
        while true {
            skipWhitespace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else {
                throw error("unexpected \(describeNext()), expected a member name in double quotes")
            }
            let key = try parseString()
            skipWhitespace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else {
                throw error("unexpected \(describeNext()), expected ':' after a member name")
            }
            pos += 1
            skipWhitespace()
            let value = try parseValue(path: path / key)
            if object[key] != nil { duplicateKeys.append(path / key) }
            object[key] = value
            skipWhitespace()
            guard pos < bytes.count else { throw error("unexpected end of input, expected ',' or '}'") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "}") { pos += 1; break }
            throw error("unexpected \(describeNext()), expected ',' or '}'")
        }
        depth -= 1
        return .object(object)
    }

    private mutating func parseArray(path: JSONPointer) throws(JSONSyntaxError) -> JSONValue {
        try enter()
        pos += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if pos < bytes.count && bytes[pos] == UInt8(ascii: "]") { pos += 1; depth -= 1; return .array(items) }
        while true {
            skipWhitespace()
            items.append(try parseValue(path: path / items.count))
            skipWhitespace()
            guard pos < bytes.count else { throw error("unexpected end of input, expected ',' or ']'") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "]") { pos += 1; break }
            throw error("unexpected \(describeNext()), expected ',' or ']'")
        }
        depth -= 1
        return .array(items)
    }

    private mutating func parseNumber() throws(JSONSyntaxError) -> Double {
        let start = pos
        if bytes[pos] == UInt8(ascii: "-") { pos += 1 }
        func digits(_ p: inout Int, _ b: [UInt8]) -> Int {
            let s = p
            while p < b.count, b[p] >= 0x30, b[p] <= 0x39 { p += 1 }
            return p - s
        }
        guard pos < bytes.count, bytes[pos] >= 0x30, bytes[pos] <= 0x39 else {
            throw error("invalid number", at: start)
        }
        if bytes[pos] == UInt8(ascii: "0") {
            pos += 1
            if pos < bytes.count, bytes[pos] >= 0x30, bytes[pos] <= 0x39 {
                throw error("invalid number: leading zero", at: start)
            }
        } else {
            _ = digits(&pos, bytes)
        }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: ".") {
            pos += 1
            if digits(&pos, bytes) == 0 { throw error("invalid number: expected digits after '.'", at: start) }
        }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E") {
            pos += 1
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-") { pos += 1 }
            if digits(&pos, bytes) == 0 { throw error("invalid number: expected digits in the exponent", at: start) }
        }
        let text = String(decoding: bytes[start..<pos], as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw error("number out of range", at: start)
        }
        return value
    }

    private mutating func parseString() throws(JSONSyntaxError) -> String {
        let open = pos
        pos += 1
        var out: [UInt8] = []
        while true {
            guard pos < bytes.count else { throw error("unterminated string", at: open) }
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") { pos += 1; break }
            if b < 0x20 { throw error("control character in a string (escape it)") }
            if b == UInt8(ascii: "\\") {
                pos += 1
                guard pos < bytes.count else { throw error("unterminated string", at: open) }
                let e = bytes[pos]
                pos += 1
                switch e {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") else {
                            throw error("unpaired surrogate in a \\u escape")
                        }
                        pos += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw error("unpaired surrogate in a \\u escape") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        throw error("unpaired surrogate in a \\u escape")
                    }
                    guard let u = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
                    out.append(contentsOf: Array(String(Character(u)).utf8))
                default:
                    throw error("invalid escape '\\\(Character(UnicodeScalar(e)))'", at: pos - 2)
                }
                continue
            }
            out.append(b)
            pos += 1
        }
        guard let s = String(validating: out, as: UTF8.self) else {
            throw error("invalid UTF-8 in a string", at: open)
        }
        return s
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard pos + 4 <= bytes.count else { throw error("invalid \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[pos]
            let d: UInt32
            switch b {
            case 0x30...0x39: d = UInt32(b - 0x30)
            case 0x41...0x46: d = UInt32(b - 0x41 + 10)
            case 0x61...0x66: d = UInt32(b - 0x61 + 10)
            default: throw error("invalid \\u escape")
            }
            v = v * 16 + d
            pos += 1
        }
        return v
    }
}
