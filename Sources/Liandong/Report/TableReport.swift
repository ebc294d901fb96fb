/// A plain-text rendering of a plan for people who read it rather than parse it (Chinese labels).
public enum TableReport {
    /// The plan for people: with the input, names, need titles, residents, organization names and
    /// dates with weekdays (`11月24日 周二 09:00–10:30`); without it, ids.
    public static func render(_ plan: Plan, input: PlanningInput? = nil) -> String {
        let names = input.map { Names(input: $0) }
        let people = Dictionary((input?.people ?? []).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let needs = Dictionary((input?.needs ?? []).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        func person(_ id: String) -> String { people[id]?.name.map { "\($0)（\(id)）" } ?? id }
        func org(_ id: String?) -> String { id.map { names?.organization($0) ?? $0 } ?? "-" }
        func need(_ id: String) -> String { needs[id]?.title.map { "\(id) \($0)" } ?? id }
        func day(_ d: Int) -> String { names?.day(d) ?? "第\(d + 1)天" }
        var out = ""
        let statusText = switch plan.status {
        case .optimal: "最优（已证明）"
        case .feasible: "可行（未证明最优，差距 \(percent(plan.solver.gap))）"
        case .infeasible: "不可行：有必须服务的需求无法安排"
        }
        if let start = input?.horizon.start { out += "本周 week: \(day(0)) 起 \(input!.horizon.days) 天（\(start)）\n" }
        out += "状态 status: \(plan.status.rawValue) — \(statusText)\n"
        out += "求解 solver: \(plan.solver.backend.rawValue), 目标 objective \(JSONWriter.number(plan.solver.objective)), 上界 bound \(JSONWriter.number(plan.solver.bound))\n"
        if let cut = plan.solver.clockCut, !cut.isEmpty {
            let said: [ClockCutPart: String] = [.plan: "方案 plan（再算可能得出另一方案）", .bound: "上界 bound（方案不变，上界与差距可能不同）",
                                                .explanations: "未安排原因 explanations（部分未及分析）"]
            out += "时限截断 cut by the time limit: \(cut.compactMap { said[$0] }.joined(separator: "、"))\n"
        }
        out += "需求 needs: \(plan.summary.needs)，已安排 served \(plan.summary.served)，未安排 unserved \(plan.summary.unserved)，参与人员 people \(plan.summary.peopleUsed)\n\n"
        out += "派单 assignments\n"
        let rows = plan.assignments.map { a -> [String] in
            let when = a.day.map { d in "\(day(d)) \(a.start?.description ?? "")–\(a.end?.description ?? "")" } ?? "不定时"
            let resident = needs[a.need]?.resident ?? ""
            return [need(a.need), resident, when, org(a.organization), a.people.map { person($0.person) }.joined(separator: "、") + (a.pinned ? "（已接单）" : "")]
        }
        out += table(["需求 need", "居民 resident", "时间 when", "组织 organization", "人员 people"], rows)
        if !plan.unserved.isEmpty {
            out += "\n未安排 unserved\n"
            out += table(["需求 need", "原因 reasons", "说明 detail"], plan.unserved.map {
                [need($0.need), $0.reasons.map { Vocabulary.label($0) + "（\($0.rawValue)）" }.joined(separator: "、"), $0.detail]
            })
        }
        if !plan.orders.isEmpty {
            out += "\n接单 orders\n"
            out += table(["组织 organization", "党组织 party", "需求 needs"], plan.orders.map { [org($0.organization), $0.partyOrganization ?? "-", $0.needs.joined(separator: ", ")] })
        }
        if let changes = plan.changes, !changes.orders.isEmpty {
            out += "\n变动 changes（保留 kept \(changes.kept)，变动 changed \(changes.changed)）\n"
            out += table(["需求 need", "变动 change", "原因 because"], changes.orders.map { c in
                [need(c.need), c.change.rawValue + (c.moved.isEmpty ? "" : "（" + c.moved.map(\.rawValue).joined(separator: "、") + "）"), c.because.rawValue]
            })
        }
        return out
    }

    public static func render(validation doc: JSONValue) -> String {
        guard case .bool(let valid)? = doc["valid"] else { return JSONWriter.write(doc) }
        var out = valid ? "输入有效 valid\n" : "输入无效 invalid\n"
        for key in ["problems", "warnings"] {
            guard case .array(let items)? = doc[key] else { continue }
            for item in items {
                if case .string(let path)? = item["path"], case .string(let message)? = item["message"] {
                    out += "  \(key == "problems" ? "错误" : "提示") \(path.isEmpty ? "(document)" : path): \(message)\n"
                }
            }
        }
        return out
    }

    static func percent(_ x: Double) -> String { JSONWriter.number((x * 10000).rounded() / 100) + "%" }

    /// Columns padded by display width (CJK characters count as two).
    public static func table(_ header: [String], _ rows: [[String]]) -> String {
        func width(_ s: String) -> Int { s.unicodeScalars.reduce(0) { $0 + (wide($1) ? 2 : 1) } }
        let all = [header] + rows
        let widths = header.indices.map { i in min(60, all.map { width($0[i]) }.max() ?? 0) }
        var out = ""
        for (r, row) in all.enumerated() {
            let cells = row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell + String(repeating: " ", count: max(0, widths[i] - width(cell)))
            }
            out += cells.joined(separator: "  ") + "\n"
            if r == 0 { out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n" }
        }
        return out
    }

    /// Whether a character takes two columns in a terminal (East Asian wide and full-width; not
    /// the ambiguous ones such as “ ” or —, which most terminals draw one column wide).
    static func wide(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
