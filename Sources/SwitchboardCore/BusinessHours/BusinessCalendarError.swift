/// Why a business-hours calendar, or one of its parts, was rejected, and where.
///
/// `field` is a path into the calendar's JSON shape, such as `timeZone`, `week.fri[1].end`
/// or `holidays[3].date`, so an API response or a manifest check can point at the exact value
/// to fix. When a calendar sits inside a larger document, the path starts from that document's
/// root (`departments[0].calendar.week.mon[0]`). It is empty for a value built in code that
/// was not part of a calendar yet.
public struct BusinessCalendarError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        /// The time zone is not one the system's time zone database knows.
        case unknownTimeZone(String)
        /// The text is not a 24-hour `HH:mm` time.
        case malformedTime(String)
        /// Hours past 24, minutes past 59, or 24 with minutes.
        case timeOutOfRange(String)
        /// `24:00` closes a day; nothing can start there.
        case startsAtEndOfDay
        /// Start and end are equal on an interval that is not overnight.
        case emptyInterval
        /// The end is earlier than the start on an interval that is not overnight.
        case endBeforeStart
        /// An overnight interval ends the next day later than its start time.
        case overnightLongerThanADay
        /// Two intervals share working time; the associated value is the other one's path.
        case overlaps(String)
        /// The text is not a `YYYY-MM-DD` date.
        case malformedDate(String)
        /// The date is well formed but not in the calendar (`2026-02-30`, month 13).
        case nonexistentDate(String)
        /// The day is already a holiday; the associated value is the other holiday's path.
        case duplicateHoliday(String)
        /// A holiday must give either one `date`, or a `month` and `day` that recur every year.
        case ambiguousHoliday
        /// A key of `week` that is not a day of the week.
        case unknownWeekday(String)
        /// A required value is absent.
        case missing
        /// The value has the wrong JSON type; the associated value says what was expected.
        case wrongType(expected: String)
        /// The input could not be read at all (not JSON, truncated); the decoder's own words.
        case unreadable(String)
    }

    public var field: String
    public var reason: Reason

    public init(field: String = "", reason: Reason) {
        self.field = field
        self.reason = reason
    }

    public var message: String {
        switch reason {
        case .unknownTimeZone(let identifier):
            "\"\(identifier)\" is not a known IANA time zone (for example \"Europe/London\")"
        case .malformedTime(let text):
            "\"\(text)\" is not a time of day; use 24-hour \"HH:mm\", for example \"09:30\""
        case .timeOutOfRange(let text):
            "\"\(text)\" is out of range: hours run 00 to 23 (24:00 only as an end), minutes 00 to 59"
        case .startsAtEndOfDay:
            "an interval cannot start at 24:00; start at 00:00 of the next day instead"
        case .emptyInterval:
            "the interval ends when it starts; mark it \"overnight\": true for a 24-hour shift"
        case .endBeforeStart:
            "the interval ends before it starts; mark it \"overnight\": true if it runs past midnight"
        case .overnightLongerThanADay:
            "an overnight interval must end the next day no later than its start time"
        case .overlaps(let other):
            "overlaps \(other)"
        case .malformedDate(let text):
            "\"\(text)\" is not a date; use \"YYYY-MM-DD\", for example \"2026-12-25\""
        case .nonexistentDate(let text):
            "\(text) is not a day in the calendar"
        case .duplicateHoliday(let other):
            "the same day is already a holiday in \(other)"
        case .ambiguousHoliday:
            "give either \"date\" for one day, or \"month\" and \"day\" with \"recurring\": true for every year"
        case .unknownWeekday(let key):
            "\"\(key)\" is not a day of the week; use mon, tue, wed, thu, fri, sat or sun"
        case .missing:
            "is required"
        case .wrongType(let expected):
            "must be \(expected)"
        case .unreadable(let detail):
            detail
        }
    }

    public var description: String {
        field.isEmpty ? message : "\(field): \(message)"
    }
}

extension BusinessCalendarError {
    /// Reads the decoder's account of a failure in terms of the calendar's fields, keeping a
    /// calendar error that the decoder only carried.
    public init(_ error: DecodingError) {
        switch error {
        case .dataCorrupted(let context):
            if let carried = context.underlyingError as? BusinessCalendarError {
                self = carried
            } else {
                self.init(field: Self.path(context.codingPath), reason: .unreadable(context.debugDescription))
            }
        case .keyNotFound(let key, let context):
            self.init(field: Self.path(context.codingPath + [key]), reason: .missing)
        case .valueNotFound(let type, let context):
            self.init(field: Self.path(context.codingPath), reason: .wrongType(expected: Self.expectation(for: type)))
        case .typeMismatch(let type, let context):
            self.init(field: Self.path(context.codingPath), reason: .wrongType(expected: Self.expectation(for: type)))
        @unknown default:
            self.init(reason: .unreadable(String(describing: error)))
        }
    }

    /// The same error seen from a document that holds the calendar at `codingPath`.
    func nested(under codingPath: [any CodingKey]) -> BusinessCalendarError {
        let prefix = Self.path(codingPath)
        guard !prefix.isEmpty else { return self }
        var moved = self
        moved.field = Self.join(prefix, field)
        switch reason {
        case .overlaps(let other):
            moved.reason = .overlaps(Self.join(prefix, other))
        case .duplicateHoliday(let other):
            moved.reason = .duplicateHoliday(Self.join(prefix, other))
        default:
            break
        }
        return moved
    }

    /// Wraps the error for `Decodable`, which must throw `DecodingError`; the error itself rides
    /// along as the underlying error so `init(_: DecodingError)` gets it back intact.
    func decodingError(at codingPath: [any CodingKey]) -> DecodingError {
        .dataCorrupted(DecodingError.Context(codingPath: codingPath, debugDescription: description, underlyingError: self))
    }

    static func path(_ codingPath: [any CodingKey]) -> String {
        var path = ""
        for key in codingPath {
            if let index = key.intValue {
                path += "[\(index)]"
            } else {
                path = join(path, key.stringValue)
            }
        }
        return path
    }

    private static func join(_ prefix: String, _ suffix: String) -> String {
        if prefix.isEmpty { return suffix }
        if suffix.isEmpty { return prefix }
        return suffix.hasPrefix("[") ? prefix + suffix : prefix + "." + suffix
    }

    private static func expectation(for type: Any.Type) -> String {
        if type == String.self { return "a string" }
        if type == Bool.self { return "true or false" }
        if type == Int.self { return "a whole number" }
        if type is [Any].Type { return "a list" }
        if type is [String: Any].Type { return "an object" }
        return "a \(type)"
    }
}
