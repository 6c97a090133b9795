import Foundation

/// When a team is at work, in its own time zone: the base of SLA clocks, business-time
/// reporting and "outside hours" automation.
///
/// A calendar has three parts:
/// - an IANA time zone; every time in the calendar is wall-clock time in that zone;
/// - a ``WeeklySchedule``: working intervals per day of the week, several a day if needed
///   (a lunch break is two intervals), overnight shifts allowed (Friday 22:00–06:00 ends on
///   Saturday morning);
/// - ``Holiday``s: one date, or a month and day every year; closed, or with their own hours
///   replacing the weekly ones for that day (a half day).
///
/// A calendar open around the clock is ``alwaysOpen``, or any zone with
/// ``WeeklySchedule/alwaysOpen`` (plus holidays, if it has any).
///
/// ## JSON
///
/// ```json
/// {
///   "timeZone": "Asia/Seoul",
///   "week": {
///     "mon": [{"start": "09:00", "end": "12:00"}, {"start": "13:00", "end": "18:00"}],
///     "tue": [{"start": "09:00", "end": "18:00"}],
///     "wed": [{"start": "09:00", "end": "18:00"}],
///     "thu": [{"start": "09:00", "end": "18:00"}],
///     "fri": [{"start": "09:00", "end": "18:00"},
///             {"start": "22:00", "end": "06:00", "overnight": true}],
///     "sat": [],
///     "sun": []
///   },
///   "holidays": [
///     {"date": "2026-12-25", "name": "Christmas Day"},
///     {"month": 1, "day": 1, "recurring": true, "name": "New Year's Day"},
///     {"date": "2026-12-24", "name": "Christmas Eve", "hours": [{"start": "09:00", "end": "13:00"}]}
///   ]
/// }
/// ```
///
/// `timeZone` and `week` are required; a day left out of `week` is closed; `holidays` may be
/// left out. Times are `"HH:mm"`, 24-hour, with `"24:00"` allowed as an end. Intervals of one
/// day must not overlap each other, nor an overnight interval of the day before; a holiday's
/// own hours must not overlap each other. A day may be listed as a holiday only once per form
/// (one date, or one month and day). Anything wrong throws a ``BusinessCalendarError`` whose
/// `field` names the offending value (`week.fri[1].end`). `init(json:)` throws that error
/// directly; `Decodable` must throw `DecodingError`, so decoding with any other decoder (a YAML
/// manifest) wraps it as the underlying error, and `BusinessCalendarError(_:)` turns any
/// `DecodingError`, type mismatches and missing keys included, back into one.
///
/// ## Which day an interval belongs to
///
/// An interval belongs to the day it starts on. A holiday or half day replaces the intervals
/// that start on its date; an overnight shift that began the evening before still runs to its
/// end. Where that carried-over shift and a half day's hours overlap, the time counts once.
///
/// ## Daylight-saving time
///
/// Business time is real elapsed seconds while a working interval runs, and the wall clock
/// decides when it runs. Precisely: an interval listed for a date runs from the first instant
/// the zone's wall clock reads its start on that date to the first instant it reads its end
/// (on the next date for an overnight interval, at the next midnight for `24:00`); a wall-clock
/// time that does not exist that day, because it falls in a spring-forward gap, stands for
/// the first instant after the gap. So, in New York:
/// - 01:00–05:00 on the spring-forward night (02:00 jumps to 03:00) is 3 hours of business time;
/// - 01:00–05:00 on the fall-back night (02:00 falls back to 01:00) is 5 hours: the repeated
///   hour was really worked twice;
/// - 01:00–01:30 on the fall-back night is worked once, in the first pass; when the clock reads
///   01:15 again an hour later the calendar is closed;
/// - 02:00–02:30 on the spring-forward night does not exist and holds no working time.
///
/// Zones without daylight saving time, such as `Asia/Seoul`, have none of these cases.
///
/// Instants are supported from year 1 to year 9999 in the calendar's zone; outside that
/// range the calendar counts as closed.
public struct BusinessCalendar: Sendable {
    /// The IANA identifier as given, which is what the calendar encodes back to.
    public let timeZoneIdentifier: String
    public let timeZone: TimeZone
    public let week: WeeklySchedule
    public let holidays: [Holiday]
    let plan: WorkingPlan

    public init(timeZone identifier: String, week: WeeklySchedule, holidays: [Holiday] = []) throws(BusinessCalendarError) {
        guard let zone = TimeZone(identifier: identifier) else {
            throw BusinessCalendarError(field: "timeZone", reason: .unknownTimeZone(identifier))
        }
        try Self.validate(week: week, holidays: holidays)
        self.init(identifier: identifier, zone: zone, week: week, holidays: holidays)
    }

    private init(identifier: String, zone: TimeZone, week: WeeklySchedule, holidays: [Holiday]) {
        timeZoneIdentifier = identifier
        timeZone = zone
        self.week = week
        self.holidays = holidays
        plan = WorkingPlan(week: week, holidays: holidays)
    }

    /// Open around the clock every day of the year: business time is real time.
    public static let alwaysOpen = BusinessCalendar(
        identifier: "UTC",
        zone: .gmt,
        week: .alwaysOpen,
        holidays: []
    )
}

extension BusinessCalendar: Hashable {
    // The time zone and the compiled plan follow from the other three, so equality is theirs.
    public static func == (lhs: BusinessCalendar, rhs: BusinessCalendar) -> Bool {
        lhs.timeZoneIdentifier == rhs.timeZoneIdentifier && lhs.week == rhs.week && lhs.holidays == rhs.holidays
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(timeZoneIdentifier)
        hasher.combine(week)
        hasher.combine(holidays)
    }
}
