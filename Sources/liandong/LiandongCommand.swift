import ArgumentParser
import Foundation
import Liandong

@main
struct LiandongCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "liandong",
        abstract: "联动 Liandong: match residents' needs with social workers and volunteers in a weekly plan.",
        discussion: """
        Exit codes: 0 a plan was produced (or check found nothing wrong); 1 check found violations; \
        64 bad command line; 65 invalid input; 66 a file cannot be read; 69 a required need cannot be served; \
        70 internal error; 74 the output cannot be written.
        """,
        version: "0.1.0",
        subcommands: [PlanCommand.self, ValidateCommand.self, CheckCommand.self, BatchCommand.self,
                      ReplanCommand.self, CompareCommand.self, ExportModelCommand.self, GenerateCommand.self,
                      RecordCommand.self, HistoryCommand.self, SuggestCommand.self, ExplainCommand.self,
                      ImportCommand.self, TemplatesCommand.self, ReportCommand.self]
    )

    /// A broken pipe or closed stdout is reported (exit 74), not a silent death by SIGPIPE.
    static func main() {
        _ = ProcessClock.start
        if ProcessInfo.processInfo.environment["LIANDONG_TRACE"] == "1" {
            FileHandle.standardError.write(Data(String(format: "[trace] %.2f s before main\n", ProcessClock.beforeMain ?? -1).utf8))
        }
        POSIXIO.ignoreSIGPIPE()
        Self.main(nil)
    }
}

/// When the process started: the time limit counts from here, reading the input included.
enum ProcessClock {
    /// Now (the first thing `main` does), less the time the process already ran before `main`:
    /// loading the program and its libraries from a cold disk once took 1.4 s on this project's
    /// machine (a street week then took 10.8 s with `--time-limit 10`), time the engine's own
    /// clock never saw.
    static let start: ContinuousClock.Instant = {
        let now = ContinuousClock.now
        guard let before = beforeMain else { return now }
        return now - .milliseconds(Int(before * 1000))
    }()

    /// What ``secondsBeforeMain()`` said when ``start`` was first read (read once).
    static let beforeMain = secondsBeforeMain()

    /// Seconds since the process was started, by the system's account (Linux: the start time in
    /// `/proc/self/stat` against `/proc/uptime`, both since boot, to a hundredth of a second);
    /// nil where unknown or implausible (not between 0 and 60 s).
    static func secondsBeforeMain() -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
              let uptime = try? String(contentsOfFile: "/proc/uptime", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        // After the command name: the state is field 3, the start time (in clock ticks) field 22.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        guard fields.count > 19, let started = Double(fields[19]), ticks > 0,
              let up = uptime.split(separator: " ").first.flatMap({ Double($0) }) else { return nil }
        let before = up - started / ticks
        return before >= 0 && before < 60 ? before : nil
    }
}
