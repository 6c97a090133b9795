import CICU
import Foundation

/// "3 hours ago", "in 2 days", "yesterday", in a locale.
public struct RelativeTimeFormat: Sendable {
    public enum Width: Sendable, Hashable {
        /// "in 2 days"
        case long
        /// "in 2 days" or "in 2 hr."
        case short
        /// "in 2d" where the language has it.
        case narrow

        var code: Int32 {
            switch self {
            case .long: CICU_WIDTH_LONG
            case .short: CICU_WIDTH_SHORT
            case .narrow: CICU_WIDTH_NARROW
            }
        }
    }

    public let locale: String
    public let width: Width
    /// When false, words such as "yesterday" or "now" replace "1 day ago" or
    /// "in 0 seconds" where the language has them.
    public let numeric: Bool
    private let handle: ICUHandle

    public init(locale: String, width: Width = .long, numeric: Bool = false) throws(ICUError) {
        self.locale = locale
        self.width = width
        self.numeric = numeric
        let tag = bcp47(locale)
        handle = try ICUHandle.open("relative time format for \(locale)", close: { cicu_relative_format_close($0) }) { status in
            cicu_relative_format_open(tag, width.code, &status)
        }
    }

    /// Negative values are in the past: `format(-3, .hour)` is "3 hours ago".
    public func format(_ value: Double, _ unit: TimeUnit) throws(ICUError) -> String {
        let numeric: Int32 = numeric ? 1 : 0
        return try handle.withLock { (format: OpaquePointer) throws(ICUError) -> String in
            try preflightedString("formatting a relative time") { buffer, capacity, status in
                cicu_relative_format_format(format, value, unit.code, numeric, buffer, capacity, &status)
            }
        }
    }

    /// How long before or after `now` the date is, in the largest unit that
    /// fits, counted down to whole units ("1 hour ago" until two hours have passed).
    /// Days are spans of 24 hours, not calendar days, so no time zone is involved.
    public func format(_ date: Date, relativeTo now: Date) throws(ICUError) -> String {
        let seconds = date.timeIntervalSince(now)
        let magnitude = abs(seconds)
        let (amount, unit): (Double, TimeUnit) = switch magnitude {
        case ..<60: (magnitude, .second)
        case ..<3_600: (magnitude / 60, .minute)
        case ..<86_400: (magnitude / 3_600, .hour)
        case ..<(7 * 86_400): (magnitude / 86_400, .day)
        case ..<(30 * 86_400): (magnitude / (7 * 86_400), .week)
        case ..<(365 * 86_400): (magnitude / (30 * 86_400), .month)
        default: (magnitude / (365 * 86_400), .year)
        }
        let whole = amount.rounded(.towardZero)
        return try format(seconds < 0 ? -whole : whole, unit)
    }
}
