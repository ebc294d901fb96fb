import Foundation

/// A snapshot of a solve in progress, for people watching a long run.
public struct Progress: Sendable {
    /// Seconds since the solve started.
    public var elapsed: Double
    /// What is running: "heuristic", "glpk", "glpk part 2/5" …
    public var phase: String
    /// Best objective of the part being solved (value − cost, with the part's bonuses).
    public var objective: Double?
    /// Best bound of the part being solved.
    public var bound: Double?

    /// Relative gap between `bound` and `objective`, when both are known.
    public var gap: Double? {
        guard let objective, let bound else { return nil }
        return max(0, bound - objective) / max(1, abs(objective))
    }
}

/// Receives progress from the engine; calls are throttled to a few per second.
public final class ProgressSink: @unchecked Sendable {
    private let report: @Sendable (Progress) -> Void
    private let started = ContinuousClock().now
    private let lock = NSLock()
    private var last: ContinuousClock.Instant?
    private let interval: Duration

    /// - Parameters:
    ///   - interval: the least time between two reports.
    ///   - report: called with each snapshot that passes the throttle.
    public init(interval: Duration = .milliseconds(500), _ report: @escaping @Sendable (Progress) -> Void) {
        self.report = report
        self.interval = interval
    }

    var elapsed: Double {
        let d = ContinuousClock().now - started
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// Reports unless the previous report was less than `interval` ago (or `force`).
    func emit(_ phase: String, objective: Double?, bound: Double?, force: Bool = false) {
        let now = ContinuousClock().now
        lock.lock()
        let due = force || last.map { now - $0 >= interval } ?? true
        if due { last = now }
        lock.unlock()
        if due { report(Progress(elapsed: elapsed, phase: phase, objective: objective, bound: bound)) }
    }
}
