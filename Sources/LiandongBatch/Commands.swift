import Liandong
import Foundation

/// Exit codes of the `liandong` command line (and of batch responses).
public enum ExitStatus: Int32, Sendable {
    /// A plan was produced (even one that serves only part of the needs); a check found nothing.
    case ok = 0
    /// `check` found violations.
    case violations = 1
    /// Bad command line.
    case usage = 64
    /// The input is invalid (every problem is named).
    case invalidInput = 65
    /// A file cannot be read.
    case cannotRead = 66
    /// A `required` need cannot be served (the output still explains why).
    case requiredUnserved = 69
    /// Internal error.
    case internalError = 70
    /// The output cannot be written (full disk, closed or broken stream); nothing partial is left.
    case cannotWrite = 74
}

/// The outcome of one command: the document for stdout (or the error), and the exit status.
public struct CommandOutcome: Sendable {
    public var status: ExitStatus
    /// The result document (a plan, a report) or, on failure, an `{"error": …}` document.
    public var document: JSONValue
    /// The plan, when the command produced one (for table output).
    public var plan: Plan?
    /// True when `document` is an error document.
    public var isError: Bool
    /// On failure: what went wrong and every problem, as values (the document says the same).
    public var failure: (message: String, problems: [InputProblem])?

    init(status: ExitStatus, document: JSONValue, plan: Plan?, isError: Bool) {
        self.status = status; self.document = document; self.plan = plan; self.isError = isError
    }

    static func error(_ status: ExitStatus, code: String, message: String, problems: [InputProblem] = []) -> CommandOutcome {
        var e = JSONObject([("code", .string(code)), ("message", .string(message))])
        e["problems"] = .array(problems.map { p in
            .object(JSONObject([("path", .string(p.path.description)), ("code", .string(p.code.rawValue)), ("message", .string(p.message))]))
        })
        var outcome = CommandOutcome(status: status, document: .object(JSONObject([("error", .object(e))])), plan: nil, isError: true)
        outcome.failure = (message, problems)
        return outcome
    }

    static func invalid(_ e: InvalidInput, what: String = "input") -> CommandOutcome {
        error(.invalidInput, code: "invalidInput", message: "the \(what) is invalid (\(e.problems.count) problem\(e.problems.count == 1 ? "" : "s"))", problems: e.problems)
    }
}

/// The commands, as library functions over bytes and parsed values; the CLI and the batch mode
/// both call these, so they behave the same.
public enum Commands {
    static let encoder = JSONValueEncoder()

    static func encode(_ value: some Encodable) -> JSONValue {
        (try? encoder.encode(value)) ?? .null
    }

    /// Any of the library's documents as a JSON value (for writing).
    public static func encodeValue(_ value: some Encodable) -> JSONValue { encode(value) }

    /// `plan`: solve one input.
    public static func plan(_ input: DecodedInput, overrides: SettingsOverrides, progress: ProgressSink? = nil) -> CommandOutcome {
        let settings = Engine.settings(for: input.input, overriding: overrides)
        do {
            let plan = try Engine.plan(input, settings: settings, progress: progress, startedAt: overrides.startedAt)
            return CommandOutcome(status: plan.status == .infeasible ? .requiredUnserved : .ok, document: encode(plan), plan: plan, isError: false)
        } catch {
            return .error(.internalError, code: "internal", message: error.description)
        }
    }

    /// `validate`: a report of every problem (exit 65) or of warnings only (exit 0).
    public static func validate(_ data: some Collection<UInt8>) -> CommandOutcome {
        validate { () throws(InvalidInput) in try InputDecoder.decode(data) }
    }

    /// `validate` on an already parsed document.
    public static func validate(_ value: JSONValue) -> CommandOutcome {
        validate { () throws(InvalidInput) in try InputDecoder.decode(value) }
    }

    private static func validate(_ decode: () throws(InvalidInput) -> DecodedInput) -> CommandOutcome {
        do {
            let decoded = try decode()
            let input = decoded.input
            let doc = JSONObject([
                ("valid", .bool(true)),
                ("counts", .object(JSONObject([
                    ("communities", .number(Double(input.communities.count))), ("organizations", .number(Double(input.organizations.count))),
                    ("people", .number(Double(input.people.count))), ("needs", .number(Double(input.needs.count))),
                    ("pinned", .number(Double(input.pinned.count))),
                ]))),
                ("problems", .array([])),
                ("warnings", encode(decoded.warnings)),
            ])
            return CommandOutcome(status: .ok, document: .object(doc), plan: nil, isError: false)
        } catch {
            let doc = JSONObject([("valid", .bool(false)), ("problems", encode(error.problems)), ("warnings", .array([]))])
            return CommandOutcome(status: .invalidInput, document: .object(doc), plan: nil, isError: false)
        }
    }
}
