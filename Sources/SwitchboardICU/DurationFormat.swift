import CICU

/// Lengths of time such as "2 hours, 5 minutes", "2시간 5분" or "2:05:00",
/// for SLA targets and time spent.
public struct DurationFormat: Sendable {
    public enum Width: Sendable, Hashable {
        /// "2 hours, 5 minutes"
        case long
        /// "2 hr, 5 min"
        case short
        /// "2h 5m"
        case narrow
        /// "2:05:00"
        case numeric

        var code: Int32 {
            switch self {
            case .long: CICU_WIDTH_LONG
            case .short: CICU_WIDTH_SHORT
            case .narrow: CICU_WIDTH_NARROW
            case .numeric: CICU_WIDTH_NUMERIC
            }
        }
    }

    public let locale: String
    public let width: Width
    private let handle: ICUHandle

    public init(locale: String, width: Width = .long) throws(ICUError) {
        self.locale = locale
        self.width = width
        let tag = bcp47(locale)
        handle = try ICUHandle.open("duration format for \(locale)", close: { cicu_duration_format_close($0) }) { status in
            cicu_duration_format_open(tag, width.code, &status)
        }
    }

    /// Whole days, hours, minutes and seconds, leaving out the parts that are
    /// zero; fractions of a second are dropped. The numeric width shows hours,
    /// minutes and seconds always, with days counted as hours.
    public func format(_ duration: Duration) throws(ICUError) -> String {
        // The magnitude, unlike abs, cannot trap on the most negative duration.
        let total = duration.components.seconds.magnitude
        var parts: [(TimeUnit, UInt64)]
        if width == .numeric {
            parts = [(.hour, total / 3_600), (.minute, total % 3_600 / 60), (.second, total % 60)]
        } else {
            parts = [(.day, total / 86_400), (.hour, total % 86_400 / 3_600), (.minute, total % 3_600 / 60), (.second, total % 60)]
            parts.removeAll { $0.1 == 0 }
            if parts.isEmpty {
                parts = [(.second, 0)]
            }
        }
        var amounts = parts.map { ($0.0, Double($0.1)) }
        // Only the leading part carries the sign, as in "-2 hours, 5 minutes".
        if duration < .zero {
            amounts[0].1 = -amounts[0].1
        }
        return try format(amounts)
    }

    /// Amounts in the given units, largest first: `[(.hour, 2), (.minute, 5)]`.
    public func format(_ parts: [(TimeUnit, Double)]) throws(ICUError) -> String {
        let units = parts.map(\.0.code)
        let amounts = parts.map(\.1)
        let count = Int32(clamping: parts.count)
        return try handle.withLock { (format: OpaquePointer) throws(ICUError) -> String in
            try preflightedString("formatting a duration") { buffer, capacity, status in
                cicu_duration_format_format(format, units, amounts, count, buffer, capacity, &status)
            }
        }
    }
}
