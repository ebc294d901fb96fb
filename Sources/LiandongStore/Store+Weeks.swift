import Foundation
import GRDB
import Liandong
import LiandongBatch

/// One service of one person for one need: as planned, then as recorded (服务记录).
public struct ServiceRecord: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case planned, done, notDone, noShow
        /// 待服务 / 已完成 / 未完成 / 未到.
        public var label: String {
            switch self {
            case .planned: "待服务"
            case .done: "已完成"
            case .notDone: "未完成"
            case .noShow: "未到"
            }
        }
    }
    public var week: String
    public var need: String
    public var person: String
    public var personName: String?
    public var resident: String?
    public var community: String?
    public var communityName: String?
    public var title: String?
    public var category: String?
    /// `YYYY-MM-DD`; nil for an unscheduled need.
    public var date: String?
    public var start: String?
    public var end: String?
    /// Service minutes (the need's duration as planned; as recorded once done).
    public var minutes: Int
    public var organization: String?
    public var organizationName: String?
    public var status: Status
    public var feedback: String?
    /// The resident's rating, 1 to 5.
    public var rating: Int?

    enum CodingKeys: String, CodingKey {
        case week, need, person, personName, resident, community, communityName, title, category, date, start, end
        case minutes, organization, organizationName, status, feedback, rating
    }
}

/// What `liandong record` says of a service.
public struct ServiceUpdate: Sendable, Hashable {
    public var need: String
    /// nil: every member of the need's team.
    public var person: String?
    public var status: ServiceRecord.Status
    public var minutes: Int?
    public var feedback: String?
    public var rating: Int?
    public init(need: String, person: String? = nil, status: ServiceRecord.Status, minutes: Int? = nil, feedback: String? = nil, rating: Int? = nil) {
        self.need = need; self.person = person; self.status = status; self.minutes = minutes; self.feedback = feedback; self.rating = rating
    }
}

/// Someone who served a resident before (for continuity of care).
public struct PastService: Sendable, Hashable {
    public var resident: String
    public var person: String
    public var services: Int
}

extension Store {
    /// The week a plan belongs to: its input's `horizon.start`.
    public static func weekKey(_ input: PlanningInput) -> String? { input.horizon.start }

    static var now: String { ISO8601DateFormatter().string(from: Date()) }

    /// The number and plan document of the week's latest round, if the week has any.
    public func latestRound(week: String) throws(StoreError) -> (number: Int, plan: String)? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT number, plan FROM round WHERE week = ? ORDER BY number DESC LIMIT 1", arguments: [week])
                .map { (number: $0["number"], plan: $0["plan"]) }
        }
    }

    /// The input the week's plans were made from, as the store completed it (`pastServices` and
    /// `servedMinutesToDate` from the records of earlier weeks).
    public func weekInput(week: String) throws(StoreError) -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT input FROM week WHERE key = ?", arguments: [week]) }
    }

    /// Every round of the week, in order.
    public func rounds(week: String) throws(StoreError) -> [(number: Int, plan: String)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT number, plan FROM round WHERE week = ? ORDER BY number", arguments: [week])
                .map { (number: $0["number"], plan: $0["plan"]) }
        }
    }

    /// Keeps a week's first plan (round 1). A week whose orders have been answered cannot start
    /// over: its next plan comes from `replan`.
    public func saveFirstPlan(_ input: PlanningInput, inputText: String, plan: Plan, planText: String) throws(StoreError) {
        guard let week = Self.weekKey(input) else {
            throw .conflict("the store keeps plans by week: give the input a horizon.start")
        }
        try write { db in
            let answered = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM response WHERE week = ?", arguments: [week]) ?? 0
            if answered > 0 {
                throw StoreError.conflict("the week of \(week) already has \(answered) response(s) in the store \(path); continue it with `liandong replan` (or use another --store)")
            }
            try db.execute(sql: "DELETE FROM round WHERE week = ?", arguments: [week])
            try Self.saveWeek(db, week: week, input: input, inputText: inputText)
            try db.execute(sql: "INSERT INTO round (week, number, plan, createdAt) VALUES (?, 1, ?, ?)", arguments: [week, planText, Self.now])
            try Self.syncServices(db, week: week, input: input, plan: plan)
        }
    }

    /// Keeps one accept/decline round: the responses to round `plan.dispatch.round − 1` and the
    /// plan of the next round. `previousRound` must be the week's latest round (else another
    /// process or an older plan file got in between: refused).
    public func saveRound(_ input: PlanningInput, inputText: String, previousRound: Int, responses: OrderResponses,
                          plan: Plan, planText: String) throws(StoreError) {
        guard let week = Self.weekKey(input) else {
            throw .conflict("the store keeps plans by week: give the input a horizon.start")
        }
        try write { db in
            let latest = try Int.fetchOne(db, sql: "SELECT MAX(number) FROM round WHERE week = ?", arguments: [week])
            guard latest == previousRound else {
                throw StoreError.conflict(latest.map { "the store's latest round of the week of \(week) is \($0), not \(previousRound): re-plan from the latest round (leave out --previous)" }
                                          ?? "the store has no plan for the week of \(week): make its first plan with `liandong plan --store`")
            }
            try Self.saveWeek(db, week: week, input: input, inputText: inputText)
            let stamp = Self.now
            let insert = try db.cachedStatement(sql: "INSERT INTO response (week, round, need, organization, person, decision, recordedAt) VALUES (?, ?, ?, ?, ?, ?, ?)")
            for r in responses.responses {
                try insert.execute(arguments: [week, previousRound, r.need, r.organization, r.person, r.decision.rawValue, stamp])
            }
            try db.execute(sql: "INSERT INTO round (week, number, plan, createdAt) VALUES (?, ?, ?, ?)",
                           arguments: [week, previousRound + 1, planText, stamp])
            try Self.syncServices(db, week: week, input: input, plan: plan)
        }
    }

    static func saveWeek(_ db: Database, week: String, input: PlanningInput, inputText: String) throws {
        try db.execute(sql: """
            INSERT INTO week (key, start, input, createdAt) VALUES (?, ?, ?, ?)
            ON CONFLICT(key) DO UPDATE SET input = excluded.input
            """, arguments: [week, week, inputText, now])
        let organizations = Dictionary(input.organizations.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        // minutesBefore: the hours served before the store knew the person (first sight only).
        // One compiled statement for every person.
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO person (id, name, role, organization, organizationName, partyMember, minutesBefore)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET name = excluded.name, role = excluded.role, organization = excluded.organization,
                organizationName = excluded.organizationName, partyMember = excluded.partyMember
            """)
        for p in input.people {
            try upsert.execute(arguments: [p.id, p.name, p.role.rawValue, p.organization, p.organization.flatMap { organizations[$0] ?? nil },
                                           p.partyMember, p.servedMinutesToDate ?? 0])
        }
    }

    /// The services of the week as the plan has them: new ones planned, recorded ones kept,
    /// planned ones that left the plan deleted.
    static func syncServices(_ db: Database, week: String, input: PlanningInput, plan: Plan) throws {
        let needs = Dictionary(input.needs.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let communities = Dictionary(input.communities.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var keep = Set<String>()
        // One time stamp and one compiled statement for every row (a date formatter and the SQL
        // compiled again for each row took 5.6 s for the 26,000 services of a city week).
        let stamp = now
        let insert = try db.cachedStatement(sql: """
                    INSERT INTO service (week, need, person, resident, community, communityName, title, category, date, start, "end",
                                         minutes, organization, status, updatedAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'planned', ?)
                    ON CONFLICT(week, need, person) DO UPDATE SET
                        date = excluded.date, start = excluded.start, "end" = excluded."end", organization = excluded.organization,
                        minutes = CASE WHEN status = 'planned' THEN excluded.minutes ELSE minutes END,
                        updatedAt = excluded.updatedAt
                    """)
        for a in plan.assignments {
            guard let need = needs[a.need] else { continue }
            for m in a.people {
                keep.insert(a.need + "\u{1}" + m.person)
                try insert.execute(arguments: [week, a.need, m.person, need.resident, need.community,
                                               need.community.flatMap { communities[$0]?.name }, need.title, need.category,
                                               a.day.flatMap { CalendarDay.date(start: week, day: $0) }, a.start?.description, a.end?.description,
                                               need.durationMinutes, a.organization, stamp])
            }
        }
        let planned = try Row.fetchAll(db, sql: "SELECT need, person FROM service WHERE week = ? AND status = 'planned'", arguments: [week])
        let delete = try db.cachedStatement(sql: "DELETE FROM service WHERE week = ? AND need = ? AND person = ?")
        for row in planned {
            let need: String = row["need"], person: String = row["person"]
            if !keep.contains(need + "\u{1}" + person) {
                try delete.execute(arguments: [week, need, person])
            }
        }
    }

    /// Records how services went (`liandong record`). Every update must name a service of the
    /// week's latest plan; otherwise nothing is recorded and every mismatch is reported, each
    /// with its path in the request (`/records/2/person`).
    @discardableResult
    public func record(week: String, _ updates: [ServiceUpdate]) throws(StoreError) -> Int {
        try write { db in
            var problems: [String] = []
            var changed = 0
            let stamp = Self.now
            for (i, u) in updates.enumerated() {
                let rows = try Row.fetchAll(db, sql: "SELECT person FROM service WHERE week = ? AND need = ?", arguments: [week, u.need])
                if rows.isEmpty {
                    problems.append("/records/\(i)/need: the plan of the week of \(week) has no service for need '\(u.need)'"); continue
                }
                let people: [String] = rows.map { $0["person"] }
                if let p = u.person, !people.contains(p) {
                    problems.append("/records/\(i)/person: '\(p)' is not on the team of need '\(u.need)' (\(people.joined(separator: ", ")))"); continue
                }
                for p in u.person.map({ [$0] }) ?? people {
                    try db.execute(sql: """
                        UPDATE service SET status = ?, minutes = COALESCE(?, minutes), feedback = COALESCE(?, feedback),
                            rating = COALESCE(?, rating), updatedAt = ? WHERE week = ? AND need = ? AND person = ?
                        """, arguments: [u.status.rawValue, u.minutes, u.feedback, u.rating, stamp, week, u.need, p])
                    changed += 1
                }
            }
            if !problems.isEmpty { throw StoreError.unknown(path: "records", message: problems.joined(separator: "\n")) }
            return changed
        }
    }

    /// Services, newest first, of one person, one resident, or everyone.
    public func services(person: String? = nil, resident: String? = nil, week: String? = nil) throws(StoreError) -> [ServiceRecord] {
        try read { db in
            var conditions: [String] = []
            var arguments: [(any DatabaseValueConvertible)?] = []
            if let person { conditions.append("s.person = ?"); arguments.append(person) }
            if let resident { conditions.append("s.resident = ?"); arguments.append(resident) }
            if let week { conditions.append("s.week = ?"); arguments.append(week) }
            let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let rows = try Row.fetchAll(db, sql: """
                SELECT s.*, p.name AS personName, p.organizationName AS organizationName FROM service s
                LEFT JOIN person p ON p.id = s.person \(whereClause)
                ORDER BY s.date, s.start, s.need, s.person
                """, arguments: StatementArguments(arguments))
            return rows.map { r in
                ServiceRecord(week: r["week"], need: r["need"], person: r["person"], personName: r["personName"], resident: r["resident"],
                              community: r["community"], communityName: r["communityName"], title: r["title"], category: r["category"],
                              date: r["date"], start: r["start"], end: r["end"], minutes: r["minutes"], organization: r["organization"],
                              organizationName: r["organizationName"], status: ServiceRecord.Status(rawValue: r["status"]) ?? .planned,
                              feedback: r["feedback"], rating: r["rating"])
            }
        }
    }

    /// Who served each of `residents` (done) in weeks before `week`.
    public func pastServices(residents: Set<String>, before week: String) throws(StoreError) -> [PastService] {
        guard !residents.isEmpty else { return [] }
        return try read { db in
            try Row.fetchAll(db, sql: """
                SELECT resident, person, COUNT(*) AS n FROM service
                WHERE status = 'done' AND resident IS NOT NULL AND week < ?
                GROUP BY resident, person ORDER BY resident, person
                """, arguments: [week])
                .map { PastService(resident: $0["resident"], person: $0["person"], services: $0["n"]) }
                .filter { residents.contains($0.resident) }
        }
    }

    /// Per person: minutes served before the store knew them, and minutes recorded done since
    /// (in weeks before `week`, when given).
    public func timeBank(before week: String? = nil) throws(StoreError) -> [TimeBankAccount] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT p.id, p.name, p.role, p.organizationName, p.partyMember, p.minutesBefore,
                       COALESCE(SUM(CASE WHEN s.status = 'done' THEN s.minutes END), 0) AS done,
                       COUNT(CASE WHEN s.status = 'done' THEN 1 END) AS services,
                       MIN(CASE WHEN s.status = 'done' THEN s.date END) AS first,
                       MAX(CASE WHEN s.status = 'done' THEN s.date END) AS last
                FROM person p LEFT JOIN service s ON s.person = p.id AND (? IS NULL OR s.week < ?)
                GROUP BY p.id ORDER BY p.id
                """, arguments: [week, week]).map { r in
                TimeBankAccount(person: r["id"], name: r["name"], role: r["role"], organizationName: r["organizationName"],
                                partyMember: r["partyMember"], minutesBefore: r["minutesBefore"], minutesDone: r["done"],
                                services: r["services"], firstDate: r["first"], lastDate: r["last"])
            }
        }
    }
}

/// One person's time-bank account (时间银行): hours before the store, plus hours recorded done.
public struct TimeBankAccount: Sendable, Hashable, Codable {
    public var person: String
    public var name: String?
    public var role: String
    public var organizationName: String?
    public var partyMember: Bool
    public var minutesBefore: Int
    public var minutesDone: Int
    public var services: Int
    public var firstDate: String?
    public var lastDate: String?
    /// All hours: before the store plus recorded.
    public var hours: Double { Double(minutesBefore + minutesDone) / 60 }

    /// Stars (星级) for `hours` under `thresholds` (hours for one, two, … stars).
    public func stars(thresholds: [Double] = TimeBankAccount.defaultStarHours) -> Int {
        thresholds.filter { hours >= $0 }.count
    }
    /// The common thresholds: 100 / 300 / 600 / 1,000 / 1,500 hours for one to five stars.
    public static let defaultStarHours: [Double] = [100, 300, 600, 1000, 1500]

    enum CodingKeys: String, CodingKey {
        case person, name, role, organizationName, partyMember, minutesBefore, minutesDone, services, firstDate, lastDate
    }
}
