/// One stretch of working time, in the calendar's wall-clock time, listed under the day it
/// starts on.
///
/// An interval ends on its own day (`09:00`–`17:00`, or `18:00`–`24:00` to the end of the day)
/// unless it is `overnight`, in which case it ends the next day at or before its start time:
/// a Friday `22:00`–`06:00` overnight shift ends on Saturday at 06:00, and `00:00`–`00:00`
/// overnight is a full 24 hours. JSON: `{"start": "22:00", "end": "06:00", "overnight": true}`,
/// with `overnight` optional and false when left out.
public struct WorkingInterval: Sendable, Hashable, CustomStringConvertible {
    public let start: WallClockTime
    public let end: WallClockTime
    public let overnight: Bool

    public init(start: WallClockTime, end: WallClockTime, overnight: Bool = false) throws(BusinessCalendarError) {
        guard start < .endOfDay else {
            throw BusinessCalendarError(field: "start", reason: .startsAtEndOfDay)
        }
        if overnight {
            guard end <= start else {
                throw BusinessCalendarError(field: "end", reason: .overnightLongerThanADay)
            }
        } else {
            guard end != start else {
                throw BusinessCalendarError(field: "end", reason: .emptyInterval)
            }
            guard end > start else {
                throw BusinessCalendarError(field: "end", reason: .endBeforeStart)
            }
        }
        self.start = start
        self.end = end
        self.overnight = overnight
    }

    public init(start: String, end: String, overnight: Bool = false) throws(BusinessCalendarError) {
        let startTime: WallClockTime
        let endTime: WallClockTime
        do throws(BusinessCalendarError) {
            startTime = try WallClockTime(start)
        } catch {
            throw BusinessCalendarError(field: "start", reason: error.reason)
        }
        do throws(BusinessCalendarError) {
            endTime = try WallClockTime(end)
        } catch {
            throw BusinessCalendarError(field: "end", reason: error.reason)
        }
        try self.init(start: startTime, end: endTime, overnight: overnight)
    }

    /// The whole of one day, 00:00–24:00.
    public static let wholeDay = WorkingInterval(uncheckedStart: .midnight, end: .endOfDay)

    private init(uncheckedStart start: WallClockTime, end: WallClockTime) {
        self.start = start
        self.end = end
        self.overnight = false
    }

    /// Seconds from the start of the day the interval is listed under.
    var startSecond: Int { start.minutesSinceMidnight * 60 }

    /// Seconds from the start of the day the interval is listed under; past 86 400 when the
    /// interval ends the next day.
    var endSecond: Int {
        (end.minutesSinceMidnight + (overnight ? WallClockTime.minutesPerDay : 0)) * 60
    }

    public var description: String {
        overnight ? "\(start)-\(end) (overnight)" : "\(start)-\(end)"
    }
}

extension WorkingInterval: Codable {
    private enum CodingKeys: String, CodingKey {
        case start, end, overnight
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let start = try container.decode(WallClockTime.self, forKey: .start)
        let end = try container.decode(WallClockTime.self, forKey: .end)
        let overnight = try container.decodeIfPresent(Bool.self, forKey: .overnight) ?? false
        do throws(BusinessCalendarError) {
            try self.init(start: start, end: end, overnight: overnight)
        } catch {
            throw error.nested(under: decoder.codingPath).decodingError(at: decoder.codingPath)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(start, forKey: .start)
        try container.encode(end, forKey: .end)
        if overnight {
            try container.encode(true, forKey: .overnight)
        }
    }
}
