import ArgumentParser
import Liandong

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Verify a plan against every hard rule of its input.")
    @Argument(help: "The input document.") var input: String
    @Argument(help: "The plan document.") var plan: String
    func run() throws { throw ExitCode(70) }
}

struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "batch", abstract: "Read requests on stdin, write responses on stdout.")
    @Flag(help: "JSON Lines: one request per line, one response line per request.") var lines = false
    func run() throws { throw ExitCode(70) }
}

struct ReplanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "replan", abstract: "The accept/decline round.")
    @Argument var input: String
    func run() throws { throw ExitCode(70) }
}

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "compare", abstract: "What-if scenarios.")
    @Argument var input: String
    func run() throws { throw ExitCode(70) }
}
