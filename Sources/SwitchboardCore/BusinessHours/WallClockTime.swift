/// A time shown on a wall clock, to the minute, from 00:00 through 24:00.
///
/// 24:00 exists so an interval can run to the very end of its day (`"18:00"`–`"24:00"`)
/// without pretending to be overnight. In JSON it is the string `"HH:mm"`.
public struct WallClockTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    public static let minutesPerDay = 24 * 60

    /// Minutes since midnight, `0...1440`.
    public let minutesSinceMidnight: Int

    public static let midnight = WallClockTime(uncheckedMinutes: 0)
    public static let endOfDay = WallClockTime(uncheckedMinutes: minutesPerDay)

    public init(hour: Int, minute: Int = 0) throws(BusinessCalendarError) {
        let inRange = (0...23).contains(hour) && (0...59).contains(minute) || (hour == 24 && minute == 0)
        guard inRange else {
            throw BusinessCalendarError(reason: .timeOutOfRange(Self.format(hour: hour, minute: minute)))
        }
        self.init(uncheckedMinutes: hour * 60 + minute)
    }

    /// Reads `"HH:mm"`; a one-digit hour (`"9:00"`) is accepted because people write it.
    public init(_ text: String) throws(BusinessCalendarError) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2,
              (1...2).contains(parts[0].count), parts[1].count == 2,
              parts.allSatisfy({ $0.utf8.allSatisfy { (48...57).contains($0) } }),
              let hour = Int(parts[0]), let minute = Int(parts[1])
        else {
            throw BusinessCalendarError(reason: .malformedTime(text))
        }
        guard (0...23).contains(hour) && (0...59).contains(minute) || (hour == 24 && minute == 0) else {
            throw BusinessCalendarError(reason: .timeOutOfRange(text))
        }
        self.init(uncheckedMinutes: hour * 60 + minute)
    }

    private init(uncheckedMinutes: Int) {
        minutesSinceMidnight = uncheckedMinutes
    }

    public var hour: Int { minutesSinceMidnight / 60 }
    public var minute: Int { minutesSinceMidnight % 60 }

    public var description: String { Self.format(hour: hour, minute: minute) }

    public static func < (lhs: WallClockTime, rhs: WallClockTime) -> Bool {
        lhs.minutesSinceMidnight < rhs.minutesSinceMidnight
    }

    private static func format(hour: Int, minute: Int) -> String {
        func twoDigits(_ value: Int) -> String { value >= 0 && value < 10 ? "0\(value)" : "\(value)" }
        return "\(twoDigits(hour)):\(twoDigits(minute))"
    }
}

extension WallClockTime: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do throws(BusinessCalendarError) {
            try self.init(text)
        } catch {
            throw error.nested(under: decoder.codingPath).decodingError(at: decoder.codingPath)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
