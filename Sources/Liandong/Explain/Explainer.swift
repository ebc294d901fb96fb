/// Finds out why each unserved need is unserved, by asking: which rule, relaxed on its own,
/// would have let a team be formed? First without the plan (who is qualified, when), then
/// against the plan (who is still free, with budget, with an organization that can take it).
struct Explainer {
    let candidates: Candidates
    let solution: Solution
    let proven: Bool
    var catalog: Catalog { candidates.catalog }
    var input: PlanningInput { catalog.input }

    func explainAll() -> [UnservedNeed] {
        var usage = PlanUsage(catalog)
        let builder = PlanBuilder(candidates: candidates)
        for n in solution.chosen.keys.sorted() {
            let chosen = solution.chosen[n]!
            let org = builder.assignment(need: n, chosen: chosen).organization.flatMap { catalog.organizationIndex[$0] }
            usage.add(need: n, option: candidates.options[n][chosen.option], people: chosen.members.joined(), leadOrganization: org)
        }
        return input.needs.indices
            .filter { solution.chosen[$0] == nil }
            .sorted { input.needs[$0].id < input.needs[$1].id }
            .map { explain($0, usage) }
    }

    private func describe(_ position: TeamPosition, _ k: Int) -> String {
        var parts = ["岗位\(k)（" + (position.role == .socialWorker ? "社工" : position.role == .volunteer ? "志愿者" : "不限角色")]
        if !position.skills.isEmpty { parts.append("技能 " + position.skills.joined(separator: "、")) }
        if let l = position.minLevel { parts.append("最低等级 \(l.rawValue)") }
        return parts.joined(separator: "，") + "）"
    }

    private func explain(_ n: Int, _ usage: PlanUsage) -> UnservedNeed {
        let need = input.needs[n]
        func result(_ reasons: [UnservedReason], _ detail: String) -> UnservedNeed {
            UnservedNeed(need: need.id, reasons: reasons, detail: detail, required: need.required)
        }

        // 1. Who could ever serve each position, ignoring time and the plan?
        for (k, position) in need.team.enumerated() where candidates.qualified[n][k].count < position.count {
            let have = candidates.qualified[n][k].count
            func count(ignoring: Shortfall) -> Int {
                input.people.indices.filter { catalog.shortfall(need: n, position: k, person: $0).subtracting(ignoring).isEmpty }.count
            }
            var reasons: [UnservedReason] = []
            var notes: [String] = []
            let tests: [(Shortfall, UnservedReason, String)] = [
                ([.declined, .excluded], .declined, "算上已拒单或被排除的人员则有"),
                (.insurance, .notInsured, "这是有风险的服务，算上未投保的人员则有"),
                (.budget, .exceedsBudget, "算上时长预算不足（含路程）的人员则有"),
                (.neverAvailable, .noCommonTime, "算上本周完全没有空闲时间的人员则有"),
            ]
            for (relax, reason, note) in tests {
                let c = count(ignoring: relax)
                if c >= position.count { reasons.append(reason); notes.append("\(note) \(c) 人") }
            }
            if reasons.isEmpty {
                reasons = [.noQualifiedPerson]
                let roleSkills = count(ignoring: [.declined, .excluded, .insurance, .budget, .neverAvailable, .level, .community])
                if roleSkills >= position.count { notes.append("角色和技能相符的有 \(roleSkills) 人，但等级或服务社区不符") }
            }
            return result(reasons, "\(describe(position, k))：合格人员 \(have) 人，需要 \(position.count) 人" + (notes.isEmpty ? "" : "；" + notes.joined(separator: "；")) + "。")
        }

        // 2. Is there a start at which a whole team is available?
        let options = candidates.options[n]
        if options.isEmpty {
            if need.isScheduled && Candidates.starts(of: need, slot: input.horizon.slotMinutes).isEmpty {
                return result([.noCommonTime], "时间窗口内放不下 \(need.durationMinutes) 分钟的服务（开始时间须在 \(input.horizon.slotMinutes) 分钟时段边界上）。")
            }
            return result([.noCommonTime], "各岗位都有合格人员，但在服务时间窗口内找不到全队都有空的开始时间。")
        }

        // 3. Against the plan: could it be added as it stands? If not, which limit blocks it?
        let full = fits(n, usage, ignoreTime: false, ignoreBudget: false, ignoreOrders: false)
        if full {
            if !proven {
                return result([.solverStopped], "按当前方案仍可安排，但求解器在证明最优之前停止（时间限制）。")
            }
            return result([.lowerValue], "按当前方案仍可安排，但安排它不增加目标值（价值不高于成本）。")
        }
        var reasons: [UnservedReason] = []
        if fits(n, usage, ignoreTime: false, ignoreBudget: false, ignoreOrders: true) { reasons.append(.organizationFull) }
        if fits(n, usage, ignoreTime: false, ignoreBudget: true, ignoreOrders: false) { reasons.append(.capacityExhausted) }
        if fits(n, usage, ignoreTime: true, ignoreBudget: false, ignoreOrders: false) { reasons.append(.lowerValue) }
        if reasons.isEmpty { reasons = [.capacityExhausted, .lowerValue] }
        var parts: [String] = []
        if reasons.contains(.organizationFull) { parts.append("可接单的组织已达接单上限（maxOrders）") }
        if reasons.contains(.capacityExhausted) { parts.append("合格且有空的人员已用满时长或次数上限") }
        if reasons.contains(.lowerValue) { parts.append("合格人员的这段时间已安排给价值更高的需求") }
        return result(reasons, parts.joined(separator: "；") + "。")
    }

    /// Whether need `n` could be added to the plan with some option, given what the plan uses.
    private func fits(_ n: Int, _ usage: PlanUsage, ignoreTime: Bool, ignoreBudget: Bool, ignoreOrders: Bool) -> Bool {
        var relax: PlanUsage.Relaxation = []
        if ignoreTime { relax.insert(.time) }
        if ignoreBudget { relax.insert(.budget) }
        if ignoreOrders { relax.insert(.orders) }
        return candidates.options[n].contains { usage.team(need: n, option: $0, relaxing: relax) != nil }
    }

    /// Distinct people filling `counts[k]` places of each position from `candidates[k]`
    /// (bipartite matching by augmenting paths), or nil.
    static func match(counts: [Int], candidates: [[Int]]) -> [[Int]]? {
        var slots: [Int] = []
        for (k, c) in counts.enumerated() { slots += Array(repeating: k, count: c) }
        var owner: [Int: Int] = [:]   // person → slot
        func augment(_ slot: Int, _ seen: inout Set<Int>) -> Bool {
            for p in candidates[slots[slot]] where seen.insert(p).inserted {
                if let other = owner[p] {
                    if augment(other, &seen) { owner[p] = slot; return true }
                } else {
                    owner[p] = slot
                    return true
                }
            }
            return false
        }
        for s in slots.indices {
            var seen = Set<Int>()
            if !augment(s, &seen) { return nil }
        }
        var team = Array(repeating: [Int](), count: counts.count)
        for (p, s) in owner.sorted(by: { $0.key < $1.key }) { team[slots[s]].append(p) }
        return team
    }
}
