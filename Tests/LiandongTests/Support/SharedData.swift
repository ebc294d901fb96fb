import Foundation
@testable import Liandong

/// Locates `../shared/` (beside the repository) for tests that use the shared datasets.
enum SharedData {
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    static var sharedDirectory: URL? {
        let candidates = [
            ProcessInfo.processInfo.environment["LIANDONG_SHARED"].map { URL(fileURLWithPath: $0) },
            repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared"),
        ].compactMap { $0 }
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("datasets").path) }
    }

    static var orlibGAP: URL? {
        sharedDirectory.map { $0.appendingPathComponent("datasets/orlib-gap") }
            .flatMap { FileManager.default.fileExists(atPath: $0.appendingPathComponent("optima.csv").path) ? $0 : nil }
    }
}

/// One OR-Library generalized assignment instance, and its mapping onto a weekly plan
/// (see ../shared/datasets/orlib-gap/README.md).
struct GAPInstance {
    var name: String
    var agents: Int
    var jobs: Int
    var cost: [[Int]]
    var resource: [[Int]]
    var capacity: [Int]

    init(name: String, text: String) throws {
        let numbers = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }).map { Int($0)! }
        var i = 0
        func next() -> Int { defer { i += 1 }; return numbers[i] }
        self.name = name
        agents = next(); jobs = next()
        let (m, n) = (agents, jobs)
        cost = (0..<m).map { _ in (0..<n).map { _ in next() } }
        resource = (0..<m).map { _ in (0..<n).map { _ in next() } }
        capacity = (0..<m).map { _ in next() }
    }

    /// Agents are volunteers with `maxMinutes` = capacity; jobs are required, unscheduled needs of
    /// 0 minutes; each (job, agent) is a pair with the cost and the resource as extra minutes.
    var planningInput: PlanningInput {
        var input = PlanningInput(horizon: Horizon(days: 7))
        input.people = (0..<agents).map { Person(id: "a\($0)", role: .volunteer, maxMinutes: capacity[$0]) }
        input.needs = (0..<jobs).map { Need(id: "j\($0)", durationMinutes: 0, required: true) }
        input.pairs = (0..<jobs).flatMap { j in (0..<agents).map { i in Pair(need: "j\(j)", person: "a\(i)", cost: Double(cost[i][j]), extraMinutes: resource[i][j]) } }
        var w = Weights.defaults
        for k in w.urgency.keys { w.urgency[k] = 0 }
        w.preferred = 0; w.cost = 1; w.fairness = 0
        input.weights = w
        return input
    }
}
