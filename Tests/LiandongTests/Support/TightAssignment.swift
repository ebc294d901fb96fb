import Liandong

/// An assignment instance like the published type D of the generalized assignment problem: each
/// job is an unscheduled need of 0 minutes, each agent a volunteer whose minute budget holds 80 %
/// of the average load, and a pair's cost falls as its extra minutes rise (111 − minutes, plus up
/// to 20 at random), divided by `costDivisor`.
enum TightAssignment {
    static func input(agents: Int, jobs: Int, seed: UInt64, required: Bool, costDivisor: Double = 1) -> (input: PlanningInput, capacity: Int) {
        var rng = SplitMix64(seed: seed)
        var input = PlanningInput(horizon: Horizon(days: 7))
        var resource = [[Int]](), total = 0
        for _ in 0..<agents {
            let row = (0..<jobs).map { _ in 1 + Int(rng.next() % 100) }
            resource.append(row); total += row.reduce(0, +)
        }
        let capacity = Int(0.8 * Double(total) / Double(agents * agents))
        input.people = (0..<agents).map { Person(id: "a\($0)", role: .volunteer, maxMinutes: capacity) }
        input.needs = (0..<jobs).map { Need(id: "j\($0)", durationMinutes: 0, required: required) }
        input.pairs = (0..<jobs).flatMap { j in (0..<agents).map { i in
            Pair(need: "j\(j)", person: "a\(i)", cost: Double(111 - resource[i][j] + Int(rng.next() % 21)) / costDivisor,
                 extraMinutes: resource[i][j])
        } }
        return (input, capacity)
    }
}
