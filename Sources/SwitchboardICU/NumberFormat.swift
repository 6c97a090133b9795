import CICU

/// Numbers as a locale writes them ("1,234.5", "1.234,5", "١٬٢٣٤٫٥").
public struct NumberFormat: Sendable {
    public let locale: String
    public let skeleton: String
    private let handle: ICUHandle

    /// `skeleton` is an ICU number skeleton: "" for the plain style, or e.g.
    /// "percent", "currency/EUR", "compact-short", ".00", "measure-unit/digital-megabyte".
    public init(locale: String, skeleton: String = "") throws(ICUError) {
        self.locale = locale
        self.skeleton = skeleton
        let tag = bcp47(locale)
        let units = skeleton.icuUTF16
        handle = try ICUHandle.open("number format \"\(skeleton)\" for \(locale)", close: { cicu_number_format_close($0) }) { status in
            cicu_number_format_open(units, units.icuLength, tag, &status)
        }
    }

    public func format(_ value: Int) throws(ICUError) -> String {
        let value = Int64(value)
        return try handle.withLock { (format: OpaquePointer) throws(ICUError) -> String in
            try preflightedString("formatting a number") { buffer, capacity, status in
                cicu_number_format_int64(format, value, buffer, capacity, &status)
            }
        }
    }

    public func format(_ value: Double) throws(ICUError) -> String {
        try handle.withLock { (format: OpaquePointer) throws(ICUError) -> String in
            try preflightedString("formatting a number") { buffer, capacity, status in
                cicu_number_format_double(format, value, buffer, capacity, &status)
            }
        }
    }
}
