import ArgumentParser
import Foundation
import Liandong
import LiandongDocuments
import LiandongBatch

/// Reads INPUT and PLAN for the advice commands (65 with every problem when either is invalid).
enum AdviceInput {
    static func read(_ input: String, _ plan: String) throws -> (DecodedInput, PlanDocument) {
        (try IO.decodeInput(input), try IO.readPlan(plan))
    }

    static func fail(_ error: InvalidInput) -> Never {
        IO.fail(.invalidInput, "liandong: " + error.problems.map { "\($0.path): \($0.message)" }.joined(separator: "\n  "))
    }

    static func why(_ p: Suggestion.Person) -> String {
        var parts: [String] = []
        if p.kept { parts.append("原队员") }
        if let m = p.why.minutesLeft { parts.append("预算余 \(m) 分钟") }
        parts.append("本周已排 \(p.why.weekMinutes) 分钟")
        if p.why.servedResidentBefore { parts.append("曾服务该居民") }
        if p.why.preferred { parts.append("居民偏好") }
        if p.why.partyMember { parts.append("党员") }
        if p.why.travelMinutes > 0 { parts.append("路程 \(p.why.travelMinutes) 分钟") }
        return parts.joined(separator: "，")
    }
}

struct SuggestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suggest",
        abstract: "Who could serve a need now (the rest of the plan kept), best first, each with why.",
        discussion: "With --instead-of PERSON: who could take that member's place, the rest of the team kept (the minute after a decline).")

    @Argument(help: "The input document.") var input: String
    @Argument(help: "The plan.") var plan: String
    @Option(help: "The need.") var need: String
    @Option(name: .customLong("instead-of"), help: "The member to replace.") var insteadOf: String?
    @Option(help: "How many suggestions.") var limit: Int = 10
    @Option(help: "json or table.") var format: OutputFormat = .table

    func validate() throws {
        if input == "-" && plan == "-" { throw ValidationError("only one of INPUT and PLAN can be read from stdin") }
        if !(1...100).contains(limit) { throw ValidationError("--limit must be between 1 and 100") }
    }

    func run() throws {
        let (decoded, document) = try AdviceInput.read(input, plan)
        let report: SuggestionReport
        do { report = try Advisor.suggest(decoded, plan: document, need: need, insteadOf: insteadOf, limit: limit) } catch { AdviceInput.fail(error) }
        if format == .json { try IO.write(JSONWriter.write(Commands.encodeValue(report)), to: nil); return }
        let names = PeopleNames(decoded.input)
        var text = "可接替 \(need)" + (insteadOf.map { "（替换 \(names.person($0))）" } ?? "") + "：\(report.suggestions.count) 个方案\n"
        text += TableReport.table(["排名 rank", "时间 when", "组织 organization", "人员 people", "目标值 gain", "说明 why"],
            report.suggestions.map { s in
                [String(s.rank), names.when(s.day, s.start, s.end), names.organization(s.organization),
                 s.people.map { names.person($0.person) }.joined(separator: "、"), JSONWriter.number(s.gain),
                 s.people.map { names.person($0.person) + "：" + AdviceInput.why($0) }.joined(separator: "；")]
            })
        if report.suggestions.isEmpty { text += "没有人能在保持其余方案不变的情况下接替。可用 liandong explain 查看最近的调整办法。\n" }
        try IO.write(text, to: nil)
    }
}

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Why a need is served by its team (and the alternatives), or why it is not (and the nearest fixes, verified by re-planning).")

    @Argument(help: "The input document.") var input: String
    @Argument(help: "The plan.") var plan: String
    @Option(help: "The need (default: every unserved need, each with its nearest fix).") var need: String?
    @Option(help: "json or table.") var format: OutputFormat = .table
    @Option(name: .customLong("fix-seconds"), help: "Time for re-planning the candidate fixes (default 1.5 for one need, 10 for the week).") var fixSeconds: Double?

    func validate() throws {
        if input == "-" && plan == "-" { throw ValidationError("only one of INPUT and PLAN can be read from stdin") }
        if let f = fixSeconds, !(0.05...600).contains(f) { throw ValidationError("--fix-seconds must be between 0.05 and 600") }
    }

    func run() throws {
        let (decoded, document) = try AdviceInput.read(input, plan)
        guard let need else { return try week(decoded, document) }
        let e: NeedExplanation
        do { e = try Advisor.explain(decoded, plan: document, need: need, fixSeconds: fixSeconds ?? 1.5) } catch { AdviceInput.fail(error) }
        if format == .json { try IO.write(JSONWriter.write(Commands.encodeValue(e)), to: nil); return }
        let names = PeopleNames(decoded.input)
        var text = "需求 \(e.need)" + (e.title.map { " \($0)" } ?? "") + "\n"
        if let a = e.assignment, let v = e.value {
            text += "已安排：\(names.when(a.day, a.start, a.end))，\(names.organization(a.organization))，" + a.people.map { names.person($0.person) }.joined(separator: "、") + (a.pinned ? "（已接单）" : "") + "\n"
            text += "价值：紧急程度 \(JSONWriter.number(v.urgency)) + 重点人群 \(JSONWriter.number(v.groups))；每位队员：" +
                v.members.map { "\(names.person($0.person)) \(JSONWriter.number($0.gain))" }.joined(separator: "，") + "\n"
            if !e.alternatives.isEmpty {
                text += "\n其他可行方案（方案其余部分不变）\n"
                text += TableReport.table(["时间 when", "人员 people", "差值 difference", "未选原因 why not"], e.alternatives.map { alt in
                    [names.when(alt.suggestion.day, alt.suggestion.start, alt.suggestion.end),
                     alt.suggestion.people.map { names.person($0.person) }.joined(separator: "、"), JSONWriter.number(alt.gainDifference), alt.whyNot]
                })
            }
        } else {
            text += "未安排：" + e.reasons.map { Vocabulary.label($0) + "（\($0.rawValue)）" }.joined(separator: "、") + "\n" + (e.detail ?? "") + "\n"
            text += "\n最近的调整办法（逐一重排验证）\n"
            text += TableReport.table(["调整 change", "能否安排 serves", "代价 lost"], e.fixes.map { f in
                [f.description, f.fix.serves ? "能" : "不能", f.fix.lost.isEmpty ? "无" : "不再安排 " + f.fix.lost.joined(separator: "、")]
            })
            if !e.fixes.contains(where: { $0.fix.serves }) { text += "在所试的调整中，没有一项能让它得到安排。\n" }
        }
        try IO.write(text, to: nil)
    }

    func week(_ decoded: DecodedInput, _ document: PlanDocument) throws {
        let w: WeekExplanation
        do { w = try Advisor.week(decoded, plan: document, seconds: fixSeconds ?? 10) } catch { AdviceInput.fail(error) }
        if format == .json { try IO.write(JSONWriter.write(Commands.encodeValue(w)), to: nil); return }
        var text = "未安排的需求 \(w.unserved.count) 项，各附最近的调整办法（逐一重排验证）\n"
        text += TableReport.table(["需求 need", "原因 reasons", "最近的调整 nearest fix", "代价 lost"], w.unserved.map { e in
            let fix = e.fixes.first { $0.fix.serves }
            return [e.need + (e.title.map { " \($0)" } ?? ""), e.reasons.map(Vocabulary.label).joined(separator: "、"),
                    fix?.description ?? (e.fixes.isEmpty ? "（未及尝试）" : "所试调整均无效"),
                    fix.map { $0.fix.lost.isEmpty ? "无" : $0.fix.lost.joined(separator: "、") } ?? "-"]
        })
        try IO.write(text, to: nil)
    }
}
