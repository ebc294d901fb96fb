import CSV
import Foundation
import Liandong

/// One problem in a spreadsheet: file, line and column (1-based, as Excel and WPS count), in
/// Chinese and English.
public struct SheetProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    /// 1-based; 0 when the problem is the whole line or file.
    public var column: Int
    public var header: String?
    public var message: String
    public var description: String {
        "\(file):\(line)" + (column > 0 ? ":\(column)" : "") + (header.map { "（\($0)）" } ?? "") + ": \(message)"
    }
}

public struct SheetProblems: Error, Sendable, CustomStringConvertible {
    public var problems: [SheetProblem]
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// `liandong import`: builds a `liandong/v1` input from the four spreadsheets (CSV, UTF-8 with or
/// without a BOM, Chinese or English headers), reporting every bad cell by file, line and column —
/// those of the format (a day that is not a day, a count that is not a number) and those of the
/// engine's validation (an unknown organization, a duplicate id), mapped back to their cells.
public struct SpreadsheetImport {
    public var start: String
    public var days: Int = 7
    public var slotMinutes: Int = 30
    /// Travel time (`travel.minutesPerKm`), when the communities have locations.
    public var minutesPerKm: Double?
    public init(start: String, days: Int = 7, slotMinutes: Int = 30, minutesPerKm: Double? = nil) {
        self.start = start; self.days = days; self.slotMinutes = slotMinutes; self.minutesPerKm = minutesPerKm
    }

    /// GB 18030 (a superset of GBK): what Excel and WPS on Chinese Windows write for “CSV (逗号分隔)”.
    public static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    /// The text of a spreadsheet file: UTF-8 (with or without a BOM), else GB 18030 — with the
    /// encoding's name when it was not UTF-8; nil when it is neither.
    public static func text(_ bytes: [UInt8]) -> (text: String, encoding: String?)? {
        if let utf8 = String(validating: bytes, as: UTF8.self) { return (utf8, nil) }
        if let gb = String(data: Data(bytes), encoding: gb18030) { return (gb, "GB18030") }
        return nil
    }

    /// A sheet's rows, each with the line it starts on and its cells by column key.
    struct Table {
        let file: String
        var rows: [(line: Int, cells: [String: (text: String, column: Int)])] = []
        var headers: [String: String] = [:]   // key → header as written
    }

    func read(_ sheet: Sheet, file: String, text: String, _ problems: inout [SheetProblem]) -> Table {
        var table = Table(file: file)
        var body = text
        if body.hasPrefix("\u{FEFF}") { body.removeFirst() }
        let reader: CSVReader
        do { reader = try CSVReader(string: body, hasHeaderRow: true) } catch {
            problems.append(SheetProblem(file: file, line: 1, column: 0, header: nil, message: "不是有效的 CSV 表头 / not a CSV header row: \(error)"))
            return table
        }
        let header = reader.headerRow ?? []
        var keyOfColumn: [Int: String] = [:]
        for (i, h) in header.enumerated() {
            let name = h.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { continue }
            if let col = sheet.columns.first(where: { $0.zh == name || $0.en.lowercased() == name.lowercased() || "\($0.zh) \($0.en)" == name }) {
                keyOfColumn[i] = col.key
                table.headers[col.key] = name
            } else {
                let known = sheet.columns.map(\.zh) + sheet.columns.map(\.en)
                let hint = Vocabulary.closest(name, in: known).map { "；是否应为 / did you mean「\($0)」" } ?? ""
                problems.append(SheetProblem(file: file, line: 1, column: i + 1, header: name,
                                             message: "不认识的列 / unknown column「\(name)」\(hint)"))
            }
        }
        for col in sheet.columns where col.required && table.headers[col.key] == nil {
            problems.append(SheetProblem(file: file, line: 1, column: 0, header: nil,
                                         message: "缺少必填列 / missing the required column「\(col.zh)」(\(col.en))"))
        }
        var line = 2 + header.joined().filter { $0 == "\n" }.count
        while let row = reader.next() {
            var cells: [String: (text: String, column: Int)] = [:]
            for (i, value) in row.enumerated() { if let key = keyOfColumn[i] { cells[key] = (value.trimmingCharacters(in: .whitespacesAndNewlines), i + 1) } }
            let blank = row.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty }
            if !blank { table.rows.append((line, cells)) }
            line += 1 + row.joined().filter { $0 == "\n" || $0 == "\r\n" }.count
        }
        if let error = reader.error {
            problems.append(SheetProblem(file: file, line: line, column: 0, header: nil, message: "CSV 格式错误 / malformed CSV: \(error)"))
        }
        return table
    }

    /// Where each item of the input came from: list name → index → (file, line, columns by key).
    struct Origins {
        var items: [String: [(file: String, line: Int, columns: [String: Int], headers: [String: String])]] = [:]
    }

    /// Builds the input from the four sheets' texts (`files[sheet] = (name, text)`; communities
    /// and organizations may be absent). Throws every problem at once.
    public func build(_ files: [Sheet: (name: String, text: String)]) throws(SheetProblems) -> PlanningInput {
        var problems: [SheetProblem] = []
        var input = PlanningInput(horizon: Horizon(start: start, days: days, slotMinutes: slotMinutes))
        var origins = Origins()
        var declines: [(need: String, who: String, line: Int)] = []
        func each(_ sheet: Sheet, _ body: (String, Int, [String: (text: String, column: Int)], (String, String) -> Void) -> Void) {
            guard let (name, text) = files[sheet] else { return }
            let table = read(sheet, file: name, text: text, &problems)
            for (line, cells) in table.rows {
                origins.items[sheet.rawValue, default: []].append((name, line, cells.mapValues(\.column), table.headers))
                body(name, line, cells) { key, message in
                    let col = sheet.columns.first { $0.key == key }
                    problems.append(SheetProblem(file: name, line: line, column: cells[key]?.column ?? 0,
                                                 header: table.headers[key] ?? col?.zh, message: message))
                }
            }
        }
        func text(_ cells: [String: (text: String, column: Int)], _ key: String) -> String? {
            cells[key].map(\.text).flatMap { $0.isEmpty ? nil : $0 }
        }
        func int(_ cells: [String: (text: String, column: Int)], _ key: String, _ fail: (String, String) -> Void) -> Int? {
            guard let t = text(cells, key) else { return nil }
            guard let v = Int(t) else { fail(key, "「\(t)」不是整数 / is not a whole number"); return nil }
            return v
        }
        func bool(_ cells: [String: (text: String, column: Int)], _ key: String, _ fail: (String, String) -> Void) -> Bool? {
            guard let t = text(cells, key) else { return nil }
            guard let v = Cells.bool(t) else { fail(key, "「\(t)」应为 是/否 / should be yes or no"); return nil }
            return v
        }
        func windows(_ cells: [String: (text: String, column: Int)], _ key: String, _ fail: (String, String) -> Void) -> [DayWindow]? {
            guard let t = text(cells, key) else { return nil }
            let (w, problem) = Cells.windows(t, start: start, days: days)
            if let problem { fail(key, "时间写法有误 / bad day or time: \(problem)"); return nil }
            return w
        }

        each(.communities) { _, _, cells, fail in
            let id = text(cells, "id") ?? ""
            if id.isEmpty { fail("id", "编号不能为空 / the id is empty") }
            var c = Community(id: id, name: text(cells, "name"), partyOrganization: text(cells, "partyOrganization"))
            let xs = text(cells, "x"), ys = text(cells, "y")
            if xs != nil || ys != nil {
                if let x = xs.flatMap(Double.init), let y = ys.flatMap(Double.init) { c.location = Location(x: x, y: y) }
                else { fail(xs.flatMap(Double.init) == nil ? "x" : "y", "坐标应为两个数字（公里）/ a location is two numbers (km)") }
            }
            input.communities.append(c)
        }
        each(.organizations) { _, _, cells, fail in
            let id = text(cells, "id") ?? ""
            if id.isEmpty { fail("id", "编号不能为空 / the id is empty") }
            input.organizations.append(Organization(id: id, name: text(cells, "name"), kind: text(cells, "kind"),
                                                    maxOrders: int(cells, "maxOrders", fail),
                                                    communities: text(cells, "communities").map(Cells.list)))
        }
        each(.people) { _, _, cells, fail in
            let id = text(cells, "id") ?? ""
            if id.isEmpty { fail("id", "编号不能为空 / the id is empty") }
            let roleText = text(cells, "role") ?? ""
            guard let role = Role(rawValue: roleText) ?? Vocabulary.roles.first(where: { $0.1 == roleText })?.0 else {
                fail("role", "角色应为 社工 或 志愿者 / role is 社工 (socialWorker) or 志愿者 (volunteer), found「\(roleText)」")
                return
            }
            var level: Level?
            if let l = text(cells, "level") {
                level = Level(rawValue: l) ?? Vocabulary.levels.first(where: { $0.1 == l })?.0
                if level == nil { fail("level", "等级应为 助理社工师、社工师 或 高级社工师 / level is assistant, intermediate or senior") }
            }
            let p = Person(id: id, name: text(cells, "name"), role: role, level: level, organization: text(cells, "organization"),
                           skills: (text(cells, "skills").map(Cells.list) ?? []).map(Vocabulary.skillID),
                           availability: windows(cells, "availability", fail), maxMinutes: int(cells, "maxMinutes", fail),
                           maxAssignments: int(cells, "maxAssignments", fail), home: text(cells, "home"),
                           insured: bool(cells, "insured", fail) ?? false, partyMember: bool(cells, "partyMember", fail) ?? false,
                           servedMinutesToDate: int(cells, "servedMinutesToDate", fail))
            input.people.append(p)
        }
        each(.needs) { _, line, cells, fail in
            let id = text(cells, "id") ?? ""
            if id.isEmpty { fail("id", "编号不能为空 / the id is empty") }
            var need = Need(id: id, community: text(cells, "community"), resident: text(cells, "resident"), title: text(cells, "title"),
                            category: text(cells, "category").map(Vocabulary.skillID),
                            groups: (text(cells, "groups").map(Cells.list) ?? []).map(Vocabulary.groupID))
            if let u = text(cells, "urgency") {
                if let urgency = Urgency(rawValue: u) ?? Vocabulary.urgencies.first(where: { $0.1 == u })?.0 { need.urgency = urgency }
                else { fail("urgency", "紧急程度应为 紧急、高、一般 或 低 / urgency is critical, high, normal or low") }
            }
            var team: [TeamPosition] = []
            var minLevel: Level?
            if let l = text(cells, "minLevel") {
                minLevel = Level(rawValue: l) ?? Vocabulary.levels.first(where: { $0.1 == l })?.0
                if minLevel == nil { fail("minLevel", "等级应为 助理社工师、社工师 或 高级社工师 / level is assistant, intermediate or senior") }
            }
            // Positions of one role are separated by '|': counts 1|1 with skills 儿童关爱|陪伴探访.
            for (role, countKey, skillKey) in [(PositionRole.socialWorker, "socialWorkers", "socialWorkerSkills"), (.volunteer, "volunteers", "volunteerSkills")] {
                for position in Cells.positions(text(cells, countKey), text(cells, skillKey)) {
                    guard let count = position.count, count >= 0 else { fail(countKey, "人数应为整数，多个岗位用 | 分隔 / counts are whole numbers, positions separated by |"); continue }
                    if count == 0 { if !position.skills.isEmpty { fail(countKey, "写了技能但人数为 0 / skills without a count") }; continue }
                    team.append(TeamPosition(role: role, count: count, skills: position.skills.map(Vocabulary.skillID), minLevel: role == .socialWorker ? minLevel : nil))
                }
            }
            let any = int(cells, "anyone", fail) ?? 0
            if any > 0 { team.append(TeamPosition(role: .any, count: any)) }
            if !team.isEmpty { need.team = team }
            if let d = int(cells, "durationMinutes", fail) { need.durationMinutes = d }
            need.windows = windows(cells, "windows", fail)
            need.risky = bool(cells, "risky", fail) ?? false
            need.required = bool(cells, "required", fail) ?? false
            need.preferred = text(cells, "preferred").map(Cells.list) ?? []
            need.excluded = text(cells, "excluded").map(Cells.list) ?? []
            need.partyMembers = bool(cells, "partyMembers", fail) ?? false
            for who in text(cells, "declined").map(Cells.list) ?? [] { declines.append((id, who, line)) }
            input.needs.append(need)
        }
        // A decline names a person or an organization.
        let personIDs = Set(input.people.map(\.id)), orgIDs = Set(input.organizations.map(\.id))
        for d in declines {
            if personIDs.contains(d.who) { input.declined.append(Decline(need: d.need, person: d.who)) }
            else if orgIDs.contains(d.who) { input.declined.append(Decline(need: d.need, organization: d.who)) }
            else {
                problems.append(SheetProblem(file: files[.needs]!.name, line: d.line, column: 0, header: "已拒单",
                                             message: "「\(d.who)」既不是人员也不是组织的编号 / names no person and no organization"))
            }
        }
        if let f = minutesPerKm { input.travel = Travel(minutesPerKm: f) }
        if files[.people] == nil { problems.append(SheetProblem(file: Sheet.people.fileName, line: 0, column: 0, header: nil, message: "缺少人员名册 / the roster (people) is missing")) }
        if files[.needs] == nil { problems.append(SheetProblem(file: Sheet.needs.fileName, line: 0, column: 0, header: nil, message: "缺少需求清单 / the need list is missing")) }
        guard problems.isEmpty else { throw SheetProblems(problems: problems) }
        // The engine's own validation, each problem mapped back to its cell.
        do { _ = try input.validated() } catch {
            throw SheetProblems(problems: error.problems.map { locate($0, origins) })
        }
        return input
    }

    /// A validation problem (`/needs/3/team/0/skills/1`) at its spreadsheet cell.
    func locate(_ problem: InputProblem, _ origins: Origins) -> SheetProblem {
        let t = problem.path.tokens
        guard t.count >= 2, let sheet = Sheet(rawValue: t[0]), let i = Int(t[1]), let item = origins.items[sheet.rawValue]?[safe: i] else {
            return SheetProblem(file: "(week)", line: 0, column: 0, header: nil, message: "\(problem.path): \(problem.message)")
        }
        var key = t.count > 2 ? t[2] : "id"
        if key == "team" { key = t.count > 4 && t[4] == "skills" ? "volunteerSkills" : "socialWorkers" }
        if key == "location" { key = "x" }
        let column = item.columns[key] ?? 0
        return SheetProblem(file: item.file, line: item.line, column: column, header: item.headers[key] ?? sheet.columns.first { $0.key == key }?.zh,
                            message: "校验未通过 / invalid: " + problem.message)
    }
}

extension Array {
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
