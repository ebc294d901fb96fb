import Foundation

/// Phase timings on stderr when `LIANDONG_TRACE=1` (for profiling; off by default).
enum Trace {
    static let enabled = ProcessInfo.processInfo.environment["LIANDONG_TRACE"] == "1"
    static let start = ContinuousClock().now

    static func mark(_ what: @autoclosure () -> String) {
        guard enabled else { return }
        let d = ContinuousClock().now - start
        let s = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        let line = Array(String(format: "[trace %7.3fs] %@\n", s, what()).utf8)
        _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }
}
