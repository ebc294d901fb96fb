import ArgumentParser
import Foundation
import Liandong
import LiandongDocuments
import LiandongBatch
import LiandongStore

/// `--store PATH` on `plan` and `replan`: keep the week's rounds, responses and services there.
struct StoreOption: ParsableArguments {
    @Option(help: ArgumentHelp("Keep this week's plan, rounds and services in this store (SQLite; created on first use). Without it nothing is stored.", valueName: "path"))
    var store: String?

    func open() -> Store? { store.map(StoreAccess.open) }
}

enum StoreAccess {
    /// Opens a store or exits with ``StoreError/status`` (65 damaged or foreign, 66 cannot be
    /// opened, 64 a conflict, 70 otherwise).
    static func open(_ path: String) -> Store {
        do { return try Store(path: path) } catch { fail(error) }
    }

    static func fail(_ error: StoreError) -> Never {
        IO.fail(error.status, "liandong: \(error.description)")
    }
}

struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record how services went (服务记录): done, not done or no-show, minutes, the resident's feedback.",
        discussion: """
        One service: liandong record --week 2026-11-23 --need n-01 --status done [--person sw-04] \
        [--minutes 90] [--feedback 很满意] [--rating 5]. Without --person, every member of the need's team. \
        Many at once: liandong record --week 2026-11-23 --file records.json, where the file is \
        {"records": [{"need", "person"?, "status", "minutes"?, "feedback"?, "rating"?}]}. \
        Every service must be in the week's latest plan in the store.
        """)

    @Option(help: ArgumentHelp("The store (default: $LIANDONG_STORE, else ~/.local/share/liandong/liandong.sqlite).", valueName: "path"))
    var store: String?
    @Option(help: "The week: its horizon.start, YYYY-MM-DD.") var week: String
    @Option(help: "The need served.") var need: String?
    @Option(help: "One member (default: every member of the team).") var person: String?
    @Option(help: "done, notDone or noShow (planned undoes a record).") var status: ServiceStatusArgument?
    @Option(help: "Minutes actually served (default: the need's duration).") var minutes: Int?
    @Option(help: "The resident's feedback.") var feedback: String?
    @Option(help: "The resident's rating, 1 to 5.") var rating: Int?
    @Option(help: "A records document instead of the options above.") var file: String?

    func validate() throws {
        if file == nil && (need == nil || status == nil) { throw ValidationError("give --need and --status, or --file") }
        if file != nil && (need != nil || status != nil) { throw ValidationError("give either --file or --need/--status, not both") }
        if let m = minutes, !(0...1440).contains(m) { throw ValidationError("--minutes must be between 0 and 1440") }
        if let r = rating, !(1...5).contains(r) { throw ValidationError("--rating must be between 1 and 5") }
    }

    func run() throws {
        let updates: [ServiceUpdate]
        if let file {
            do { updates = try ServiceRecordsDocument.read(try IO.read(file)) } catch let error as InvalidInput {
                IO.reportProblems(error, file: file, what: "records document")
                throw ExitCode(ExitStatus.invalidInput.rawValue)
            }
        } else {
            updates = [ServiceUpdate(need: need!, person: person, status: status!.status, minutes: minutes, feedback: feedback, rating: rating)]
        }
        let store = StoreAccess.open(store ?? Store.defaultPath)
        let count: Int
        do { count = try store.record(week: week, updates) } catch { StoreAccess.fail(error) }
        IO.stderr("liandong: recorded \(count) service\(count == 1 ? "" : "s") of the week of \(week) in \(store.path)\n")
    }
}

enum ServiceStatusArgument: String, ExpressibleByArgument, CaseIterable {
    case planned, done, notDone, noShow
    var status: ServiceRecord.Status { ServiceRecord.Status(rawValue: rawValue)! }
}

/// Reads `{"records": [...]}` for `liandong record --file`, every problem with its path.
enum ServiceRecordsDocument {
    static func read(_ data: [UInt8]) throws(InvalidInput) -> [ServiceUpdate] {
        let value: JSONValue
        do { value = try JSONParser.parse(data).value } catch { throw InvalidInput([InputProblem(error)]) }
        guard case .object(let o) = value, case .array(let items)? = o["records"] else {
            throw InvalidInput([InputProblem(.missing, at: .root / "records", "expected {\"records\": [...]}")])
        }
        var problems: [InputProblem] = []
        var out: [ServiceUpdate] = []
        for (i, item) in items.enumerated() {
            let p = JSONPointer.root / "records" / i
            guard case .object(let r) = item else { problems.append(InputProblem(.type, at: p, "expected an object")); continue }
            for key in r.keys where !["need", "person", "status", "minutes", "feedback", "rating"].contains(key) {
                problems.append(InputProblem(.unknownField, at: p / key, "unknown member '\(key)'"))
            }
            func string(_ k: String) -> String? { if case .string(let s)? = r[k] { s } else { nil } }
            func int(_ k: String, _ range: ClosedRange<Int>) -> Int? {
                guard let v = r[k] else { return nil }
                guard case .number(let x) = v, x == x.rounded(), range.contains(Int(x)) else {
                    problems.append(InputProblem(.invalidValue, at: p / k, "expected a whole number in \(range.lowerBound)...\(range.upperBound)")); return nil
                }
                return Int(x)
            }
            let need = string("need")
            if need == nil { problems.append(InputProblem(.missing, at: p / "need", "missing required member 'need' (a string)")) }
            let status = string("status").flatMap(ServiceRecord.Status.init(rawValue:))
            if status == nil {
                problems.append(InputProblem(.invalidValue, at: p / "status", "expected one of 'done', 'notDone', 'noShow', 'planned'"))
            }
            let minutes = int("minutes", 0...1440), rating = int("rating", 1...5)
            if r["person"] != nil && string("person") == nil { problems.append(InputProblem(.type, at: p / "person", "expected a string")) }
            if r["feedback"] != nil && string("feedback") == nil { problems.append(InputProblem(.type, at: p / "feedback", "expected a string")) }
            if let need, let status {
                out.append(ServiceUpdate(need: need, person: string("person"), status: status, minutes: minutes, feedback: string("feedback"), rating: rating))
            }
        }
        guard problems.isEmpty else { throw InvalidInput(problems) }
        return out
    }
}

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show services (服务记录), time-bank hours (时间银行) and stars (星级) from the store; export certificates.",
        discussion: """
        liandong history --person v-01 | --resident r-101 | (everyone) [--format table|json|csv]. \
        --certificate writes the 志愿服务记录证明 listing as CSV (UTF-8 with BOM for Excel/WPS): \
        name, service period, content, hours, issuing organization — for every person with recorded \
        services (or the one named). Hours are the minutes served before the store knew the person \
        (servedMinutesToDate at first sight) plus the minutes recorded done since. Stars follow from \
        hours: --star-hours, by default 100,300,600,1000,1500 for one to five stars.
        """)

    @Option(help: ArgumentHelp("The store (default: $LIANDONG_STORE, else ~/.local/share/liandong/liandong.sqlite).", valueName: "path"))
    var store: String?
    @Option(help: "Only this person's services.") var person: String?
    @Option(help: "Only this resident's services.") var resident: String?
    @Option(help: "Only this week (its horizon.start).") var week: String?
    @Option(help: "table, json or csv.") var format: HistoryFormat = .table
    @Flag(help: "Write the service-record certificate listing (CSV) instead.") var certificate = false
    @Option(help: "Hours for one, two, … stars, comma-separated.") var starHours: String = "100,300,600,1000,1500"
    @Option(help: "The issuing organization on certificates (default: each person's organization).") var issuer: String?
    @Option(name: .shortAndLong, help: "Write to this file instead of stdout.") var output: String?

    var thresholds: [Double] { starHours.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) } }

    func validate() throws {
        let t = thresholds
        if t.isEmpty || t.count != starHours.split(separator: ",").count || zip(t, t.dropFirst()).contains(where: { $0 >= $1 }) || t.contains(where: { $0 < 0 }) {
            throw ValidationError("--star-hours must be increasing non-negative numbers, e.g. 100,300,600,1000,1500")
        }
    }

    func run() throws {
        let store = StoreAccess.open(self.store ?? Store.defaultPath)
        let services: [ServiceRecord]
        let accounts: [TimeBankAccount]
        do {
            services = try store.services(person: person, resident: resident, week: week)
            accounts = try store.timeBank().filter { a in person.map { $0 == a.person } ?? services.contains { $0.person == a.person } }
        } catch { StoreAccess.fail(error) }
        if let person, !accounts.contains(where: { $0.person == person }) {
            IO.fail(.invalidInput, "liandong: the store \(store.path) knows no person '\(person)'")
        }
        let text: String
        if certificate {
            text = HistoryReport.certificates(accounts: accounts, services: services, issuer: issuer)
        } else {
            switch format {
            case .json: text = HistoryReport.json(services: services, accounts: accounts, thresholds: thresholds)
            case .csv: text = HistoryReport.csv(services)
            case .table: text = HistoryReport.table(services: services, accounts: accounts, thresholds: thresholds)
            }
        }
        try IO.write(text, to: output)
    }
}

enum HistoryFormat: String, ExpressibleByArgument, CaseIterable { case table, json, csv }

/// The people-facing renderings of the store's records.
enum HistoryReport {
    static func when(_ s: ServiceRecord) -> String {
        guard let date = s.date else { return "不定时" }
        return CalendarDay.label(date) + (s.start.map { " \($0)–\(s.end ?? "")" } ?? "")
    }

    static func hours(_ minutes: Int) -> String { String(format: "%.1f", Double(minutes) / 60) }

    static func table(services: [ServiceRecord], accounts: [TimeBankAccount], thresholds: [Double]) -> String {
        var out = "服务记录 services\n"
        out += TableReport.table(["日期 date", "服务内容 service", "居民 resident", "服务人员 person", "时长 minutes", "状态 status", "评价 feedback"],
            services.map { s in
                [when(s), s.title ?? s.need, s.resident ?? "-", (s.personName ?? s.person) + "（\(s.person)）", String(s.minutes),
                 s.status.label, [s.rating.map { String(repeating: "★", count: $0) }, s.feedback].compactMap { $0 }.joined(separator: " ")]
            })
        out += "\n时间银行 time bank\n"
        out += TableReport.table(["人员 person", "组织 organization", "已完成 services", "本库记录 recorded h", "累计 total h", "星级 stars"],
            accounts.map { a in
                [(a.name ?? a.person) + "（\(a.person)）", a.organizationName ?? "-", String(a.services), hours(a.minutesDone),
                 hours(a.minutesBefore + a.minutesDone), String(repeating: "★", count: a.stars(thresholds: thresholds)).isEmpty ? "-" : String(repeating: "★", count: a.stars(thresholds: thresholds))]
            })
        return out
    }

    static func json(services: [ServiceRecord], accounts: [TimeBankAccount], thresholds: [Double]) -> String {
        let encoder = JSONValueEncoder()
        let s = (try? encoder.encode(services)) ?? .array([])
        let a: [JSONValue] = accounts.map { acc in
            var o = JSONObject()
            if case .object(let base)? = try? encoder.encode(acc) { o = base }
            o["hours"] = .number((acc.hours * 100).rounded() / 100)
            o["stars"] = .number(Double(acc.stars(thresholds: thresholds)))
            return .object(o)
        }
        return JSONWriter.write(.object(JSONObject([("schema", .string("liandong-history/v1")), ("services", s), ("timeBank", .array(a))])))
    }

    /// One row per service, UTF-8 with BOM so that Excel and WPS open it as Unicode.
    static func csv(_ services: [ServiceRecord]) -> String {
        var rows = [["日期", "星期时间", "需求", "服务内容", "居民", "社区", "服务人员", "人员编号", "组织", "时长（分钟）", "状态", "评分", "反馈"]]
        for s in services {
            rows.append([s.date ?? "", when(s), s.need, s.title ?? "", s.resident ?? "", s.communityName ?? s.community ?? "",
                         s.personName ?? "", s.person, s.organizationName ?? s.organization ?? "", String(s.minutes), s.status.label,
                         s.rating.map(String.init) ?? "", s.feedback ?? ""])
        }
        return SpreadsheetExport.csv(rows)
    }

    /// 志愿服务记录证明: name, service period, content, hours, issuing organization — done services only.
    static func certificates(accounts: [TimeBankAccount], services: [ServiceRecord], issuer: String?) -> String {
        var rows = [["姓名 name", "编号 id", "服务时间段 period", "服务内容 content", "服务次数 services", "服务时长（小时） hours", "出具单位 issuing organization"]]
        for a in accounts {
            let done = services.filter { $0.person == a.person && $0.status == .done }
            guard !done.isEmpty else { continue }
            let dates = done.compactMap(\.date).sorted()
            let period = dates.first.map { first in first == dates.last! ? first : "\(first) 至 \(dates.last!)" } ?? ""
            var titles: [String] = []
            for t in done.map({ $0.title ?? $0.need }) where !titles.contains(t) { titles.append(t) }
            rows.append([a.name ?? a.person, a.person, period, titles.joined(separator: "、"), String(done.count),
                         hours(done.reduce(0) { $0 + $1.minutes }), issuer ?? a.organizationName ?? ""])
        }
        return SpreadsheetExport.csv(rows)
    }
}
