// A week built in code and planned through Liandong's public API — no JSON files.
// Built with the package (`swift build`); run it with `swift run liandong-example`.
import Liandong

var input = PlanningInput(horizon: Horizon(start: "2026-11-23", days: 7))
input.communities = [Community(id: "huiquan", name: "汇泉社区", partyOrganization: "wucaisheng")]
input.organizations = [Organization(id: "huiguang", name: "汇光关爱社工服务站", maxOrders: 10)]
input.people = [
    Person(id: "sw-01", name: "李华", role: .socialWorker, level: .intermediate, organization: "huiguang",
           skills: ["elderlyCare"], availability: [DayWindow(day: 1, from: TimeOfDay(minutes: 8 * 60), to: TimeOfDay(minutes: 12 * 60))],
           maxMinutes: 600),
    Person(id: "v-01", name: "王芳", role: .volunteer, skills: ["companionship"], maxMinutes: 300, insured: true),
]
input.needs = [
    Need(id: "n-01", community: "huiquan", title: "独居老人入户探访", urgency: .high, groups: ["elderly", "livingAlone"],
         team: [TeamPosition(role: .socialWorker, skills: ["elderlyCare"], minLevel: .assistant),
                TeamPosition(role: .volunteer, skills: ["companionship"])],
         durationMinutes: 90, windows: [DayWindow(day: 1, from: TimeOfDay(minutes: 9 * 60), to: TimeOfDay(minutes: 12 * 60))]),
    Need(id: "n-02", community: "huiquan", title: "防诈骗宣传", durationMinutes: 60),
]

do {
    let decoded = try input.validated()
    let plan = try Engine.plan(decoded, settings: SolverSettings(backend: .auto, timeLimitSeconds: 5))
    print("status \(plan.status.rawValue), objective \(plan.solver.objective), bound \(plan.solver.bound)")
    for a in plan.assignments {
        let when = a.day.map { "day \($0) \(a.start!)–\(a.end!)" } ?? "any time"
        print("\(a.need): \(when), \(a.organization ?? "-"): \(a.people.map(\.person).joined(separator: ", "))")
    }
    for u in plan.unserved { print("\(u.need) unserved: \(u.reasons.map(\.rawValue).joined(separator: ", "))") }
    // The independent checker agrees (the engine has already verified it before returning it).
    let violations = PlanChecker(input: decoded.input).violations(of: plan)
    print(violations.isEmpty ? "check: valid" : "check: \(violations.count) violations")
} catch let error as InvalidInput {
    for p in error.problems { print("\(p.path): \(p.message)") }
} catch {
    print("failed: \(error)")
}
