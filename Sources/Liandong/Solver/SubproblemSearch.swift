/// Large-neighbourhood search with GLPK as the repair, for parts too large for GLPK whole: a
/// few dozen related needs are freed, the rest of the plan stays as it is, and GLPK solves the
/// integer program of the freed needs around it (``Formulation/init(_:needs:around:)``), from
/// their current services, within ``nodeLimit`` branch-and-bound subproblems (a count, not a
/// time: a seed and a limit give one plan). A better plan is kept.
///
/// The freed needs are where the plan is stuck, in turn: (1) everything a few of an unserved
/// need's people serve, and a few other needs each of them could serve — their budgets
/// re-packed together; (2) from an unserved need, needs sharing its people, breadth first;
/// (3) some orders of an organization at its `maxOrders` and unserved needs its people could
/// lead; (4) the needs served or waiting around one of an unserved need's starts — whoever is
/// busy then, re-matched together. When every need of the part is served (an assignment week, a
/// GAP instance), (5) everything a few people serve, each next one among those who could serve
/// what the freed people serve. The ruin-and-recreate search re-inserts needs one at a time, greedily; here GLPK
/// rearranges them together.
struct SubproblemSearch {
    let candidates: Candidates
    let seed: Int
    var catalog: Catalog { candidates.catalog }
    /// Columns a subproblem gathers (counted before the rest's people are taken out): with 4,000
    /// GLPK proves most subproblems of street weeks optimal in 10–30 ms; with 8,000 or more a
    /// round took several times longer and found less in the same time.
    var columnBudget = 4_000
    /// Branch-and-bound subproblems GLPK may open per subproblem.
    var nodeLimit = 50

    /// Rounds in a row without a better plan after which the search stops (scarce street weeks
    /// gained little from it; their bound gets the time). `auto` sets 60 on parts beyond GLPK
    /// (``AutoBackend``). Rounds of the fourth kind (``bandTurn``) that find nothing are not
    /// counted; one that finds a better plan starts the count again.
    var patience = 30

    /// What a round costs, in work units: GLPK's subproblems (each about as costly as the model's
    /// size: its LP re-solved, its cuts separated), its simplex iterations (each about a fifth
    /// of a pass over the rows) and a fixed share for building the model. A least-squares fit
    /// over 250 rounds of eight street weeks (five families) gave 0.52 µs a unit, within ±40 %
    /// per week; a round's time varies fifty-fold (10 ms to 0.8 s), the node count is the most
    /// of it.
    static func work(_ outcome: GLPK.Outcome, _ program: LinearProgram) -> Int {
        (outcome.nodes + 1) * program.entryCount + outcome.iterations * program.rows.count / 5 + 12_000
    }
    /// Work units budgeted a second: 1.2 million, about 60 % of the rate of the fit (1.9 million),
    /// so that the budget, not the clock, ends the search — a seed and a limit give one plan.
    /// Measured again on 2026-12-03 (ten street and district weeks): 2.2–5.8 million a second, so
    /// the search takes a third to a fifth of its fifth of the limit; left so, as 2.5 times the
    /// budget made street scarce and tight weeks' gaps wider (the bound loses the time).
    static let workPerSecond = 1.2e6
    /// The work budget for `seconds` of search.
    static func effort(seconds: Double) -> Int { Int(min(1e15, max(0, seconds) * workPerSecond)) }

    /// Whether the search applies to parts beyond GLPK: not with a fairness weight (the largest
    /// load couples every need; on street fair weeks its subproblems, `L` in each, took 0.6 s a
    /// round and none found a better plan, and the bound lost the time).
    static func applies(to candidates: Candidates) -> Bool { candidates.catalog.input.weights.fairness <= 0 }
    /// Whether it runs with a fairness weight too (small parts: ``AutoBackend``).
    var withFairness = false
    /// How many times the search may take its effort again when the last effort's rounds raised
    /// the plan's worth by at least ``gainToGoOn`` of it (0: never). The rounds' outcomes decide,
    /// not the clock: a seed and a limit still give one plan.
    var moreWhileGaining = 0
    /// The share of the plan's worth an effort's rounds must add for the search to go on (a
    /// fiftieth of a percent unless set; `auto` sets a twentieth of a percent on parts beyond GLPK).
    var gainToGoOn = 0.0002

    /// Runs subproblems on `part` until their work reaches `effort` — taken again up to
    /// ``moreWhileGaining`` times while it pays — or ``patience`` rounds in a row find nothing
    /// better, improving `state`; returns (rounds run, rounds that improved).
    /// Sets `state.cutByClock` when the deadline ends it first.
    func run(_ state: inout SearchState, needs part: [Int], effort: Int, deadline: ContinuousClock.Instant) -> (rounds: Int, improved: Int) {
        let clock = ContinuousClock()
        let input = catalog.input
        guard withFairness || Self.applies(to: candidates) else { return (0, 0) }
        guard clock.now < deadline else { state.cutByClock = true; return (0, 0) }
        var rng = SplitMix64(seed: UInt64(truncatingIfNeeded: seed) &+ 0x5B3)
        let free = part.filter { n in !(candidates.options[n].first?.pinned ?? true) }
        guard !free.isEmpty else { return (0, 0) }
        let links = Links(candidates, free: free)
        let needsOf = links.needsOf, peopleOf = links.peopleOf
        let isFree = Set(free)
        /// Person → the part's needs they serve in `state`.
        func needsServed(_ state: SearchState) -> [[Int]] {
            var servedBy = Array(repeating: [Int](), count: input.people.count)
            for n in state.chosen.keys.sorted() where isFree.contains(n) { for ms in state.chosen[n]!.members { for p in ms { servedBy[p].append(n) } } }
            return servedBy
        }
        var improved = 0, idle = 0, done = 0
        // Rounds of the first three kinds (their turn), and the fourth kind's own random stream:
        // its rounds come between theirs and leave theirs as they were without it.
        var kindRounds = 0
        var bandRng = SplitMix64(seed: UInt64(truncatingIfNeeded: seed) &+ 0xBA4D)
        var work = 0
        var limit = effort, more = 0
        var worthBefore = state.objective
        while idle < patience {
            if work >= limit {
                guard more < moreWhileGaining, state.objective - worthBefore >= gainToGoOn * max(1, abs(state.objective)) else { break }
                more += 1
                limit += effort
                worthBefore = state.objective
            }
            if clock.now >= deadline { state.cutByClock = true; break }
            let unserved = free.filter { state.chosen[$0] == nil }
            done += 1
            let timed = done % Self.bandTurn == 0 ? unserved.filter { candidates.options[$0].first?.day != nil } : []
            if !timed.isEmpty {
                // Every fourth round, from one of an unserved need's starts: the needs that share
                // people with it or with one another, breadth first, among those served or waiting
                // within ``band`` minutes of that start on its day — whoever could take its place
                // then, re-matched together (since 2027-01-02; ``bandTurn``). The other kinds free
                // needs linked by people whatever their times, so they re-pack around the plan's
                // times; where caps and budgets bind, HiGHS's best plans differ from ours in most
                // people's weeks (street tight seed 1: 254 of 319 people). A round that finds
                // nothing better does not count towards the patience.
                let seedNeed = timed[Int(bandRng.next() % UInt64(timed.count))]
                let starts = candidates.options[seedNeed]
                let start = starts[Int(bandRng.next() % UInt64(starts.count))]
                let hood = aroundStart(of: seedNeed, at: start, in: state, free: free, links: links, rng: &bandRng)
                if repair(&state, needs: hood.needs.sorted(), deadline: deadline, work: &work) { improved += 1; idle = 0 }
                if clock.now >= deadline { state.cutByClock = true; break }
                continue
            }
            let round = kindRounds
            kindRounds += 1
            var hood = Neighbourhood(budget: columnBudget, candidates: candidates)
            if unserved.isEmpty {
                // Every need served (an assignment week: a GAP instance), where the search stopped
                // until 2026-12-19: everything a few people serve, re-packed together — the first
                // at random, then, breadth first, three at random of those who could serve what
                // each freed person serves.
                let servedBy = needsServed(state)
                let serving = servedBy.indices.filter { !servedBy[$0].isEmpty }
                guard !serving.isEmpty else { break }
                var queue = [serving[Int(rng.next() % UInt64(serving.count))]]
                var taken = Set(queue)
                var i = 0
                while i < queue.count && !hood.isFull {
                    let p = queue[i]
                    i += 1
                    for n in servedBy[p] { hood.add(n) }
                    var others = servedBy[p].flatMap { peopleOf[$0] }.filter { !taken.contains($0) && !servedBy[$0].isEmpty }
                    others = Array(Set(others)).sorted()
                    rng.shuffle(&others)
                    for q in others.prefix(3) where taken.insert(q).inserted { queue.append(q) }
                }
            } else {
                let seedNeed = unserved[Int(rng.next() % UInt64(unserved.count))]
                let full = (0..<input.organizations.count).filter { catalog.capped[$0] && !state.usage.canOrder($0) }
                switch round % 3 {
                case 0:
                    // Everything a few of the unserved need's people serve, and two more each could.
                    hood.add(seedNeed)
                    let servedBy = needsServed(state)
                    var people = peopleOf[seedNeed]
                    rng.shuffle(&people)
                    for p in people where !hood.isFull {
                        var maybe = needsOf[p].filter { state.chosen[$0] == nil }
                        rng.shuffle(&maybe)
                        for m in servedBy[p] + maybe.prefix(2) { hood.add(m) }
                    }
                case 2 where !full.isEmpty:
                    // Orders of a full organization and unserved needs it could lead, alternately.
                    let g = full[Int(rng.next() % UInt64(full.count))]
                    var led = free.filter { state.leadOrganization[$0] == g }
                    var waiting = unserved.filter { candidates.orderOrganizations[$0].contains(g) }
                    rng.shuffle(&led); rng.shuffle(&waiting)
                    for i in 0..<max(led.count, waiting.count) where !hood.isFull {
                        if i < led.count { hood.add(led[i]) }
                        if i < waiting.count { hood.add(waiting[i]) }
                    }
                default:
                    // From the unserved need, needs sharing its people (three a person), breadth first.
                    hood.add(seedNeed)
                    hood.growBreadthFirst(links: links, each: 3, rng: &rng) { _ in true }
                }
            }
            if repair(&state, needs: hood.needs.sorted(), deadline: deadline, work: &work) { improved += 1; idle = 0 } else { idle += 1 }
            // GLPK's own clock may have cut the round (its plan may then differ from run to run).
            if clock.now >= deadline { state.cutByClock = true; break }
        }
        return (done, improved)
    }

    /// How far from an unserved need's start (minutes either side, the same day) the needs freed
    /// with it in the fourth kind of round may lie. Measured with that kind taking every fourth
    /// of the three others' turns (street weeks at 10 s, 23 of eight settings, sums of the plans'
    /// changes): 60 minutes +1,847, 30 minutes +1,382; 120 minutes less on the 14 weeks tried.
    static let band = 60
    /// Every how many rounds one is of the fourth kind, besides the other kinds' rounds (which go
    /// on as they were without it, their own random stream, their patience counted on theirs):
    /// street weeks as ``band``, 10 s, +1,627 in sum, 14 better, 7 worse (the 23 weeks' gaps
    /// 0.1–0.9 points lower where better); district tight, scarce and caps-at-half seed 1 at 60 s
    /// +80, −26, −6. Taking turns from the other kinds instead gained more on street weeks (+1,847)
    /// but lost on all three district weeks (−77, −103, −47: there the other kinds find the few
    /// better plans); every other round, +1,497 and −29.
    static let bandTurn = 4

    /// Whether `option` lies within ``band`` minutes of `start`, on its day.
    private static func near(_ option: ServiceOption, _ start: ServiceOption) -> Bool {
        guard let day = start.day, let s = start.start, let e = start.end,
              option.day == day, let os = option.start, let oe = option.end else { return false }
        return os < e + band && oe > s - band
    }

    /// Who could serve what, among the part's needs that are not pinned: person → the needs they
    /// could serve, need → its people (sorted).
    struct Links {
        let needsOf: [[Int]]
        let peopleOf: [[Int]]
        init(_ candidates: Candidates, free: [Int]) {
            let input = candidates.catalog.input
            var needsOf = Array(repeating: [Int](), count: input.people.count)
            var peopleOf = Array(repeating: [Int](), count: input.needs.count)
            for n in free {
                var seen = Set<Int>()
                for option in candidates.options[n] { for members in option.candidates { for p in members where seen.insert(p).inserted { needsOf[p].append(n) } } }
                peopleOf[n] = seen.sorted()
            }
            self.needsOf = needsOf
            self.peopleOf = peopleOf
        }
    }

    /// The fourth kind of round's needs: `seedNeed`, then, breadth first through the people who
    /// could serve them, the needs of `free` served (in `state`) or waiting within ``band`` minutes
    /// of `start` on its day, up to ``columnBudget`` columns.
    func aroundStart(of seedNeed: Int, at start: ServiceOption, in state: SearchState, free: [Int], links: Links,
                     rng: inout SplitMix64) -> Neighbourhood {
        let inBand = Set(free.filter { n in
            if let c = state.chosen[n] { return Self.near(candidates.options[n][c.option], start) }
            return candidates.options[n].contains { Self.near($0, start) }
        })
        var hood = Neighbourhood(budget: columnBudget, candidates: candidates)
        hood.add(seedNeed)
        hood.growBreadthFirst(links: links, each: .max, rng: &rng) { inBand.contains($0) }
        return hood
    }

    /// The needs freed in one round, up to a column budget.
    struct Neighbourhood {
        let budget: Int
        let candidates: Candidates
        private(set) var needs: [Int] = []
        private var members = Set<Int>()
        private var columns = 0
        init(budget: Int, candidates: Candidates) { self.budget = budget; self.candidates = candidates }
        var isFull: Bool { columns >= budget }
        func contains(_ n: Int) -> Bool { members.contains(n) }
        /// From the needs already in, breadth first: for each of their people in random order,
        /// up to `each` more of the needs that person could serve (those `admit` lets in, not yet
        /// in, in random order), until the column budget is reached.
        mutating func growBreadthFirst(links: Links, each: Int, rng: inout SplitMix64, admit: (Int) -> Bool) {
            var i = 0
            while i < needs.count && !isFull {
                var people = links.peopleOf[needs[i]]
                i += 1
                rng.shuffle(&people)
                for p in people where !isFull {
                    var others = links.needsOf[p].filter { admit($0) && !contains($0) }
                    rng.shuffle(&others)
                    for m in others.prefix(each) { add(m) }
                }
            }
        }
        mutating func add(_ n: Int) {
            guard !isFull, members.insert(n).inserted else { return }
            needs.append(n)
            columns += candidates.columnCount(need: n)
        }
    }

    /// GLPK on `needs` around the rest of `state`'s plan; the plan replaced when GLPK's is better.
    private func repair(_ state: inout SearchState, needs: [Int], deadline: ContinuousClock.Instant, work: inout Int) -> Bool {
        var trial = state
        for n in needs { trial.drop(need: n) }
        let f = Formulation(candidates, needs: needs, around: trial.usage)
        var start = Solution()
        for n in needs { if let c = state.chosen[n] { start.chosen[n] = c } }
        let options = GLPK.Options(timeLimitSeconds: GLPKBackend.seconds(until: deadline), mipGap: 0, verbose: false,
                                   start: f.values(for: start), nodeLimit: nodeLimit, quick: true)
        let outcome = GLPK.solve(f.program, options: options)
        work += Self.work(outcome, f.program)
        guard let values = outcome.values else { return false }
        let s = Solution(f, values: values)
        for n in needs { if let c = s.chosen[n] { trial.serve(need: n, option: c.option, members: c.members, lead: c.lead) } }
        guard trial.isBetter(than: state) else { return false }
        Trace.mark("subproblem: \(needs.count) needs, \(f.program.columns.count) columns: \(state.objective) → \(trial.objective)")
        state = trial
        return true
    }
}
