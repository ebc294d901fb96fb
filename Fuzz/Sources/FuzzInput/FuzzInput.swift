// The libFuzzer entry point: every byte string goes through each reader of untrusted text,
// and, when it is a small valid input, through both solver backends and the plan checker.
//
// Nothing is caught: a crash, a trap or a failed `oracle` below is the finding. The oracles
// make a wrong answer crash too:
// - `validate` rejects exactly what the decoder rejects;
// - a batch request that decodes as an input document is answered 0 or 69, never 64/65/70,
//   and an input document that does not decode is answered 65;
// - every plan of a small valid input keeps every hard rule (the independent checker), also as
//   written and read back, the engine never fails (exit 70), and the heuristic never beats
//   GLPK's proven bound.
//
// Build and run: scripts/fuzz.sh [RUNS] (docs/reliability-fuzz.md).
import Liandong

/// Inputs at most this big (people and needs) are also planned by both backends.
let smallPeople = 8
let smallNeeds = 8

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let decoded = try? InputDecoder.decode(bytes)

    let validation = Commands.validate(bytes)
    oracle((validation.status == .invalidInput) == (decoded == nil),
           "validate says \(validation.status), the decoder \(decoded == nil ? "throws" : "accepts")")

    _ = try? PlanReader.read(bytes)
    _ = try? OrderResponses.read(bytes)

    // A valid document that is large would only make the batch plan a big instance (seconds of
    // GLPK per run, nothing about input handling): such documents skip the batch.
    if let decoded, decoded.input.people.count > smallPeople || decoded.input.needs.count > smallNeeds {
        return 0
    }
    let response = Batch.respond(to: bytes)
    guard case .number(let exit)? = response["exitCode"] else { fatalError("a batch response without exitCode") }
    if decoded != nil {
        oracle(exit == 0 || exit == 69, "a valid input document answered with exit \(exit)")
    } else if isInputDocument(bytes) {
        oracle(exit == 65, "an invalid input document answered with exit \(exit)")
    }

    guard let decoded else { return 0 }
    let checker = PlanChecker(input: decoded.input)
    let heuristic = plan(decoded, SolverSettings(backend: .heuristic, seed: 1))
    let glpk = plan(decoded, SolverSettings(backend: .glpk, timeLimitSeconds: 1))
    let bound = glpk.solver.bound
    oracle(heuristic.solver.objective <= bound + 1e-6 * max(1, abs(bound)),
           "heuristic objective \(heuristic.solver.objective) above GLPK's bound \(bound)")
    return 0

    func plan(_ decoded: DecodedInput, _ settings: SolverSettings) -> Plan {
        let plan: Plan
        do { plan = try Engine.plan(decoded, settings: settings) } catch {
            fatalError("the \(settings.backend) backend failed: \(error)")
        }
        let violations = checker.violations(of: plan)
        oracle(violations.isEmpty, "the \(settings.backend) plan breaks rules: \(violations.map(\.message))")
        // As written, the plan is JSON that `check` reads back to the same verdict.
        let text = (try? JSONValueEncoder().encodeText(plan)) ?? ""
        guard let document = try? PlanReader.read(Array(text.utf8)) else { fatalError("the plan as written is not readable: \(text)") }
        oracle(checker.violations(of: document).isEmpty, "the written \(settings.backend) plan breaks rules")
        return plan
    }
}

/// Whether the batch reads `bytes` as an input document (not a wrapped request): anything but
/// an object with a `command` or an `input` member (text that is not JSON is answered 65 too).
func isInputDocument(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let parsed = try? JSONParser.parse(bytes) else { return true }
    guard case .object(let o) = parsed.value else { return true }
    return o["command"] == nil && o["input"] == nil
}

/// A failed oracle is a crash with its message (`precondition` drops messages in release builds).
func oracle(_ holds: Bool, _ message: @autoclosure () -> String) {
    if !holds { fatalError(message()) }
}
