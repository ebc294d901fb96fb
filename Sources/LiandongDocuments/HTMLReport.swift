import Foundation
import Liandong
import LiandongBatch

/// `liandong report PLAN --input INPUT --html FILE`: one self-contained page (no network, no
/// script) to read on screen and print on A4 — the week as a calendar by community and by person,
/// coverage by urgency and priority group as inline SVG charts, the order sheet of each
/// organization on its own page, and the unserved needs with their reasons. Chinese by default.
public struct HTMLReport {
    public enum Language: String, Sendable, CaseIterable { case zh, en }
    public let plan: Plan
    public let input: PlanningInput
    public let language: Language
    /// Names of people, needs, organizations and communities, looked up by id — built once (until
    /// 2026-12-04 it was built again on every look-up: the report of a 20,000-need week had not
    /// ended after ten minutes).
    let names: PeopleNames

    public init(plan: Plan, input: PlanningInput, language: Language = .zh) {
        self.plan = plan; self.input = input; self.language = language
        self.names = PeopleNames(input)
    }

    func t(_ zh: String, _ en: String) -> String { language == .zh ? zh : en }

    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    func dayLabel(_ d: Int) -> String {
        guard let start = input.horizon.start, let date = CalendarDay.date(start: start, day: d) else { return t("第\(d + 1)天", "Day \(d + 1)") }
        if language == .zh { return CalendarDay.label(date) }
        let weekday = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][CalendarDay.weekday(date) ?? 0]
        return "\(weekday) \(date.dropFirst(5))"
    }

    func skill(_ s: String) -> String { language == .zh ? Vocabulary.label(skill: s) : s }
    func reason(_ r: UnservedReason) -> String { language == .zh ? Vocabulary.label(r) : r.rawValue }
    func urgency(_ u: Urgency) -> String { language == .zh ? Vocabulary.label(u) : u.rawValue }

    public func render() -> String {
        let e = Self.escape
        let start = input.horizon.start.map { s in
            let end = CalendarDay.date(start: s, day: input.horizon.days - 1) ?? s
            return "\(s) – \(end)"
        } ?? ""
        var html = """
        <!DOCTYPE html>
        <html lang="\(language == .zh ? "zh-CN" : "en")">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(e(t("联动 · 本周派单", "Liandong · weekly plan"))) \(e(start))</title>
        <style>\(Self.css)</style>
        </head>
        <body>
        <header>
        <h1>\(e(t("联动 · 本周派单", "Liandong · weekly plan")))</h1>
        <p class="meta">\(e(start)) · \(e(statusText)) · \(e(t("需求", "needs"))) \(plan.summary.needs) · \(e(t("已安排", "served"))) \(plan.summary.served) · \(e(t("未安排", "unserved"))) \(plan.summary.unserved) · \(e(t("参与人员", "people"))) \(plan.summary.peopleUsed)</p>
        </header>
        <main>
        """
        html += coverage()
        html += calendarByCommunity()
        html += calendarByPerson()
        html += unserved()
        html += orderSheets()
        html += "</main>\n<footer>\(e(t("由 联动 Liandong 生成", "Made by Liandong"))) · \(e(plan.solver.backend.rawValue)) · \(e(t("目标值", "objective"))) \(JSONWriter.number(plan.solver.objective))</footer>\n</body>\n</html>\n"
        return html
    }

    var statusText: String {
        switch plan.status {
        case .optimal: t("最优（已证明）", "optimal (proven)")
        case .feasible: t("可行（差距 \(JSONWriter.number((plan.solver.gap * 10000).rounded() / 100))%）", "feasible (gap \(JSONWriter.number((plan.solver.gap * 10000).rounded() / 100))%)")
        case .infeasible: t("有必须安排的需求未能安排", "a required need is not served")
        }
    }

    // MARK: Coverage charts (inline SVG)

    func coverage() -> String {
        let served = Set(plan.assignments.map(\.need))
        var byUrgency: [(String, Int, Int)] = []
        for u in Vocabulary.urgencies.map(\.0) {
            let needs = input.needs.filter { $0.urgency == u }
            if !needs.isEmpty { byUrgency.append((urgency(u), needs.filter { served.contains($0.id) }.count, needs.count)) }
        }
        var byGroup: [(String, Int, Int)] = []
        for g in Set(input.needs.flatMap(\.groups)).sorted() {
            let needs = input.needs.filter { $0.groups.contains(g) }
            byGroup.append((language == .zh ? Vocabulary.label(group: g) : g, needs.filter { served.contains($0.id) }.count, needs.count))
        }
        return """
        <section class="charts">
        <div><h2>\(t("按紧急程度的覆盖", "Coverage by urgency"))</h2>\(bars(byUrgency))</div>
        <div><h2>\(t("按重点人群的覆盖", "Coverage by priority group"))</h2>\(bars(byGroup))</div>
        </section>

        """
    }

    /// Horizontal bars: served of all, one per row.
    func bars(_ rows: [(label: String, served: Int, total: Int)]) -> String {
        let rowHeight = 26, labelWidth = 110, barWidth = 260
        let height = max(1, rows.count) * rowHeight + 4
        var svg = "<svg class=\"bars\" viewBox=\"0 0 \(labelWidth + barWidth + 70) \(height)\" width=\"\(labelWidth + barWidth + 70)\" height=\"\(height)\" role=\"img\">"
        for (i, r) in rows.enumerated() {
            let y = i * rowHeight + 4
            let w = r.total == 0 ? 0 : barWidth * r.served / r.total
            svg += "<text x=\"\(labelWidth - 6)\" y=\"\(y + 15)\" text-anchor=\"end\">\(Self.escape(r.label))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y)\" width=\"\(barWidth)\" height=\"18\" class=\"all\"/>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y)\" width=\"\(w)\" height=\"18\" class=\"served\"/>"
            svg += "<text x=\"\(labelWidth + barWidth + 6)\" y=\"\(y + 15)\">\(r.served)/\(r.total)</text>"
        }
        return svg + "</svg>"
    }

    // MARK: Calendars

    func calendarByCommunity() -> String {
        let e = Self.escape
        let days = Array(0..<input.horizon.days)
        let communities = input.communities.map(\.id) + (plan.assignments.contains { names.need($0.need)?.community == nil } ? [""] : [])
        var html = "<section><h2>\(t("本周日历（按社区）", "The week by community"))</h2><table class=\"calendar\"><thead><tr><th>\(t("社区", "Community"))</th>"
        for d in days { html += "<th>\(e(dayLabel(d)))</th>" }
        html += "<th>\(t("不定时", "Any time"))</th></tr></thead><tbody>"
        for c in communities {
            let mine = plan.assignments.filter { (names.need($0.need)?.community ?? "") == c }
            if mine.isEmpty { continue }
            html += "<tr><th>\(e(c.isEmpty ? t("（无社区）", "(none)") : names.community(c)))</th>"
            for d in days + [-1] {
                let cell = mine.filter { ($0.day ?? -1) == d }.sorted { ($0.start?.minutes ?? 0, $0.need) < ($1.start?.minutes ?? 0, $1.need) }
                html += "<td>" + cell.map { a in
                    let need = names.need(a.need)
                    return "<div class=\"svc u-\(need?.urgency.rawValue ?? "normal")\"><b>\(e(a.start.map { "\($0)–\(a.end?.description ?? "")" } ?? ""))</b> \(e(need?.title ?? a.need))<br><small>\(e(a.people.map { names.people[$0.person]?.name ?? $0.person }.joined(separator: "、")))</small></div>"
                }.joined() + "</td>"
            }
            html += "</tr>"
        }
        return html + "</tbody></table></section>\n"
    }

    func calendarByPerson() -> String {
        let e = Self.escape
        let days = Array(0..<input.horizon.days)
        var byPerson: [String: [Assignment]] = [:]
        for a in plan.assignments { for m in a.people { byPerson[m.person, default: []].append(a) } }
        var html = "<section class=\"people\"><h2>\(t("人员日程", "Each person's week"))</h2><table class=\"calendar\"><thead><tr><th>\(t("人员", "Person"))</th>"
        for d in days { html += "<th>\(e(dayLabel(d)))</th>" }
        html += "<th>\(t("不定时", "Any time"))</th><th>\(t("分钟", "Minutes"))</th></tr></thead><tbody>"
        let loads = Dictionary(plan.people.map { ($0.person, $0.minutes) }, uniquingKeysWith: { a, _ in a })
        for person in byPerson.keys.sorted() {
            html += "<tr><th>\(e(names.person(person)))</th>"
            for d in days + [-1] {
                let cell = byPerson[person]!.filter { ($0.day ?? -1) == d }.sorted { ($0.start?.minutes ?? 0) < ($1.start?.minutes ?? 0) }
                html += "<td>" + cell.map { a in "<div class=\"svc\">\(e(a.start?.description ?? "")) \(e(names.need(a.need)?.title ?? a.need))</div>" }.joined() + "</td>"
            }
            html += "<td class=\"num\">\(loads[person] ?? 0)</td></tr>"
        }
        return html + "</tbody></table></section>\n"
    }

    // MARK: Unserved and order sheets

    func unserved() -> String {
        let e = Self.escape
        guard !plan.unserved.isEmpty else { return "<section><h2>\(t("未安排的需求", "Unserved needs"))</h2><p>\(t("全部需求都已安排。", "Every need is served."))</p></section>\n" }
        var html = "<section><h2>\(t("未安排的需求", "Unserved needs"))</h2><table><thead><tr><th>\(t("需求", "Need"))</th><th>\(t("社区", "Community"))</th><th>\(t("紧急程度", "Urgency"))</th><th>\(t("原因", "Reasons"))</th><th>\(t("说明", "Detail"))</th></tr></thead><tbody>"
        for u in plan.unserved {
            let need = names.need(u.need)
            html += "<tr\(u.required ? " class=\"required\"" : "")><td>\(e(u.need)) \(e(need?.title ?? ""))</td><td>\(e(names.community(need?.community)))</td><td>\(e(need.map { urgency($0.urgency) } ?? ""))</td><td>\(e(u.reasons.map(reason).joined(separator: "、")))</td><td>\(e(u.detail))</td></tr>"
        }
        return html + "</tbody></table></section>\n"
    }

    func orderSheets() -> String {
        let e = Self.escape
        var byOrg: [String: [Assignment]] = [:]
        for a in plan.assignments { byOrg[a.organization ?? "", default: []].append(a) }
        var html = ""
        for org in byOrg.keys.sorted() {
            let list = byOrg[org]!.sorted { ($0.day ?? 999, $0.start?.minutes ?? 0, $0.need) < ($1.day ?? 999, $1.start?.minutes ?? 0, $1.need) }
            html += "<section class=\"sheet\"><h2>\(t("派单", "Order sheet")) · \(e(org.isEmpty ? t("（无组织）", "(no organization)") : names.organization(org)))</h2>"
            html += "<p class=\"meta\">\(t("共", "")) \(list.count) \(t("单", "orders")) · \(e(input.horizon.start ?? ""))</p>"
            html += "<table><thead><tr><th>\(t("日期", "Date"))</th><th>\(t("时间", "Time"))</th><th>\(t("需求", "Need"))</th><th>\(t("居民 / 社区", "Resident / community"))</th><th>\(t("人员", "People"))</th><th>\(t("接单签字", "Accepted (sign)"))</th></tr></thead><tbody>"
            for a in list {
                let need = names.need(a.need)
                html += "<tr><td>\(e(a.day.map(dayLabel) ?? t("本周内", "this week")))</td><td>\(e(names.time(a)))</td><td>\(e(a.need)) \(e(need?.title ?? ""))</td><td>\(e(need?.resident ?? "")) \(e(names.community(need?.community)))</td><td>\(e(a.people.map { names.person($0.person) }.joined(separator: "、")))</td><td>\(a.pinned ? t("已接单", "accepted") : "")</td></tr>"
            }
            html += "</tbody></table></section>\n"
        }
        return html
    }

    static let css = """
    @page { size: A4; margin: 14mm 12mm; }
    body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; margin: 24px; color: #1d2733; font-size: 13px; }
    h1 { font-size: 22px; margin: 0 0 4px; color: #9b1c1c; }
    h2 { font-size: 16px; margin: 22px 0 8px; border-left: 4px solid #9b1c1c; padding-left: 8px; }
    .meta { color: #5b6775; margin: 0 0 10px; }
    table { border-collapse: collapse; width: 100%; }
    th, td { border: 1px solid #cfd6de; padding: 4px 6px; vertical-align: top; text-align: left; }
    thead th { background: #f3f5f8; }
    .calendar td { min-width: 80px; }
    .svc { border-left: 3px solid #7a8797; padding: 1px 4px; margin: 2px 0; background: #fafbfc; }
    .u-critical { border-color: #b42318; } .u-high { border-color: #dc6803; } .u-normal { border-color: #1570ef; } .u-low { border-color: #98a2b3; }
    .num { text-align: right; }
    .charts { display: flex; gap: 32px; flex-wrap: wrap; }
    .bars text { font-size: 12px; fill: #1d2733; }
    .bars .all { fill: #e4e7ec; } .bars .served { fill: #2e7d32; }
    tr.required td { background: #fff1f0; }
    footer { margin-top: 24px; color: #8a94a3; font-size: 11px; }
    @media print { body { margin: 0; } .sheet { break-before: page; } .people { break-before: page; } }
    """

    /// The what-if comparison as a page: one column per scenario.
    public static func comparison(_ c: Comparison) -> String {
        let e = escape
        var html = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>联动 · 方案对比</title>\n<style>\(css)</style>\n</head>\n<body>\n<h1>联动 · 方案对比 what-if</h1>\n<table><thead><tr><th>项目 item</th>"
        for col in c.columns { html += "<th>\(e(col.name == "base" ? "现状 base" : col.name))</th>" }
        html += "</tr></thead><tbody>"
        for row in c.rows { html += "<tr><th>\(e(row.label))</th>" + row.values.map { "<td>\(e($0))</td>" }.joined() + "</tr>" }
        return html + "</tbody></table>\n</body>\n</html>\n"
    }
}
