import Foundation
import SwitchboardCore

/// Small named builders for the business-hours suites, and wall-clock helpers that go through
/// Foundation's own `Calendar`, independent of the code under test.
enum BusinessHoursFixture {
    static func interval(_ start: String, _ end: String, overnight: Bool = false) throws -> WorkingInterval {
        try WorkingInterval(start: start, end: end, overnight: overnight)
    }

    static let weekdays: Set<WeeklySchedule.Weekday> = [.monday, .tuesday, .wednesday, .thursday, .friday]

    /// 09:00–17:00, Monday to Friday.
    static func nineToFive(in zone: String, holidays: [Holiday] = []) throws -> BusinessCalendar {
        try BusinessCalendar(
            timeZone: zone,
            week: WeeklySchedule([try interval("09:00", "17:00")], on: weekdays),
            holidays: holidays
        )
    }

    /// One day of the week with the given intervals, every other day closed.
    static func only(_ day: WeeklySchedule.Weekday, _ intervals: [WorkingInterval], in zone: String) throws -> BusinessCalendar {
        try BusinessCalendar(timeZone: zone, week: WeeklySchedule([day: intervals]))
    }

    /// The instant an ISO 8601 timestamp with an explicit offset names, which keeps DST cases
    /// unambiguous: `"2026-11-01T01:30:00-05:00"` is the second 01:30 in New York.
    static func instant(_ text: String) throws -> Date {
        try Date(text, strategy: .iso8601)
    }

    /// The instant of an unambiguous wall-clock time, `"2026-03-06 16:30"`, in `zone`.
    static func local(_ text: String, in zone: String) throws -> Date {
        let numbers = text.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == ":" }).compactMap { Int($0) }
        guard numbers.count == 5 else { throw FixtureError.badWallClock(text) }
        let calendar = gregorian(zone)
        let components = DateComponents(year: numbers[0], month: numbers[1], day: numbers[2], hour: numbers[3], minute: numbers[4])
        guard let date = calendar.date(from: components) else { throw FixtureError.badWallClock(text) }
        return date
    }

    /// `"2026-03-09 09:30 -04:00"`: the wall clock and UTC offset in `zone` at `date`.
    static func wallClock(_ date: Date?, in zone: String) -> String {
        guard let date else { return "nil" }
        let calendar = gregorian(zone)
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let offset = calendar.timeZone.secondsFromGMT(for: date)
        func two(_ value: Int?) -> String {
            let value = value ?? 0
            return value < 10 ? "0\(value)" : "\(value)"
        }
        let seconds = parts.second.map { $0 == 0 ? "" : ":\(two($0))" } ?? ""
        let sign = offset < 0 ? "-" : "+"
        let offsetText = "\(sign)\(two(abs(offset) / 3600)):\(two(abs(offset) % 3600 / 60))"
        return "\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day)) \(two(parts.hour)):\(two(parts.minute))\(seconds) \(offsetText)"
    }

    static func gregorian(_ zone: String) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone) ?? .gmt
        return calendar
    }

    static let hour: TimeInterval = 3600

    enum FixtureError: Error {
        case badWallClock(String)
    }
}
