import Foundation
import Testing
@testable import Liandong
@testable import LiandongGenerate

/// The budget pattern columns (the convex hull of a person's minute budget and assignment cap):
/// they must leave every plan feasible and cut off fractional ones.
@Suite struct BudgetPatternTests {
    /// The LP relaxation of the model as built, or of the same model without its pattern rows.
    static func relaxation(_ f: Formulation) -> Double? {
        var options = GLPK.Options(timeLimitSeconds: 20, mipGap: 0, verbose: false)
        options.relaxation = true
        return GLPK.solve(f.program, options: options).bound
    }

    /// Whether `x` keeps every row and column bound of `program` (to 1e-6).
    static func violations(_ program: LinearProgram, _ x: [Double]) -> [String] {
        var activity = [Double](repeating: 0, count: program.rows.count)
        for k in 0..<program.entryCount {
            activity[Int(program.entryRow[k])] += program.entryValue[k] * x[Int(program.entryColumn[k])]
        }
        var out: [String] = []
        for (r, row) in program.rows.enumerated() where activity[r] < row.lower - 1e-6 || activity[r] > row.upper + 1e-6 {
            out.append("\(row.name): \(activity[r]) not in [\(row.lower), \(row.upper)]")
        }
        for (j, c) in program.columns.enumerated() where x[j] < c.lower - 1e-6 || x[j] > c.upper + 1e-6 {
            out.append("\(c.name): \(x[j]) not in [\(c.lower), \(c.upper)]")
        }
        return out
    }

    @Test func aMinuteBudgetForOneOfThreeNeedsAdmitsNoFractions() throws {
        // One volunteer with 100 minutes and three one-hour needs: the two budget rows alone
        // allow 100/60 of a need in the LP; the patterns ({a}, {b}, {c}) allow exactly one.
        var input = PlanningInput(horizon: Horizon(days: 1))
        input.people = [Person(id: "v", role: .volunteer, maxMinutes: 100)]
        input.needs = ["a", "b", "c"].map { Need(id: $0, urgency: .normal, durationMinutes: 60) }
        let decoded = try InputDecoder.decode(try JSONValueEncoder().encode(input))
        let f = Formulation(Candidates(Catalog(decoded.input)), hardRequired: true, budgetPatterns: true)
        #expect(f.budgetPatterns.count == 1)
        #expect(f.budgetPatterns.first?.patterns == [[0], [1], [2]])
        let plan = try Engine.plan(decoded, settings: SolverSettings(backend: .glpk, timeLimitSeconds: 20))
        let lp = try #require(Self.relaxation(f))
        #expect(abs(lp - plan.solver.objective) < 1e-6, "LP \(lp), plan \(plan.solver.objective)")
    }

    @Test func theAssignmentCapAndTheBudgetTogether() throws {
        // Budget 150 minutes and at most two services over needs of 60, 60 and 90 minutes: every
        // pair fits the minutes (120 or 150), the cap rules out all three.
        var input = PlanningInput(horizon: Horizon(days: 1))
        input.people = [Person(id: "v", role: .volunteer, maxMinutes: 150, maxAssignments: 2)]
        input.needs = [Need(id: "a", durationMinutes: 60), Need(id: "b", durationMinutes: 60), Need(id: "c", durationMinutes: 90)]
        let decoded = try InputDecoder.decode(try JSONValueEncoder().encode(input))
        let f = Formulation(Candidates(Catalog(decoded.input)), hardRequired: true, budgetPatterns: true)
        #expect(f.budgetPatterns.first?.patterns == [[0, 1], [0, 2], [1, 2]])
    }

    @Test func aTeamOfTwoIsNotHalfChosenWithOneWholeMember() throws {
        // Need a wants two volunteers (v1 and v2), need b one with skill "x" (only v2), both at
        // 09:00–10:00: one of the two can be served. Without linking each member to the option,
        // the LP serves half of a with v1 whole (v1 + nobody = 2 × ½) and all of b with v2: one
        // and a half needs. With Σ x ≤ y per person and option, exactly one.
        var input = PlanningInput(horizon: Horizon(days: 1))
        input.people = [Person(id: "v1", role: .volunteer), Person(id: "v2", role: .volunteer, skills: ["x"])]
        let nine = DayWindow(day: 0, from: TimeOfDay(parsing: "09:00")!, to: TimeOfDay(parsing: "10:00")!)
        input.needs = [Need(id: "a", team: [TeamPosition(role: .volunteer, count: 2)], windows: [nine]),
                       Need(id: "b", team: [TeamPosition(role: .volunteer, skills: ["x"])], windows: [nine])]
        let decoded = try InputDecoder.decode(try JSONValueEncoder().encode(input))
        let f = Formulation(Candidates(Catalog(decoded.input)), hardRequired: true)
        let plan = try Engine.plan(decoded, settings: SolverSettings(backend: .glpk, timeLimitSeconds: 20))
        #expect(plan.assignments.count == 1)
        let lp = try #require(Self.relaxation(f))
        #expect(abs(lp - plan.solver.objective) < 1e-6, "LP \(lp), plan \(plan.solver.objective)")
    }

    @Test(arguments: [1, 2, 3])
    func theHeuristicsPlanIsAStartThatKeepsEveryRow(seed: Int) throws {
        // GLPK's first incumbent comes from `values(for:)`: it must satisfy the pattern rows too.
        let input = Generator.generate(scale: .community, seed: seed)
        let decoded = try InputDecoder.decode(Array(try Generator.encodeText(input).utf8))
        let candidates = Candidates(Catalog(decoded.input))
        let f = Formulation(candidates, hardRequired: true, budgetPatterns: true)
        #expect(!f.budgetPatterns.isEmpty)
        let state = Heuristic(candidates: candidates, seed: 1, deadline: ContinuousClock.now + .seconds(20)).search()
        #expect(Self.violations(f.program, f.values(for: state.solution)) == [])
    }
}
