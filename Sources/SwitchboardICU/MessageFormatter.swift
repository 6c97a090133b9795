import CICU
import Foundation

/// An ICU MessageFormat pattern compiled for one locale and time zone.
///
/// Arguments are named (`{count, plural, one {# field} other {# fields}}`,
/// `{when, date, medium}`); dates and times show in `timeZone`, never in the
/// server's zone.
public struct MessageFormatter: Sendable {
    public let pattern: MessagePattern
    public let locale: String
    public let timeZone: TimeZone
    private let handle: ICUHandle

    public init(pattern text: String, locale: String, timeZone: TimeZone = .gmt) throws(ICUError) {
        pattern = try MessagePattern(text)
        self.locale = locale
        self.timeZone = timeZone
        let units = text.icuUTF16
        let zone = timeZone.identifier.icuUTF16
        let tag = bcp47(locale)
        var errorOffset: Int32 = -1
        do {
            handle = try ICUHandle.open(
                "compiling a message for \(locale) in \(timeZone.identifier)",
                close: { cicu_message_format_close($0) }
            ) { status in
                cicu_message_format_open(units, units.icuLength, tag, zone, zone.icuLength, &errorOffset, &status)
            }
        } catch {
            throw ICUError(code: error.code, operation: error.operation, offset: errorOffset >= 0 ? Int(errorOffset) : nil)
        }
    }

    /// Nil when the pattern compiles for `locale`, otherwise why not. Beyond
    /// syntax this catches what only compiling reveals, such as a bad number
    /// skeleton or an unknown argument type.
    public static func validate(_ pattern: String, locale: String = "en") -> ICUError? {
        do {
            _ = try MessageFormatter(pattern: pattern, locale: locale)
            return nil
        } catch {
            return error
        }
    }

    /// Formats with the given arguments. An argument the pattern needs but
    /// that is not given shows as `{name}`, as ICU does; a value of the wrong
    /// kind (text for a plural) is an error.
    public func format(_ arguments: [String: MessageArgument] = [:]) throws(ICUError) -> String {
        // One UTF-16 buffer holds every name and string value, and the C
        // structs point into it by offset, so no nested buffers are needed.
        var text: [UInt16] = []
        var packed: [cicu_message_argument] = []
        packed.reserveCapacity(arguments.count)
        for (name, value) in arguments {
            var argument = cicu_message_argument()
            argument.name_start = Int32(clamping: text.count)
            text.append(contentsOf: name.utf16)
            argument.name_length = Int32(clamping: text.count) - argument.name_start
            switch value {
            case .string(let string):
                argument.kind = CICU_ARGUMENT_STRING
                argument.text_start = Int32(clamping: text.count)
                text.append(contentsOf: string.utf16)
                argument.text_length = Int32(clamping: text.count) - argument.text_start
            case .integer(let integer):
                argument.kind = CICU_ARGUMENT_INTEGER
                argument.integer = Int64(integer)
            case .double(let double):
                argument.kind = CICU_ARGUMENT_DOUBLE
                argument.number = double
            case .date(let date):
                argument.kind = CICU_ARGUMENT_DATE
                argument.number = date.timeIntervalSince1970 * 1000
            }
            packed.append(argument)
        }
        let count = Int32(clamping: packed.count)
        let locale = locale
        return try handle.withLock { (format: OpaquePointer) throws(ICUError) -> String in
            try preflightedString(capacity: 256, "formatting a message for \(locale)") { buffer, capacity, status in
                cicu_message_format_format(format, text, packed, count, buffer, capacity, &status)
            }
        }
    }
}
