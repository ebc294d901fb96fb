import Foundation
import Testing
@testable import Liandong
@testable import LiandongGenerate

/// `PlanningInput.validated()` judges a model built in code by the decoder's own rules, over the
/// model: the same problems at the paths the document would have, the same normalisation.
@Suite struct ModelValidationTests {
    private func paths(_ input: PlanningInput) -> [String] {
        do {
            _ = try input.validated()
            return []
        } catch {
            return Array(Set(error.problems.map(\.path.description))).sorted()
        }
    }

    private func decodedPaths(_ input: PlanningInput) throws -> [String] {
        do {
            _ = try InputDecoder.decode(Array(try JSONValueEncoder().encodeText(input).utf8))
            return []
        } catch let error as InvalidInput {
            return Array(Set(error.problems.map(\.path.description))).sorted()
        }
    }

    /// One broken value per rule, each reported at its path — and the decoder reports the same
    /// paths for the document this model encodes to.
    @Test func everyValueRuleIsReportedAtItsPath() throws {
        var input = PlanningInput(horizon: Horizon(start: "2026-02-30", days: 3, slotMinutes: 30))
        input.communities = [Community(id: "c", location: Location(x: 200_000, y: 0))]
        input.organizations = [Organization(id: "o", maxOrders: -1)]
        input.people = [
            Person(id: "sw", role: .socialWorker, organization: "o", availability: [DayWindow(day: 5, from: TimeOfDay(minutes: 600), to: TimeOfDay(minutes: 540))],
                   maxMinutes: -5),
        ]
        input.needs = [
            Need(id: "n1", team: [], durationMinutes: 60),
            Need(id: "n2", durationMinutes: 0, windows: [DayWindow(day: 0, from: TimeOfDay(minutes: 550), to: TimeOfDay(minutes: 700))]),
        ]
        input.pinned = [PinnedAssignment(need: "n2", people: [], day: 0, start: nil)]
        input.declined = [Decline(need: "n1", person: nil, organization: nil)]
        input.weights.fairness = -1
        input.weights.history = 2e9
        input.solver = SolverSettings(timeLimitSeconds: 0, mipGap: 2, seed: -3)
        let expected = [
            "/communities/0/location/x", "/declined/0/person", "/horizon/start",
            "/needs/0/team", "/needs/1/durationMinutes", "/needs/1/windows/0/from",
            "/organizations/0/maxOrders",
            "/people/0/availability/0/day", "/people/0/availability/0/to", "/people/0/level", "/people/0/maxMinutes",
            "/pinned/0/people", "/pinned/0/start",
            "/solver/mipGap", "/solver/seed", "/solver/timeLimitSeconds",
            "/weights/fairness", "/weights/history",
        ]
        #expect(paths(input) == expected)
        #expect(try decodedPaths(input) == expected)
    }

    /// Chinese labels of skills and groups read as their ids, for a model as for a document.
    @Test func labelsAreNormalisedOverTheModel() throws {
        var input = PlanningInput(horizon: Horizon(start: "2026-11-23", days: 1))
        input.people = [Person(id: "v", role: .volunteer, skills: ["为老服务"])]
        input.needs = [Need(id: "n", groups: ["低保"], team: [TeamPosition(skills: ["为老服务"])])]
        input.weights.groups["低保"] = 50
        let validated = try input.validated().input
        let decoded = try InputDecoder.decode(Array(try JSONValueEncoder().encodeText(input).utf8)).input
        #expect(validated.people[0].skills == ["elderlyCare"])
        #expect(validated.needs[0].team[0].skills == ["elderlyCare"])
        #expect(validated.needs[0].groups == ["subsistenceAllowance"])
        #expect(validated.weights.groups["subsistenceAllowance"] == 50)
        #expect(try JSONValueEncoder().encodeText(validated) == JSONValueEncoder().encodeText(decoded))
    }

    /// A malformed part of a document is reported once: the value rules do not add problems
    /// inside (or around) what the decoder already found malformed, and the windows after a
    /// malformed one keep their own indices.
    @Test func malformedPartsAreNotReportedTwice() throws {
        let text = """
        {"schema": "liandong/v1", "horizon": {"days": 2},
         "people": [{"id": "sw", "role": "socialWorker", "level": "expert",
                     "availability": [{"day": "one", "from": "08:00", "to": "12:00"}, {"day": 3, "from": "08:00", "to": "12:00"}]}],
         "needs": [{"id": "n", "team": [7, {"count": 0}]}]}
        """
        do {
            _ = try InputDecoder.decode(Array(text.utf8))
            Issue.record("the document should be refused")
        } catch {
            #expect(error.problems.map(\.path.description).sorted() == [
                "/needs/0/team/0", "/needs/0/team/1/count",
                "/people/0/availability/0/day", "/people/0/availability/1/day", "/people/0/level",
            ])
        }
    }

    /// Validating a valid week over the model changes nothing and agrees with the decoder, at
    /// every scale the generator makes (ids, windows, pins, declines, weights of every kind).
    @Test(arguments: [Scale.community, .street]) func validWeeksAreFixedPoints(_ scale: Scale) throws {
        for seed in 1...3 {
            let week = Generator.generate(scale: scale, seed: seed)
            let decoded = try InputDecoder.decode(Array(try Generator.encodeText(week).utf8))
            let again = try decoded.input.validated()
            #expect(try JSONValueEncoder().encodeText(again.input) == JSONValueEncoder().encodeText(decoded.input))
            #expect(again.warnings.map(\.path) == decoded.warnings.map(\.path))
        }
    }
}

/// A group without a weight and a skill no one has are each reported once, at the first need
/// naming them, with how many other needs do.
@Suite struct RepeatedWarningTests {
    @Test func anUnweightedGroupOrAMissingSkillIsReportedOnce() throws {
        var input = PlanningInput(horizon: Horizon(days: 7))
        input.people = [Person(id: "v", role: .volunteer, skills: ["companionship"])]
        input.weights.groups = ["elderly": 20]
        input.needs = (0..<4).map { i in
            Need(id: "n\(i)", groups: i == 0 ? ["elderly"] : ["elderli"],
                 team: [TeamPosition(role: .volunteer, skills: i < 2 ? ["astronomy"] : ["companionship"])])
        }
        let decoded = try InputDecoder.decode(Array(try JSONValueEncoder().encodeText(input).utf8))
        let groups = decoded.warnings.filter { $0.message.contains("has no weight") }
        #expect(groups.map(\.path.description) == ["/needs/1/groups/0"])
        #expect(groups.first?.message.contains("did you mean 'elderly'") == true)
        #expect(groups.first?.message.contains("2 other needs name it too") == true)
        let skills = decoded.warnings.filter { $0.message.contains("no one has skill") }
        #expect(skills.map(\.path.description) == ["/needs/0/team/0/skills/0"])
        #expect(skills.first?.message.hasSuffix("1 other need names it too") == true)
    }
}
