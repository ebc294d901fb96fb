import Testing
@testable import Liandong

/// A tiny instance where `validPlan` breaks nothing; each test breaks exactly one rule.
///
/// - sw1: social worker (intermediate, insured), orgA, skill "care", free on day 0 08:00–12:00
///   and 12:00–14:00 (touching windows join).
/// - v1: volunteer, orgB (serves community c1 only), skill "chat".
/// - v2: volunteer, no organization, lives in c2 (5 km from c1).
/// - n1: scheduled in c1, team [socialWorker "care" ≥ assistant, volunteer], 60 minutes, day 0 09:00–15:00.
/// - n2: unscheduled in c1, one person of any role, 30 minutes.
private enum Fixture {
    static func time(_ s: String) -> TimeOfDay { TimeOfDay(parsing: s)! }

    static var input: PlanningInput {
        var input = PlanningInput(horizon: Horizon(days: 2, slotMinutes: 30))
        input.communities = [Community(id: "c1", location: Location(x: 0, y: 0)),
                             Community(id: "c2", location: Location(x: 3, y: 4))]
        input.organizations = [Organization(id: "orgA"), Organization(id: "orgB", communities: ["c1"])]
        input.people = [
            Person(id: "sw1", role: .socialWorker, level: .intermediate, organization: "orgA", skills: ["care"],
                   availability: [DayWindow(day: 0, from: time("12:00"), to: time("14:00")),
                                  DayWindow(day: 0, from: time("08:00"), to: time("12:00"))],
                   insured: true),
            Person(id: "v1", role: .volunteer, organization: "orgB", skills: ["chat"]),
            Person(id: "v2", role: .volunteer, home: "c2"),
        ]
        input.needs = [
            Need(id: "n1", community: "c1", groups: ["elderly"],
                 team: [TeamPosition(role: .socialWorker, skills: ["care"], minLevel: .assistant), TeamPosition(role: .volunteer)],
                 windows: [DayWindow(day: 0, from: time("09:00"), to: time("15:00"))], preferred: ["v1"]),
            Need(id: "n2", community: "c1", durationMinutes: 30),
        ]
        return input
    }

    static func n1(start: String = "09:00", end: String? = nil, day: Int? = 0, organization: String? = "orgA",
                   people: [Member] = [Member(person: "sw1", role: .socialWorker, position: 0),
                                       Member(person: "v1", role: .volunteer, position: 1)],
                   cost: Double = 0) -> Assignment {
        let s = time(start)
        return Assignment(need: "n1", day: day, start: s, end: end.map(time) ?? TimeOfDay(minutes: s.minutes + 60),
                          organization: organization, people: people, cost: cost)
    }

    static func n2(person: String = "v2", role: Role = .volunteer, organization: String? = nil) -> Assignment {
        Assignment(need: "n2", organization: organization, people: [Member(person: person, role: role, position: 0)])
    }

    static var validPlan: [Assignment] { [n1(), n2()] }
}

private func rules(_ input: PlanningInput = Fixture.input, _ assignments: [Assignment] = Fixture.validPlan,
                   parts: ObjectiveParts? = nil) -> [PlanViolation.Rule] {
    PlanChecker(input: input).violations(assignments: assignments, reportedParts: parts).map(\.rule)
}

@Suite struct PlanCheckerTests {
    @Test func validPlanHasNoViolation() {
        #expect(rules() == [])
    }

    // MARK: Needs and people

    @Test func unknownNeed() {
        #expect(rules(Fixture.input, Fixture.validPlan + [Assignment(need: "nx", people: [Member(person: "v2", role: .volunteer, position: 0)])])
            == [.unknownNeed])
    }

    @Test func duplicateNeed() {
        let v = PlanChecker(input: Fixture.input).violations(assignments: Fixture.validPlan + [Fixture.n2()], reportedParts: nil)
        #expect(v.map(\.rule) == [.duplicateNeed])
        #expect(v.first?.path == "/assignments/2/need")
    }

    @Test func unknownPerson() {
        let v = PlanChecker(input: Fixture.input).violations(assignments: [Fixture.n1(), Fixture.n2(person: "ghost")], reportedParts: nil)
        #expect(v.map(\.rule) == [.unknownPerson])
        #expect(v.first?.path == "/assignments/1/people/0")
    }

    @Test func samePersonTwice() {
        var input = Fixture.input
        input.needs[1].team = [TeamPosition(count: 2)]
        var a = Fixture.n2()
        a.people.append(a.people[0])
        #expect(rules(input, [Fixture.n1(), a]) == [.samePersonTwice])
    }

    // MARK: Team

    @Test func teamSize() {
        #expect(rules(Fixture.input, [Fixture.n1(people: [Member(person: "sw1", role: .socialWorker, position: 0)]), Fixture.n2()])
            == [.teamSize])
    }

    @Test func positionOrder() {
        let people = [Member(person: "v1", role: .volunteer, position: 1), Member(person: "sw1", role: .socialWorker, position: 0)]
        let v = PlanChecker(input: Fixture.input).violations(assignments: [Fixture.n1(people: people), Fixture.n2()], reportedParts: nil)
        #expect(v.map(\.rule) == [.position])
        #expect(v.first?.path == "/assignments/0/people/1/position")
    }

    @Test func positionOutOfRangeAlsoLeavesTheTeamShort() {
        var a = Fixture.n2()
        a.people[0].position = 1
        #expect(rules(Fixture.input, [Fixture.n1(), a]) == [.teamSize, .position])
    }

    @Test func memberRole() {
        let people = [Member(person: "sw1", role: .socialWorker, position: 0), Member(person: "v1", role: .socialWorker, position: 1)]
        #expect(rules(Fixture.input, [Fixture.n1(people: people), Fixture.n2()]) == [.memberRole])
    }

    @Test func role() {
        var input = Fixture.input
        input.needs[1].team = [TeamPosition(role: .socialWorker)]
        #expect(rules(input) == [.role])
        input.needs[1].team = [TeamPosition(role: .volunteer)]
        #expect(rules(input) == [])
    }

    @Test func skills() {
        var input = Fixture.input
        input.needs[1].team = [TeamPosition(skills: ["chat"])]
        #expect(rules(input) == [.skills])
        #expect(rules(input, [Fixture.n1(), Fixture.n2(person: "v1", organization: "orgB")]) == [])
    }

    @Test func level() {
        var input = Fixture.input
        input.needs[1].team = [TeamPosition(minLevel: .assistant)]
        #expect(rules(input) == [.level])  // v2 has no level
        input.needs[0].team[0].minLevel = .senior
        input.needs[1].team = [TeamPosition()]
        #expect(rules(input) == [.level])  // sw1 is intermediate
        input.needs[0].team[0].minLevel = .intermediate
        #expect(rules(input) == [])
    }

    @Test func insurance() {
        var input = Fixture.input
        input.needs[1].risky = true
        #expect(rules(input) == [.insurance])
        input.people[2].insured = true
        #expect(rules(input) == [])
    }

    @Test func excluded() {
        var input = Fixture.input
        input.needs[1].excluded = ["v2"]
        #expect(rules(input) == [.excluded])
    }

    @Test func declinedPerson() {
        var input = Fixture.input
        input.declined = [Decline(need: "n2", person: "v2")]
        #expect(rules(input) == [.declined])
    }

    @Test func declinedOrganization() {
        var input = Fixture.input
        input.declined = [Decline(need: "n1", organization: "orgB")]
        #expect(rules(input) == [.declined])
        input.declined = [Decline(need: "n2", organization: "orgB")]
        #expect(rules(input) == [])
    }

    @Test func communityNotServed() {
        var input = Fixture.input
        input.needs[0].community = "c2"
        #expect(rules(input) == [.communityNotServed])
    }

    // MARK: Time

    @Test func unscheduledTime() {
        var a = Fixture.n2()
        a.day = 0
        #expect(rules(Fixture.input, [Fixture.n1(), a]) == [.unscheduledTime])
    }

    @Test func missingTime() {
        var a = Fixture.n1()
        a.start = nil
        #expect(rules(Fixture.input, [a, Fixture.n2()]) == [.missingTime])
    }

    @Test func slot() {
        #expect(rules(Fixture.input, [Fixture.n1(start: "09:15"), Fixture.n2()]) == [.slot])
    }

    @Test func duration() {
        #expect(rules(Fixture.input, [Fixture.n1(end: "10:30"), Fixture.n2()]) == [.duration])
        var a = Fixture.n1()
        a.end = nil
        #expect(rules(Fixture.input, [a, Fixture.n2()]) == [.duration])
    }

    @Test func window() {
        #expect(rules(Fixture.input, [Fixture.n1(start: "08:00"), Fixture.n2()]) == [.window])
        var input = Fixture.input
        input.people[0].availability = nil
        #expect(rules(input, [Fixture.n1(day: 1), Fixture.n2()]) == [.window])
    }

    @Test func availabilityJoinsTouchingWindows() {
        #expect(rules(Fixture.input, [Fixture.n1(start: "11:30"), Fixture.n2()]) == [])
        #expect(rules(Fixture.input, [Fixture.n1(start: "13:30"), Fixture.n2()]) == [.availability])
    }

    @Test func availabilityOtherDay() {
        var input = Fixture.input
        input.needs[0].windows = [DayWindow(day: 1, from: Fixture.time("09:00"), to: Fixture.time("15:00"))]
        #expect(rules(input, [Fixture.n1(day: 1), Fixture.n2()]) == [.availability])
    }

    @Test func emptyAvailabilityBlocksUnscheduledNeeds() {
        var input = Fixture.input
        input.people[2].availability = []
        #expect(rules(input) == [.availability])
    }

    @Test func overlap() {
        var input = Fixture.input
        input.needs.append(Need(id: "n3", windows: [DayWindow(day: 0, from: Fixture.time("08:00"), to: Fixture.time("12:00"))]))
        func n3(_ start: String) -> Assignment {
            Assignment(need: "n3", day: 0, start: Fixture.time(start), end: TimeOfDay(minutes: Fixture.time(start).minutes + 60),
                       organization: "orgA", people: [Member(person: "sw1", role: .socialWorker, position: 0)])
        }
        let v = PlanChecker(input: input).violations(assignments: Fixture.validPlan + [n3("09:30")], reportedParts: nil)
        #expect(v.map(\.rule) == [.overlap])
        #expect(v.first?.path == "/assignments/2/people/0")
        #expect(rules(input, Fixture.validPlan + [n3("10:00")]) == [])  // back to back
        #expect(rules(input, [n3("08:30")] + Fixture.validPlan).count == 1)
    }

    // MARK: Budgets and orders

    @Test func maxMinutes() {
        var input = Fixture.input
        input.people[2].maxMinutes = 29
        #expect(rules(input) == [.maxMinutes])
        input.people[2].maxMinutes = 30
        #expect(rules(input) == [])
    }

    @Test func maxMinutesCountsDerivedTravel() {
        var input = Fixture.input
        input.travel = Travel(minutesPerKm: 4)  // v2 lives 5 km away: ceil(2 × 4 × 5) = 40 extra minutes
        input.people[2].maxMinutes = 70
        #expect(rules(input) == [])
        input.people[2].maxMinutes = 69
        #expect(rules(input) == [.maxMinutes])
        input.pairs = [Pair(need: "n2", person: "v2", extraMinutes: 0)]  // a pair overrides the travel
        #expect(rules(input) == [])
    }

    @Test func maxAssignments() {
        var input = Fixture.input
        input.people[2].maxAssignments = 0
        #expect(rules(input) == [.maxAssignments])
        input.people[2].maxAssignments = 1
        #expect(rules(input) == [])
    }

    @Test func organization() {
        #expect(rules(Fixture.input, [Fixture.n1(organization: "orgB"), Fixture.n2()]) == [.organization])
        #expect(rules(Fixture.input, [Fixture.n1(), Fixture.n2(organization: "orgA")]) == [.organization])
        #expect(rules(Fixture.input, [Fixture.n1(organization: nil), Fixture.n2()]) == [.organization])
    }

    @Test func leadIsFirstSocialWorkerElseFirstMember() {
        var input = Fixture.input
        input.needs[0].team = [TeamPosition(role: .volunteer), TeamPosition(role: .socialWorker)]
        let people = [Member(person: "v1", role: .volunteer, position: 0), Member(person: "sw1", role: .socialWorker, position: 1)]
        #expect(rules(input, [Fixture.n1(people: people), Fixture.n2()]) == [])  // the social worker leads
        #expect(rules(Fixture.input, [Fixture.n1(), Fixture.n2(person: "v1", organization: "orgB")]) == [])
    }

    @Test func maxOrders() {
        var input = Fixture.input
        input.organizations[0].maxOrders = 0
        #expect(rules(input) == [.maxOrders])
        input.organizations[0].maxOrders = 1
        #expect(rules(input) == [])
    }

    @Test func cost() {
        var input = Fixture.input
        input.pairs = [Pair(need: "n1", person: "sw1", cost: 2.5)]
        #expect(rules(input) == [.cost])
        #expect(rules(input, [Fixture.n1(cost: 2.5), Fixture.n2()]) == [])
    }

    // MARK: Pins, required needs, objective

    @Test func pinnedKeptExactly() {
        var input = Fixture.input
        input.pinned = [PinnedAssignment(need: "n1", people: ["sw1", "v1"], day: 0, start: Fixture.time("09:00"))]
        #expect(rules(input) == [])
        #expect(rules(input, [Fixture.n1(start: "10:00"), Fixture.n2()]) == [.pinned])
    }

    @Test func pinnedMissing() {
        var input = Fixture.input
        input.pinned = [PinnedAssignment(need: "n2", people: ["v2"])]
        #expect(rules(input) == [])
        #expect(rules(input, [Fixture.n1()]) == [.pinned])
    }

    @Test func required() {
        var input = Fixture.input
        input.needs[1].required = true
        #expect(rules(input) == [])
        #expect(rules(input, [Fixture.n1()]) == [.required])
        #expect(PlanChecker(input: input).violations(assignments: [Fixture.n1()], reportedParts: nil, checkRequired: false) == [])
    }

    @Test func infeasiblePlanMayLeaveRequiredNeedUnserved() {
        var input = Fixture.input
        input.needs[1].required = true
        var plan = PlanChecker.pinnedOnlyPlan(input)
        plan.solver.termination = .optimal
        plan.assignments = [Fixture.n1()]
        plan.solver.objectiveParts = ObjectiveParts(value: 25, cost: 0, fairness: 0)
        #expect(PlanChecker(input: input).violations(of: plan).map(\.rule) == [.required])
        plan.status = .infeasible
        #expect(PlanChecker(input: input).violations(of: plan) == [])
    }

    @Test func objectiveParts() {
        var input = Fixture.input
        input.pairs = [Pair(need: "n1", person: "sw1", cost: 2.5)]
        let plan = [Fixture.n1(cost: 2.5), Fixture.n2()]
        // n1: normal 10 + elderly 10 + preferred v1 5; n2: normal 10.
        #expect(rules(input, plan, parts: ObjectiveParts(value: 35, cost: 2.5, fairness: 0)) == [])
        #expect(rules(input, plan, parts: ObjectiveParts(value: 30, cost: 2.5, fairness: 0)) == [.report])
        input.weights.fairness = 2
        input.weights.cost = 3
        // The heaviest load is 60 minutes: fairness = 2 × 60 / 60.
        #expect(rules(input, plan, parts: ObjectiveParts(value: 35, cost: 7.5, fairness: 2)) == [])
        #expect(rules(input, plan, parts: ObjectiveParts(value: 35, cost: 2.5, fairness: 0)) == [.report, .report])
        #expect(rules(input, [], parts: ObjectiveParts(value: 0, cost: 0, fairness: 0)) == [])
    }

    @Test func violationsAreOrderedByAssignmentThenRule() {
        var input = Fixture.input
        input.needs[1].excluded = ["v2"]
        input.needs[1].risky = true
        input.needs[1].required = true
        let plan = [Fixture.n1(start: "09:15", organization: "orgB"), Fixture.n2(), Assignment(need: "nx", people: [])]
        let v = PlanChecker(input: input).violations(assignments: plan, reportedParts: ObjectiveParts(value: 0, cost: 0, fairness: 0))
        #expect(v.map(\.rule) == [.slot, .organization, .insurance, .excluded, .unknownNeed, .report])
        #expect(v.map(\.path) == ["/assignments/0/start", "/assignments/0/organization", "/assignments/1/people/0",
                                  "/assignments/1/people/0", "/assignments/2/need", "/solver/objectiveParts/value"])
    }

    // MARK: Pinned-only plans

    @Test func pinnedOnlyPlanFillsPositionsInOrder() {
        var input = Fixture.input
        input.needs[1].required = true
        input.pairs = [Pair(need: "n1", person: "v1", cost: 1.5)]
        input.pinned = [PinnedAssignment(need: "n1", people: ["sw1", "v1"], day: 0, start: Fixture.time("09:00"))]
        let plan = PlanChecker.pinnedOnlyPlan(input)
        #expect(plan.assignments == [Assignment(need: "n1", day: 0, start: Fixture.time("09:00"), end: Fixture.time("10:00"),
                                                organization: "orgA",
                                                people: [Member(person: "sw1", role: .socialWorker, position: 0),
                                                         Member(person: "v1", role: .volunteer, position: 1)],
                                                cost: 1.5, pinned: true)])
        // n2 is required and not pinned: pinned-only checking skips that rule (and the objective).
        #expect(PlanChecker(input: input).violations(assignments: plan.assignments, reportedParts: nil, checkRequired: false) == [])
        // Checked as a whole plan, the unserved required need is a violation.
        #expect(PlanChecker(input: input).violations(of: plan).map(\.rule) == [.required])
    }

    @Test func pinnedOnlyPlanRevealsABrokenPin() {
        var input = Fixture.input
        input.needs[0].excluded = ["v1"]
        input.pinned = [PinnedAssignment(need: "n1", people: ["sw1", "v1"], day: 0, start: Fixture.time("09:00"))]
        let v = PlanChecker(input: input).violations(of: PlanChecker.pinnedOnlyPlan(input))
        #expect(v.map(\.rule) == [.excluded])
        #expect(v.first?.need == "n1")
    }

    @Test func pinnedOnlyPlanNeverCrashesOnUnknownIds() {
        var input = Fixture.input
        input.pinned = [PinnedAssignment(need: "nx", people: ["ghost", "v1"], day: 0, start: Fixture.time("09:00")),
                        PinnedAssignment(need: "n1", people: ["ghost", "v1", "v2"], day: 0, start: Fixture.time("09:00"))]
        let plan = PlanChecker.pinnedOnlyPlan(input)
        #expect(plan.assignments.count == 2)
        #expect(plan.assignments[1].people.map(\.position) == [0, 1, 2])
        let v = PlanChecker(input: input).violations(of: plan)
        #expect(v.contains { $0.rule == .unknownNeed })
        #expect(v.contains { $0.rule == .unknownPerson })
    }

    // MARK: Robustness

    @Test func arbitraryPlansNeverCrashAndGiveStableResults() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        var input = Fixture.input
        input.travel = Travel(minutesPerKm: 10_000)
        input.communities[1].location = Location(x: 1e300, y: -1e300)
        input.people[1].maxMinutes = 10
        input.organizations[0].maxOrders = 1
        input.needs[1].required = true
        input.pinned = [PinnedAssignment(need: "n1", people: ["sw1", "v1"], day: 0, start: Fixture.time("09:00"))]
        let ids = ["n1", "n2", "nx", ""], people = ["sw1", "v1", "v2", "ghost"]
        let times = [0, 30, 540, 555, 1440, Int.max / 2]
        for _ in 0..<300 {
            let plan = (0..<next(6)).map { _ in
                Assignment(need: ids[next(ids.count)], day: next(3) == 0 ? nil : next(4) - 1,
                           start: next(3) == 0 ? nil : TimeOfDay(minutes: times[next(times.count)]),
                           end: next(3) == 0 ? nil : TimeOfDay(minutes: times[next(times.count)]),
                           organization: ["orgA", "orgB", nil, "zz"][next(4)],
                           people: (0..<next(4)).map { _ in
                               Member(person: people[next(people.count)], role: next(2) == 0 ? .volunteer : .socialWorker,
                                      position: [0, 1, 2, -1, Int.max][next(5)])
                           },
                           cost: [0, 1e300, -0.5][next(3)], pinned: next(2) == 0)
            }
            let checker = PlanChecker(input: input)
            let parts = ObjectiveParts(value: 1, cost: 0, fairness: 0)
            let first = checker.violations(assignments: plan, reportedParts: parts)
            #expect(first == checker.violations(assignments: plan, reportedParts: parts))
        }
    }

    // MARK: Scale

    @Test func twentyThousandAssignmentsCheckQuickly() {
        var input = PlanningInput(horizon: Horizon(days: 7, slotMinutes: 30))
        input.people = (0..<2000).map { Person(id: "p\($0)", role: .volunteer, maxMinutes: 100_000, maxAssignments: 100) }
        input.needs = (0..<20_000).map { i in
            Need(id: "n\(i)", windows: i % 2 == 0 ? [DayWindow(day: i % 7, from: TimeOfDay(minutes: 0), to: TimeOfDay(minutes: 1440))] : nil)
        }
        var assignments: [Assignment] = []
        for i in 0..<20_000 {
            let person = "p\(i % 2000)"
            let slot = i / 2000  // each person's scheduled needs at distinct hours
            assignments.append(Assignment(need: "n\(i)", day: i % 2 == 0 ? i % 7 : nil,
                                          start: i % 2 == 0 ? TimeOfDay(minutes: slot * 60) : nil,
                                          end: i % 2 == 0 ? TimeOfDay(minutes: slot * 60 + 60) : nil,
                                          people: [Member(person: person, role: .volunteer, position: 0)]))
        }
        let clock = ContinuousClock()
        var v: [PlanViolation] = []
        let elapsed = clock.measure {
            v = PlanChecker(input: input).violations(assignments: assignments, reportedParts: nil)
        }
        #expect(v == [])
        #expect(elapsed < .seconds(10))
    }
}
