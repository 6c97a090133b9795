import Foundation

/// Business-time arithmetic. Every answer follows the daylight-saving rules in the
/// ``BusinessCalendar`` documentation. None of these reads the current time: callers pass the
/// instant they mean, so a clock is injected wherever "now" matters.
extension BusinessCalendar {
    /// Whether `date` falls inside working time. Intervals include their start and exclude
    /// their end: a 09:00–17:00 day is open at 09:00:00 and closed at 17:00:00.
    public func isOpen(at date: Date) -> Bool {
        let instant = date.timeIntervalSinceReferenceDate
        guard plan.isEverOpen, WorkingTimeCursor.supportedInstants.contains(instant) else { return false }
        var cursor = WorkingTimeCursor(plan: plan, zone: timeZone, from: instant, through: instant)
        guard let stretch = cursor.next() else { return false }
        // Stretches are cut to begin no earlier than `instant`, so only one that begins right
        // there contains it.
        return stretch.start <= instant
    }

    /// The earliest instant at or after `date` when the calendar is open: `date` itself when it
    /// is open already. Nil only when no working time is left, which for a calendar with any
    /// weekly hours means never.
    public func nextOpening(after date: Date) -> Date? {
        let instant = date.timeIntervalSinceReferenceDate
        guard plan.isEverOpen, WorkingTimeCursor.supportedInstants.contains(instant) else { return nil }
        var cursor = WorkingTimeCursor(plan: plan, zone: timeZone, from: instant)
        return cursor.next().map { Date(timeIntervalSinceReferenceDate: $0.start) }
    }

    /// The earliest instant by which `businessDuration` seconds of working time have passed
    /// since `date`: adding 8 hours at 09:00 on a 09:00–17:00 day gives 17:00 the same day, not
    /// the next opening. A zero duration gives `date` unchanged.
    ///
    /// Nil when the duration is negative or not finite, or when the calendar runs out of
    /// working time (or out of years 1 to 9999) before the duration is used up.
    public func add(_ businessDuration: TimeInterval, to date: Date) -> Date? {
        let instant = date.timeIntervalSinceReferenceDate
        guard businessDuration.isFinite, businessDuration >= 0,
              WorkingTimeCursor.supportedInstants.contains(instant)
        else { return nil }
        if businessDuration == 0 {
            return date
        }
        // Business time never outruns real time, so a duration longer than what is left of
        // the supported years cannot fit.
        guard plan.isEverOpen, businessDuration <= WorkingTimeCursor.supportedInstants.upperBound - instant else {
            return nil
        }
        var cursor = WorkingTimeCursor(plan: plan, zone: timeZone, from: instant)
        var remaining = businessDuration
        while let stretch = cursor.next() {
            let length = stretch.end - stretch.start
            if remaining <= length {
                return Date(timeIntervalSinceReferenceDate: stretch.start + remaining)
            }
            remaining -= length
        }
        return nil
    }

    /// `add(_:to:)` with the duration as a `Duration`.
    public func add(_ businessDuration: Duration, to date: Date) -> Date? {
        let (seconds, attoseconds) = businessDuration.components
        return add(Double(seconds) + Double(attoseconds) * 1e-18, to: date)
    }

    /// Seconds of working time between `start` and `end`; 0 when `end` is not after `start`.
    public func businessTime(from start: Date, to end: Date) -> TimeInterval {
        let range = WorkingTimeCursor.supportedInstants
        guard plan.isEverOpen, !start.timeIntervalSinceReferenceDate.isNaN, !end.timeIntervalSinceReferenceDate.isNaN else {
            return 0
        }
        let from = min(max(start.timeIntervalSinceReferenceDate, range.lowerBound), range.upperBound)
        let to = min(max(end.timeIntervalSinceReferenceDate, range.lowerBound), range.upperBound)
        guard to > from else { return 0 }
        var cursor = WorkingTimeCursor(plan: plan, zone: timeZone, from: from, through: to)
        var total: TimeInterval = 0
        while let stretch = cursor.next(), stretch.start < to {
            total += min(stretch.end, to) - stretch.start
        }
        return total
    }
}
