import ArgumentParser
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
        POSIXIO.ignoreSIGPIPE()
        Self.main(nil)
    }
}

/// When the process started: the time limit counts from here, reading the input included.
enum ProcessClock {
    static let start = ContinuousClock.now
}
