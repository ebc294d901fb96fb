import Liandong
/// The batch mode: one request document in, one response out (`liandong batch`, and each line
/// of `liandong batch --lines`).
///
/// A request is an input document (planned), or `{ "id", "command", "input", "plan",
/// "previous", "responses", "scenarios", "options" }`. A response is
/// `{ "id"?, "ok", "exitCode", "result"? , "error"? }`; it never throws.
public enum Batch {
    static let requestKeys = ["id", "command", "input", "plan", "previous", "responses", "scenarios", "options", "need", "insteadOf"]

    /// Answers one request given as bytes (a syntax error becomes an error response).
    public static func respond(to data: some Collection<UInt8>, keeper: (any RoundKeeper)? = nil) -> JSONValue {
        guard data.count <= InputDecoder.maxBytes else { return tooLarge(bytes: data.count) }
        do {
            let parsed = try JSONParser.parse(data)
            if !parsed.duplicateKeys.isEmpty {
                return response(id: parsed.value["id"], .invalid(InvalidInput(parsed.duplicateKeys.map { InputProblem(.invalidValue, at: $0, "member given twice in one object") }), what: "request"))
            }
            return respond(to: parsed.value, keeper: keeper)
        } catch {
            return response(id: nil, .invalid(InvalidInput([InputProblem(error)]), what: "request"))
        }
    }

    /// The response to a request of `bytes` bytes, over ``InputDecoder/maxBytes`` (exit 65,
    /// code `tooLarge`, no id: the request is not read). `batch --lines` skips such a line
    /// without keeping it and answers with this.
    public static func tooLarge(bytes: Int) -> JSONValue {
        response(id: nil, .error(.invalidInput, code: "tooLarge", message: "request is \(bytes) bytes; the limit is \(InputDecoder.maxBytes)"))
    }

    /// Answers one parsed request.
    ///
    /// An object with a `command` or an `input` member is a wrapped request; anything else is an
    /// input document, planned, so that an invalid one is answered as `liandong plan` and
    /// `validate` answer it (65, every problem), whatever is wrong with it (even a missing
    /// `schema`, or not being an object at all).
    /// With a `keeper` (`batch --store`), `plan` and `replan` keep their rounds there and a
    /// `replan` may leave out `previous` (the week's latest round); without one, nothing is kept.
    public static func respond(to request: JSONValue, keeper: (any RoundKeeper)? = nil) -> JSONValue {
        guard case .object(let o) = request, o["command"] != nil || o["input"] != nil else {
            return response(id: nil, run("plan", input: request, o: JSONObject(), keeper: keeper))
        }
        let id = o["id"]
        var r = FieldReader()
        r.checkKeys(o, .root, known: requestKeys)
        if let id, !(id.typeName == "string" || id.typeName == "number") { r.fail(.type, .root / "id", "expected a string or a number") }
        let command = r.string(o, "command", .root, required: true)
        if let command, !["plan", "validate", "check", "replan", "compare", "suggest", "explain"].contains(command) {
            r.fail(.invalidValue, .root / "command", "'\(command)' is not one of plan, validate, check, replan, compare, suggest, explain")
        }
        if o["input"] == nil { r.fail(.missing, .root / "input", "missing required member 'input'") }
        guard r.problems.isEmpty, let command, let input = o["input"] else {
            return response(id: id, .error(.usage, code: "badRequest", message: "the request is malformed", problems: r.problems))
        }
        return response(id: id, run(command, input: input, o: o, keeper: keeper))
    }

    static func response(id: JSONValue?, _ outcome: CommandOutcome) -> JSONValue {
        var doc = JSONObject()
        if let id, id.typeName == "string" || id.typeName == "number" { doc["id"] = id }
        doc["ok"] = .bool(outcome.status == .ok)
        doc["exitCode"] = .number(Double(outcome.status.rawValue))
        if outcome.isError {
            doc["error"] = outcome.document["error"]
        } else {
            doc["result"] = outcome.document
        }
        return .object(doc)
    }

    private static func nested(_ o: JSONObject, _ key: String) -> JSONValue? {
        guard let v = o[key], v != .null else { return nil }
        return v
    }

    private static func run(_ command: String, input: JSONValue, o: JSONObject, keeper: (any RoundKeeper)?) -> CommandOutcome {
        var r = FieldReader()
        var overrides = SettingsOverrides()
        if let ov = nested(o, "options"), let opts = r.object(ov, .root / "options", what: "solver options") {
            let p = JSONPointer.root / "options"
            r.checkKeys(opts, p, known: ["backend", "timeLimitSeconds", "mipGap", "seed"])
            overrides.backend = r.enumValue(opts, "backend", p)
            if let t = r.number(opts, "timeLimitSeconds", p) {
                if let m = SolverSettings.problem(timeLimitSeconds: t) { r.fail(.invalidValue, p / "timeLimitSeconds", m) } else { overrides.timeLimitSeconds = t }
            }
            if let g = r.number(opts, "mipGap", p) {
                if let m = SolverSettings.problem(mipGap: g) { r.fail(.invalidValue, p / "mipGap", m) } else { overrides.mipGap = g }
            }
            overrides.seed = r.integer(opts, "seed", p, in: SolverSettings.seedRange, what: "seed")
        }
        if !r.problems.isEmpty { return .error(.usage, code: "badRequest", message: "the request's options are invalid", problems: r.problems) }

        if command == "validate" { return Commands.validate(input) }
        if command == "compare" {
            guard case .array(let items)? = nested(o, "scenarios") else {
                return .error(.usage, code: "badRequest", message: "compare needs 'scenarios' (an array)", problems: [InputProblem(.missing, at: .root / "scenarios", "missing required member 'scenarios'")])
            }
            return Commands.compare(base: input, scenarios: items.enumerated().map { ("scenario-\($0.offset + 1)", $0.element) }, overrides: overrides)
        }
        let decoded: DecodedInput
        do { decoded = try InputDecoder.decode(input) } catch { return .invalid(error) }
        switch command {
        case "check":
            guard let planValue = nested(o, "plan") else {
                return .error(.usage, code: "badRequest", message: "check needs 'plan'", problems: [InputProblem(.missing, at: .root / "plan", "missing required member 'plan'")])
            }
            do { return Commands.check(decoded, plan: try PlanReader.read(planValue)) } catch { return .invalid(error, what: "plan") }
        case "suggest", "explain":
            var r = FieldReader()
            guard case .object(let req) = JSONValue.object(o) else { return .error(.usage, code: "badRequest", message: "") }
            let need = r.string(req, "need", .root, required: true, nonEmpty: true)
            let insteadOf = command == "suggest" ? r.string(req, "insteadOf", .root, nonEmpty: true) : nil
            if nested(o, "plan") == nil { r.fail(.missing, .root / "plan", "missing required member 'plan'") }
            guard r.problems.isEmpty, let need, let planValue = nested(o, "plan") else {
                return .error(.usage, code: "badRequest", message: "\(command) needs 'plan' and 'need'", problems: r.problems)
            }
            let plan: PlanDocument
            do { plan = try PlanReader.read(planValue) } catch { return .invalid(error, what: "plan") }
            do {
                let document = command == "suggest"
                    ? Commands.encode(try Advisor.suggest(decoded, plan: plan, need: need, insteadOf: insteadOf))
                    : Commands.encode(try Advisor.explain(decoded, plan: plan, need: need))
                return CommandOutcome(status: .ok, document: document, plan: nil, isError: false)
            } catch { return .invalid(error, what: "request") }
        case "replan":
            guard let resp = nested(o, "responses"), keeper != nil || nested(o, "previous") != nil else {
                return .error(.usage, code: "badRequest", message: "replan needs 'previous' (or a store) and 'responses'",
                              problems: ["previous", "responses"].filter { nested(o, $0) == nil && !($0 == "previous" && keeper != nil) }
                                  .map { InputProblem(.missing, at: .root / $0, "missing required member '\($0)'") })
            }
            var previous: PlanDocument?
            if let prev = nested(o, "previous") {
                do { previous = try PlanReader.read(prev) } catch { return .invalid(error, what: "previous plan") }
            }
            let responses: OrderResponses
            do { responses = try OrderResponses.read(resp) } catch { return .invalid(error, what: "responses document") }
            return Commands.replan(decoded, previous: previous, responses: responses, overrides: overrides, keeper: keeper)
        default:
            return Commands.plan(decoded, overrides: overrides, keeper: keeper)
        }
    }
}
