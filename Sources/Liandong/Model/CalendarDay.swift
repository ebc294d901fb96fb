import Foundation

/// Dates of the horizon for people: `YYYY-MM-DD` arithmetic (Gregorian, no time zone) and the
/// Chinese label people read (`11月24日 周二`).
public enum CalendarDay {
    static let calendar: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        return c
    }()

    static func components(_ text: String) -> Date? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))
    }

    /// The date `day` days after `start` (`YYYY-MM-DD`), nil if `start` is not a date.
    public static func date(start: String, day: Int) -> String? {
        guard let d = components(start), let shifted = calendar.date(byAdding: .day, value: day, to: d) else { return nil }
        let c = calendar.dateComponents([.year, .month, .day], from: shifted)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    static let weekdays = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"]

    /// `11月24日 周二` for `2026-11-24`; the text itself when it is not a date.
    public static func label(_ date: String) -> String {
        guard let d = components(date) else { return date }
        let c = calendar.dateComponents([.month, .day, .weekday], from: d)
        return "\(c.month!)月\(c.day!)日 \(weekdays[c.weekday! - 1])"
    }

    /// The weekday of a date, 0 = Sunday … 6 = Saturday.
    public static func weekday(_ date: String) -> Int? {
        components(date).map { calendar.component(.weekday, from: $0) - 1 }
    }

    /// `周二` for `2026-11-24`.
    public static func weekdayLabel(_ date: String) -> String? { weekday(date).map { weekdays[$0] } }

    /// Days from `start` to `date` (both `YYYY-MM-DD`), nil if either is not a date.
    public static func offset(from start: String, to date: String) -> Int? {
        guard let a = components(start), let b = components(date) else { return nil }
        return calendar.dateComponents([.day], from: a, to: b).day
    }
}
