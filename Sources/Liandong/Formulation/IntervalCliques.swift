/// The maximal cliques of one person's possible services in time: sets of services that all
/// run at one moment, so that at most one of each set can be chosen. Written once for the
/// integer program's no-overlap rows and the Lagrangian bound's multipliers.
enum IntervalCliques {
    /// One service interval on `day`, [start, end), identified by `id` (a column, an entry).
    struct Interval { let day: Int; let start: Int; let end: Int; let id: Int }

    /// The maximal cliques with more than one member, day by day, by a sweep over start points:
    /// the services running at a start point form a clique of the interval graph; one is
    /// emitted when the next start point drops a member (or at the day's end) and the clique has
    /// gained a member since the last one emitted. Members in the order they started; `day` and
    /// `at`, the start point where the clique is complete. O(k log k + Σ clique sizes).
    static func maximal(_ intervals: [Interval]) -> [(day: Int, at: Int, members: [Int])] {
        guard intervals.count > 1 else { return [] }
        let list = intervals.sorted { ($0.day, $0.start, $0.end, $0.id) < ($1.day, $1.start, $1.end, $1.id) }
        var out: [(day: Int, at: Int, members: [Int])] = []
        var i = 0
        while i < list.count {
            let day = list[i].day
            var j = i
            while j < list.count && list[j].day == day { j += 1 }
            var active: [(end: Int, id: Int)] = []
            var next = i
            var grew = false
            while next < j {
                let t = list[next].start
                active.removeAll { $0.end <= t }
                while next < j && list[next].start == t { active.append((list[next].end, list[next].id)); next += 1; grew = true }
                let nextStart = next < j ? list[next].start : Int.max
                if grew && active.count > 1 && (next == j || active.contains { $0.end <= nextStart }) {
                    out.append((day, t, active.map(\.id)))
                    grew = false
                }
            }
            i = j
        }
        return out
    }
}
