import ArgumentParser
import Liandong

extension Scale: ExpressibleByArgument {}

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a synthetic liandong/v1 week: communities, organizations, people and needs at a given scale.",
        discussion: """
        Scales: community (≈ 44 needs, 60 people, one joint committee of 5 communities), street (≈ 400 / 450, \
        8–10 communities), district (≈ 3,000 / 2,650, 8 streets), city (≈ 20,000 / 16,000, 55 streets, ≈ 500 communities). \
        The same scale and seed give the same bytes on every platform.
        """)

    @Option(help: "community, street, district or city.")
    var scale: Scale

    @Option(help: "Seed of the random draws (0…\(Int32.max)); also written as the document's solver seed.")
    var seed: Int = 1

    @Option(name: .shortAndLong, help: "Write the document to this file instead of stdout.")
    var output: String?

    func validate() throws {
        if seed < 0 || seed > Int(Int32.max) { throw ValidationError("--seed must be between 0 and \(Int32.max)") }
    }

    func run() throws {
        let input = Generator.generate(scale: scale, seed: seed)
        let text: String
        do { text = try Generator.encodeText(input) } catch {
            IO.fail(.internalError, "liandong: cannot encode the generated week: \(error)")
        }
        try IO.write(text, to: output)
    }
}
