import Foundation
import Testing
@testable import Liandong
@testable import LiandongBatch
import LiandongDocuments

/// Spreadsheets in and out: the templates, the demo week through CSV and back, bad cells by file,
/// line and column, Chinese or English headers.
@Suite struct SpreadsheetTests {
    static func sheets(_ input: PlanningInput) -> [Sheet: (name: String, text: String)] {
        Dictionary(uniqueKeysWithValues: SpreadsheetExport.sheets(of: input).map { ($0.key, ($0.key.fileName, $0.value)) })
    }

    @Test func theDemoWeekThroughSpreadsheetsPlansTheSame() throws {
        var demo = try DispatchRoundTests.demo().input
        demo.pairs = []   // the one thing the sheets do not hold
        let back = try SpreadsheetImport(start: "2026-11-23", minutesPerKm: 4).build(Self.sheets(demo))
        #expect(back.needs.count == demo.needs.count && back.people.count == demo.people.count)
        #expect(back.needs.map(\.team) == demo.needs.map(\.team))
        #expect(back.people.map(\.availability) == demo.people.map(\.availability))
        #expect(Set(back.declined) == Set(demo.declined))
        let settings = SolverSettings(backend: .glpk, timeLimitSeconds: 20)
        let a = try Engine.plan(try demo.validated(), settings: settings), b = try Engine.plan(try back.validated(), settings: settings)
        #expect(a.solver.objective == b.solver.objective && a.status == .optimal && b.status == .optimal)
    }

    @Test func templatesOpenInExcelAndWPSAndImportTheirExample() throws {
        for sheet in Sheet.allCases {
            let text = SpreadsheetExport.template(sheet)
            #expect(text.hasPrefix("\u{FEFF}") && text.contains("\r\n"))
            #expect(text.contains(sheet.columns[0].zh) && text.contains(sheet.columns[0].en))
        }
        // The templates' example lines make a week that imports and plans as they are (a first try).
        let files = Dictionary(uniqueKeysWithValues: Sheet.allCases.map { ($0, ($0.fileName, SpreadsheetExport.template($0))) })
        let week = try SpreadsheetImport(start: "2026-11-23").build(files)
        #expect(week.needs.count == 1 && week.people.count == 1)
        let plan = try Engine.plan(try week.validated(), settings: SolverSettings(backend: .glpk, timeLimitSeconds: 5))
        #expect(plan.summary.served == 1)
    }

    @Test func everyBadCellIsReportedByFileLineAndColumn() throws {
        let demo = try DispatchRoundTests.demo().input
        var files = Self.sheets(demo)
        var people = files[.people]!.text.components(separatedBy: "\r\n")
        people[2] = people[2].replacingOccurrences(of: ",社工,", with: ",社公,")              // line 3: role
        people[4] = people[4].replacingOccurrences(of: "周一 08:30-12:00", with: "周八 08:30-12:00")  // line 5: a day
        files[.people]!.text = people.joined(separator: "\r\n")
        var needs = files[.needs]!.text.components(separatedBy: "\r\n")
        // line 2: a title over two lines (quoted); line 4 (as Excel counts: the next record starts on line 4) a bad duration
        needs[1] = needs[1].replacingOccurrences(of: "独居老人入户探访", with: "\"独居老人\n入户探访\"")
        var cells = needs[2].components(separatedBy: ",")
        cells[13] = "九十"
        needs[2] = cells.joined(separator: ",")
        files[.needs]!.text = needs.joined(separator: "\r\n")
        do {
            _ = try SpreadsheetImport(start: "2026-11-23").build(files)
            Issue.record("bad sheets were accepted")
        } catch {
            let found = error.problems.map { "\($0.file):\($0.line):\($0.column)" }
            #expect(found.contains("人员 people.csv:3:3"), "\(found)")
            #expect(found.contains("人员 people.csv:5:7"), "\(found)")
            #expect(found.contains("需求 needs.csv:4:14"), "\(found)")
            #expect(error.problems.allSatisfy { $0.message.contains("/") }, "Chinese and English")
        }
        // Semantic problems come back at their cells too.
        var ref = Self.sheets(demo)
        ref[.needs]!.text = ref[.needs]!.text.replacingOccurrences(of: "n-01,huiquan", with: "n-01,huiqan")
        do { _ = try SpreadsheetImport(start: "2026-11-23").build(ref); Issue.record("accepted") } catch {
            #expect(error.problems.map { "\($0.file):\($0.line):\($0.column)" } == ["需求 needs.csv:2:2"])
        }
    }

    @Test func englishHeadersWorkToo() throws {
        let demo = try DispatchRoundTests.demo().input
        var files = Self.sheets(demo)
        for sheet in Sheet.allCases {
            var lines = files[sheet]!.text.components(separatedBy: "\r\n")
            lines[0] = "\u{FEFF}" + sheet.columns.map(\.en).joined(separator: ",")
            files[sheet]!.text = lines.joined(separator: "\r\n")
        }
        let back = try SpreadsheetImport(start: "2026-11-23").build(files)
        #expect(back.needs.count == demo.needs.count)
    }
}

extension SpreadsheetTests {
    /// datasets/templates and datasets/wenchang-week-csv are what `liandong templates` writes.
    @Test func theShippedSheetsAreCurrent() throws {
        let root = SharedData.repositoryRoot.appendingPathComponent("datasets")
        let demo = try DispatchRoundTests.demo().input
        let sheets = SpreadsheetExport.sheets(of: demo)
        for sheet in Sheet.allCases {
            // Bytes, not String(contentsOf:), which drops the BOM.
            let shipped = try Data(contentsOf: root.appendingPathComponent("wenchang-week-csv").appendingPathComponent(sheet.fileName))
            #expect(shipped == Data(sheets[sheet]!.utf8), "datasets/wenchang-week-csv/\(sheet.fileName) is stale: liandong templates datasets/wenchang-week-csv --input datasets/wenchang-week.json")
            let template = try Data(contentsOf: root.appendingPathComponent("templates").appendingPathComponent(sheet.fileName))
            #expect(template.prefix(3) == Data([0xEF, 0xBB, 0xBF]))
            #expect(template == Data(SpreadsheetExport.template(sheet).utf8), "datasets/templates/\(sheet.fileName) is stale: liandong templates datasets/templates")
        }
    }
}

/// What-if as planners say it: an organization takes no orders, more volunteers, a person away.
@Suite struct WhatIfTests {
    static func base() throws -> JSONValue { try JSONParser.parse(Array(try Data(contentsOf: DemoTests.path))).value }

    static func edit(_ name: String, _ edit: String) throws -> (name: String, value: JSONValue) {
        (name, try JSONParser.parse(Array(#"{"schema": "liandong-scenario/v1", "name": "\#(name)", "edits": [\#(edit)]}"#.utf8)).value)
    }

    @Test func editsChangeTheWeekAsSaid() throws {
        let base = try Self.base()
        let noOrders = try Scenario.apply(try Self.edit("x", #"{"organizationTakesNoOrders": "yinling"}"#).value, to: base, defaultName: "x")
        let orgs = try InputDecoder.decode(noOrders.document).input.organizations
        #expect(orgs.first { $0.id == "yinling" }?.maxOrders == 0)
        let more = try Scenario.apply(try Self.edit("x", #"{"addVolunteers": {"count": 3, "skills": ["陪伴探访"]}}"#).value, to: base, defaultName: "x")
        let people = try InputDecoder.decode(more.document).input.people
        #expect(people.filter { $0.id.hasPrefix("extra-v") }.count == 3 && people.last?.skills == ["companionship"])
        let away = try Scenario.apply(try Self.edit("x", #"{"personAway": {"person": "sw-01", "days": [1, 2]}}"#).value, to: base, defaultName: "x")
        let sw = try #require(try InputDecoder.decode(away.document).input.people.first { $0.id == "sw-01" })
        #expect(sw.availability?.allSatisfy { $0.day != 1 && $0.day != 2 } == true && !(sw.availability ?? []).isEmpty)
        #expect { try Scenario.apply(try Self.edit("x", #"{"organizationTakesNoOrders": "nobody"}"#).value, to: base, defaultName: "x") } throws: { error in
            (error as? InvalidInput)?.problems.first?.path.description == "/edits/0/organizationTakesNoOrders"
        }
    }

    @Test func theComparisonDescribesEveryScenarioAndExitsZero() throws {
        let scenarios = [try Self.edit("银龄 不接单", #"{"organizationTakesNoOrders": "yinling"}"#),
                         try Self.edit("增加 5 名志愿者", #"{"addVolunteers": {"count": 5, "skills": ["rehabilitation"]}}"#)]
        let result = Commands.comparison(base: try Self.base(), scenarios: scenarios, overrides: SettingsOverrides(backend: .auto, timeLimitSeconds: 10))
        guard case .success(let c) = result else { Issue.record("comparison failed"); return }
        #expect(c.columns.map(\.name) == ["base", "银龄 不接单", "增加 5 名志愿者"])
        // Five more rehabilitation volunteers serve the two rehabilitation needs left out.
        #expect(Set(c.newlyServed(c.columns[2])).isSuperset(of: ["n-33", "n-40"]))
        // Every need lost when 银龄 takes no orders is explained, and who took over its orders is listed.
        let lost = c.lost(c.columns[1])
        #expect(lost.allSatisfy { !$0.reasons.isEmpty })
        #expect(c.takenOver(c.columns[1]).allSatisfy { $0.before?.organization != $0.after?.organization || $0.moved.contains(.people) || $0.moved.contains(.time) })
        #expect(c.table.contains("现状 base") && c.table.contains("参与人员 people used"))
        // The limit is the whole comparison's: three plans, an equal third of what comparing them leaves.
        let shares = Set(c.columns.map(\.plan.solver.timeLimitSeconds))
        #expect(shares.count == 1 && shares.allSatisfy { $0 < 10.0 / 3 && $0 >= 8.0 / 3 })
        #expect(Commands.compare(base: try Self.base(), scenarios: scenarios, overrides: SettingsOverrides(backend: .auto, timeLimitSeconds: 10)).status == .ok)
    }
}

extension SpreadsheetTests {
    /// Excel and WPS on Chinese Windows save “CSV (逗号分隔)” in GB 18030, not UTF-8.
    @Test func sheetsSavedInGB18030ReadToo() throws {
        let demo = try DispatchRoundTests.demo().input
        let utf8 = SpreadsheetExport.sheets(of: demo)
        var files: [Sheet: (name: String, text: String)] = [:]
        for (sheet, text) in utf8 {
            let body = String(text.dropFirst())   // Excel's GB18030 files carry no BOM
            let bytes = try #require(body.data(using: SpreadsheetImport.gb18030))
            #expect(String(validating: Array(bytes), as: UTF8.self) == nil, "the test needs bytes that are not UTF-8")
            let read = try #require(SpreadsheetImport.text(Array(bytes)))
            #expect(read.encoding == "GB18030" && read.text == body)
            files[sheet] = (sheet.fileName, read.text)
        }
        let back = try SpreadsheetImport(start: "2026-11-23").build(files)
        #expect(back.people.map(\.name) == demo.people.map(\.name))
    }
}
