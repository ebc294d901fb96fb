#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Liandong

/// Progress on stderr for solves longer than a second: a live line on a terminal, plain lines
/// (at most one a second) otherwise. stdout never sees it.
enum StderrProgress {
    static func sink() -> ProgressSink {
        let terminal = isatty(2) != 0
        return ProgressSink(interval: terminal ? .milliseconds(200) : .seconds(1)) { p in
            guard p.elapsed >= 1 else { return }
            var line = String(format: "%6.1fs  %@", p.elapsed, p.phase)
            if let o = p.objective { line += "  best " + format(o) }
            if let b = p.bound, abs(b) < 1e300 { line += "  bound " + format(b) }
            if let g = p.gap, let b = p.bound, abs(b) < 1e300 { line += String(format: "  gap %.2f%%", g * 100) }
            POSIXIO.note(terminal ? "\r\u{1B}[K" + line : line + "\n")
            if terminal { LiveLine.used.withLock { $0 = true } }
        }
    }

    static func format(_ x: Double) -> String { abs(x) >= 1e7 ? String(format: "%.4g", x) : String(format: "%.2f", x) }

    /// Ends a live line (if one was drawn) so the shell prompt starts on a new line.
    static func finish() {
        if LiveLine.used.withLock({ $0 }) { POSIXIO.note("\n") }
    }
}

enum LiveLine {
    static let used = NSLockedValue(false)
}

/// A value behind a lock (small, dependency-free).
final class NSLockedValue<T>: @unchecked Sendable {
    private var value: T
    private let lock = NSLock()
    init(_ value: T) { self.value = value }
    func withLock<R>(_ body: (inout T) -> R) -> R { lock.lock(); defer { lock.unlock() }; return body(&value) }
}
