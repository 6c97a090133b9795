/// The working intervals of an ordinary week, day by day.
///
/// JSON: an object keyed by `mon`, `tue`, `wed`, `thu`, `fri`, `sat`, `sun`, each a list of
/// intervals; a day left out, or given `[]`, is closed. Any other key is rejected rather than
/// ignored, so a misspelt day cannot silently close a day.
public struct WeeklySchedule: Sendable, Hashable {
    public enum Weekday: Int, CaseIterable, Sendable, Hashable, Comparable {
        case monday, tuesday, wednesday, thursday, friday, saturday, sunday

        /// The JSON key of the day.
        public var key: String {
            switch self {
            case .monday: "mon"
            case .tuesday: "tue"
            case .wednesday: "wed"
            case .thursday: "thu"
            case .friday: "fri"
            case .saturday: "sat"
            case .sunday: "sun"
            }
        }

        public init?(key: String) {
            guard let day = Self.allCases.first(where: { $0.key == key }) else { return nil }
            self = day
        }

        public var next: Weekday {
            Weekday(rawValue: (rawValue + 1) % 7) ?? .monday
        }

        public static func < (lhs: Weekday, rhs: Weekday) -> Bool {
            lhs.rawValue < rhs.rawValue
        }
    }

    private var days: [[WorkingInterval]]

    public init(_ intervals: [Weekday: [WorkingInterval]] = [:]) {
        days = Weekday.allCases.map { intervals[$0] ?? [] }
    }

    /// The same intervals on each of `weekdays`, closed on the other days.
    public init(_ intervals: [WorkingInterval], on weekdays: Set<Weekday>) {
        days = Weekday.allCases.map { weekdays.contains($0) ? intervals : [] }
    }

    public subscript(day: Weekday) -> [WorkingInterval] {
        get { days[day.rawValue] }
        set { days[day.rawValue] = newValue }
    }

    /// No working time on any day.
    public static let closed = WeeklySchedule()

    /// Open around the clock, seven days a week.
    public static let alwaysOpen = WeeklySchedule([.wholeDay], on: Set(Weekday.allCases))

    public var isClosed: Bool { days.allSatisfy(\.isEmpty) }
}

extension WeeklySchedule: Codable {
    private struct DayKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DayKey.self)
        var intervals: [Weekday: [WorkingInterval]] = [:]
        for key in container.allKeys {
            guard let day = Weekday(key: key.stringValue) else {
                let error = BusinessCalendarError(reason: .unknownWeekday(key.stringValue))
                throw error.nested(under: decoder.codingPath + [key]).decodingError(at: decoder.codingPath + [key])
            }
            intervals[day] = try container.decodeIfPresent([WorkingInterval].self, forKey: key) ?? []
        }
        self.init(intervals)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: DayKey.self)
        for day in Weekday.allCases {
            try container.encode(self[day], forKey: DayKey(stringValue: day.key))
        }
    }
}
