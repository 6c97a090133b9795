import CICU
import Foundation

extension TimeZone {
    /// Whether the system ICU knows this zone. Its zone data can be older
    /// than Foundation's: ICU 72 lacks `America/Ciudad_Juarez`, for one.
    public var isKnownToICU: Bool {
        let zone = identifier.icuUTF16
        var status: Int32 = 0
        cicu_time_zone_check(zone, zone.icuLength, &status)
        return status <= 0
    }

    /// This zone, or when ICU does not know it, a fixed zone with its offset
    /// at `date`: right for the hours around `date`, which is what a page
    /// rendered now shows, rather than failing to show dates at all.
    public func knownToICU(at date: Date = Date()) -> TimeZone {
        if isKnownToICU {
            return self
        }
        return TimeZone(secondsFromGMT: secondsFromGMT(for: date)) ?? .gmt
    }
}
