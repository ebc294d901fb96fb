/// A plain-text rendering of a plan for people who read it rather than parse it (Chinese labels).
public enum TableReport {
    public static func render(_ plan: Plan) -> String {
        var out = ""
        let statusText = switch plan.status {
        case .optimal: "最优（已证明）"
        case .feasible: "可行（未证明最优，差距 \(percent(plan.solver.gap))）"
        case .infeasible: "不可行：有必须服务的需求无法安排"
        }
        out += "状态 status: \(plan.status.rawValue) — \(statusText)\n"
        out += "求解 solver: \(plan.solver.backend.rawValue), 目标 objective \(JSONWriter.number(plan.solver.objective)), 上界 bound \(JSONWriter.number(plan.solver.bound))\n"
        out += "需求 needs: \(plan.summary.needs)，已安排 served \(plan.summary.served)，未安排 unserved \(plan.summary.unserved)，参与人员 people \(plan.summary.peopleUsed)\n\n"
        out += "派单 assignments\n"
        let rows = plan.assignments.map { a -> [String] in
            let when = a.day.map { d in "第\(d)天 \(a.start?.description ?? "")–\(a.end?.description ?? "")" } ?? "不定时"
            return [a.need, when, a.organization ?? "-", a.people.map(\.person).joined(separator: ", ")]
        }
        out += table(["需求 need", "时间 when", "组织 organization", "人员 people"], rows)
        if !plan.unserved.isEmpty {
            out += "\n未安排 unserved\n"
            out += table(["需求 need", "原因 reasons", "说明 detail"], plan.unserved.map { [$0.need, $0.reasons.map(\.rawValue).joined(separator: ","), $0.detail] })
        }
        if !plan.orders.isEmpty {
            out += "\n接单 orders\n"
            out += table(["组织 organization", "党组织 party", "需求 needs"], plan.orders.map { [$0.organization ?? "-", $0.partyOrganization ?? "-", $0.needs.joined(separator: ", ")] })
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
        func width(_ s: String) -> Int { s.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x1100 ? 2 : 1) } }
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
}
