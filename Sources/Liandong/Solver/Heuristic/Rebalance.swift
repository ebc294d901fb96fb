/// Fairness as a tie-breaker: moves places from the busiest person to someone else when the
/// plan's value − cost stays exactly the same, until the largest load cannot shrink that way.
enum Rebalance {
    /// - Parameter deadline: the clock may cut the pass short (only when the time limit binds;
    ///   `state.cutByClock` then says so).
    static func run(_ state: inout SearchState, deadline: ContinuousClock.Instant? = nil) {
        // Who serves which needs, kept up to date as places move (so that a step looks only at
        // the busiest person's services, not at the whole plan).
        var servedBy = Array(repeating: [Int](), count: state.catalog.input.people.count)
        for n in state.chosen.keys.sorted() { for p in state.chosen[n]!.members.joined() { servedBy[p].append(n) } }
        var guardCount = 0
        let clock = ContinuousClock()
        while guardCount < 10_000 {
            guardCount += 1
            if let deadline, guardCount % 64 == 0, clock.now >= deadline { state.cutByClock = true; return }
            let minutes = state.usage.minutes
            guard let top = minutes.indices.max(by: { (minutes[$0], $1) < (minutes[$1], $0) }), minutes[top] > 0 else { return }
            guard let move = bestMove(from: top, among: servedBy[top].sorted(), in: state) else { return }
            var members = state.chosen[move.need]!.members
            members[move.position][move.index] = move.to
            members[move.position].sort()
            let c = state.chosen[move.need]!
            state.drop(need: move.need)
            state.serve(need: move.need, option: c.option, members: members, lead: move.lead)
            servedBy[top].removeAll { $0 == move.need }
            servedBy[move.to].append(move.need)
        }
    }

    /// A replacement of `p` in one of their services (`needs`) by someone equally good for the
    /// objective whose load after the move stays below `p`'s current load.
    private static func bestMove(from p: Int, among needs: [Int], in state: SearchState) -> (need: Int, position: Int, index: Int, to: Int, lead: Int?)? {
        let catalog = state.catalog
        let load = state.usage.minutes[p]
        for n in needs {
            guard let c = state.chosen[n] else { continue }
            let option = state.candidates.options[n][c.option]
            if option.pinned { continue }
            for (k, members) in c.members.enumerated() {
                guard let i = members.firstIndex(of: p) else { continue }
                let team = Set(c.members.joined())
                let mine = state.gain(need: n, option: option, person: p)
                for q in option.candidates[k] where !team.contains(q) {
                    guard abs(state.gain(need: n, option: option, person: q) - mine) < 1e-12,
                          state.usage.minutes[q] + catalog.load(need: n, person: q) < load,
                          state.usage.canTake(q, need: n, option: option) else { continue }
                    // The order must still go to an organization that can take it, and a
                    // volunteer may not take a social worker's place as lead.
                    var newMembers = c.members
                    newMembers[k][i] = q
                    newMembers[k].sort()
                    // A lead the solver chose stays (or passes to q), and must still be a valid lead.
                    let newLead = c.lead.map { $0 == p ? q : $0 }
                    if let lead = newLead, !catalog.isValidLead(lead, in: newMembers) { continue }
                    let newOrg = catalog.leadOrganization(newMembers, lead: newLead)
                    let oldOrg = catalog.leadOrganization(c.members, lead: c.lead)
                    if newOrg != oldOrg && !state.usage.canOrder(newOrg) { continue }
                    return (n, k, i, q, newLead)
                }
            }
        }
        return nil
    }
}
