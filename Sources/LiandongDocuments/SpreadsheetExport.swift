import CSV
import Foundation
import Liandong

/// Spreadsheets out: a week as the four sheets `import` reads (the demo as CSV, the templates),
/// and a plan as the sheets people hand out — the order sheet per organization (派单), each
/// person's schedule, the unserved needs with reasons. UTF-8 with a BOM and CRLF line ends, so
/// that Excel and WPS open them as Unicode.
public enum SpreadsheetExport {
    /// CSV text for `rows` (the first row the header).
    public static func csv(_ rows: [[String]]) -> String {
        guard let writer = try? CSVWriter(stream: .toMemory(), newline: .crlf) else { return "" }
        for row in rows { try? writer.write(row: row) }
        writer.stream.close()
        let data = writer.stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return "\u{FEFF}" + String(decoding: data, as: UTF8.self)
    }

    static func header(_ sheet: Sheet) -> [String] { sheet.columns.map { "\($0.zh) \($0.en)" } }

    /// An empty sheet with its headers and one example line (the templates).
    public static func template(_ sheet: Sheet) -> String {
        csv([header(sheet), sheet.columns.map(\.example)])
    }

    /// The week as the four sheets.
    public static func sheets(of input: PlanningInput) -> [Sheet: String] {
        let start = input.horizon.start
        func list(_ xs: [String]) -> String { xs.joined(separator: "、") }
        func yes(_ b: Bool) -> String { b ? "是" : "否" }
        var out: [Sheet: String] = [:]
        out[.communities] = csv([header(.communities)] + input.communities.map { c in
            [c.id, c.name ?? "", c.partyOrganization ?? "", c.location.map { JSONWriter.number($0.x) } ?? "", c.location.map { JSONWriter.number($0.y) } ?? ""]
        })
        out[.organizations] = csv([header(.organizations)] + input.organizations.map { o in
            [o.id, o.name ?? "", o.kind ?? "", o.maxOrders.map(String.init) ?? "", list(o.communities ?? [])]
        })
        var people = [header(.people)]
        for p in input.people {
            var row = [p.id, p.name ?? "", Vocabulary.label(p.role), p.level.map(Vocabulary.label) ?? "", p.organization ?? ""]
            row.append(list(p.skills.map(Vocabulary.label(skill:))))
            row.append(p.availability.map { Cells.text($0, start: start) } ?? "")
            row += [p.maxMinutes.map(String.init) ?? "", p.maxAssignments.map(String.init) ?? "", p.home ?? ""]
            row += [yes(p.insured), yes(p.partyMember), p.servedMinutesToDate.map(String.init) ?? ""]
            people.append(row)
        }
        out[.people] = csv(people)
        var needs = [header(.needs)]
        for n in input.needs {
            let sw = n.team.filter { $0.role == .socialWorker }, v = n.team.filter { $0.role == .volunteer }, any = n.team.first { $0.role == .any }
            func counts(_ ps: [TeamPosition]) -> String { ps.map { String($0.count) }.joined(separator: "|") }
            func skills(_ ps: [TeamPosition]) -> String {
                ps.allSatisfy(\.skills.isEmpty) ? "" : ps.map { list($0.skills.map(Vocabulary.label(skill:))) }.joined(separator: "|")
            }
            var row = [n.id, n.community ?? "", n.resident ?? "", n.title ?? "", n.category.map(Vocabulary.label(skill:)) ?? ""]
            row += [Vocabulary.label(n.urgency), list(n.groups.map(Vocabulary.label(group:)))]
            row += [counts(sw), skills(sw), sw.first?.minLevel.map(Vocabulary.label) ?? ""]
            row += [counts(v), skills(v), any.map { String($0.count) } ?? ""]
            row += [String(n.durationMinutes), n.windows.map { Cells.text($0, start: start) } ?? "", yes(n.risky), yes(n.required)]
            row += [list(n.preferred), list(n.excluded), yes(n.partyMembers)]
            row.append(list(input.declined.filter { $0.need == n.id }.compactMap { $0.person ?? $0.organization }))
            needs.append(row)
        }
        out[.needs] = csv(needs)
        return out
    }

    /// Whether the week fits the sheets without loss (at most one position per role, no pairs,
    /// pins, declines or travel settings beyond what the sheets hold).
    public static func losses(_ input: PlanningInput) -> [String] {
        var out: [String] = []
        if input.needs.contains(where: { n in n.team.filter { $0.role == .any }.count > 1 || n.team.filter { $0.role == .socialWorker }.map(\.minLevel).count > 1 && Set(n.team.filter { $0.role == .socialWorker }.map(\.minLevel)).count > 1 }) {
            out.append("needs with several 'any' positions or social-worker positions of different levels")
        }
        if !input.pairs.isEmpty { out.append("pairs (per need-person cost and extra minutes)") }
        if !input.pinned.isEmpty { out.append("pinned") }
        if !input.pastServices.isEmpty { out.append("pastServices") }
        if input.weights != .defaults { out.append("weights") }
        return out
    }

    // MARK: - The plan as sheets

    /// 派单: one line per order, grouped by organization (then by date and time).
    public static func orderSheet(_ plan: Plan, input: PlanningInput) -> String {
        let names = PeopleNames(input)
        var rows: [[String]] = [["组织 organization", "党组织 party organization", "需求 need", "内容 title", "居民 resident", "社区 community",
                                 "日期 date", "时间 time", "时长（分钟） minutes", "人员 people", "已接单 accepted"]]
        let sorted = plan.assignments.sorted { a, b in
            (names.organization(a.organization), a.day ?? 999, a.start?.minutes ?? 0, a.need) < (names.organization(b.organization), b.day ?? 999, b.start?.minutes ?? 0, b.need)
        }
        for a in sorted {
            let need = names.need(a.need)
            rows.append([names.organization(a.organization), names.party(need?.community), a.need, need?.title ?? "", need?.resident ?? "",
                         names.community(need?.community), names.date(a.day), names.time(a), String(need?.durationMinutes ?? 0),
                         a.people.map { names.person($0.person) }.joined(separator: "、"), a.pinned ? "是" : ""])
        }
        return csv(rows)
    }

    /// Each person's schedule: one line per service, by person, then date and time.
    public static func personSheet(_ plan: Plan, input: PlanningInput) -> String {
        let names = PeopleNames(input)
        var rows: [[String]] = [["人员 person", "编号 id", "角色 role", "组织 organization", "日期 date", "时间 time", "需求 need", "内容 title",
                                 "社区 community", "居民 resident", "同队 with"]]
        var lines: [(String, Int, Int, [String])] = []
        for a in plan.assignments {
            let need = names.need(a.need)
            for m in a.people {
                let p = names.people[m.person]
                lines.append((m.person, a.day ?? 999, a.start?.minutes ?? 0,
                              [p?.name ?? m.person, m.person, p.map { Vocabulary.label($0.role) } ?? "", names.organization(p?.organization),
                               names.date(a.day), names.time(a), a.need, need?.title ?? "", names.community(need?.community), need?.resident ?? "",
                               a.people.filter { $0.person != m.person }.map { names.person($0.person) }.joined(separator: "、")]))
            }
        }
        rows += lines.sorted { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }.map(\.3)
        return csv(rows)
    }

    /// The unserved needs with their reasons (Chinese and codes).
    public static func unservedSheet(_ plan: Plan, input: PlanningInput) -> String {
        let names = PeopleNames(input)
        var rows: [[String]] = [["需求 need", "内容 title", "社区 community", "居民 resident", "紧急程度 urgency", "必须 required",
                                 "原因 reasons", "代码 codes", "说明 detail"]]
        for u in plan.unserved {
            let need = names.need(u.need)
            rows.append([u.need, need?.title ?? "", names.community(need?.community), need?.resident ?? "",
                         need.map { Vocabulary.label($0.urgency) } ?? "", u.required ? "是" : "", u.reasons.map(Vocabulary.label).joined(separator: "、"),
                         u.reasons.map(\.rawValue).joined(separator: ","), u.detail])
        }
        return csv(rows)
    }
}

/// Lookups for people-facing output: names with ids, dates with weekdays (the sheets, the
/// report and the CLI's tables of advice).
public struct PeopleNames {
    let input: PlanningInput
    let people: [String: Person]
    let needs: [String: Need]
    let organizations: [String: Organization]
    let communities: [String: Community]
    public init(_ input: PlanningInput) {
        self.input = input
        people = Dictionary(input.people.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        needs = Dictionary(input.needs.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        organizations = Dictionary(input.organizations.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        communities = Dictionary(input.communities.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }
    public func need(_ id: String) -> Need? { needs[id] }
    public func person(_ id: String) -> String { people[id]?.name.map { "\($0)（\(id)）" } ?? id }
    public func organization(_ id: String?) -> String { id.map { organizations[$0]?.name ?? $0 } ?? "（无组织）" }
    public func community(_ id: String?) -> String { id.map { communities[$0]?.name ?? $0 } ?? "" }
    public func party(_ community: String?) -> String { community.flatMap { communities[$0]?.partyOrganization } ?? "" }
    public func date(_ day: Int?) -> String {
        guard let day else { return "本周内（不定时）" }
        return input.horizon.start.flatMap { CalendarDay.date(start: $0, day: day) }.map(CalendarDay.label) ?? "第\(day + 1)天"
    }
    public func time(_ a: Assignment) -> String { time(a.start, a.end) }
    public func time(_ start: TimeOfDay?, _ end: TimeOfDay?) -> String { start.map { "\($0)–\(end?.description ?? "")" } ?? "" }
    /// `11月24日 周二 09:00–10:30`, or `本周内（不定时）`.
    public func when(_ day: Int?, _ start: TimeOfDay?, _ end: TimeOfDay?) -> String {
        day == nil ? date(nil) : "\(date(day)) \(time(start, end))"
    }
}
