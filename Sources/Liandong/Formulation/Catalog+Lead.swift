/// The lead rule, written once for the solver side (the checker derives it on its own from the
/// plan's listed members): a team's lead is the first listed member whose own role is social
/// worker, else the first listed member; the order goes to the lead's organization.
///
/// Members are given per team position (`members[k]` fills position `k`), in listed order.
/// Pinned teams keep the order the pin lists them in; for teams the engine forms, the solver may
/// choose a lead, and ``PlanBuilder`` then lists that person first within their position.
extension Catalog {
    /// Where a team's lead can stand, given the pools its positions are filled from (an option's
    /// candidates, position by position): social workers lead from positions up to the first that
    /// holds social workers only (one of them is then the first social worker listed), volunteers
    /// only from position 0 and only when no position holds social workers only (else the team
    /// has a social worker). A position whose role is `socialWorker` is such a position: in a team
    /// of a social worker and a senior of any role, the senior never leads.
    struct LeadPlaces: Sendable {
        /// The last position a social worker can lead from.
        let lastForSocialWorkers: Int
        /// Whether a volunteer in position 0 can lead.
        let volunteers: Bool
    }

    func leadPlaces(_ pools: [[Int]]) -> LeadPlaces {
        let first = pools.firstIndex { $0.allSatisfy { input.people[$0].role == .socialWorker } }
        return LeadPlaces(lastForSocialWorkers: first ?? pools.count - 1, volunteers: first == nil)
    }

    /// Whether person `p` could lead when placed first in position `k` (``LeadPlaces``).
    func mayLead(person p: Int, position k: Int, in places: LeadPlaces) -> Bool {
        input.people[p].role == .socialWorker ? k <= places.lastForSocialWorkers : k == 0 && places.volunteers
    }

    /// Whether `lead`, listed first in its position, is the lead of `members` under the rule:
    /// a social worker with no social worker in an earlier position, or a member of position 0
    /// when the team has no social worker at all.
    func isValidLead(_ lead: Int, in members: [[Int]]) -> Bool {
        let people = input.people
        guard let k = members.firstIndex(where: { $0.contains(lead) }) else { return false }
        if people[lead].role == .socialWorker {
            return !members[..<k].joined().contains { people[$0].role == .socialWorker }
        }
        return k == 0 && !members.joined().contains { people[$0].role == .socialWorker }
    }

    /// Who leads a team, and so whose organization receives the order: `lead` when the solver
    /// chose a valid one (it is then listed first in its position), else the rule applied to the
    /// members in the order given — the first social worker, else the first member.
    func leadPerson(_ members: [[Int]], lead: Int?) -> Int? {
        if let lead, isValidLead(lead, in: members) { return lead }
        for position in members {
            if let sw = position.first(where: { input.people[$0].role == .socialWorker }) { return sw }
        }
        return members.first(where: { !$0.isEmpty })?.first
    }

    /// The organization (index) receiving the order of a team, nil when the lead has none.
    func leadOrganization(_ members: [[Int]], lead: Int?) -> Int? {
        leadPerson(members, lead: lead).flatMap(organization(of:))
    }
}
