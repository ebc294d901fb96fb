import Foundation
import Testing
@testable import Liandong

/// Continuity of care, party members and fairness over weeks: one rule a test, on a week of one
/// need and two interchangeable volunteers, on every backend; the independent checker agrees
/// with the plan's objective parts.
@Suite struct WeekToWeekTests {
    /// One need of resident r-1, two volunteers who could equally serve it.
    static func week(_ edit: (inout PlanningInput) -> Void = { _ in }) throws -> DecodedInput {
        var input = PlanningInput(horizon: Horizon(start: "2026-11-23", days: 7))
        input.people = [
            Person(id: "v-a", name: "甲", role: .volunteer, skills: ["companionship"], insured: true, servedMinutesToDate: 600),
            Person(id: "v-b", name: "乙", role: .volunteer, skills: ["companionship"], insured: true, servedMinutesToDate: 600),
        ]
        input.needs = [Need(id: "n-1", resident: "r-1", title: "陪伴", team: [TeamPosition(role: .volunteer, skills: ["companionship"])],
                            durationMinutes: 60, windows: [DayWindow(day: 1, from: TimeOfDay(minutes: 540), to: TimeOfDay(minutes: 720))])]
        edit(&input)
        return try input.validated()
    }

    static func chosen(_ decoded: DecodedInput, backend: Backend) throws -> (person: String, plan: Plan) {
        let plan = try Engine.plan(decoded, settings: SolverSettings(backend: backend, timeLimitSeconds: 5))
        #expect(PlanChecker(input: decoded.input).violations(of: plan).isEmpty)
        return (try #require(plan.assignments.first?.people.first?.person), plan)
    }

    @Test(arguments: Backend.allCases)
    func whoServedTheResidentBeforeIsPreferred(backend: Backend) throws {
        for person in ["v-a", "v-b"] {
            let week = try Self.week { $0.pastServices = [ResidentService(resident: "r-1", person: person, services: 3)] }
            let (who, plan) = try Self.chosen(week, backend: backend)
            #expect(who == person)
            #expect(plan.solver.objectiveParts.value == 10 + Weights.defaults.continuity)
        }
        // Another resident's history earns nothing.
        let other = try Self.week { $0.pastServices = [ResidentService(resident: "r-2", person: "v-b")] }
        #expect(try Self.chosen(other, backend: backend).plan.solver.objectiveParts.value == 10)
    }

    @Test(arguments: Backend.allCases)
    func aNeedThatAsksForPartyMembersGetsOne(backend: Backend) throws {
        for member in ["v-a", "v-b"] {
            let week = try Self.week { input in
                input.needs[0].partyMembers = true
                for i in input.people.indices { input.people[i].partyMember = input.people[i].id == member }
            }
            let (who, plan) = try Self.chosen(week, backend: backend)
            #expect(who == member)
            #expect(plan.summary.partyMembers == PartyMemberShare(needs: 1, places: 1, partyMembers: 1, share: 1))
        }
        // Without the ask, no bonus and no share reported.
        let plain = try Self.week { $0.people[1].partyMember = true }
        let plan = try Self.chosen(plain, backend: backend).plan
        #expect(plan.summary.partyMembers == nil && plan.solver.objectiveParts.value == 10)
    }

    @Test(arguments: Backend.allCases)
    func historyWeightGivesTheWorkToWhoServedLess(backend: Backend) throws {
        for (busy, free) in [("v-a", "v-b"), ("v-b", "v-a")] {
            let week = try Self.week { input in
                input.weights.history = 6
                for i in input.people.indices { input.people[i].servedMinutesToDate = input.people[i].id == busy ? 6000 : 1500 }
            }
            let (who, plan) = try Self.chosen(week, backend: backend)
            #expect(who == free)
            // 6 per hour × 1 hour × 1500/6000 of the largest history.
            #expect(abs(plan.solver.objectiveParts.fairness - 1.5) < 1e-9)
            #expect(plan.summary.balance.topHistoryQuarterShare == 0)
        }
    }

    @Test func weightsAreReadValidatedAndWrittenBack() throws {
        let bad = #"{"schema": "liandong/v1", "horizon": {"days": 7}, "weights": {"continuity": -1, "history": 2e9}, "pastServices": [{"resident": "r", "person": "ghost"}]}"#
        #expect { try InputDecoder.decode(Array(bad.utf8)) } throws: { error in
            let paths = (error as? InvalidInput)?.problems.map(\.path.description) ?? []
            return paths == ["/pastServices/0/person", "/weights/continuity", "/weights/history"]
        }
        let week = try Self.week { input in
            input.weights.partyMember = 7
            input.needs[0].partyMembers = true
            input.pastServices = [ResidentService(resident: "r-1", person: "v-a", services: 2)]
        }
        let again = try week.input.validated().input
        #expect(again.weights.partyMember == 7 && again.needs[0].partyMembers && again.pastServices == week.input.pastServices)
    }
}
