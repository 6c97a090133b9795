import Foundation

/// Walks a calendar's working time forward from an instant, one stretch of real time at a
/// time, in order and without overlaps: the single loop that every operation is built on.
///
/// It reads the schedule a day at a time, starting the day before the one the walk starts
/// in (its overnight intervals may still be running), so a year-long walk is a few hundred
/// steps whatever the durations involved.
struct WorkingTimeCursor {
    private let plan: WorkingPlan
    private var timeline: ZoneTimeline
    private var day: Int
    private var dayStart: Double
    private var spanIndex: Int
    private var spanEnd: Int
    private let lastDay: Int
    /// Everything before this instant has been handed out already, or lies before the walk.
    private var handedOutUntil: Double
    private var closedDaysInARow = 0

    /// The Gregorian calendar repeats every 400 years, weekdays included, so once the dated
    /// holidays are behind the walk, 400 years without working time means there is none left.
    private static let daysInGregorianCycle = 146_097

    /// - Parameter endInstant: the walk stops after the local day holding `endInstant` and the
    ///   day after it (which a fall-back at midnight can pull before `endInstant`).
    init(plan: WorkingPlan, zone: TimeZone, from instant: Double, through endInstant: Double? = nil) {
        self.plan = plan
        timeline = ZoneTimeline(zone: zone, coveringFrom: instant)
        let firstDay = Self.dayNumber(atLocal: timeline.localTime(at: instant)) - 1
        var lastDay = CivilDay.lastSupportedDay
        if let endInstant {
            lastDay = min(lastDay, Self.dayNumber(atLocal: timeline.localTime(at: endInstant)) + 1)
        }
        if !plan.recurs {
            lastDay = min(lastDay, plan.lastDatedDay + 1)
        }
        self.lastDay = lastDay
        day = firstDay
        dayStart = Double(firstDay) * Double(CivilDay.secondsPerDay)
        let spans = plan.spans(forDay: firstDay)
        spanIndex = spans.lowerBound
        spanEnd = spans.upperBound
        handedOutUntil = instant
    }

    private static func dayNumber(atLocal local: Double) -> Int {
        Int((local / Double(CivilDay.secondsPerDay)).rounded(.down))
    }

    /// The next stretch of working time, as instants; nil when the walk is over.
    mutating func next() -> (start: Double, end: Double)? {
        while true {
            while spanIndex < spanEnd {
                let span = plan.spans[spanIndex]
                spanIndex += 1
                let end = timeline.instant(atLocal: dayStart + Double(span.end))
                guard end > handedOutUntil else { continue }
                // Intervals carried over from the day before, or squeezed by a transition,
                // can overlap; cutting at what was handed out keeps every second counted once.
                let start = max(timeline.instant(atLocal: dayStart + Double(span.start)), handedOutUntil)
                handedOutUntil = end
                if end > start {
                    return (start, end)
                }
            }
            guard day < lastDay else { return nil }
            day += 1
            dayStart = Double(day) * Double(CivilDay.secondsPerDay)
            let spans = plan.spans(forDay: day)
            spanIndex = spans.lowerBound
            spanEnd = spans.upperBound
            if spans.isEmpty {
                closedDaysInARow += 1
                if closedDaysInARow > Self.daysInGregorianCycle + 1, day > plan.lastDatedDay {
                    return nil
                }
            } else {
                closedDaysInARow = 0
            }
        }
    }

    /// Instants the walk can start from: a few days inside years 1 to 9999, so the day
    /// before and after stay in range.
    static let supportedInstants: ClosedRange<Double> =
        (Double(CivilDay.firstSupportedDay + 2) * Double(CivilDay.secondsPerDay))...(Double(CivilDay.lastSupportedDay - 2) * Double(CivilDay.secondsPerDay))
}
