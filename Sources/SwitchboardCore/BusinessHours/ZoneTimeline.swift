import Foundation

/// Converts between instants and a zone's wall clock, forward from a starting instant.
///
/// A zone's offset is constant between transitions, so the timeline keeps the stretches
/// between transitions it has met (a year has two or so) and answers every later question
/// with arithmetic; Foundation's `TimeZone` is asked only when a new stretch begins.
/// Instants are `Date.timeIntervalSinceReferenceDate` seconds; local times are seconds since
/// 2001-01-01T00:00 on the zone's wall clock, so `local / 86 400` is a ``CivilDay`` number.
struct ZoneTimeline {
    private struct Stretch {
        let start: Double
        let end: Double
        let offset: Double
        var localStart: Double { start + offset }
        var localEnd: Double { end + offset }
    }

    private let zone: TimeZone
    private var stretches: [Stretch]
    private var current = 0

    /// Three days of margin before `instant` covers the previous local day, whose overnight
    /// intervals can still be running, in any zone's offset.
    init(zone: TimeZone, coveringFrom instant: Double) {
        self.zone = zone
        let anchor = instant - 3 * Double(CivilDay.secondsPerDay)
        let first = Self.stretch(of: zone, startingAt: anchor)
        // Nothing earlier than the anchor is ever asked for, so the first stretch may as well
        // reach back for ever; that keeps the lookups free of a "before the start" case.
        stretches = [Stretch(start: -.infinity, end: first.end, offset: first.offset)]
        stretches.reserveCapacity(4)
    }

    private static func stretch(of zone: TimeZone, startingAt start: Double) -> Stretch {
        let date = Date(timeIntervalSinceReferenceDate: start)
        let offset = Double(zone.secondsFromGMT(for: date))
        var end = zone.nextDaylightSavingTimeTransition(after: date)?.timeIntervalSinceReferenceDate ?? .infinity
        // A transition that does not move forward would stall the walk; treat it as none.
        if !(end > start) {
            end = .infinity
        }
        return Stretch(start: start, end: end, offset: offset)
    }

    private mutating func extend() -> Bool {
        guard let last = stretches.last, last.end.isFinite else { return false }
        stretches.append(Self.stretch(of: zone, startingAt: last.end))
        return true
    }

    /// The wall-clock time at `instant`.
    mutating func localTime(at instant: Double) -> Double {
        while let last = stretches.last, instant >= last.end, extend() {}
        let index = stretches.firstIndex { instant < $0.end } ?? stretches.count - 1
        return instant + stretches[index].offset
    }

    /// The first instant the wall clock reads `local`, or, when `local` falls in a gap, the
    /// first instant after the gap.
    mutating func instant(atLocal local: Double) -> Double {
        while let last = stretches.last, local >= last.localEnd, extend() {}
        // Questions arrive nearly in order, so step from the last answer. The stretch wanted
        // is the first whose wall-clock range ends after `local`: in a repeated hour that is
        // the earlier of the two.
        while current > 0, local < stretches[current - 1].localEnd {
            current -= 1
        }
        while current < stretches.count - 1, local >= stretches[current].localEnd {
            current += 1
        }
        let stretch = stretches[current]
        if local < stretch.localStart {
            return stretch.start
        }
        return local - stretch.offset
    }
}
