import CICU

/// Calendar and clock units for relative times and durations.
public enum TimeUnit: Sendable, Hashable, CaseIterable {
    case year, month, week, day, hour, minute, second

    var code: Int32 {
        switch self {
        case .year: CICU_UNIT_YEAR
        case .month: CICU_UNIT_MONTH
        case .week: CICU_UNIT_WEEK
        case .day: CICU_UNIT_DAY
        case .hour: CICU_UNIT_HOUR
        case .minute: CICU_UNIT_MINUTE
        case .second: CICU_UNIT_SECOND
        }
    }
}
