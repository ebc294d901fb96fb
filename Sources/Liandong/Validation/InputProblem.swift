/// One thing wrong with an input document, located by its JSON Pointer path.
public struct InputProblem: Sendable, Hashable, Error, Encodable, CustomStringConvertible {
    /// What kind of problem it is.
    public enum Code: String, Sendable, Hashable, Encodable {
        /// The text is not JSON (the message gives line and column).
        case syntax
        /// A value has the wrong JSON type.
        case type
        /// A required member is missing.
        case missing
        /// A member that the format does not know (likely a typo).
        case unknownField
        /// An id that names nothing (a need's community, a pinned person …).
        case unknownReference
        /// An id used twice in one list.
        case duplicateId
        /// A value of the right type that is not allowed (a bad time, a negative budget …).
        case invalidValue
        /// A pinned assignment that breaks a hard rule.
        case pinnedBreaksRule
        /// The document exceeds a size limit.
        case tooLarge
    }

    public var path: JSONPointer
    public var code: Code
    public var message: String

    public init(_ code: Code, at path: JSONPointer, _ message: String) {
        self.path = path; self.code = code; self.message = message
    }

    /// The problem for a text that could not be parsed: `syntax`, or `tooLarge` when it nests
    /// deeper than the parser accepts. Located at the document (the message gives line and column).
    public init(_ error: JSONSyntaxError) {
        if error.tooDeep {
            self.init(.tooLarge, at: .root, "too deeply nested at line \(error.line), column \(error.column): \(error.message)")
        } else {
            self.init(.syntax, at: .root, "not valid JSON at line \(error.line), column \(error.column): \(error.message)")
        }
    }

    public var description: String { "\(path.description.isEmpty ? "(document)" : path.description): \(message)" }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(path.description, forKey: .path)
        try c.encode(code, forKey: .code)
        try c.encode(message, forKey: .message)
    }
    enum CodingKeys: String, CodingKey { case path, code, message }
}

/// A non-fatal remark about the input (an unknown priority group, a need nobody could ever serve …).
public struct InputWarning: Sendable, Hashable, Encodable {
    public var path: String
    public var message: String
    public init(path: JSONPointer, message: String) { self.path = path.description; self.message = message }
    enum CodingKeys: String, CodingKey { case path, message }
}

/// Thrown when an input is invalid: every problem found, sorted by path.
public struct InvalidInput: Error, Sendable, CustomStringConvertible {
    public var problems: [InputProblem]
    public init(_ problems: [InputProblem]) {
        self.problems = problems.sorted { ($0.path, $0.message) < ($1.path, $1.message) }
    }
    public var description: String {
        "invalid input (\(problems.count) problem\(problems.count == 1 ? "" : "s")):\n"
            + problems.map { "  " + $0.description }.joined(separator: "\n")
    }
}
