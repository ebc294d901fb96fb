@testable import Liandong

/// The smallest week where an organization's `maxOrders` matters: an organization "a" that
/// takes one order, two social workers (sw1 of "a", sw2 of `sw2Organization`), two needs
/// n1, n2 of one social worker for an hour each.
func oneOrderWeek(sw2Organization: String? = nil) -> PlanningInput {
    var input = PlanningInput(horizon: Horizon(days: 7))
    input.organizations = [Organization(id: "a", maxOrders: 1)]
    input.people = [Person(id: "sw1", role: .socialWorker, level: .assistant, organization: "a"),
                    Person(id: "sw2", role: .socialWorker, level: .assistant, organization: sw2Organization)]
    input.needs = ["n1", "n2"].map { Need(id: $0, team: [TeamPosition(role: .socialWorker)], durationMinutes: 60) }
    return input
}
