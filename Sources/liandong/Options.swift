import ArgumentParser
import Liandong

extension Backend: ExpressibleByArgument {}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case json, table, csv, html
}

/// Options shared by every solving command.
struct SolveOptions: ParsableArguments {
    @Option(help: "Solver backend: auto, glpk or heuristic (default: the input's, else auto).")
    var backend: Backend?

    @Option(name: .customLong("time-limit"), help: "Time limit in seconds (default: the input's, else 30).")
    var timeLimit: Double?

    @Option(help: "Relative MIP gap at which to stop (default 0: prove optimality).")
    var gap: Double?

    @Option(help: "Seed for the heuristic's tie-breaking (default 1).")
    var seed: Int?

    @Option(help: "Output format: json, table (Chinese, with names and dates), csv (the order sheet 派单, UTF-8 with BOM) or html (the printable report).")
    var format: OutputFormat = .json

    @Flag(help: "Show GLPK's own log on stderr.")
    var verbose = false

    @Option(name: .customLong("memory-limit"), help: "Memory budget for the model in MiB (default 2400, the same on every machine so that plans do not depend on it); larger weeks consider fewer starts, with a warning.")
    var memoryLimit: Int?

    @Flag(help: "No progress on stderr (solves longer than a second show elapsed time, best plan, bound and gap).")
    var quiet = false

    /// The progress reporter for stderr, unless --quiet.
    var progress: ProgressSink? { quiet ? nil : StderrProgress.sink() }

    func validate() throws {
        if let t = timeLimit, SolverSettings.problem(timeLimitSeconds: t) != nil { throw ValidationError("--time-limit must be in (0, 86400]") }
        if let g = gap, SolverSettings.problem(mipGap: g) != nil { throw ValidationError("--gap must be between 0 and 1") }
        if let s = seed, !SolverSettings.seedRange.contains(s) { throw ValidationError("--seed must be between 0 and \(Int32.max)") }
        if let m = memoryLimit, !(64...1_048_576).contains(m) { throw ValidationError("--memory-limit must be between 64 and 1048576 (MiB)") }
    }

    var overrides: SettingsOverrides {
        var o = SettingsOverrides(backend: backend, timeLimitSeconds: timeLimit, mipGap: gap, seed: seed, verbose: verbose)
        o.memoryLimitMiB = memoryLimit
        return o
    }

    /// For one solve per process (`plan`, `replan`): the limit counts from the process start.
    var overridesFromProcessStart: SettingsOverrides {
        var o = overrides
        o.startedAt = ProcessClock.start
        return o
    }

    /// As ``overridesFromProcessStart``, the limit also keeping time for rendering the output in
    /// `format` for a week of `needs` needs (the engine keeps time for the JSON document only).
    /// Measured on a city week of 20,000 needs, 16,000 served, beyond the JSON: the table 0.3 s,
    /// the order sheet 0.7 s, the HTML report 1.0 s — at `--time-limit 6` they ended at 5.9, 6.3
    /// and 6.6 s until 2026-12-10.
    func overridesFromProcessStart(rendering format: OutputFormat, needs: Int) -> SettingsOverrides {
        var o = overridesFromProcessStart
        let perNeed: Int64 = switch format {
        case .json: 0
        case .table: 20
        case .csv: 40
        case .html: 60
        }
        o.startedAt = ProcessClock.start - .microseconds(perNeed * Int64(needs))
        return o
    }
}
