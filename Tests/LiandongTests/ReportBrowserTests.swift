import Foundation
import Testing
@testable import Liandong
import LiandongDocuments

/// The HTML report in a real headless browser (Debian's chromium): it renders without console
/// errors or failed requests, shows the week and the order sheets, and gives a screenshot and an
/// A4 PDF (kept in .build/report-artifacts/ for a look).
@Suite(.serialized) struct ReportBrowserTests {
    static var chromium: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium!)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                             "--disable-extensions", "--enable-logging=stderr", "--v=0"] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    @Test func theReportRendersInABrowserAndPrintsOnA4() throws {
        guard Self.chromium != nil else {
            Issue.record("chromium is not installed: scripts/test.sh installs it (apt-get install chromium fonts-wqy-microhei)")
            return
        }
        let week = try DispatchRoundTests.demo()
        let plan = try Engine.plan(week, settings: SolverSettings(backend: .auto, timeLimitSeconds: 10))
        let dir = SharedData.repositoryRoot.appendingPathComponent(".build/report-artifacts")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let page = dir.appendingPathComponent("report.html")
        let html = HTMLReport(plan: plan, input: week.input).render()
        try html.write(to: page, atomically: true, encoding: .utf8)
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("<script"), "the page must be self-contained")

        // Rendered DOM: the sections and the names are there.
        let dom = try Self.run(["--dump-dom", page.absoluteString])
        #expect(dom.status == 0)
        #expect(dom.stdout.contains("本周日历（按社区）") && dom.stdout.contains("派单 · 汇光关爱社工服务站") && dom.stdout.contains("11月23日 周一"))
        #expect(dom.stdout.contains("<svg"))
        // No console errors, no failed requests.
        let problems = dom.stderr.split(separator: "\n").filter { line in
            (line.contains("CONSOLE") && (line.contains("rror") || line.contains("Uncaught"))) || line.contains("Failed to load resource") || line.contains("net::ERR")
        }
        #expect(problems.isEmpty, "\(problems)")

        let png = dir.appendingPathComponent("report.png")
        let pdf = dir.appendingPathComponent("report.pdf")
        try? FileManager.default.removeItem(at: png)
        try? FileManager.default.removeItem(at: pdf)
        _ = try Self.run(["--window-size=1280,1500", "--screenshot=\(png.path)", page.absoluteString])
        _ = try Self.run(["--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)", page.absoluteString])
        let image = try Data(contentsOf: png)
        #expect(image.count > 20_000 && image.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        let document = try Data(contentsOf: pdf)
        #expect(document.prefix(5) == Data("%PDF-".utf8))
        // A4 pages (595 × 842 points), one per organization's order sheet and more.
        let text = String(decoding: document, as: UTF8.self)
        let pages = text.components(separatedBy: "/Type /Page").count - 1 - (text.components(separatedBy: "/Type /Pages").count - 1)
        #expect(pages >= 1 + Set(plan.assignments.map { $0.organization ?? "" }).count, "\(pages) pages")
        #expect(text.contains("595") && text.contains("842"))
    }

    @Test func englishReportAndCSVSheets() throws {
        let week = try DispatchRoundTests.demo()
        let plan = try Engine.plan(week, settings: SolverSettings(backend: .auto, timeLimitSeconds: 10))
        let en = HTMLReport(plan: plan, input: week.input, language: .en).render()
        #expect(en.contains("Order sheet") && en.contains("<html lang=\"en\">"))
        let orders = SpreadsheetExport.orderSheet(plan, input: week.input)
        #expect(orders.hasPrefix("\u{FEFF}") && orders.contains("\r\n"))
        #expect(orders.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == plan.assignments.count + 1)
        let unserved = SpreadsheetExport.unservedSheet(plan, input: week.input)
        #expect(unserved.contains("无合格人员") && unserved.contains("noQualifiedPerson"))
        let schedule = SpreadsheetExport.personSheet(plan, input: week.input)
        #expect(schedule.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == plan.assignments.reduce(0) { $0 + $1.people.count } + 1)
    }
}
