import Foundation
import Liandong

/// The spreadsheets a community worker fills in (需求清单, 人员名册, 组织, 社区) — one definition of
/// their columns, read by ``SpreadsheetImport`` and written by ``SpreadsheetExport`` and the
/// templates. Every column has a Chinese and an English header; either is accepted.
public enum Sheet: String, CaseIterable, Sendable {
    case communities, organizations, people, needs

    /// The file name of the template and of the exported week (`社区.csv` …).
    public var fileName: String {
        switch self {
        case .communities: "社区 communities.csv"
        case .organizations: "组织 organizations.csv"
        case .people: "人员 people.csv"
        case .needs: "需求 needs.csv"
        }
    }

    public struct Column: Sendable {
        public let key: String
        public let zh: String
        public let en: String
        public let required: Bool
        /// How to write it, for the template's second line (an example) and the manual.
        public let example: String
    }

    public var columns: [Column] {
        func c(_ key: String, _ zh: String, _ required: Bool = false, _ example: String = "") -> Column {
            Column(key: key, zh: zh, en: key, required: required, example: example)
        }
        switch self {
        case .communities:
            return [c("id", "编号", true, "huiquan"), c("name", "名称", false, "汇泉社区"), c("partyOrganization", "党组织", false, "huiquan-party"),
                    c("x", "横坐标（公里）", false, "1.1"), c("y", "纵坐标（公里）", false, "1.0")]
        case .organizations:
            return [c("id", "编号", true, "huiguang"), c("name", "名称", false, "汇光关爱社工服务站"), c("kind", "类型", false, "socialWorkAgency"),
                    c("maxOrders", "接单上限", false, "30"), c("communities", "服务社区", false, "huiquan")]
        case .people:
            return [c("id", "编号", true, "sw-01"), c("name", "姓名", false, "王淑芬"), c("role", "角色", true, "社工"),
                    c("level", "等级", false, "高级社工师"), c("organization", "组织", false, "huiguang"),
                    c("skills", "技能", false, "为老服务、心理疏导"), c("availability", "空闲时间", false, "周一 08:30-12:00；周三 14:00-17:30"),
                    c("maxMinutes", "每周时长上限（分钟）", false, "1200"), c("maxAssignments", "每周次数上限", false, "8"),
                    c("home", "居住社区", false, "huiquan"), c("insured", "已投保", false, "是"), c("partyMember", "党员", false, "是"),
                    c("servedMinutesToDate", "累计服务（分钟）", false, "18600")]
        case .needs:
            return [c("id", "编号", true, "n-01"), c("community", "社区", false, "huiquan"), c("resident", "居民", false, "r-101"),
                    c("title", "需求", false, "独居老人入户探访"), c("category", "类别", false, "为老服务"), c("urgency", "紧急程度", false, "高"),
                    c("groups", "重点人群", false, "老年人、独居"), c("socialWorkers", "社工人数", false, "1"),
                    c("socialWorkerSkills", "社工技能", false, "为老服务"), c("minLevel", "社工最低等级", false, "助理社工师"),
                    c("volunteers", "志愿者人数", false, ""), c("volunteerSkills", "志愿者技能", false, ""),
                    c("anyone", "不限角色人数", false, ""), c("durationMinutes", "时长（分钟）", false, "90"),
                    c("windows", "服务时间", false, "周一 09:00-12:00"), c("risky", "有风险", false, "否"), c("required", "必须安排", false, "否"),
                    c("preferred", "指定人员", false, "sw-01"), c("excluded", "排除人员", false, ""), c("partyMembers", "需党员", false, "否"),
                    c("declined", "已拒单", false, "")]
        }
    }
}

/// Cells as people write them: lists, yes/no, days and times.
enum Cells {
    /// Team positions of one role: `1|2` counts with `陪伴探访|儿童关爱` skills, one position each.
    static func positions(_ counts: String?, _ skills: String?) -> [(count: Int?, skills: [String])] {
        let cs = (counts ?? "").split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let ss = (skills ?? "").split(separator: "|", omittingEmptySubsequences: false).map { list(String($0)) }
        return (0..<max(cs.count, ss.count)).compactMap { i in
            let c = i < cs.count ? cs[i] : ""
            let k = i < ss.count ? ss[i] : []
            if c.isEmpty && k.isEmpty { return nil }
            return (c.isEmpty ? 1 : Int(c), k)
        }
    }

    /// `为老服务、心理疏导` / `a;b` / `a, b`: the items, trimmed, empty ones left out.
    static func list(_ text: String) -> [String] {
        text.split(whereSeparator: { "、,，;；/\n".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func bool(_ text: String) -> Bool? {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "": nil
        case "是", "y", "yes", "true", "1", "√", "✓", "有": true
        case "否", "n", "no", "false", "0", "×", "无", "不": false
        default: nil
        }
    }

    static let weekdays = ["周日": 0, "周一": 1, "周二": 2, "周三": 3, "周四": 4, "周五": 5, "周六": 6,
                           "星期日": 0, "星期天": 0, "星期一": 1, "星期二": 2, "星期三": 3, "星期四": 4, "星期五": 5, "星期六": 6,
                           "sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6]

    /// `周一 08:30-12:00；2026-11-25 14:00-17:00；第3天 09:00–11:00`: day windows, or the first
    /// problem in words. Weekdays count from the horizon's start.
    static func windows(_ text: String, start: String, days: Int) -> (windows: [DayWindow], problem: String?) {
        var out: [DayWindow] = []
        let startWeekday = CalendarDay.weekday(start) ?? 1
        for part in text.split(whereSeparator: { ";；\n".contains($0) }).map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
            let pieces = part.split(whereSeparator: { $0 == " " || $0 == "\u{3000}" }).map(String.init)
            guard pieces.count == 2 else { return (out, "'\(part)': write a day and a time span, e.g. 周一 08:30-12:00") }
            let dayText = pieces[0].lowercased(), span = pieces[1]
            var day: Int?
            if let w = weekdays[dayText] ?? weekdays[String(dayText.prefix(3))] {
                day = (w - startWeekday + 7) % 7
            } else if let d = CalendarDay.offset(from: start, to: dayText) {
                day = d
            } else if dayText.hasPrefix("第"), dayText.hasSuffix("天"), let n = Int(dayText.dropFirst().dropLast()) {
                day = n - 1
            } else if dayText.hasPrefix("day"), let n = Int(dayText.dropFirst(3)) {
                day = n - 1
            }
            guard let day else { return (out, "'\(pieces[0])' is not a day: write 周一…周日, a date YYYY-MM-DD or 第N天") }
            guard (0..<days).contains(day) else { return (out, "'\(pieces[0])' is outside the week (\(days) days from \(start))") }
            let times = span.split(whereSeparator: { "-–—~至".contains($0) }).map(String.init)
            guard times.count == 2, let from = TimeOfDay(parsing: pad(times[0])), let to = TimeOfDay(parsing: pad(times[1])), from < to else {
                return (out, "'\(span)' is not a time span HH:MM-HH:MM")
            }
            out.append(DayWindow(day: day, from: from, to: to))
        }
        return (out, nil)
    }

    static func pad(_ t: String) -> String {
        let t = t.replacingOccurrences(of: "：", with: ":").trimmingCharacters(in: .whitespaces)
        return t.count == 4 && t.dropFirst().first == ":" ? "0" + t : t
    }

    /// Day windows written back (`周一 08:30-12:00；…`).
    static func text(_ windows: [DayWindow], start: String?) -> String {
        windows.map { w in
            let date = start.flatMap { CalendarDay.date(start: $0, day: w.day) }
            // Weekdays within the first week; dates beyond it (a weekday would be ambiguous).
            let day = (w.day < 7 ? date.flatMap(CalendarDay.weekdayLabel) : date) ?? "第\(w.day + 1)天"
            return "\(day) \(w.from)-\(w.to)"
        }.joined(separator: "；")
    }
}
