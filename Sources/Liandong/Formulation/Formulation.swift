/// The integer program of a planning problem, built only over eligible (need, start, position,
/// person) combinations.
///
/// Variables: `y` = need served with an option (a start), `x` = person fills a position of that
/// option, `w` = person leads the order (only where organizations' `maxOrders` make the lead
/// matter), `L` = largest load in minutes (only with a positive fairness weight), `λ` = a
/// person works within one of their budget patterns (see ``BudgetPatterns``).
struct Formulation: Sendable {
    struct MemberColumn: Sendable { let person: Int; let column: Int }
    struct LeadColumn: Sendable { let person: Int; let position: Int; let column: Int }
    /// One person's maximal sets of needs that fit their budgets, each with its `λ` column.
    struct BudgetPatterns: Sendable { let person: Int; let patterns: [[Int]]; let columns: [Int] }

    let candidates: Candidates
    var program = LinearProgram()
    /// need → option → y column.
    private(set) var optionColumns: [[Int]] = []
    /// need → option → position → members.
    private(set) var memberColumns: [[[[MemberColumn]]]] = []
    /// need → option → lead columns (empty when the lead does not matter).
    private(set) var leadColumns: [[[LeadColumn]]] = []
    /// Objective bonus per served required need in "soft" mode (0 in hard mode).
    private(set) var requiredBonus = 0.0
    private(set) var fairnessColumn: Int?
    private(set) var budgetPatterns: [BudgetPatterns] = []
    private let withPatterns: Bool
    /// Plans whose largest load lies in this range (``init(_:hardRequired:needs:budgetPatterns:largestLoad:)``).
    private let loadRange: ClosedRange<Int>?
    /// What the rest of a plan already uses (a subproblem: see ``init(_:needs:around:)``).
    private let residual: PlanUsage?
    /// A person gets budget pattern rows only with at most this many maximal patterns.
    static let patternLimit = 300

    /// Required needs with no option at all (the hard model would be infeasible).
    private(set) var unservableRequired: [Int] = []

    var catalog: Catalog { candidates.catalog }

    /// - Parameters:
    ///   - hardRequired: `required` needs as constraints (true) or as a dominant bonus (false).
    ///   - needs: only these needs (an independent part of the problem); nil for all.
    ///   - budgetPatterns: add the budget pattern columns and rows (see ``BudgetPatterns``).
    ///   - largestLoad: only plans whose largest load is at most this range's upper end, their
    ///     largest load counted as at least its lower end (everyone's minute budget capped at the
    ///     upper end, services longer than that left out, `L` within the range): with a fairness
    ///     weight, a bound of this model bounds every plan whose largest load lies in the range,
    ///     and the convex hull of the capped budgets is much tighter than `L` over the loads.
    init(_ candidates: Candidates, hardRequired: Bool, needs: [Int]? = nil, budgetPatterns: Bool = false,
         largestLoad: ClosedRange<Int>? = nil) {
        self.candidates = candidates
        self.withPatterns = budgetPatterns
        self.loadRange = largestLoad
        self.residual = nil
        build(hardRequired: hardRequired, subset: needs.map(Set.init))
        program._checkInvariants()
    }

    /// The subproblem of `needs` around a fixed rest of a plan, whose use of people and
    /// organizations is `rest`: only people free at an option's time (and with room in their
    /// budgets for it alone) are columns, and each budget, assignment cap and `maxOrders` keeps
    /// only what the rest leaves. Required needs are a dominant bonus (the soft model), so that
    /// the subproblem is never infeasible. With a positive fairness weight the largest load `L`
    /// is at least the rest's largest, and each person's row counts the rest's minutes: the
    /// subproblem's objective is then the whole plan's less a constant. Not for pinned needs
    /// (the rest may hold their people).
    init(_ candidates: Candidates, needs: [Int], around rest: PlanUsage) {
        precondition(needs.allSatisfy { !(candidates.options[$0].first?.pinned ?? false) }, "a subproblem keeps pins in the rest")
        self.candidates = candidates
        self.withPatterns = false
        self.loadRange = nil
        self.residual = rest
        build(hardRequired: false, subset: Set(needs))
        program._checkInvariants()
    }

    /// What one person's columns add up to, gathered need by need for the person's rows.
    private struct PersonTerms {
        /// (x column, minutes) for the minute budget and the fairness row.
        var load: [(Int, Double)] = []
        /// (x column, 1) for the assignment cap.
        var count: [(Int, Double)] = []
        /// The most minutes the person could serve (each need at its longest), and in how many needs.
        var maxLoad = 0
        var needs = 0
        var intervals: [(day: Int, start: Int, end: Int, column: Int)] = []
        /// need → the person's x columns in it (for the budget patterns).
        var needColumns: [Int: [Int]] = [:]
    }

    private mutating func build(hardRequired: Bool, subset: Set<Int>?) {
        let input = catalog.input
        program.name = "liandong"
        program.maximize = true
        if !hardRequired && input.needs.contains(where: \.required) { requiredBonus = softRequiredBonus(subset) }

        var people = Array(repeating: PersonTerms(), count: input.people.count)
        var orderTerms = Array(repeating: [(Int, Double)](), count: input.organizations.count)
        var servedLoads: [(name: String, terms: [(Int, Double)])] = []
        for n in input.needs.indices {
            guard subset?.contains(n) ?? true else {
                optionColumns.append([]); memberColumns.append([]); leadColumns.append([])
                continue
            }
            addNeed(n, hardRequired: hardRequired, people: &people, orderTerms: &orderTerms)
            if input.weights.fairness > 0 { servedLoads += averageLoads(n) }
        }
        addPersonRows(people)
        for (g, org) in input.organizations.enumerated() {
            if let max = org.maxOrders, !orderTerms[g].isEmpty {
                program.addRow("orders_g\(g)", orderTerms[g], upper: Double(Swift.max(0, max - (residual?.orders[g] ?? 0))))
            }
        }
        if input.weights.fairness > 0 {
            let rest = residual?.minutes ?? []
            let l = program.addColumn("L", kind: .continuous, lower: Double(max(rest.max() ?? 0, loadRange?.lowerBound ?? 0)),
                                      upper: loadRange.map { Double($0.upperBound) } ?? .infinity,
                                      objective: -input.weights.fairness / 60)
            fairnessColumn = l
            for p in input.people.indices where !people[p].load.isEmpty {
                program.addRow("fair_p\(p)", people[p].load + [(l, -1)], upper: -Double(rest.isEmpty ? 0 : rest[p]))
            }
            for row in servedLoads { program.addRow(row.name, row.terms + [(l, -1)], upper: 0) }
        }
    }

    /// The largest load is at least the average load of a served need's members in one of its
    /// positions: for each position k of need n, Σ over its options and candidates of
    /// load(n, p) / count_k · x ≤ L (one option at most is chosen, and every member of a served
    /// position carries at least its own minutes of that need). Implied by the people's rows
    /// for a plan, not for fractions: the LP relaxation can spread a need over many people a
    /// fraction each and keep `L` near the average load of the week (a fairness week of 22
    /// needs: GLPK's bound stalled 0.9 % above the optimum for 60 s).
    private func averageLoads(_ n: Int) -> [(name: String, terms: [(Int, Double)])] {
        let team = catalog.input.needs[n].team
        var rows = Array(repeating: [(Int, Double)](), count: team.count)
        for option in memberColumns[n] {
            for (k, members) in option.enumerated() {
                let count = Double(max(1, team[k].count))
                for m in members {
                    rows[k].append((m.column, Double(catalog.load(need: n, person: m.person)) / count))
                }
            }
        }
        return rows.indices.filter { !rows[$0].isEmpty }.map { ("fairteam_n\(n)_k\($0)", rows[$0]) }
    }

    /// A dominant bonus for required needs when they are soft: more than everything else together.
    private func softRequiredBonus(_ subset: Set<Int>?) -> Double {
        let weights = catalog.input.weights
        var total = 1.0
        for (n, need) in catalog.input.needs.enumerated() where subset?.contains(n) ?? true {
            total += abs(catalog.needValue[n]) + (abs(weights.preferred) + weights.continuity + weights.partyMember) * Double(need.teamSize)
            for options in candidates.options[n].prefix(1) {
                for members in options.candidates { for p in members { total += abs(weights.cost * catalog.cost(need: n, person: p)) } }
            }
        }
        return (total * 2).rounded(.up)
    }

    /// A need's columns (one y per option, one x per option × position × person, the leads) and
    /// its own rows (fill each position, one position per person, serve at most once).
    private mutating func addNeed(_ n: Int, hardRequired: Bool, people: inout [PersonTerms], orderTerms: inout [[(Int, Double)]]) {
        let need = catalog.input.needs[n]
        let options = candidates.options[n]
        var yColumns: [Int] = []
        var needMembers: [[[MemberColumn]]] = []
        var needLeads: [[LeadColumn]] = []
        var needMaxLoad: [Int: Int] = [:]
        for (o, option) in options.enumerated() {
            let objective = catalog.needValue[n] + (need.required ? requiredBonus : 0)
            let y = program.addColumn("y_n\(n)_o\(o)", objective: objective)
            if option.pinned { program.fix(y, to: 1) }
            yColumns.append(y)
            var positions: [[MemberColumn]] = []
            var personColumns: [Int: [Int]] = [:]
            // People with a place in a position of two or more (see the rows below).
            var inLargerPosition = Set<Int>()
            var optionCandidates = option.candidates
            if let rest = residual {
                optionCandidates = optionCandidates.map { $0.filter { rest.canTake($0, need: n, option: option) } }
                if zip(optionCandidates, need.team).contains(where: { $0.count < $1.count }) {
                    // Not enough people left for a position: the option cannot be chosen.
                    program.fix(y, to: 0)
                    needMembers.append([]); needLeads.append([])
                    continue
                }
            }
            for (k, members) in optionCandidates.enumerated() {
                if need.team[k].count > 1 { inLargerPosition.formUnion(members) }
                var cols: [MemberColumn] = []
                for p in members {
                    let x = program.addColumn("x_n\(n)_o\(o)_k\(k)_p\(p)", objective: catalog.gain(need: n, option: option, person: p))
                    if option.pinned { program.fix(x, to: 1) } else if let cap = loadRange?.upperBound, catalog.load(need: n, person: p) > cap {
                        program.fix(x, to: 0)
                    }
                    cols.append(MemberColumn(person: p, column: x))
                    personColumns[p, default: []].append(x)
                    let load = catalog.load(need: n, person: p)
                    people[p].load.append((x, Double(load)))
                    people[p].count.append((x, 1))
                    people[p].needColumns[n, default: []].append(x)
                    needMaxLoad[p] = max(needMaxLoad[p] ?? 0, load)
                    if let day = option.day, let s = option.start, let e = option.end {
                        people[p].intervals.append((day, s, e, x))
                    }
                }
                // Fill the position exactly when the option is chosen.
                program.addRow("fill_n\(n)_o\(o)_k\(k)", cols.map { ($0.column, 1) } + [(y, -Double(need.team[k].count))], lower: 0, upper: 0)
                positions.append(cols)
            }
            // One person fills at most one position of the option, and none unless it is chosen:
            // Σ x ≤ y. The fill rows imply it for a person whose only place is a position of one
            // (x ≤ Σ x = y); in a position of two or more they do not — a team of two half
            // chosen could be one whole member and nobody else, the other member's time spent
            // elsewhere. On 75 community weeks (seeds 1–15, five families) these rows took the
            // total time to proof from 47 s to 40 s; tight 10 went from 5.6 s to 0.6 s, dispatch 1
            // from 1.5 s to 0.2 s (plain 7's budget-pattern LP: 2,898 → 2,880.5, optimum 2,858).
            for (p, cols) in personColumns.sorted(by: { $0.key < $1.key }) where cols.count > 1 || inLargerPosition.contains(p) {
                program.addRow("once_n\(n)_o\(o)_p\(p)", cols.map { ($0, 1) } + [(y, -1)], upper: 0)
            }
            needMembers.append(positions)
            needLeads.append(addLeads(need: n, option: o, y: y, positions: positions, orderTerms: &orderTerms))
        }
        for (p, load) in needMaxLoad { people[p].maxLoad += load; people[p].needs += 1 }
        if !yColumns.isEmpty {
            let isHard = hardRequired && need.required
            program.addRow("serve_n\(n)", yColumns.map { ($0, 1) }, lower: isHard ? 1 : -.infinity, upper: 1)
        } else if need.required {
            unservableRequired.append(n)
        }
        optionColumns.append(yColumns)
        memberColumns.append(needMembers)
        leadColumns.append(needLeads)
    }

    /// Each person's rows: no two overlapping services, and the budgets that can bind (with
    /// their pattern rows where asked).
    private mutating func addPersonRows(_ people: [PersonTerms]) {
        // Nobody in two overlapping services: one row per point where intervals pile up.
        for p in people.indices where people[p].intervals.count > 1 {
            addTimeRows(person: p, intervals: people[p].intervals)
        }
        for (p, person) in catalog.input.people.enumerated() {
            // Around a rest (pins may already exceed a budget: then nothing more, not less than nothing).
            var maxMinutes = person.maxMinutes.map { max(0, $0 - (residual?.minutes[p] ?? 0)) }
            if let cap = loadRange?.upperBound { maxMinutes = min(maxMinutes ?? cap, cap) }
            let maxAssignments = person.maxAssignments.map { max(0, $0 - (residual?.count[p] ?? 0)) }
            let minutesBind = maxMinutes.map { people[p].maxLoad > $0 } ?? false
            let countBinds = maxAssignments.map { people[p].needs > $0 } ?? false
            if minutesBind { program.addRow("minutes_p\(p)", people[p].load, upper: Double(maxMinutes!)) }
            if countBinds { program.addRow("count_p\(p)", people[p].count, upper: Double(maxAssignments!)) }
            if withPatterns && (minutesBind || countBinds) {
                addBudgetPatterns(person: p, needColumns: people[p].needColumns, minutes: maxMinutes ?? Int.max)
            }
        }
    }

    /// The convex hull of a person's budgets, where it is small: the minute budget and the
    /// assignment cap together form a knapsack over the needs the person could serve, and the
    /// LP relaxation of the two rows alone lets a person serve fractions of more needs than fit
    /// (on the community weeks that is most of the gap between the LP and the optimum). Each
    /// maximal set of needs that fits becomes a column `λ ≥ 0` with `Σ λ ≤ 1`, and serving need
    /// `n` at all is at most the weight of the sets containing `n`. Exact for a plan (its set
    /// lies in some maximal set) and much tighter for fractions. Skipped when a person has more
    /// than ``patternLimit`` maximal sets.
    private mutating func addBudgetPatterns(person p: Int, needColumns: [Int: [Int]], minutes: Int) {
        let person = catalog.input.people[p]
        let needs = needColumns.keys.sorted()
        guard needs.count > 1 else { return }
        let loads = needs.map { catalog.load(need: $0, person: p) }
        let count = person.maxAssignments ?? Int.max
        var patterns: [[Int]] = []
        var chosen: [Int] = []   // indices into needs
        // Whether each need is in `chosen`: the maximality test at a leaf looks at every need (with
        // `chosen.contains` it cost a scan of `chosen` each — on a 400-need GAP week with 40
        // people, the patterns took 0.9 s of a 2 s limit in a debug build, past the limit).
        var isChosen = [Bool](repeating: false, count: needs.count)
        var visited = 0
        var overflow = false
        func extend(_ i: Int, used: Int) {
            if overflow { return }
            visited += 1
            if patterns.count > Self.patternLimit || visited > 50 * Self.patternLimit { overflow = true; return }
            if i == needs.count {
                // Maximal: no need left out still fits.
                let full = chosen.count >= count
                let isMaximal = full || needs.indices.allSatisfy { k in isChosen[k] || used + loads[k] > minutes }
                if isMaximal { patterns.append(chosen.map { needs[$0] }) }
                return
            }
            if chosen.count < count && used + loads[i] <= minutes {
                chosen.append(i)
                isChosen[i] = true
                extend(i + 1, used: used + loads[i])
                isChosen[i] = false
                chosen.removeLast()
            }
            extend(i + 1, used: used)
        }
        extend(0, used: 0)
        guard !overflow, patterns.count > 1 else { return }
        var columns: [Int] = []
        var containing: [Int: [Int]] = [:]
        for (q, pattern) in patterns.enumerated() {
            let c = program.addColumn("lambda_p\(p)_q\(q)", kind: .continuous, lower: 0, upper: 1)
            columns.append(c)
            for n in pattern { containing[n, default: []].append(c) }
        }
        program.addRow("pattern_p\(p)", columns.map { ($0, 1) }, upper: 1)
        for n in needs {
            program.addRow("budget_p\(p)_n\(n)", needColumns[n]!.map { ($0, 1) } + (containing[n] ?? []).map { ($0, -1) }, upper: 0)
        }
        budgetPatterns.append(BudgetPatterns(person: p, patterns: patterns, columns: columns))
    }

    /// Lead variables and order counting for one option (see the type's documentation).
    private mutating func addLeads(need n: Int, option o: Int, y: Int, positions: [[MemberColumn]],
                                   orderTerms: inout [[(Int, Double)]]) -> [LeadColumn] {
        let input = catalog.input
        let need = input.needs[n]
        guard catalog.capped.contains(true) else { return [] }
        func isSW(_ p: Int) -> Bool { input.people[p].role == .socialWorker }
        // (person, position) pairs that can be the lead.
        var leads: [(person: Int, position: Int, column: Int)] = []
        if candidates.options[n][o].pinned {
            // A pinned team keeps its listed order, which decides the lead.
            let members = positions.enumerated().flatMap { k, cols in cols.map { (person: $0.person, position: k, column: $0.column) } }
            let lead = catalog.leadPerson(positions.map { $0.map(\.person) }, lead: nil)
            if let l = members.first(where: { $0.person == lead }) { leads = [l] }
        } else {
            let places = catalog.leadPlaces(positions.map { $0.map(\.person) })
            for (k, cols) in positions.enumerated() {
                for m in cols where catalog.mayLead(person: m.person, position: k, in: places) { leads.append((m.person, k, m.column)) }
            }
        }
        let orgs = Set(leads.map { catalog.organization(of: $0.person) })
        let cappedOrgs = orgs.compactMap { $0 }.filter { catalog.capped[$0] }
        if cappedOrgs.isEmpty { return [] }
        if orgs.count == 1, let g = orgs.first!, catalog.capped[g] {
            orderTerms[g].append((y, 1))
            return []
        }
        var out: [LeadColumn] = []
        var swByPosition = Array(repeating: [Int](), count: positions.count)   // w columns of SW leads
        var volunteerLeads: [Int] = []
        for l in leads {
            let w = program.addColumn("w_n\(n)_o\(o)_k\(l.position)_p\(l.person)")
            program.addRow("lead_n\(n)_o\(o)_k\(l.position)_p\(l.person)", [(w, 1), (l.column, -1)], upper: 0)
            out.append(LeadColumn(person: l.person, position: l.position, column: w))
            if isSW(l.person) { swByPosition[l.position].append(w) } else { volunteerLeads.append(w) }
            if let g = catalog.organization(of: l.person), catalog.capped[g] { orderTerms[g].append((w, 1)) }
        }
        program.addRow("leadone_n\(n)_o\(o)", out.map { ($0.column, 1) } + [(y, -1)], lower: 0, upper: 0)
        // A social worker leads from a later position only if no social worker serves in position
        // j, and a volunteer only if none serves at all: for each position j holding c places,
        // its social workers + c × (the later social worker leads, and the volunteer leads) ≤ c × y.
        // (With the bound c instead of c × y, and one row for all earlier positions together, an
        // independent week's LP served a critical need with its order 80 % from a lead in the
        // third position while a social worker of another organization filled the first: the
        // bound stood 2 % above the optimum.)
        for j in positions.indices {
            let workers = positions[j].filter { isSW($0.person) }
            let later = positions.indices.filter { $0 > j }.flatMap { swByPosition[$0] } + volunteerLeads
            guard !workers.isEmpty, !later.isEmpty else { continue }
            let c = Double(need.team[j].count)
            program.addRow("leadsw_n\(n)_o\(o)_j\(j)", workers.map { ($0.column, 1) } + later.map { ($0, c) } + [(y, -c)], upper: 0)
        }
        return out
    }

    /// Column values for a plan (to hand GLPK a starting incumbent): `y`, `x`, the lead `w`
    /// and the largest load `L`, consistent with every row.
    func values(for solution: Solution) -> [Double] {
        var x = [Double](repeating: 0, count: program.columns.count)
        var loads = residual.map { $0.minutes.map(Double.init) } ?? [Double](repeating: 0, count: catalog.input.people.count)
        for (n, chosen) in solution.chosen where !optionColumns[n].isEmpty {
            x[optionColumns[n][chosen.option]] = 1
            for (k, members) in chosen.members.enumerated() {
                for m in memberColumns[n][chosen.option][k] where members.contains(m.person) {
                    x[m.column] = 1
                    loads[m.person] += Double(catalog.load(need: n, person: m.person))
                }
            }
            let lead = catalog.leadPerson(chosen.members, lead: chosen.lead)
            for w in leadColumns[n][chosen.option] where w.person == lead && chosen.members[w.position].contains(w.person) {
                x[w.column] = 1
                break
            }
        }
        if let l = fairnessColumn { x[l] = loads.max() ?? 0 }
        if !budgetPatterns.isEmpty {
            var served = Array(repeating: Set<Int>(), count: catalog.input.people.count)
            for (n, chosen) in solution.chosen { for members in chosen.members { for p in members { served[p].insert(n) } } }
            for b in budgetPatterns {
                // A plan's needs for a person fit the budgets, so some maximal set holds them.
                if let q = b.patterns.firstIndex(where: { served[b.person].isSubset(of: $0) }) { x[b.columns[q]] = 1 }
            }
        }
        return x
    }

    private mutating func addTimeRows(person p: Int, intervals: [(day: Int, start: Int, end: Int, column: Int)]) {
        let cliques = IntervalCliques.maximal(intervals.map { IntervalCliques.Interval(day: $0.day, start: $0.start, end: $0.end, id: $0.column) })
        for clique in cliques {
            program.addRow("time_p\(p)_d\(clique.day)_t\(clique.at)", clique.members.sorted().map { ($0, 1) }, upper: 1)
        }
    }
}
