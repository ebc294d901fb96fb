/// The words of the format in Chinese, for people: the skills, need categories, priority groups,
/// urgencies, roles, levels and reasons that inputs, the generator and the demo use, each with
/// its Chinese label. Input accepts either form (``InputDecoder`` turns a label into its id);
/// output for people (tables, CSV, the HTML report, details) shows the label.
public enum Vocabulary {
    /// Skills (技能) and need categories (服务类别) share one list of names.
    public static let skills: [(id: String, label: String)] = [
        ("elderlyCare", "为老服务"), ("childCare", "儿童关爱"), ("counselling", "心理疏导"), ("mediation", "矛盾调解"),
        ("rehabilitation", "康复训练"), ("crisisIntervention", "危机干预"), ("resourceLinking", "资源链接"),
        ("legalAid", "法律援助"), ("medicalEscort", "就医陪护"), ("publicity", "宣传倡导"), ("companionship", "陪伴探访"),
        ("tutoring", "课业辅导"), ("firstAid", "急救"), ("housework", "家政清洁"), ("homeRepair", "居家维修"),
        ("electricalRepair", "电器维修"), ("signLanguage", "手语"), ("campaign", "社区活动"),
    ]
    /// Priority groups (重点人群).
    public static let groups: [(id: String, label: String)] = [
        ("subsistenceAllowance", "低保"), ("extremePoverty", "特困"), ("childInDifficulty", "困境儿童"), ("disabled", "残疾人"),
        ("womenInDifficulty", "困境妇女"), ("elderly", "老年人"), ("livingAlone", "独居"), ("leftBehindChild", "留守儿童"),
    ]
    public static let urgencies: [(Urgency, String)] = [(.critical, "紧急"), (.high, "高"), (.normal, "一般"), (.low, "低")]
    public static let roles: [(Role, String)] = [(.socialWorker, "社工"), (.volunteer, "志愿者")]
    public static let levels: [(Level, String)] = [(.assistant, "助理社工师"), (.intermediate, "社工师"), (.senior, "高级社工师")]

    /// Chinese labels of the enumerated values, to the values (urgencies, roles, levels).
    static let enumLabels: [String: String] = {
        var out: [String: String] = ["不限": "any", "任意": "any", "普通": "normal"]
        for (u, l) in urgencies { out[l] = u.rawValue }
        for (r, l) in roles { out[l] = r.rawValue }
        for (v, l) in levels { out[l] = v.rawValue }
        return out
    }()
    static let skillLabel = Dictionary(uniqueKeysWithValues: skills.map { ($0.id, $0.label) })
    static let groupLabel = Dictionary(uniqueKeysWithValues: groups.map { ($0.id, $0.label) })
    static let skillID = Dictionary(uniqueKeysWithValues: skills.map { ($0.label, $0.id) })
    static let groupID = Dictionary(uniqueKeysWithValues: groups.map { ($0.label, $0.id) })

    /// The Chinese label of a skill or category id (the id itself when unknown).
    public static func label(skill id: String) -> String { skillLabel[id] ?? id }
    public static func label(group id: String) -> String { groupLabel[id] ?? id }
    public static func label(_ u: Urgency) -> String { urgencies.first { $0.0 == u }!.1 }
    public static func label(_ r: Role) -> String { roles.first { $0.0 == r }!.1 }
    public static func label(_ r: PositionRole) -> String {
        switch r {
        case .socialWorker: "社工"
        case .volunteer: "志愿者"
        case .any: "人员"
        }
    }
    public static func label(_ l: Level) -> String { levels.first { $0.0 == l }!.1 }

    /// The id for a skill or category given as its id or its Chinese label.
    public static func skillID(_ text: String) -> String { skillID[text] ?? text }
    public static func groupID(_ text: String) -> String { groupID[text] ?? text }

    /// The Chinese label of a reason code.
    public static func label(_ r: UnservedReason) -> String {
        switch r {
        case .noQualifiedPerson: "无合格人员"
        case .noCommonTime: "时间凑不齐"
        case .capacityExhausted: "人员时长已满"
        case .organizationFull: "组织接单已满"
        case .declined: "已拒单"
        case .notInsured: "未投保"
        case .lowerValue: "让位于其他服务"
        case .exceedsBudget: "超出时长预算"
        case .solverStopped: "求解提前停止"
        case .pinnedOrder: "已接单占用"
        case .notAnalysed: "未及分析原因"
        }
    }

    /// A team position in words: `社工 1（为老服务；最低 社工师）`, numbered from 1.
    public static func describe(_ position: TeamPosition, number k: Int) -> String {
        var extra: [String] = []
        if !position.skills.isEmpty { extra.append(position.skills.map(label(skill:)).joined(separator: "、")) }
        if let l = position.minLevel { extra.append("最低 " + label(l)) }
        let count = position.count > 1 ? " ×\(position.count)" : ""
        return "\(label(position.role)) \(k + 1)\(count)" + (extra.isEmpty ? "" : "（" + extra.joined(separator: "；") + "）")
    }

    /// The closest known word to `text` among `known` (edit distance at most 3), for
    /// "did you mean" warnings.
    public static func closest(_ text: String, in known: some Sequence<String>) -> String? {
        var best: (String, Int)?
        for word in known where word != text {
            let d = distance(text.lowercased(), word.lowercased())
            if d <= min(3, max(1, word.count / 3)), best == nil || d < best!.1 || (d == best!.1 && word < best!.0) { best = (word, d) }
        }
        return best?.0
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var previous = row[0]
            row[0] = i
            for j in 1...b.count {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return row[b.count]
    }
}
