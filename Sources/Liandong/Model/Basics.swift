/// A time of day in whole minutes since midnight, written `"HH:MM"` (24 h; `"24:00"` is the end of the day).
public struct TimeOfDay: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var minutes: Int

    public init(minutes: Int) { self.minutes = minutes }

    /// Parses `"HH:MM"`; returns nil for anything else (`"9:00"`, `"24:30"`, `"12:60"`).
    public init?(parsing text: String) {
        let u = Array(text.utf8)
        guard u.count == 5, u[2] == UInt8(ascii: ":"),
              u.enumerated().allSatisfy({ $0.offset == 2 || ($0.element >= 0x30 && $0.element <= 0x39) })
        else { return nil }
        let h = Int(u[0] - 0x30) * 10 + Int(u[1] - 0x30)
        let m = Int(u[3] - 0x30) * 10 + Int(u[4] - 0x30)
        guard m < 60, h < 24 || (h == 24 && m == 0) else { return nil }
        minutes = h * 60 + m
    }

    public var description: String {
        let h = minutes / 60, m = minutes % 60
        return (h < 10 ? "0" : "") + String(h) + ":" + (m < 10 ? "0" : "") + String(m)
    }

    public static func < (a: TimeOfDay, b: TimeOfDay) -> Bool { a.minutes < b.minutes }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    public init(from decoder: Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        guard let t = TimeOfDay(parsing: s) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected HH:MM"))
        }
        self = t
    }
}

/// A span of time on one day of the horizon: `{ "day": 1, "from": "09:00", "to": "17:00" }`.
public struct DayWindow: Sendable, Hashable, Codable {
    public var day: Int
    public var from: TimeOfDay
    public var to: TimeOfDay

    public init(day: Int, from: TimeOfDay, to: TimeOfDay) {
        self.day = day; self.from = from; self.to = to
    }

    enum CodingKeys: String, CodingKey { case day, from, to }
}

/// A point on the community map, in kilometres.
public struct Location: Sendable, Hashable, Codable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) { self.x = x; self.y = y }
    enum CodingKeys: String, CodingKey { case x, y }
}

/// What a person is: a professional social worker (社会工作者) or a volunteer (志愿者).
public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
    case socialWorker
    case volunteer
}

/// The role a team position asks for.
public enum PositionRole: String, Sendable, Hashable, Codable, CaseIterable {
    case socialWorker
    case volunteer
    case any

    public func admits(_ role: Role) -> Bool {
        switch self {
        case .any: true
        case .socialWorker: role == .socialWorker
        case .volunteer: role == .volunteer
        }
    }
}

/// National social-work qualification level: 助理社会工作师 < 社会工作师 < 高级社会工作师.
public enum Level: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case assistant
    case intermediate
    case senior

    /// 0 (assistant) to 2 (senior).
    public var rank: Int {
        switch self { case .assistant: 0; case .intermediate: 1; case .senior: 2 }
    }
    public static func < (a: Level, b: Level) -> Bool { a.rank < b.rank }
}

/// How urgent a need is; each level has a weight in the objective.
public enum Urgency: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case critical
    case high
    case normal
    case low

    /// 0 (low) to 3 (critical).
    public var rank: Int {
        switch self { case .low: 0; case .normal: 1; case .high: 2; case .critical: 3 }
    }
    public static func < (a: Urgency, b: Urgency) -> Bool { a.rank < b.rank }
}
