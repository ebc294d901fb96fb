/// A backend's answer before it becomes a ``Plan``: which option each served need takes, who
/// fills each position, and who leads.
struct Solution: Sendable {
    struct Chosen: Sendable, Equatable {
        var option: Int
        /// Per position, the people (in the order they will be listed).
        var members: [[Int]]
        /// The lead chosen by the solver (only when it had to choose one for `maxOrders`).
        var lead: Int?
    }

    var chosen: [Int: Chosen] = [:]

    /// Reads a solution from the values of a formulation's columns.
    init(_ f: Formulation, values: [Double]) {
        for n in f.optionColumns.indices {
            for (o, y) in f.optionColumns[n].enumerated() where values[y] > 0.5 {
                let members = f.memberColumns[n][o].map { cols in cols.filter { values[$0.column] > 0.5 }.map(\.person) }
                let lead = f.leadColumns[n][o].first { values[$0.column] > 0.5 }?.person
                chosen[n] = Chosen(option: o, members: members, lead: lead)
            }
        }
    }

    init() {}
}

/// What the LP relaxation's solution says of each need: how much of it is served, at which
/// option, and by whom — a guide for a construction that rounds it (``Heuristic/construct(guidedBy:work:)``).
struct RelaxedPlan: Sendable {
    /// need → option → the relaxation's value of serving the need at that option.
    var options: [[Double]]
    /// need → option → person → the relaxation's value of the person serving it so.
    var members: [[[Int: Double]]]

    init(_ f: Formulation, values: [Double]) {
        options = f.optionColumns.map { $0.map { values[$0] } }
        members = f.memberColumns.map { option in
            option.map { positions in
                var shares: [Int: Double] = [:]
                for cols in positions { for m in cols where values[m.column] > 1e-9 { shares[m.person, default: 0] += values[m.column] } }
                return shares
            }
        }
    }

    /// How much of need `n` the relaxation serves (0 to 1).
    func served(_ n: Int) -> Double { n < options.count ? options[n].reduce(0, +) : 0 }
}

/// How a solve went, for the plan's `solver` block.
struct SolveReport: Sendable {
    var backend: Backend
    var termination: Termination
    /// An upper bound on value − cost − fairness, if one is known — over every start, also where
    /// the starts were thinned out (a bound of the kept starts' model bounds those plans only, and
    /// is never reported: ``Bounds/bound(of:deadline:)``).
    var bound: Double?
    var variables: Int
    var constraints: Int
    var proven: Bool
    /// What the backend could not do as asked (e.g. a model too large for GLPK in the time).
    var warnings: [InputWarning] = []
    /// What the clock ended or shaped (``ClockCutPart``): the plan's search or GLPK's passes, the
    /// bound's phases. Set wherever `termination` says `timeLimit` for the clock's sake.
    var clockCut: Set<ClockCutPart> = []
}

extension Set where Element == ClockCutPart {
    /// The parts the clock cut: the plan (its search or a GLPK pass), the bound (its phases).
    static func cut(plan: Bool, bound: Bool) -> Self {
        Self((plan ? [.plan] : []) + (bound ? [.bound] : []))
    }
}
