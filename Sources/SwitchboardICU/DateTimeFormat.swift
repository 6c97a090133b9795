import CICU
import Foundation

/// Dates and times as a locale writes them, in a given time zone.
public struct DateTimeFormat: Sendable {
    public enum Style: Sendable, Hashable {
        case none, short, medium, long, full

        var code: Int32 {
            switch self {
            case .none: CICU_DATE_STYLE_NONE
            case .short: CICU_DATE_STYLE_SHORT
            case .medium: CICU_DATE_STYLE_MEDIUM
            case .long: CICU_DATE_STYLE_LONG
            case .full: CICU_DATE_STYLE_FULL
            }
        }
    }

    public let locale: String
    public let timeZone: TimeZone
    private let handle: ICUHandle

    public init(locale: String, timeZone: TimeZone, date: Style = .medium, time: Style = .short) throws(ICUError) {
        guard date != .none || time != .none else {
            throw ICUError(code: ICUError.illegalArgument, operation: "date format with neither date nor time")
        }
        try self.init(locale: locale, timeZone: timeZone, description: "\(date)/\(time)") { tag, zone, status in
            cicu_date_format_open(tag, zone, zone.icuLength, date.code, time.code, nil, 0, &status)
        }
    }

    /// The locale's own pattern for the fields of an ICU skeleton: "yMMMd"
    /// gives "Mar 5, 2025" in English and "2025년 3월 5일" in Korean.
    public init(locale: String, timeZone: TimeZone, skeleton: String) throws(ICUError) {
        let units = skeleton.icuUTF16
        try self.init(locale: locale, timeZone: timeZone, description: skeleton) { tag, zone, status in
            cicu_date_format_open(tag, zone, zone.icuLength, CICU_DATE_STYLE_NONE, CICU_DATE_STYLE_NONE, units, units.icuLength, &status)
        }
    }

    private init(
        locale: String,
        timeZone: TimeZone,
        description: String,
        _ open: (String, [UInt16], inout Int32) -> OpaquePointer?
    ) throws(ICUError) {
        self.locale = locale
        self.timeZone = timeZone
        let tag = bcp47(locale)
        let zone = timeZone.identifier.icuUTF16
        handle = try ICUHandle.open(
            "date format \(description) for \(locale) in \(timeZone.identifier)",
            close: { cicu_date_format_close($0) }
        ) { status in
            open(tag, zone, &status)
        }
    }

    public func format(_ date: Date) throws(ICUError) -> String {
        let milliseconds = date.timeIntervalSince1970 * 1000
        return try handle.withLock { (format: OpaquePointer) throws(ICUError) -> String in
            try preflightedString("formatting a date") { buffer, capacity, status in
                cicu_date_format_format(format, milliseconds, buffer, capacity, &status)
            }
        }
    }
}
