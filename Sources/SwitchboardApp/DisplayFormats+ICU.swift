import Foundation
import SwitchboardCore
import SwitchboardICU

extension DisplayFormats {
    /// A formatter for instants as the tenant wants them shown, in a person's locale and time
    /// zone. ICU's style formats ignore a requested hour cycle, so a forced 12- or 24-hour clock
    /// goes through a skeleton, which keeps the locale's own order and separators.
    public func dateTimeFormat(locale: String, timeZone: TimeZone) throws(ICUError) -> DateTimeFormat {
        guard hourCycle != .locale else {
            return try DateTimeFormat(locale: locale, timeZone: timeZone, date: dateStyle.icu, time: timeStyle.icu)
        }
        let hour = hourCycle == .h23 ? "H" : "h"
        let time = timeStyle == .short ? "\(hour)mm" : "\(hour)mmss"
        return try DateTimeFormat(locale: locale, timeZone: timeZone, skeleton: dateStyle.skeleton + time)
    }
}

extension DisplayFormats.DateStyle {
    var skeleton: String {
        switch self {
        case .short: "yyMd"
        case .medium: "yMMMd"
        case .long: "yMMMMd"
        case .full: "yMMMMEEEEd"
        }
    }

    var icu: DateTimeFormat.Style {
        switch self {
        case .short: .short
        case .medium: .medium
        case .long: .long
        case .full: .full
        }
    }
}

extension DisplayFormats.TimeStyle {
    var icu: DateTimeFormat.Style {
        switch self {
        case .short: .short
        case .medium: .medium
        }
    }
}
