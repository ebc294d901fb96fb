import ArgumentParser
import Foundation
import Liandong
import LiandongBatch
import LiandongDocuments

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Build a liandong/v1 week from spreadsheets (CSV from Excel or WPS): needs, people, organizations, communities.",
        discussion: """
        Give a folder holding the four files named as the templates (liandong templates DIR writes them), \
        or each file with its option. Headers in Chinese or English; UTF-8 with or without a BOM. Every bad \
        cell is reported as file:line:column, in Chinese and English (exit 65).
        """)

    @Argument(help: "A folder with 需求 needs.csv, 人员 people.csv, 组织 organizations.csv, 社区 communities.csv.") var folder: String?
    @Option(help: "The need list (需求清单).") var needs: String?
    @Option(help: "The roster with availability (人员名册).") var people: String?
    @Option(help: "The organizations (组织).") var organizations: String?
    @Option(help: "The communities (社区).") var communities: String?
    @Option(help: "The week's first day, YYYY-MM-DD (weekdays in the sheets count from it).") var start: String
    @Option(help: "Days in the week (default 7).") var days: Int = 7
    @Option(help: "Slot length in minutes (default 30).") var slot: Int = 30
    @Option(name: .customLong("minutes-per-km"), help: "Travel: minutes per kilometre between communities (needs their coordinates).") var minutesPerKm: Double?
    @Option(name: .shortAndLong, help: "Write the week to this file instead of stdout.") var output: String?

    func validate() throws {
        if let f = minutesPerKm, !(0...10_000).contains(f) { throw ValidationError("--minutes-per-km must be between 0 and 10000") }
        if folder == nil && (needs == nil || people == nil) { throw ValidationError("give a folder, or --needs and --people") }
        if CalendarDay.weekday(start) == nil || CalendarDay.date(start: start, day: 0) != start { throw ValidationError("--start must be a date YYYY-MM-DD") }
        if !(1...366).contains(days) { throw ValidationError("--days must be between 1 and 366") }
        if !(1...1440).contains(slot) || 1440 % slot != 0 { throw ValidationError("--slot must divide a day (1440 minutes)") }
    }

    func run() throws {
        var isDirectory: ObjCBool = false
        if let folder, !(FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) && isDirectory.boolValue) {
            IO.fail(.cannotRead, "liandong: \(folder) 不是文件夹 / is not a folder (liandong templates \(folder) writes the four templates there)")
        }
        var files: [Sheet: (name: String, text: String)] = [:]
        let given: [Sheet: String?] = [.needs: needs, .people: people, .organizations: organizations, .communities: communities]
        for sheet in Sheet.allCases {
            var path = given[sheet] ?? nil
            if path == nil, let folder {
                let candidate = (folder as NSString).appendingPathComponent(sheet.fileName)
                if FileManager.default.fileExists(atPath: candidate) { path = candidate }
            }
            guard let path else { continue }
            let bytes = try IO.read(path)
            guard let (text, encoding) = SpreadsheetImport.text(bytes) else {
                IO.fail(.invalidInput, "liandong: \(path): 文件既不是 UTF-8 也不是 GB18030 编码 / the file is neither UTF-8 nor GB18030: in Excel or WPS save it as “CSV UTF-8”")
            }
            if let encoding { IO.stderr("liandong: \(path): 按 \(encoding) 读取（Excel/WPS 的“CSV（逗号分隔）”）/ read as \(encoding)\n") }
            files[sheet] = (path, text)
        }
        do {
            let week = try SpreadsheetImport(start: start, days: days, slotMinutes: slot, minutesPerKm: minutesPerKm).build(files)
            try IO.write(try JSONValueEncoder().encodeText(week), to: output)
        } catch let error as SheetProblems {
            IO.fail(.invalidInput, "liandong: 表格有 \(error.problems.count) 处问题 / the spreadsheets have \(error.problems.count) problem(s):\n  "
                    + error.problems.map(\.description).joined(separator: "\n  "))
        }
    }
}

struct TemplatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "Write the four spreadsheet templates (CSV, UTF-8 with BOM for Excel and WPS) into a folder; with --input, the week itself as those sheets.")

    @Argument(help: "The folder to write into (created if missing).") var folder: String
    @Option(help: "A liandong/v1 week to write as the four sheets instead of empty templates.") var input: String?

    func run() throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var sheets: [Sheet: String]
        if let input {
            let decoded = try IO.decodeInput(input)
            let losses = SpreadsheetExport.losses(decoded.input)
            if !losses.isEmpty { IO.stderr("liandong: the sheets do not hold this week's \(losses.joined(separator: ", ")); they are left out\n") }
            sheets = SpreadsheetExport.sheets(of: decoded.input)
        } else {
            sheets = Dictionary(uniqueKeysWithValues: Sheet.allCases.map { ($0, SpreadsheetExport.template($0)) })
        }
        for (sheet, text) in sheets.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            try IO.write(text, to: (folder as NSString).appendingPathComponent(sheet.fileName))
        }
    }
}

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "A plan for people: a self-contained HTML page to read and print on A4, and the CSV sheets to hand out.",
        discussion: "--html FILE: the week by community and by person, coverage charts, the unserved needs, one order sheet per organization. --csv DIR: 派单 (orders per organization), 人员日程 (each person's schedule), 未安排 (unserved needs with reasons).")

    @Argument(help: "The plan.") var plan: String
    @Option(help: "The plan's input (for names, titles, dates).") var input: String
    @Option(help: "Write the HTML report to this file.") var html: String?
    @Option(help: "Write the CSV sheets into this folder.") var csv: String?
    @Option(help: "zh (default) or en.") var lang: LanguageArgument = .zh

    func validate() throws {
        if html == nil && csv == nil { throw ValidationError("give --html FILE and/or --csv DIR") }
    }

    func run() throws {
        let decoded = try IO.decodeInput(input)
        let planText = try IO.read(plan)
        let document: Plan
        do { document = try PlanReplay.plan(planText, input: decoded) } catch {
            IO.reportProblems(error, file: plan, what: "plan")
            throw ExitCode(ExitStatus.invalidInput.rawValue)
        }
        if let html {
            try IO.write(HTMLReport(plan: document, input: decoded.input, language: lang == .en ? .en : .zh).render(), to: html)
        }
        if let csv {
            try FileManager.default.createDirectory(atPath: csv, withIntermediateDirectories: true)
            try IO.write(SpreadsheetExport.orderSheet(document, input: decoded.input), to: (csv as NSString).appendingPathComponent("派单 orders.csv"))
            try IO.write(SpreadsheetExport.personSheet(document, input: decoded.input), to: (csv as NSString).appendingPathComponent("人员日程 schedules.csv"))
            try IO.write(SpreadsheetExport.unservedSheet(document, input: decoded.input), to: (csv as NSString).appendingPathComponent("未安排 unserved.csv"))
        }
    }
}

enum LanguageArgument: String, ExpressibleByArgument, CaseIterable { case zh, en }
