import ArgumentParser
import Liandong
import LiandongBatch
import LiandongStore


struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Read a request on stdin and write its response on stdout (with --lines: JSON Lines, one response per line, in order).",
        discussion: """
        With --lines, every non-blank line is one request and gets exactly one response line, in \
        order; blank lines (only spaces, tabs, CR) are not requests and get none. Each response line \
        is written whole. On SIGTERM, SIGINT or SIGHUP the request being answered is finished and \
        written, the rest is left unanswered, and batch exits with 128 + the signal's number \
        (143, 130, 129). If stdout is closed, batch exits with 141 without a partial line. \
        Other exit codes of batch itself: 0 end of input; 66 stdin cannot be read; 74 stdout cannot \
        be written. Each response carries its own exitCode.
        """)

    @Flag(help: "JSON Lines: one request per line, one response line per request.") var lines = false
    @Option(help: ArgumentHelp("Keep plan and replan rounds in this store (a replan may then leave out 'previous'). Without it, batch keeps nothing.", valueName: "path"))
    var store: String?

    func run() throws {
        BatchSignals.install()
        var server = BatchServer(keeper: store.map(StoreAccess.open))
        do {
            if lines { try server.answerLines() } else { try server.answerWhole() }
        } catch let stop as BatchExit {
            throw ExitCode(stop.code)
        }
    }
}
