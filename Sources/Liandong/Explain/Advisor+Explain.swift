import Foundation

extension Advisor {
    // MARK: - Why this team, why not served

    /// `liandong explain INPUT PLAN --need ID`: for a served need, what its team earns and the
    /// feasible alternatives (the rest of the plan kept) with why they were not chosen; for an
    /// unserved need, the rules that block it and the nearest fixes.
    public static func explain(_ decoded: DecodedInput, plan: PlanDocument, need id: String,
                               fixSeconds: Double = 1.5) throws(InvalidInput) -> NeedExplanation {
        try plan.requireValid(for: decoded.input)
        let catalog = Catalog(decoded.input)
        let n = try need(id, in: catalog)
        let input = catalog.input
        let need = input.needs[n]
        var out = NeedExplanation(need: id, title: need.title, served: false)
        if let a = plan.assignments.first(where: { $0.need == id }) {
            out.served = true
            out.assignment = a
            let w = input.weights
            out.value = NeedExplanation.Value(urgency: w.weight(of: need.urgency), groups: need.groups.reduce(0) { $0 + (w.groups[$1] ?? 0) }, members: [])
            let option = ServiceOption(need: n, day: a.day, start: a.start?.minutes, end: a.end?.minutes, candidates: [], pinned: a.pinned)
            for m in a.people {
                guard let p = catalog.personIndex[m.person] else { continue }
                out.value!.members.append(.init(person: m.person, value: catalog.memberValue(need: n, person: p),
                                                cost: w.cost * catalog.cost(need: n, person: p),
                                                history: PlanBuilder.round(catalog.historyCharge[p] * Double(catalog.load(need: n, person: p))),
                                                gain: PlanBuilder.round(catalog.gain(need: n, option: option, person: p))))
            }
            let mine = out.value!.urgency + out.value!.groups + out.value!.members.reduce(0) { $0 + $1.gain }
            let current = Set(a.people.map(\.person))
            let others = try suggest(decoded, plan: plan, need: id, limit: 12).suggestions
                .filter { !($0.day == a.day && $0.start == a.start && Set($0.people.map(\.person)) == current) }
            out.alternatives = others.prefix(5).map { s in
                let difference = PlanBuilder.round(s.gain - mine)
                let why: String = a.pinned ? "这是已接单的服务，保持不变"
                    : difference < -1e-9 ? "目标值低 \(JSONWriter.number(-difference))（偏好、连续服务、党员、成本或历史负担）"
                    : difference > 1e-9 ? "单看此需求更好，但这些人员或时间在方案中另有用处"
                    : "同等目标值；方案保留了现选择（或负荷更均衡）"
                return NeedExplanation.Alternative(suggestion: s, gainDifference: difference, whyNot: why)
            }
        } else {
            let candidates = Candidates(catalog)
            let solution = Self.solution(plan.assignments, candidates: candidates)
            let explainer = Explainer(candidates: candidates, solution: solution, proven: plan.status == .optimal)
            let u = explainer.explain(n, explainer.layers())
            out.reasons = u.reasons
            out.detail = u.detail
            out.fixes = fixes(decoded, plan: plan, need: n, candidates: candidates, seconds: fixSeconds, limit: 5).map {
                NeedExplanation.FixReport(fix: $0, description: $0.change.describe(input))
            }
        }
        return out
    }

    /// `liandong explain INPUT PLAN` (no need named): every unserved need with its reasons and its
    /// nearest fix, the re-planning shared out over `seconds` (needs left when time runs out are
    /// listed with their reasons only).
    public static func week(_ decoded: DecodedInput, plan: PlanDocument, seconds: Double = 10) throws(InvalidInput) -> WeekExplanation {
        try plan.requireValid(for: decoded.input)
        let catalog = Catalog(decoded.input)
        let candidates = Candidates(catalog)
        let explainer = Explainer(candidates: candidates, solution: Self.solution(plan.assignments, candidates: candidates),
                                  proven: plan.status == .optimal)
        let layers = explainer.layers()
        let served = Set(plan.assignments.map(\.need))
        let unserved = catalog.input.needs.indices.filter { !served.contains(catalog.input.needs[$0].id) }
            .sorted { catalog.input.needs[$0].id < catalog.input.needs[$1].id }
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        var out: [NeedExplanation] = []
        for (i, n) in unserved.enumerated() {
            let need = catalog.input.needs[n]
            let u = explainer.explain(n, layers)
            var e = NeedExplanation(need: need.id, title: need.title, served: false)
            e.reasons = u.reasons
            e.detail = u.detail
            let left = deadline - ContinuousClock.now
            let share = (Double(left.components.seconds) + Double(left.components.attoseconds) / 1e18) / Double(unserved.count - i)
            if share >= 0.05 {
                e.fixes = fixes(decoded, plan: plan, need: n, candidates: candidates, seconds: share, limit: 1).map {
                    NeedExplanation.FixReport(fix: $0, description: $0.change.describe(catalog.input))
                }
            }
            out.append(e)
        }
        return WeekExplanation(unserved: out)
    }

    /// The plan's assignments as a solution over `candidates` (assignments that match no option
    /// of theirs are left out).
    static func solution(_ assignments: [Assignment], candidates: Candidates) -> Solution {
        let catalog = candidates.catalog
        var s = Solution()
        for a in assignments {
            guard let n = catalog.needIndex[a.need],
                  let o = candidates.options[n].firstIndex(where: { $0.pinned || ($0.day == a.day && $0.start == a.start?.minutes) }) else { continue }
            var members = Array(repeating: [Int](), count: catalog.input.needs[n].team.count)
            for m in a.people { if let p = catalog.personIndex[m.person], members.indices.contains(m.position) { members[m.position].append(p) } }
            s.chosen[n] = Solution.Chosen(option: o, members: members, lead: nil)
        }
        return s
    }
}

/// `liandong explain`: one need, served or not, explained.
public struct NeedExplanation: Sendable, Encodable {
    public var schema = "liandong-explanation/v1"
    public var need: String
    public var title: String?
    public var served: Bool
    public var assignment: Assignment?
    public var value: Value?
    public var alternatives: [Alternative] = []
    public var reasons: [UnservedReason] = []
    public var detail: String?
    public var fixes: [FixReport] = []

    init(need: String, title: String?, served: Bool) { self.need = need; self.title = title; self.served = served }

    /// What the served need earns: its urgency weight, its groups' bonuses, and per member the
    /// member value (preferred, continuity of care, party member), weighted cost, history charge.
    public struct Value: Sendable, Encodable {
        public var urgency: Double
        public var groups: Double
        public var members: [MemberValue]
        public struct MemberValue: Sendable, Encodable {
            public var person: String
            public var value: Double
            public var cost: Double
            public var history: Double
            public var gain: Double
            enum CodingKeys: String, CodingKey { case person, value, cost, history, gain }
        }
        enum CodingKeys: String, CodingKey { case urgency, groups, members }
    }

    public struct Alternative: Sendable, Encodable {
        public var suggestion: Suggestion
        /// Its gain minus the chosen team's (negative: worth less).
        public var gainDifference: Double
        public var whyNot: String
        enum CodingKeys: String, CodingKey { case suggestion, gainDifference, whyNot }
    }

    public struct FixReport: Sendable, Encodable {
        public var fix: Fix
        public var description: String
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(String(describing: fix.change).prefix(while: { $0 != "(" }).description, forKey: .kind)
            try c.encode(description, forKey: .description)
            try c.encode(fix.change.size, forKey: .size)
            try c.encode(fix.serves, forKey: .serves)
            try c.encode(fix.lost, forKey: .lost)
            try c.encode(fix.gained, forKey: .gained)
        }
        enum CodingKeys: String, CodingKey { case kind, description, size, serves, lost, gained }
    }
    enum CodingKeys: String, CodingKey { case schema, need, title, served, assignment, value, alternatives, reasons, detail, fixes }
}

/// `liandong explain INPUT PLAN`: the week's unserved needs, each with its nearest fix.
public struct WeekExplanation: Sendable, Encodable {
    public var schema = "liandong-week-explanation/v1"
    public var unserved: [NeedExplanation]
    enum CodingKeys: String, CodingKey { case schema, unserved }
}
