import ArgumentParser
import Foundation
import Liandong
import LiandongGenerate

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

    @Option(help: "Needs per available person-hour relative to the generator's (2: half the people).")
    var scarcity: Double = 1
    @Option(help: "Multiply every maxMinutes by this (0.5: budgets that bind).")
    var budgets: Double = 1
    @Option(name: .customLong("order-caps"), help: "Each organization's maxOrders = this × its share of the needs.")
    var orderCaps: Double?
    @Option(name: .customLong("skill-loss"), help: "Probability that a person loses each skill (rarer skills).")
    var skillLoss: Double = 0
    @Option(help: "Share of scheduled needs that lose their windows.")
    var unscheduled: Double = 0
    @Option(help: "Travel minutes per km.")
    var travel: Double?
    @Option(help: "Share of organizations restricted to their people's communities.")
    var restricted: Double = 0
    @Option(help: "Share of needs with one declined person or organization.")
    var declined: Double = 0
    @Option(help: "Share of a first (heuristic) plan's services pinned as accepted orders, members shuffled within each position.")
    var pinned: Double = 0
    @Option(help: "The fairness weight (weights.fairness, points an hour of the largest load; 0…1000).")
    var fairness: Double? = nil
    @Option(help: "Crowd the week into this many days (1…7): day d's availability and windows move to day d mod N.")
    var days: Int?
    @Option(name: .customLong("slot-minutes"), help: "The slot length in minutes, a divisor of 30 (10: up to three times the starts).")
    var slotMinutes: Int?

    func validate() throws {
        if seed < 0 || seed > Int(Int32.max) { throw ValidationError("--seed must be between 0 and \(Int32.max)") }
        if !(scarcity >= 1 && scarcity <= 100) { throw ValidationError("--scarcity must be between 1 and 100") }
        if !(budgets >= 0 && budgets <= 100) { throw ValidationError("--budgets must be between 0 and 100") }
        if let c = orderCaps, !(c >= 0 && c <= 100) { throw ValidationError("--order-caps must be between 0 and 100") }
        if let t = travel, !(t >= 0 && t <= 1000) { throw ValidationError("--travel must be between 0 and 1000") }
        if let f = fairness, !(f >= 0 && f <= 1000) { throw ValidationError("--fairness must be between 0 and 1000") }
        if let d = days, !(1...7).contains(d) { throw ValidationError("--days must be between 1 and 7") }
        if let m = slotMinutes, !(m >= 1 && m <= 30 && 30 % m == 0) {
            throw ValidationError("--slot-minutes must divide 30 (1, 2, 3, 5, 6, 10, 15 or 30)")
        }
        for (name, x) in [("skill-loss", skillLoss), ("unscheduled", unscheduled), ("restricted", restricted),
                          ("declined", declined), ("pinned", pinned)] where !(x >= 0 && x <= 1) {
            throw ValidationError("--\(name) must be between 0 and 1")
        }
    }

    var knobs: GeneratorKnobs {
        var k = GeneratorKnobs()
        k.scarcity = scarcity; k.budgets = budgets; k.orderCaps = orderCaps; k.skillLoss = skillLoss
        k.unscheduled = unscheduled; k.minutesPerKm = travel; k.restricted = restricted; k.declined = declined
        k.fairness = fairness; k.days = days; k.slotMinutes = slotMinutes
        return k
    }

    func run() throws {
        var input = Generator.generate(scale: scale, seed: seed, knobs: knobs)
        if pinned > 0 { input = Self.pinning(input, share: pinned, seed: seed) }
        let text: String
        do { text = try Generator.encodeText(input) } catch {
            IO.fail(.internalError, "liandong: cannot encode the generated week: \(error)")
        }
        try IO.write(text, to: output)
    }

    /// Pins a share of a first heuristic plan's services, listing each position's people in a
    /// shuffled order (so the first listed social worker, who leads, is not always the first of
    /// the plan); each organization's maxOrders grows to hold its pinned orders if it must.
    static func pinning(_ input: PlanningInput, share: Double, seed: Int) -> PlanningInput {
        var input = input
        input.pinned = []
        guard let decoded = try? InputDecoder.decode(Array(((try? Generator.encodeText(input)) ?? "").utf8)),
              let plan = try? Engine.plan(decoded, settings: SolverSettings(backend: .heuristic, timeLimitSeconds: 10, seed: seed))
        else { return input }
        var rng = SplitMix64(seed: UInt64(truncatingIfNeeded: seed))
        func next() -> UInt64 { rng.next() }
        let role = Dictionary(input.people.map { ($0.id, ($0.role, $0.organization)) }, uniquingKeysWith: { a, _ in a })
        var orders: [String: Int] = [:]
        for a in plan.assignments where Double(next() >> 11) / Double(1 << 53) < share {
            var people: [String] = []
            for k in Set(a.people.map(\.position)).sorted() {
                var ids = a.people.filter { $0.position == k }.map(\.person)
                for i in ids.indices.reversed() where i > 0 { ids.swapAt(i, Int(next() % UInt64(i + 1))) }
                people += ids
            }
            input.pinned.append(PinnedAssignment(need: a.need, people: people, day: a.day, start: a.start))
            let lead = people.first { role[$0]?.0 == .socialWorker } ?? people[0]
            if let o = role[lead]?.1 { orders[o, default: 0] += 1 }
        }
        for i in input.organizations.indices {
            if let cap = input.organizations[i].maxOrders, let n = orders[input.organizations[i].id], n > cap {
                input.organizations[i].maxOrders = n
            }
        }
        return input
    }
}
