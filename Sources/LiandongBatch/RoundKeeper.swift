import Dispatch
import Liandong

/// Where the rounds of a week are kept between runs (the store: `LiandongStore.Store`). The
/// core only knows this protocol, so `plan`, `replan` and the batch mode keep rounds the same
/// way whether a store is named or not (without one, nothing is kept: the plan file carries the
/// dispatch).
public protocol RoundKeeper: Sendable {
    /// The input completed with what the keeper knows: who served the week's residents before,
    /// each person's hours to date.
    func completing(_ decoded: DecodedInput) throws(KeeperFailure) -> DecodedInput
    /// The week's latest plan (for a `replan` without a previous plan), nil if none.
    func latestPlan(of input: PlanningInput) throws(KeeperFailure) -> PlanDocument?
    /// Keeps the week's first plan (`text`: the plan document; `inputText`: the completed input).
    func keepFirstPlan(_ plan: Plan, text: String, input: PlanningInput, inputText: String) throws(KeeperFailure)
    /// Keeps one round: the responses to round `previousRound` and the plan they led to.
    func keepRound(_ plan: Plan, text: String, input: PlanningInput, inputText: String, previousRound: Int,
                   responses: OrderResponses) throws(KeeperFailure)
}

/// Work done on another thread beside the caller's, its result waited for when needed.
final class Beside<Value: Sendable>: @unchecked Sendable {
    private var value: Value?
    private let done = DispatchSemaphore(value: 0)
    init(_ work: @escaping @Sendable () -> Value) {
        DispatchQueue.global().async { self.value = work(); self.done.signal() }
    }
    /// The work's result (waits for it; the semaphore orders the write before this read).
    var result: Value {
        done.wait()
        defer { done.signal() }
        return value!
    }
}

/// Why the keeper could not do it: the exit status to report and a message naming the file.
public struct KeeperFailure: Error, Sendable {
    public var status: ExitStatus
    public var message: String
    public init(_ status: ExitStatus, _ message: String) { self.status = status; self.message = message }
}

extension CommandOutcome {
    static func failed(_ f: KeeperFailure) -> CommandOutcome { .error(f.status, code: "store", message: f.message) }
}

extension Commands {
    /// Keeping a plan takes time after it is made (the plan written as text, each service a row;
    /// the completed input's text is written on another thread while the engine plans — 2 s of a
    /// city week's 27 MB, on the engine's time until 2026-12-03): 3.2 s for a city week of 20,000
    /// needs, 3.7 s for a round of `replan`, so that its `plan --store` at `--time-limit 10` took
    /// 13 s. The time limit counts it by starting the engine's clock that much earlier — 20 ms
    /// and 100 µs a need (200 µs while the input's text was written after the plan), at most a
    /// quarter of the limit. The plans are the same unless the clock cuts them (the search's
    /// effort comes from the limit, not the clock).
    static func keeping(_ overrides: SettingsOverrides, _ input: DecodedInput) -> SettingsOverrides {
        var o = overrides
        let limit = Engine.settings(for: input.input, overriding: overrides).timeLimitSeconds
        let reserve = min(limit / 4, 0.02 + 100e-6 * Double(input.input.needs.count))
        o.startedAt = (overrides.startedAt ?? ContinuousClock.now) - .milliseconds(Int(reserve * 1000))
        return o
    }

    /// `plan` with a keeper: the input completed from it, the plan kept as the week's first round.
    public static func plan(_ input: DecodedInput, overrides: SettingsOverrides, progress: ProgressSink? = nil,
                            keeper: (any RoundKeeper)?) -> CommandOutcome {
        guard let keeper else { return plan(input, overrides: overrides, progress: progress) }
        do {
            let completed = try keeper.completing(input)
            let inputText = Beside { [input = completed.input] in Commands.inputText(input) }
            let outcome = plan(completed, overrides: keeping(overrides, completed), progress: progress)
            if let p = outcome.plan {
                try keeper.keepFirstPlan(p, text: JSONWriter.write(outcome.document), input: completed.input, inputText: inputText.result)
            }
            return outcome
        } catch { return .failed(error) }
    }

    /// `replan` with a keeper: the previous plan from it when none is given, the input completed
    /// from it, and the new round kept.
    public static func replan(_ decoded: DecodedInput, previous: PlanDocument?, responses: OrderResponses,
                              overrides: SettingsOverrides, progress: ProgressSink? = nil, keeper: (any RoundKeeper)?) -> CommandOutcome {
        guard let keeper else {
            guard let previous else {
                return .error(.usage, code: "badRequest", message: "replan needs a previous plan (or a store that keeps the week)",
                              problems: [InputProblem(.missing, at: .root / "previous", "missing required member 'previous'")])
            }
            return replan(decoded, previous: previous, responses: responses, overrides: overrides, progress: progress)
        }
        do {
            let completed = try keeper.completing(decoded)
            var latest = previous
            if latest == nil { latest = try keeper.latestPlan(of: completed.input) }
            guard let previous = latest else {
                return .error(.usage, code: "store", message: "the store has no plan for the week of \(completed.input.horizon.start ?? "?"): make its first plan with `plan` and the store")
            }
            let inputText = Beside { [input = completed.input] in Commands.inputText(input) }
            let outcome = replan(completed, previous: previous, responses: responses, overrides: keeping(overrides, completed), progress: progress)
            if let p = outcome.plan {
                try keeper.keepRound(p, text: JSONWriter.write(outcome.document), input: completed.input, inputText: inputText.result,
                                     previousRound: previous.dispatch?.round ?? 1, responses: responses)
            }
            return outcome
        } catch { return .failed(error) }
    }
}

extension Commands {
    /// The input as the keeper stores it: its JSON text.
    static func inputText(_ input: PlanningInput) -> String { (try? JSONValueEncoder().encodeText(input)) ?? "{}" }
}
