extension Catalog {
    /// The most needs person `p` can serve among needs whose minutes for the person are `loads`
    /// (one entry per need): the assignment cap, or fewer when the minute budget cannot hold
    /// that many — the most of the smallest loads whose sum fits. A rule every plan keeps (a
    /// person serves a need at most once), so a row "Σ needs served ≤ this" is valid in the
    /// integer program and in every relaxation, and tighter than the minute row alone where
    /// services are long next to the budget (the LP would let a 90-minute budget hold one and a
    /// half 60-minute services). nil when neither budget limits the count below `loads.count`.
    func mostNeeds(person p: Int, loads: [Int]) -> Int? {
        let person = input.people[p]
        var most = min(person.maxAssignments ?? loads.count, loads.count)
        if let minutes = person.maxMinutes {
            var used = 0, fits = 0
            for load in loads.sorted() {
                guard fits < most, used + load <= minutes else { break }
                used += load; fits += 1
            }
            most = min(most, fits)
        }
        return most < loads.count ? max(0, most) : nil
    }
}
