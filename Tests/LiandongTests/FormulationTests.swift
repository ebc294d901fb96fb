import Testing
@testable import Liandong
import LiandongGenerate

/// One hard rule at a time, on two or three people: the rule alone decides what GLPK plans,
/// and the independent checker accepts the plan.
@Suite struct FormulationTests {
    static func t(_ s: String) -> TimeOfDay { TimeOfDay(parsing: s)! }
    static func window(_ day: Int, _ from: String, _ to: String) -> DayWindow { DayWindow(day: day, from: t(from), to: t(to)) }

    func solve(_ input: PlanningInput) throws -> Plan {
        let decoded = try InputDecoder.decode(try JSONValueEncoder().encode(input))
        let plan = try Engine.plan(decoded, settings: SolverSettings(backend: .glpk, timeLimitSeconds: 20))
        #expect(PlanChecker(input: decoded.input).violations(of: plan) == [])
        return plan
    }

    var base: PlanningInput { PlanningInput(horizon: Horizon(days: 2)) }

    /// The LP relaxation's bound that unproven plans report (``GLPKBackend/relaxationBound(needs:deadline:)``).
    func relaxationBound(_ input: PlanningInput) throws -> Double? {
        let candidates = Candidates(Catalog(try input.validated().input))
        let backend = GLPKBackend(candidates: candidates, settings: SolverSettings(backend: .glpk, timeLimitSeconds: 5))
        return backend.relaxationBound(deadline: ContinuousClock.now + .seconds(5))
    }

    @Test func nobodyIsInTwoPlacesAtOnce() throws {
        var input = base
        input.people = [Person(id: "v", role: .volunteer)]
        input.needs = [Need(id: "a", urgency: .high, windows: [Self.window(0, "09:00", "10:00")]),
                       Need(id: "b", urgency: .normal, windows: [Self.window(0, "09:00", "10:00")])]
        let plan = try solve(input)
        #expect(plan.assignments.map(\.need) == ["a"])
        #expect(plan.unserved.first?.reasons == [.lowerValue])
        // With room for both, both are served back to back.
        input.needs[1].windows = [Self.window(0, "09:00", "11:00")]
        #expect(try solve(input).assignments.count == 2)
    }

    @Test func minuteBudgetAndAssignmentCount() throws {
        var input = base
        input.people = [Person(id: "v", role: .volunteer, maxMinutes: 100)]
        input.needs = [Need(id: "a", durationMinutes: 60), Need(id: "b", urgency: .high, durationMinutes: 60)]
        let plan = try solve(input)
        #expect(plan.assignments.map(\.need) == ["b"])
        #expect(plan.unserved.first?.reasons == [.capacityExhausted])
        input.people[0].maxMinutes = nil
        input.people[0].maxAssignments = 1
        #expect(try solve(input).assignments.map(\.need) == ["b"])
    }

    @Test func travelCountsAgainstTheBudget() throws {
        var input = base
        input.communities = [Community(id: "c1", location: Location(x: 0, y: 0)), Community(id: "c2", location: Location(x: 3, y: 4))]
        input.travel = Travel(minutesPerKm: 2)   // round trip 2 × 2 × 5 km = 20 minutes
        input.people = [Person(id: "v", role: .volunteer, maxMinutes: 79, home: "c1")]
        input.needs = [Need(id: "a", community: "c2", durationMinutes: 60)]
        #expect(try solve(input).assignments.isEmpty)
        input.people[0].maxMinutes = 80
        #expect(try solve(input).people.first?.minutes == 80)
    }

    /// The solver's travel minutes — from its table of communities, or computed per call where
    /// there are more than 1,024 communities — give, for every need and person, the minutes the
    /// checker derives on its own: homes and needs without a community or a location, and a
    /// pair's own extra minutes, included.
    @Test(arguments: [6, 1_030]) func travelTableAgreesWithTheChecker(communities: Int) throws {
        var input = base
        input.communities = (0..<communities).map { (c: Int) -> Community in
            let x = Double((c * c) % 97) * 0.37, y = Double(5 - c % 11) * 1.13
            return Community(id: "c\(c)", location: c == 4 ? nil : Location(x: x, y: y))
        }
        input.travel = Travel(minutesPerKm: 3.3)
        let homes: [String?] = ["c0", "c1", "c2", "c3", "c4", "c5", nil]
        input.people = homes.enumerated().map { Person(id: "p\($0.offset)", role: .volunteer, home: $0.element) }
        input.needs = (0..<7).map { Need(id: "n\($0)", community: $0 < 6 ? "c\($0)" : nil, durationMinutes: 30) }
        input.pairs = [Pair(need: "n2", person: "p5", extraMinutes: 7)]
        let validated = try input.validated().input
        let catalog = Catalog(validated)
        let index = CheckerIndex(validated)
        var travelling = 0
        for (n, need) in validated.needs.enumerated() {
            for (p, person) in validated.people.enumerated() {
                let expected = index.extraMinutes(need: need, person: person)
                #expect(catalog.extraMinutes(need: n, person: p) == expected, "need \(need.id), person \(person.id)")
                if expected > 0 { travelling += 1 }
            }
        }
        #expect(travelling == 20)
    }

    @Test func maxOrdersChoosesTheLead() throws {
        var input = base
        input.organizations = [Organization(id: "full", maxOrders: 0), Organization(id: "open")]
        input.people = [Person(id: "sw-a", role: .socialWorker, level: .senior, organization: "full"),
                        Person(id: "sw-b", role: .socialWorker, level: .assistant, organization: "open")]
        input.needs = [Need(id: "n", team: [TeamPosition(role: .socialWorker, count: 2)])]
        let plan = try solve(input)
        #expect(plan.assignments.first?.organization == "open")
        #expect(plan.assignments.first?.people.first?.person == "sw-b")
        // No organization with room: the need is left with organizationFull.
        input.organizations[1].maxOrders = 0
        #expect(try solve(input).unserved.first?.reasons == [.organizationFull])
    }

    @Test func riskyNeedsTakeInsuredPeopleOnly() throws {
        var input = base
        input.people = [Person(id: "u", role: .volunteer, insured: false), Person(id: "i", role: .volunteer, insured: true)]
        input.needs = [Need(id: "n", risky: true)]
        #expect(try solve(input).assignments.first?.people.map(\.person) == ["i"])
    }

    @Test func availabilityDecidesTheStart() throws {
        var input = base
        input.people = [Person(id: "v", role: .volunteer, availability: [Self.window(1, "13:00", "14:00"), Self.window(1, "14:00", "15:30")])]
        input.needs = [Need(id: "n", durationMinutes: 120, windows: [Self.window(1, "08:00", "18:00")])]
        let a = try #require(try solve(input).assignments.first)
        #expect(a.day == 1 && a.start == Self.t("13:00"))   // joined windows 13:00–15:30, only 13:00 and 13:30 fit
    }

    @Test func requiredNeedThatCannotBeServedMakesThePlanInfeasible() throws {
        var input = base
        input.people = [Person(id: "v", role: .volunteer)]
        input.needs = [Need(id: "a", urgency: .critical), Need(id: "b", team: [TeamPosition(role: .socialWorker)], required: true)]
        let plan = try solve(input)
        #expect(plan.status == .infeasible)
        #expect(plan.assignments.map(\.need) == ["a"])
        #expect(plan.unserved.first?.required == true)
    }

    @Test func requiredNeedsWinOverValue() throws {
        var input = base
        input.people = [Person(id: "v", role: .volunteer, maxAssignments: 1)]
        input.needs = [Need(id: "a", urgency: .critical), Need(id: "b", urgency: .low, required: true)]
        let plan = try solve(input)
        #expect(plan.status == .optimal)
        #expect(plan.assignments.map(\.need) == ["b"])
    }

    @Test func pinnedAssignmentStaysAsGiven() throws {
        var input = base
        input.people = [Person(id: "v1", role: .volunteer), Person(id: "v2", role: .volunteer)]
        input.needs = [Need(id: "n", team: [TeamPosition(count: 1)], windows: [Self.window(0, "08:00", "12:00")], preferred: ["v1"])]
        input.pinned = [PinnedAssignment(need: "n", people: ["v2"], day: 0, start: Self.t("10:30"))]
        let a = try #require(try solve(input).assignments.first)
        #expect(a.people.map(\.person) == ["v2"] && a.start == Self.t("10:30") && a.pinned)
    }

    @Test func preferredAndCostsSteerTheChoice() throws {
        var input = base
        input.people = [Person(id: "v1", role: .volunteer), Person(id: "v2", role: .volunteer)]
        input.needs = [Need(id: "n", preferred: ["v2"])]
        #expect(try solve(input).assignments.first?.people.map(\.person) == ["v2"])
        input.pairs = [Pair(need: "n", person: "v2", cost: 6)]   // 5 preferred bonus < 6 cost
        #expect(try solve(input).assignments.first?.people.map(\.person) == ["v1"])
    }

    /// With a fairness weight, a served need's members carry its minutes: the largest load is at
    /// least the average load of a served position, so the LP relaxation cannot spread one
    /// two-hour service over four people a quarter each and count half an hour. One volunteer
    /// position, four volunteers, fairness 3 an hour: the optimum is 10 − 3 × 2 = 4, and so is the
    /// relaxation's bound (8.5 without the team rows).
    @Test func theLargestLoadHoldsAWholeService() throws {
        var input = base
        input.people = (1...4).map { Person(id: "v\($0)", role: .volunteer) }
        input.needs = [Need(id: "a", durationMinutes: 120)]
        input.weights.fairness = 3
        #expect(try solve(input).solver.objective == 4)
        let bound = try #require(try relaxationBound(input))
        #expect(abs(bound - 4) < 1e-6, "relaxation bound \(bound)")
    }

    /// The LP relaxation that bounds unproven plans keeps a budget whole (the budget pattern rows):
    /// one volunteer with 100 minutes, a normal need of 30 minutes (worth 10) and two high ones of
    /// 60 (100 each). By the minute the LP fits one and two thirds of the high needs (166.7);
    /// with the patterns — {a, b} and {a, c} — its bound is the optimum, 110.
    @Test func theRelaxationKeepsABudgetWhole() throws {
        var input = base
        input.people = [Person(id: "v", role: .volunteer, maxMinutes: 100)]
        input.needs = [Need(id: "a", urgency: .normal, durationMinutes: 30),
                       Need(id: "b", urgency: .high, durationMinutes: 60),
                       Need(id: "c", urgency: .high, durationMinutes: 60)]
        #expect(try solve(input).solver.objective == 110)
        let bound = try #require(try relaxationBound(input))
        #expect(abs(bound - 110) < 1e-6, "relaxation bound \(bound)")
    }

    /// A team of three — two places asking for sign language, one any volunteer — with three
    /// volunteers of whom one signs has enough people in all but not for the two signing places:
    /// it has no option (until 2026-12-12 it had, and the relaxation served it with that one
    /// person twice over, its value above the optimum). With a second signer it has. The
    /// matching itself: places of overlapping pools, Hall's condition.
    @Test func aTeamNeedsDistinctPeople() throws {
        var input = PlanningInput(horizon: Horizon(days: 7))
        input.people = [Person(id: "v", role: .volunteer, skills: ["sign"]),
                        Person(id: "w", role: .volunteer), Person(id: "x", role: .volunteer)]
        input.needs = [Need(id: "trio", urgency: .critical,
                            team: [TeamPosition(role: .volunteer, skills: ["sign"]), TeamPosition(role: .any, skills: ["sign"]),
                                   TeamPosition(role: .volunteer)]),
                       Need(id: "one", urgency: .normal, team: [TeamPosition(role: .volunteer)])]
        #expect(Candidates(Catalog(try input.validated().input)).options[0].isEmpty)
        let (optimum, bound) = try optimumAndBound(input)
        #expect(bound >= optimum - 1e-6 && bound < optimum + 1, "bound \(bound), optimum \(optimum)")
        input.people[1].skills = ["sign"]
        #expect(!Candidates(Catalog(try input.validated().input)).options[0].isEmpty)

        // The independent week where it showed (53 accepted orders, fairness 20, 5-minute
        // slots): critical need n158 asks for three volunteers at intermediate level, three with
        // skill s0 at assistant level and three with it at senior level; at its times only three
        // seniors with s0 are free. Its starts each had enough people in all, and no team.
        let week = try InputDecoder.decode(try Fixtures.data("valid/nine-with-three-seniors.json"))
        let n158 = try #require(week.input.needs.firstIndex { $0.id == "n158" })
        #expect(Candidates(Catalog(week.input)).options[n158].isEmpty)

        typealias R = Candidates
        #expect(R.fillsWithDistinctPeople([[1, 2], [1, 2]], counts: [1, 1]))
        #expect(!R.fillsWithDistinctPeople([[1], [1, 2], [1, 2]], counts: [1, 1, 1]))
        #expect(R.fillsWithDistinctPeople([[1, 2, 3], [1]], counts: [2, 1]))
        #expect(!R.fillsWithDistinctPeople([[1, 2, 3], [1, 2]], counts: [2, 2]))
        #expect(R.fillsWithDistinctPeople([[1, 2, 3, 4], [1, 2]], counts: [2, 2]))
        #expect(!R.fillsWithDistinctPeople([[1]], counts: [2]))
        #expect(R.fillsWithDistinctPeople([[], [5]], counts: [0, 1]))
    }

    /// The order goes to the first social worker listed: one in a later position leads only
    /// where no social worker serves before. Organization "a" takes one order; "care" can be led
    /// only from "a" (its first position holds social workers), so "care" and "law" do not both
    /// get served — and neither the LP relaxation nor the Lagrangian bound may serve them both
    /// in part (before, the LP served two thirds of "care" led by the independent social worker
    /// in the third position: 1,666.7 for an optimum of 1,000). Then the first position admits a
    /// volunteer too, who is also the only one for "sign" (one assignment): the rows that tie a
    /// later lead to the earlier positions' social workers keep the LP at the optimum (the
    /// Lagrangian bound, which picks a lead among the team's members without that rule, does not).
    @Test func aLaterSocialWorkerLeadsOnlyWhereNoneServesBefore() throws {
        var input = base
        input.organizations = [Organization(id: "a", maxOrders: 1)]
        input.people = [Person(id: "a1", role: .socialWorker, level: .assistant, organization: "a", skills: ["care"]),
                        Person(id: "a2", role: .socialWorker, level: .assistant, organization: "a", skills: ["law"]),
                        Person(id: "v1", role: .volunteer),
                        Person(id: "b1", role: .socialWorker, level: .assistant, skills: ["sign"])]
        input.needs = [Need(id: "care", urgency: .critical,
                            team: [TeamPosition(role: .socialWorker, skills: ["care"]), TeamPosition(role: .volunteer),
                                   TeamPosition(role: .any, skills: ["sign"])]),
                       Need(id: "law", urgency: .critical, team: [TeamPosition(role: .socialWorker, skills: ["law"])])]
        let catalog = Catalog(try input.validated().input)
        let option = try #require(Candidates(catalog).options[0].first)
        let places = catalog.leadPlaces(option.candidates)
        #expect(catalog.mayLead(person: 0, position: 0, in: places))
        #expect(!catalog.mayLead(person: 3, position: 2, in: places))
        #expect(!catalog.mayLead(person: 2, position: 1, in: places))
        var (optimum, bound) = try optimumAndBound(input)
        #expect(optimum == 1000)
        #expect(bound < optimum + 1, "Lagrangian bound \(bound)")
        #expect(try #require(try relaxationBound(input)) < optimum + 1)

        input.people.append(Person(id: "v0", role: .volunteer, skills: ["care"], maxAssignments: 1))
        input.needs[0].team[0].role = .any
        input.needs.append(Need(id: "sign", urgency: .critical, team: [TeamPosition(role: .volunteer, skills: ["care"])]))
        let wider = Catalog(try input.validated().input)
        let pools = try #require(Candidates(wider).options[0].first).candidates
        #expect(wider.leadPlaces(pools).lastForSocialWorkers == 2)
        (optimum, bound) = try optimumAndBound(input)
        #expect(optimum == 2000)
        // (The Lagrangian bound drops the lead rule within such teams: it holds, not tightly.)
        #expect(bound >= optimum - 1e-6, "Lagrangian bound \(bound)")
        #expect(try #require(try relaxationBound(input)) < optimum + 1)
    }
}

/// The candidates of every option but a pin's are listed in person order, one truth that
/// ``Restaff`` relies on to look a person up by binary search: on generated weeks, plain and
/// with organizations restricted to their communities (whose pools are merged lists).
@Suite struct CandidateOrderTests {
    @Test(arguments: [0.0, 0.6]) func candidatesAreInPersonOrder(_ restricted: Double) throws {
        for seed in 1...3 {
            var knobs = GeneratorKnobs()
            knobs.restricted = restricted
            let week = Generator.generate(scale: .community, seed: seed, knobs: knobs)
            let candidates = Candidates(Catalog(try week.validated().input))
            for options in candidates.options {
                for option in options where !option.pinned {
                    for list in option.candidates {
                        #expect(zip(list, list.dropFirst()).allSatisfy { $0 < $1 }, "seed \(seed): \(list.prefix(8))")
                        if let p = list.first { #expect(Restaff.ascending(list, contains: p)) }
                        #expect(!Restaff.ascending(list, contains: -1))
                        // Where each stands: the index a member's gain is looked up by.
                        for (i, p) in list.enumerated() { #expect(Restaff.position(of: p, in: list) == i) }
                        if let last = list.last { #expect(Restaff.position(of: last + 1, in: list) == nil) }
                    }
                }
            }
        }
    }
}
