/// With a fairness weight, a bound and plans by ranges of the largest load.
///
/// The objective charges the largest load `L` at f/60 a minute. The model's relaxation lets `L`
/// sit at the largest *fractional* load while services spread over many people a fraction each,
/// so that where that charge dominates GLPK's bound stays far above the optimum (an independent
/// week with fairness 300 an hour: 220 after 20 s for an optimum of 160.5). For plans whose
/// largest load lies in a range [a, b], every budget is at most b and `L` at least a: the same
/// model with each minute budget capped at b — its budget pattern rows (the convex hull of each
/// person's capped budgets) included — and `L` within [a, b] bounds them all, and much more
/// tightly. The ranges together cover every plan, so the largest of their
/// bounds bounds the week. A range whose LP bound cannot beat the best plan is settled; the
/// others are halved, and a narrow one gets GLPK's branch-and-cut (a count of subproblems), whose
/// plans are plans of the week (their loads fit the capped budgets).
struct LoadSplit {
    let candidates: Candidates
    let settings: SolverSettings
    /// Ranges at most this wide (in minutes) get GLPK's branch-and-cut instead of halving.
    var narrow = 30
    /// Subproblems GLPK may open in one narrow range (a count, so plans do not depend on the machine).
    var nodeLimit = 200
    /// Ranges (LPs and branch-and-cut runs) after which the split stops unless one of them came
    /// below the first bound by a twentieth of the gap.
    var patience = 12

    struct Outcome {
        /// A bound on the objective (fairness included) of every plan serving every required need.
        var bound: Double
        /// A plan better than the one given, if one was found.
        var better: Solution?
        /// Ranges looked at (LPs and branch-and-cut runs).
        var ranges = 0
        /// Whether the clock ended the split or one of its GLPK runs (not its count of ranges or of
        /// subproblems): another run may then find another plan and bound (``SolveReport/clockCut``).
        var cutByClock = false
    }

    /// A range of largest loads and the bound it inherits from the range it was halved from.
    private struct Range {
        let loads: ClosedRange<Int>
        let inherited: Double
    }

    /// Bounds every plan that serves every required need (nil: not applicable — no fairness
    /// weight, or `best` leaves a required need out), starting from `best`, until `deadline`.
    func run(best: SearchState, bound: Double, deadline: ContinuousClock.Instant) -> Outcome? {
        let input = candidates.catalog.input
        // Up to 10,000 an hour (the weights' range goes to 1e9): beyond it the charge for one
        // minute dwarfs what the LPs' doubles resolve of the rest, and the ranges' bounds would
        // prove little that is sure.
        guard input.weights.fairness > 0, input.weights.fairness <= 10_000, best.servesEveryRequired() else { return nil }
        let clock = ContinuousClock()
        var incumbent = best
        var better: Solution? = nil
        // The plan objective's grid, as the proof is decided (``PlanBuilder``).
        func slack() -> Double { ObjectiveGrid.proofSlack(objective: incumbent.objective, resolution: candidates.catalog.objectiveResolution) }
        // The best plan's largest load splits the loads first: plans with no larger one, and the
        // others, whose charge for it is at least the best plan's.
        let most = Self.mostMinutes(candidates)
        let pivot = min(most, incumbent.largestLoad)
        var open = [Range(loads: 0...pivot, inherited: bound)]
        if pivot < most { open.append(Range(loads: (pivot + 1)...most, inherited: bound)) }
        var settled = -Double.infinity
        var ranges = 0
        // Whether some range's bound came below the first by a twentieth of the gap: if none does
        // within ``patience`` ranges, the largest load is not what keeps the bound up — stop. (On
        // the week where the largest bound stays put while the ranges below it settle, a community
        // week with fairness 1,000 an hour, counting the largest open bound stopped it too early.)
        var progress = false
        var cut = false
        func lowers(_ b: Double?) { if let b, b < bound - 0.05 * (bound - best.objective) { progress = true } }
        func halve(_ range: Range, inheriting b: Double) {
            let mid = range.loads.lowerBound + range.loads.count / 2
            open.append(Range(loads: range.loads.lowerBound...(mid - 1), inherited: b))
            open.append(Range(loads: mid...range.loads.upperBound, inherited: b))
        }
        while !open.isEmpty {
            if ranges >= patience && !progress { break }
            if clock.now >= deadline { cut = true; break }
            // Wide ranges (an LP each) before narrow ones (branch-and-cut, much dearer), then the
            // highest inherited bound, then the lowest loads.
            let i = open.indices.max { a, b in
                let (wa, wb) = (open[a].loads.count > narrow, open[b].loads.count > narrow)
                if wa != wb { return wb }
                return open[a].inherited != open[b].inherited ? open[a].inherited < open[b].inherited : open[a].loads.lowerBound > open[b].loads.lowerBound
            }!
            let range = open.remove(at: i)
            if range.inherited <= incumbent.objective + slack() { settled = max(settled, range.inherited); continue }
            ranges += 1
            // (Every required need has a way to be served: `best` serves them all.)
            let f = Formulation(candidates, hardRequired: true, budgetPatterns: true, largestLoad: range.loads)
            // GLPK's LPs run on past its clock by about 6 µs a non-zero (``GLPKBackend``): stop it earlier.
            let left = GLPKBackend.seconds(until: deadline)
            let seconds = max(0.05, left - min(left / 3, Double(f.program.entryCount) * 6e-6))
            if range.loads.count > narrow {
                var options = GLPK.Options(timeLimitSeconds: seconds, mipGap: 0, verbose: settings.verbose)
                options.relaxation = true
                let o = GLPK.solve(f.program, options: options)
                lowers(o.stop == .infeasible ? -.infinity : o.stop == .optimal ? o.bound : nil)
                Trace.mark("load split: LP \(range.loads) \(o.stop) \(o.bound ?? .nan) L \(f.fairnessColumn.flatMap { o.values?[$0] } ?? .nan) plan's \(incumbent.largestLoad) (inherited \(range.inherited), best \(incumbent.objective))")
                switch o.stop {
                case .infeasible:
                    continue   // no plan with a largest load in this range
                case .optimal:
                    let b = min(range.inherited, o.bound ?? range.inherited)
                    if b <= incumbent.objective + slack() { settled = max(settled, b); continue }
                    halve(range, inheriting: b)
                case .timeLimit:
                    open.append(range)   // the clock: the range keeps what it inherited (the loop ends)
                    cut = true
                default:
                    settled = max(settled, range.inherited)   // GLPK failing: the same, and no retry
                }
                continue
            }
            let fits = range.loads.contains(incumbent.largestLoad)
            let options = GLPK.Options(timeLimitSeconds: seconds, mipGap: 0, verbose: settings.verbose,
                                       start: fits ? f.values(for: incumbent.solution) : nil, nodeLimit: nodeLimit)
            let o = GLPK.solve(f.program, options: options)
            // Stopped on the clock, not on its count of subproblems.
            if o.stop == .timeLimit && o.nodes < nodeLimit { cut = true }
            lowers(o.stop == .infeasible ? -.infinity : o.bound)
            Trace.mark("load split: MIP \(range.loads) \(o.stop) \(o.objective ?? .nan) / \(o.bound ?? .nan) nodes \(o.nodes) (inherited \(range.inherited), best \(incumbent.objective))")
            if let values = o.values {
                let trial = SearchState(candidates, solution: Solution(f, values: values))
                if trial.isBetter(than: incumbent) { incumbent = trial; better = trial.solution }
            }
            switch o.stop {
            case .infeasible: continue   // no plan with a largest load in this range
            case .optimal: settled = max(settled, o.objective ?? range.inherited)   // the range's best plan
            default:
                // Not settled within its subproblems: its halves, each with tighter caps (a week of
                // 60 needs with fairness 300 an hour: 40…55 minutes stopped at 90.32 for a plan of
                // 90 after 200 subproblems). A single load, or the clock: the range keeps its bound.
                let b = min(range.inherited, o.bound ?? range.inherited)
                if range.loads.count > 1, clock.now < deadline, o.stop != .timeLimit || o.nodes >= nodeLimit {
                    halve(range, inheriting: b)
                } else {
                    if range.loads.count > 1 { cut = true }   // the clock kept it from being halved
                    settled = max(settled, b)
                }
            }
        }
        let bound = open.reduce(max(settled, incumbent.objective)) { max($0, $1.inherited) }
        return Outcome(bound: bound, better: better, ranges: ranges, cutByClock: cut)
    }

    /// The most minutes anyone could serve: each person's candidate needs at their longest,
    /// within the person's minute budget (no plan's largest load is above it).
    static func mostMinutes(_ candidates: Candidates) -> Int {
        let catalog = candidates.catalog
        var longest = Array(repeating: [Int: Int](), count: catalog.input.people.count)
        for (n, options) in candidates.options.enumerated() {
            for option in options {
                for members in option.candidates {
                    for p in members { longest[p][n] = max(longest[p][n] ?? 0, catalog.load(need: n, person: p)) }
                }
            }
        }
        return catalog.input.people.indices.reduce(0) { most, p in
            let total = longest[p].values.reduce(0, +)
            return max(most, min(total, catalog.input.people[p].maxMinutes ?? total))
        }
    }
}
