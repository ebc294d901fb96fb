import Foundation

/// Reads typed members out of JSON objects, recording a problem (with its path) for each
/// member that is missing, of the wrong type or not known, and carrying on.
public struct FieldReader {
    public init() {}
    public var problems: [InputProblem] = []
    public var warnings: [InputWarning] = []

    public mutating func fail(_ code: InputProblem.Code, _ path: JSONPointer, _ message: String) {
        problems.append(InputProblem(code, at: path, message))
    }

    /// The value as an object, or a problem.
    public mutating func object(_ value: JSONValue, _ path: JSONPointer, what: String) -> JSONObject? {
        guard case .object(let o) = value else {
            fail(.type, path, "expected \(what) (an object), found \(value.typeName)")
            return nil
        }
        return o
    }

    /// Reports every member not in `known`.
    public mutating func checkKeys(_ o: JSONObject, _ path: JSONPointer, known: [String]) {
        for key in o.keys where !known.contains(key) {
            let hint = known.first { $0.lowercased() == key.lowercased() || Self.close($0, key) }
            fail(.unknownField, path / key, "unknown member '\(key)'" + (hint.map { " (did you mean '\($0)'?)" } ?? ""))
        }
    }

    private static func close(_ a: String, _ b: String) -> Bool {
        let x = Array(a), y = Array(b)
        guard abs(x.count - y.count) <= 1, x.count > 3 else { return false }
        var prev = Array(0...y.count)
        for i in 1...x.count {
            var cur = [i] + Array(repeating: 0, count: y.count)
            for j in 1...max(1, y.count) where y.count > 0 {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            prev = cur
        }
        return prev[y.count] <= 1
    }

    public mutating func string(_ o: JSONObject, _ key: String, _ path: JSONPointer, required: Bool = false, nonEmpty: Bool = false) -> String? {
        guard let v = o[key], v != .null || required else {
            if required { fail(.missing, path / key, "missing required member '\(key)'") }
            return nil
        }
        guard case .string(let s) = v else {
            fail(.type, path / key, "expected a string, found \(v.typeName)")
            return nil
        }
        if nonEmpty && s.isEmpty {
            fail(.invalidValue, path / key, "must not be empty")
            return nil
        }
        // Ids and references (the non-empty strings) are compared byte for byte: they must be NFC.
        if nonEmpty && !Self.isNFC(s) {
            fail(.invalidValue, path / key, Self.nfcMessage(s))
            return nil
        }
        return s
    }

    /// Whether `s` is in Unicode Normalization Form C. Identifiers, skills, groups and every
    /// reference to them must be: two spellings of one text in different forms would be equal to
    /// Swift but not to a byte-comparing reader of the same files, so Liandong accepts one form.
    public static func isNFC(_ s: String) -> Bool {
        if s.utf8.allSatisfy({ $0 < 0x80 }) { return true }
        return s.precomposedStringWithCanonicalMapping.utf8.elementsEqual(s.utf8)
    }

    public static func nfcMessage(_ s: String) -> String {
        "'\(s)' is not in Unicode Normalization Form C (NFC); ids, skills and groups are compared byte for byte — save the file as NFC text"
    }

    public mutating func number(_ o: JSONObject, _ key: String, _ path: JSONPointer, required: Bool = false) -> Double? {
        guard let v = o[key], v != .null || required else {
            if required { fail(.missing, path / key, "missing required member '\(key)'") }
            return nil
        }
        guard case .number(let d) = v else {
            fail(.type, path / key, "expected a number, found \(v.typeName)")
            return nil
        }
        return d
    }

    /// A whole number (e.g. minutes, counts), within `range`.
    public mutating func integer(_ o: JSONObject, _ key: String, _ path: JSONPointer, required: Bool = false,
                          in range: ClosedRange<Int>? = nil, what: String = "") -> Int? {
        guard let d = number(o, key, path, required: required) else { return nil }
        return integerValue(d, path / key, in: range, what: what)
    }

    public mutating func integerValue(_ d: Double, _ path: JSONPointer, in range: ClosedRange<Int>?, what: String = "") -> Int? {
        guard d == d.rounded(), abs(d) < 1e12 else {
            fail(.type, path, "expected a whole number, found \(JSONWriter.number(d))")
            return nil
        }
        let i = Int(d)
        if let range, !range.contains(i) {
            fail(.invalidValue, path, Self.outOfRange(what.isEmpty ? "value" : what, range, i))
            return nil
        }
        return i
    }

    /// The words for a whole number outside its range ("count must be between 1 and 1000, found 0").
    public static func outOfRange(_ what: String, _ range: ClosedRange<Int>, _ value: Int) -> String {
        let bounds = range.upperBound == Int.max ? "at least \(range.lowerBound)" : "between \(range.lowerBound) and \(range.upperBound)"
        return "\(what) must be \(bounds), found \(value)"
    }

    public mutating func bool(_ o: JSONObject, _ key: String, _ path: JSONPointer) -> Bool? {
        guard let v = o[key], v != .null else { return nil }
        guard case .bool(let b) = v else {
            fail(.type, path / key, "expected true or false, found \(v.typeName)")
            return nil
        }
        return b
    }

    public mutating func enumValue<E: RawRepresentable>(_ o: JSONObject, _ key: String, _ path: JSONPointer, required: Bool = false)
        -> E? where E.RawValue == String, E: CaseIterable {
        guard let s = string(o, key, path, required: required) else { return nil }
        // The Chinese label is accepted for the English value (紧急 for critical …).
        guard let e = E(rawValue: s) ?? Vocabulary.enumLabels[s].flatMap(E.init(rawValue:)) else {
            fail(.invalidValue, path / key, "'\(s)' is not one of \(E.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", "))")
            return nil
        }
        return e
    }

    /// Array members; `element` reads each item and may return nil after recording a problem.
    public mutating func array<T>(_ o: JSONObject, _ key: String, _ path: JSONPointer, required: Bool = false,
                           element: (inout FieldReader, JSONValue, JSONPointer) -> T?) -> [T]? {
        guard let v = o[key], v != .null || required else {
            if required { fail(.missing, path / key, "missing required member '\(key)'") }
            return nil
        }
        guard case .array(let items) = v else {
            fail(.type, path / key, "expected an array, found \(v.typeName)")
            return nil
        }
        var out: [T] = []
        out.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            if let t = element(&self, item, path / key / i) { out.append(t) }
        }
        return out
    }

    /// An array of non-empty strings.
    public mutating func strings(_ o: JSONObject, _ key: String, _ path: JSONPointer) -> [String]? {
        array(o, key, path) { r, v, p in
            guard case .string(let s) = v else { r.fail(.type, p, "expected a string, found \(v.typeName)"); return nil }
            if s.isEmpty { r.fail(.invalidValue, p, "must not be empty"); return nil }
            if !FieldReader.isNFC(s) { r.fail(.invalidValue, p, FieldReader.nfcMessage(s)); return nil }
            return s
        }
    }

    public mutating func time(_ o: JSONObject, _ key: String, _ path: JSONPointer, required: Bool = false) -> TimeOfDay? {
        guard let s = string(o, key, path, required: required) else { return nil }
        guard let t = TimeOfDay(parsing: s) else {
            fail(.invalidValue, path / key, "'\(s)' is not a time of day \"HH:MM\" (00:00–24:00)")
            return nil
        }
        return t
    }
}
