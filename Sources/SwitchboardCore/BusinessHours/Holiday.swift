/// A day when the weekly schedule does not apply: closed, or open for its own shorter hours.
///
/// A holiday falls on one date (2026-12-25) or on the same month and day every year
/// (12-25). With no `hours` the day is closed; with `hours` those intervals replace the weekly
/// ones for that day (a half day). Like weekly intervals, a holiday's hours belong to the day
/// they start on, so an overnight shift that began the evening before a holiday still runs to
/// its end. When a date and a yearly holiday fall on the same day, the date wins: it is the
/// more specific of the two (a one-off half day on a date that is normally a yearly holiday).
public struct Holiday: Sendable, Hashable {
    public enum Occurrence: Sendable, Hashable, CustomStringConvertible {
        /// One calendar date.
        case date(year: Int, month: Int, day: Int)
        /// The same month and day every year; February 29 only counts in leap years.
        case yearly(month: Int, day: Int)

        public var description: String {
            switch self {
            case .date(let year, let month, let day):
                "\(Self.digits(year, 4))-\(Self.digits(month, 2))-\(Self.digits(day, 2))"
            case .yearly(let month, let day):
                "every \(Self.digits(month, 2))-\(Self.digits(day, 2))"
            }
        }

        private static func digits(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
    }

    public let occurrence: Occurrence
    public let name: String?
    /// The working intervals of the day; empty when the day is closed.
    public let hours: [WorkingInterval]

    public init(_ occurrence: Occurrence, name: String? = nil, hours: [WorkingInterval] = []) throws(BusinessCalendarError) {
        switch occurrence {
        case .date(let year, let month, let day):
            guard (1...9999).contains(year), (1...12).contains(month),
                  (1...CivilDay.daysInMonth(month, year: year)).contains(day)
            else {
                throw BusinessCalendarError(field: "date", reason: .nonexistentDate(occurrence.description))
            }
        case .yearly(let month, let day):
            guard (1...12).contains(month) else {
                throw BusinessCalendarError(field: "month", reason: .nonexistentDate("month \(month)"))
            }
            // Any leap year gives the longest February, so February 29 is allowed here.
            guard (1...CivilDay.daysInMonth(month, year: 2000)).contains(day) else {
                throw BusinessCalendarError(field: "day", reason: .nonexistentDate("day \(day) of month \(month)"))
            }
        }
        self.occurrence = occurrence
        self.name = name
        self.hours = hours
    }

    /// A holiday on one date written `YYYY-MM-DD`.
    public init(date: String, name: String? = nil, hours: [WorkingInterval] = []) throws(BusinessCalendarError) {
        let parts = date.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.utf8.allSatisfy { (48...57).contains($0) } }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else {
            throw BusinessCalendarError(field: "date", reason: .malformedDate(date))
        }
        try self.init(.date(year: year, month: month, day: day), name: name, hours: hours)
    }

    public var isClosedAllDay: Bool { hours.isEmpty }
}
