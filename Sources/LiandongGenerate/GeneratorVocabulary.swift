import Liandong
/// The generator's vocabulary: the demo week's skills, categories, groups and team shapes
/// (datasets/README.md), place and people names, volunteer-team themes and need templates.
enum Vocabulary {
    // MARK: Places and people

    /// Community names are two characters from these lists plus 社区 (40 × 24 = 960 names).
    static let communityFirst = Array("汇光北定东文和平安康福新华兴明春阳清锦翠金银云龙凤瑞德仁礼信义长永太丰盛嘉祥宁南")
    static let communitySecond = Array("泉州关海苑园坊街湖山河桥门城林庭里台景湾源岭溪")

    /// Street names: two characters plus 路街道 (20 × 14 = 280 names).
    static let streetFirst = Array("文永府城沙金新朱土驿程平夏郭柞虎银海三东")
    static let streetSecond = Array("昌安前港河城桥由山里阳丰岭湖")

    /// Districts, after the seed documents' city (Zhengzhou) and its Huiji district.
    static let districts = ["惠济区", "金水区", "中原区", "二七区", "管城区", "上街区", "高新区", "经开区", "郑东新区", "航空港区"]

    static let agencyBrands = ["汇光关爱", "阳光守护", "同心", "启航", "暖心", "守望", "益众", "和美", "向日葵", "邻里"]

    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯史陶贺顾毛郝邵孔曲綦")
    static let givenChars = Array("淑华晓燕志强丽娜鹏雯海明春梅娟建国敏红磊倩洋静文涛芳秀兰桂英德胜玉凤立军永平翠萍冬思雨子涵欣怡浩然佳琪博俊杰雨桐宇轩婷伟刚勇")

    // MARK: Skills

    /// Every skill the generator hands out, as in the demo week.
    static let skills = ["elderlyCare", "childCare", "counselling", "mediation", "rehabilitation", "crisisIntervention",
                         "resourceLinking", "legalAid", "medicalEscort", "publicity", "companionship", "tutoring",
                         "firstAid", "housework", "homeRepair", "electricalRepair", "signLanguage"]
    static let skillBit: [String: UInt32] = Dictionary(uniqueKeysWithValues: skills.enumerated().map { ($1, UInt32(1) << UInt32($0)) })

    static func mask(_ list: [String]) -> UInt32 { list.reduce(0) { $0 | skillBit[$1]! } }

    /// Skills a street's social-work station always covers (its service lines).
    static let serviceLines = ["elderlyCare", "childCare", "counselling", "mediation", "resourceLinking", "publicity",
                               "medicalEscort", "rehabilitation"]

    // MARK: Volunteer-team themes

    /// What a volunteer team is made of, after the demo's teams.
    enum Theme: CaseIterable {
        /// “银龄先锋”: retired residents — weekday mornings.
        case silver
        /// “光明直通车”: drivers and hospital escorts.
        case escort
        /// 青鸟“助”巢: teachers and students — evenings and weekends.
        case youth
        /// 红马甲: neighbourhood volunteers of every kind.
        case redVest
        /// “法润”: lawyers — one or two evenings.
        case legal
        /// 家有“医”靠: retired doctors, nurses and therapists (a community organization).
        case health

        /// Skills with the chance that a member holds each.
        var skills: [(String, Double)] {
            switch self {
            case .silver: [("companionship", 0.7), ("elderlyCare", 0.4), ("housework", 0.45), ("publicity", 0.3),
                           ("mediation", 0.25), ("homeRepair", 0.2), ("electricalRepair", 0.08), ("firstAid", 0.1)]
            case .escort: [("medicalEscort", 0.85), ("firstAid", 0.5), ("companionship", 0.4), ("publicity", 0.1)]
            case .youth: [("tutoring", 0.6), ("childCare", 0.5), ("companionship", 0.5), ("publicity", 0.35),
                          ("firstAid", 0.15), ("counselling", 0.05)]
            case .redVest: [("companionship", 0.7), ("housework", 0.45), ("elderlyCare", 0.3), ("childCare", 0.2),
                            ("mediation", 0.2), ("firstAid", 0.2), ("medicalEscort", 0.15), ("publicity", 0.25),
                            ("homeRepair", 0.1)]
            case .legal: [("legalAid", 1.0), ("mediation", 0.5)]
            case .health: [("rehabilitation", 0.5), ("firstAid", 0.6), ("medicalEscort", 0.45), ("counselling", 0.15),
                           ("companionship", 0.3), ("elderlyCare", 0.2)]
            }
        }

        var insuredShare: Double {
            switch self {
            case .silver: 0.55  // several are past the insurer's age limit
            case .escort: 0.85
            case .youth: 0.65
            case .redVest: 0.6
            case .legal: 0.7
            case .health: 0.8
            }
        }

        var partyShare: Double { self == .silver ? 0.5 : 0.35 }

        /// How often a street's team has this theme (health is the street's community organization).
        var teamWeight: Double {
            switch self { case .silver: 0.3; case .escort: 0.15; case .youth: 0.25; case .redVest: 0.22; case .legal: 0.08; case .health: 0 }
        }

        /// Team size relative to the others.
        var sizeWeight: Double { self == .legal ? 0.5 : 1 }
    }

    /// Social workers' skills with the chance that one holds each (crisis intervention depends on level).
    static let professionalSkills: [(String, Double)] = [
        ("resourceLinking", 0.85), ("counselling", 0.55), ("elderlyCare", 0.5), ("childCare", 0.4), ("mediation", 0.4),
        ("publicity", 0.3), ("companionship", 0.35), ("medicalEscort", 0.25), ("rehabilitation", 0.25), ("tutoring", 0.15),
    ]
    static let communityWorkerSkills: [(String, Double)] = [
        ("mediation", 0.5), ("resourceLinking", 0.6), ("elderlyCare", 0.5), ("counselling", 0.35), ("publicity", 0.35),
        ("childCare", 0.25), ("medicalEscort", 0.15), ("companionship", 0.3),
    ]
    /// Uncertified community workers serve as volunteers.
    static let communityVolunteerSkills: [(String, Double)] = [
        ("companionship", 0.6), ("publicity", 0.5), ("mediation", 0.3), ("elderlyCare", 0.3), ("housework", 0.25),
        ("resourceLinking", 0.2),
    ]

    // MARK: Needs

    /// When a need's windows fall.
    enum When {
        case weekdayMorning, weekdayAfternoon, weekdayDay, weekdayMorningOrWeekend
        case weekend, weekendDuty, weekendAfternoon, marketMorning, evening, schoolGate, lunch
    }

    /// Who the need is about (residents with two needs have the same kind of subject).
    enum Subject: Int { case none, elderly, child, disabled, woman, household }

    /// A kind of need, after the demo's 44.
    struct Template {
        var title: String
        var category: String
        /// Team positions; a `volunteer` position with `flexible` count has 1 or 2 people.
        var team: [TeamPosition]
        var flexibleVolunteers: Bool = false
        var durations: [Int]
        var when: When
        /// How readily the need is left unscheduled (done some time in the week): 1 for
        /// paperwork and phone calls, 0 for what happens at a fixed hour.
        var unscheduled: Double = 0
        var groups: [String]
        var extraGroups: [(String, Double)] = [("subsistenceAllowance", 0.12), ("extremePoverty", 0.04)]
        var risky: Double = 0
        var subject: Subject
        /// Affinity for each urgency: critical, high, normal, low.
        var urgency: [Double]
        var weight: Double
    }

    static func sw(_ skills: [String], _ level: Level = .assistant) -> TeamPosition {
        TeamPosition(role: .socialWorker, count: 1, skills: skills, minLevel: level)
    }

    static func v(_ skills: [String], _ count: Int = 1) -> TeamPosition {
        TeamPosition(role: .volunteer, count: count, skills: skills)
    }

    static let templates: [Template] = [
        Template(title: "独居老人入户探访", category: "elderlyCare", team: [sw(["elderlyCare"]), v(["companionship"])],
                 flexibleVolunteers: true, durations: [60, 90], when: .weekdayDay, groups: ["elderly", "livingAlone"],
                 subject: .elderly, urgency: [0, 1, 1, 0.5], weight: 14),
        Template(title: "独居老人居室清洁", category: "housework", team: [v(["housework"], 2)], durations: [90, 120],
                 when: .weekdayMorningOrWeekend, groups: ["elderly", "livingAlone"], subject: .elderly,
                 urgency: [0, 0.3, 1, 1], weight: 4),
        Template(title: "低保家庭临时救助申请（资源链接）", category: "resourceLinking", team: [sw(["resourceLinking"])],
                 durations: [60, 90], when: .weekdayDay, unscheduled: 1, groups: ["subsistenceAllowance"], extraGroups: [],
                 subject: .household, urgency: [0, 0.5, 1, 0.5], weight: 4),
        Template(title: "困境儿童周末陪伴", category: "childCare", team: [sw(["childCare"]), v(["companionship"])],
                 flexibleVolunteers: true, durations: [120], when: .weekendDuty, groups: ["childInDifficulty"],
                 subject: .child, urgency: [0, 1, 1, 0.3], weight: 5),
        Template(title: "邻里矛盾纠纷调解", category: "mediation", team: [sw(["mediation"]), v(["mediation"])],
                 durations: [90, 120], when: .weekdayDay, groups: [], extraGroups: [], subject: .household,
                 urgency: [0, 0.3, 1, 0.6], weight: 6),
        Template(title: "婆媳矛盾家庭调解", category: "mediation", team: [sw(["mediation"], .intermediate), v(["mediation"])],
                 durations: [120], when: .weekdayAfternoon, groups: ["womenInDifficulty"], subject: .woman,
                 urgency: [0, 0.5, 1, 0.2], weight: 1.5),
        Template(title: "居家适老化改造（加装扶手）", category: "homeRepair", team: [v(["homeRepair"], 2)], durations: [120, 150],
                 when: .weekdayMorningOrWeekend, groups: ["elderly", "disabled"], risky: 1, subject: .elderly,
                 urgency: [0, 0.3, 1, 0.5], weight: 2),
        Template(title: "独居老人家中老化线路检修", category: "homeRepair", team: [v(["electricalRepair"])], durations: [90],
                 when: .weekdayMorning, groups: ["elderly", "livingAlone"], risky: 1, subject: .elderly,
                 urgency: [0, 1, 1, 0.3], weight: 1),
        Template(title: "早市反诈宣传", category: "publicity", team: [sw(["publicity"]), v(["publicity"], 2)], durations: [90],
                 when: .marketMorning, groups: [], extraGroups: [], risky: 0.6, subject: .none, urgency: [0, 0, 1, 1], weight: 2),
        Template(title: "残障康复训练", category: "rehabilitation", team: [v(["rehabilitation"])], durations: [90, 120],
                 when: .weekdayAfternoon, groups: ["disabled"], subject: .disabled, urgency: [0, 0.6, 1, 0.5], weight: 4),
        Template(title: "精神障碍患者陪同复诊", category: "medicalEscort", team: [sw(["counselling"]), v(["medicalEscort"])],
                 durations: [150, 180], when: .weekdayMorning, groups: ["disabled"], extraGroups: [("subsistenceAllowance", 0.4)],
                 risky: 1, subject: .disabled, urgency: [0, 1, 1, 0], weight: 1.5),
        Template(title: "困难妇女就业资源链接", category: "resourceLinking", team: [sw(["resourceLinking"])], durations: [90],
                 when: .weekdayDay, unscheduled: 1, groups: ["womenInDifficulty"], subject: .woman,
                 urgency: [0, 0.3, 1, 0.5], weight: 2),
        Template(title: "困境儿童学业辅导", category: "tutoring", team: [v(["tutoring"])], durations: [90, 120], when: .evening,
                 groups: ["childInDifficulty"], subject: .child, urgency: [0, 0.3, 1, 0.5], weight: 5),
        Template(title: "失独老人情绪疏导", category: "counselling", team: [sw(["counselling"], .intermediate)], durations: [90],
                 when: .weekdayDay, groups: ["elderly", "livingAlone"], subject: .elderly, urgency: [0, 1, 1, 0.2], weight: 2),
        Template(title: "校门口交通安全宣传", category: "publicity", team: [v(["publicity"], 2)], durations: [60], when: .schoolGate,
                 groups: [], extraGroups: [], risky: 1, subject: .none, urgency: [0, 0, 1, 1], weight: 1.5),
        Template(title: "特困老人就医陪诊", category: "medicalEscort", team: [sw(["medicalEscort"]), v(["medicalEscort"])],
                 durations: [150, 180], when: .weekdayMorning, groups: ["extremePoverty", "elderly"], extraGroups: [],
                 subject: .elderly, urgency: [0, 1, 1, 0.2], weight: 4),
        Template(title: "事实无人抚养儿童陪伴", category: "childCare", team: [sw(["childCare"]), v(["companionship"], 2)],
                 durations: [120], when: .weekendDuty, groups: ["childInDifficulty"], subject: .child, urgency: [0, 1, 1, 0.2], weight: 2),
        Template(title: "低保老人助浴", category: "housework", team: [v(["housework"], 2)], durations: [90],
                 when: .weekdayMorningOrWeekend, groups: ["subsistenceAllowance", "elderly"], extraGroups: [],
                 subject: .elderly, urgency: [0, 0.3, 1, 0.6], weight: 3),
        Template(title: "家暴受害妇女危机干预", category: "crisisIntervention",
                 team: [sw(["crisisIntervention"], .intermediate), v(["companionship"])], durations: [120], when: .weekdayDay,
                 groups: ["womenInDifficulty"], subject: .woman, urgency: [4, 1, 0.2, 0], weight: 1),
        Template(title: "欠薪法律援助咨询", category: "legalAid", team: [v(["legalAid"])], durations: [60, 90], when: .evening,
                 groups: ["subsistenceAllowance"], extraGroups: [], subject: .household, urgency: [0, 0.5, 1, 0.5], weight: 2),
        Template(title: "遗产继承家庭纠纷法律调解", category: "legalAid", team: [v(["legalAid", "mediation"])], durations: [120],
                 when: .evening, groups: ["elderly"], subject: .elderly, urgency: [0, 0.2, 1, 0.5], weight: 0.8),
        Template(title: "残疾人辅具申领（资源链接）", category: "resourceLinking", team: [sw(["resourceLinking"])], durations: [60],
                 when: .weekdayDay, unscheduled: 1, groups: ["disabled"], subject: .disabled, urgency: [0, 0.3, 1, 1], weight: 2),
        Template(title: "老年人防跌倒居家安全评估", category: "rehabilitation", team: [sw(["rehabilitation"]), v(["firstAid"])],
                 durations: [90], when: .weekdayAfternoon, groups: ["elderly"], subject: .elderly, urgency: [0, 0.3, 1, 0.5], weight: 3),
        Template(title: "独居老人电话随访", category: "companionship", team: [v(["companionship"])], durations: [60],
                 when: .weekdayDay, unscheduled: 1, groups: ["elderly", "livingAlone"], subject: .elderly,
                 urgency: [0, 0, 0.6, 1], weight: 2),
        Template(title: "困境儿童心理疏导", category: "counselling", team: [sw(["counselling", "childCare"], .intermediate)],
                 durations: [90], when: .weekdayAfternoon, groups: ["childInDifficulty"], subject: .child,
                 urgency: [0, 1, 1, 0.1], weight: 1.5),
        Template(title: "自杀风险老人危机干预评估（需高级社工）", category: "crisisIntervention",
                 team: [sw(["crisisIntervention"], .senior)], durations: [120], when: .weekdayMorning,
                 groups: ["elderly", "livingAlone"], subject: .elderly, urgency: [1.5, 1, 0, 0], weight: 0.5),
        Template(title: "特困老人助餐送餐", category: "housework", team: [v(["housework"])], durations: [60], when: .lunch,
                 groups: ["extremePoverty", "elderly", "livingAlone"], extraGroups: [], subject: .elderly,
                 urgency: [0, 0.5, 1, 0.5], weight: 3),
        Template(title: "广场反诈宣传", category: "publicity", team: [sw(["publicity"]), v(["publicity"], 2)], durations: [90],
                 when: .weekendAfternoon, groups: [], extraGroups: [], subject: .none, urgency: [0, 0, 1, 1], weight: 1.5),
        Template(title: "困难妇女情绪疏导", category: "counselling", team: [sw(["counselling"])], durations: [60, 90],
                 when: .weekdayDay, groups: ["womenInDifficulty"], subject: .woman, urgency: [0, 0.5, 1, 0.3], weight: 3),
        Template(title: "失能老人紧急就医陪诊", category: "medicalEscort", team: [sw(["medicalEscort"]), v(["medicalEscort"])],
                 durations: [150], when: .weekdayMorning, groups: ["elderly", "disabled"], subject: .elderly,
                 urgency: [4, 1, 0, 0], weight: 1),
        Template(title: "听障老人手语陪同办理社保", category: "companionship", team: [v(["signLanguage"])], durations: [90],
                 when: .weekdayMorning, groups: ["disabled", "elderly"], subject: .disabled, urgency: [0, 0.3, 1, 0.5], weight: 0.4),
        Template(title: "困境儿童周末陪伴（志愿者）", category: "childCare", team: [v(["childCare"]), v(["companionship"])],
                 durations: [120], when: .weekend, groups: ["childInDifficulty"], subject: .child, urgency: [0, 0.5, 1, 0.5], weight: 2),
        Template(title: "老年人应急救护培训", category: "firstAid", team: [v(["firstAid"], 2)], durations: [90], when: .weekend,
                 groups: ["elderly"], extraGroups: [], subject: .none, urgency: [0, 0, 1, 1], weight: 1.5),
        Template(title: "精神障碍患者病情波动危机干预", category: "crisisIntervention",
                 team: [sw(["crisisIntervention"], .intermediate), v(["firstAid"])], durations: [120], when: .weekdayAfternoon,
                 groups: ["disabled"], extraGroups: [("subsistenceAllowance", 0.5)], risky: 1, subject: .disabled,
                 urgency: [4, 1, 0, 0], weight: 0.8),
        Template(title: "独居老人突发疾病应急救助", category: "elderlyCare", team: [sw(["elderlyCare"]), v(["firstAid"])],
                 durations: [90], when: .weekdayDay, groups: ["elderly", "livingAlone"], subject: .elderly,
                 urgency: [2, 1, 0, 0], weight: 0.8),
        Template(title: "困境儿童家庭探访", category: "childCare", team: [sw(["childCare"]), v(["companionship"])],
                 durations: [60, 90], when: .weekdayAfternoon, groups: ["childInDifficulty"], subject: .child,
                 urgency: [0, 1, 1, 0.3], weight: 4),
        Template(title: "残疾人家庭走访评估", category: "rehabilitation", team: [sw(["resourceLinking"]), v(["companionship"])],
                 durations: [90], when: .weekdayDay, groups: ["disabled"], subject: .disabled, urgency: [0, 1, 1, 0.3], weight: 3),
        Template(title: "低保家庭入户核查与关怀", category: "resourceLinking", team: [sw(["resourceLinking"]), v(["companionship"])],
                 durations: [60, 90], when: .weekdayDay, groups: ["subsistenceAllowance"], extraGroups: [("elderly", 0.4)],
                 subject: .household, urgency: [0, 0.5, 1, 0.5], weight: 4),
    ]
}
