import Foundation
import SwitchboardCore

/// A slow, literal reading of the calendar's documented rules, built on Foundation's
/// `Calendar` alone, that the fast arithmetic is checked against: every interval of every
/// day in a window becomes the span from the first instant the wall clock reads its start to
/// the first instant it reads its end (a time in a spring-forward gap standing for the end of
/// the gap), and working time is the union of those spans.
struct ReferenceCalendar {
    let calendar: BusinessCalendar
    private let gregorian: Calendar

    init(_ calendar: BusinessCalendar) {
        self.calendar = calendar
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = calendar.timeZone
        self.gregorian = gregorian
    }

    private var zone: TimeZone { calendar.timeZone }

    /// Merged working spans of every local day from two days before `from` to two after `to`.
    func spans(from: Date, to: Date) -> [(start: Date, end: Date)] {
        var raw: [(start: Date, end: Date)] = []
        var noon = middayOfLocalDay(containing: from.addingTimeInterval(-2 * 86_400))
        let last = to.addingTimeInterval(2 * 86_400)
        while noon <= last {
            let day = gregorian.dateComponents([.year, .month, .day, .weekday], from: noon)
            let nextNoon = gregorian.date(byAdding: .day, value: 1, to: noon) ?? noon.addingTimeInterval(86_400)
            let nextDay = gregorian.dateComponents([.year, .month, .day], from: nextNoon)
            for interval in intervals(on: day) {
                let start = firstInstant(day, minutes: interval.start.minutesSinceMidnight)
                let endDay = interval.overnight ? nextDay : day
                let endMinutes = interval.end.minutesSinceMidnight
                let end = endMinutes == WallClockTime.minutesPerDay
                    ? firstInstant(nextDay, minutes: 0)
                    : firstInstant(endDay, minutes: endMinutes)
                if end > start {
                    raw.append((start, end))
                }
            }
            noon = nextNoon
        }
        raw.sort { $0.start < $1.start }
        var merged: [(start: Date, end: Date)] = []
        for span in raw {
            if let last = merged.last, span.start <= last.end {
                merged[merged.count - 1].end = max(last.end, span.end)
            } else {
                merged.append(span)
            }
        }
        return merged
    }

    func businessTime(from: Date, to: Date) -> TimeInterval {
        guard to > from else { return 0 }
        return spans(from: from, to: to).reduce(0) { total, span in
            let start = max(span.start, from)
            let end = min(span.end, to)
            return end > start ? total + end.timeIntervalSince(start) : total
        }
    }

    func isOpen(at date: Date) -> Bool {
        spans(from: date, to: date).contains { $0.start <= date && date < $0.end }
    }

    private func intervals(on day: DateComponents) -> [WorkingInterval] {
        let (year, month, dayOfMonth) = (day.year ?? 0, day.month ?? 0, day.day ?? 0)
        if let dated = calendar.holidays.first(where: { $0.occurrence == .date(year: year, month: month, day: dayOfMonth) }) {
            return dated.hours
        }
        if let yearly = calendar.holidays.first(where: { $0.occurrence == .yearly(month: month, day: dayOfMonth) }) {
            return yearly.hours
        }
        // Foundation counts weekdays from Sunday = 1.
        let weekday = WeeklySchedule.Weekday(rawValue: ((day.weekday ?? 1) + 5) % 7) ?? .monday
        return calendar.week[weekday]
    }

    private func middayOfLocalDay(containing date: Date) -> Date {
        let day = gregorian.dateComponents([.year, .month, .day], from: date)
        var noon = day
        noon.hour = 12
        return gregorian.date(from: noon) ?? date
    }

    private func firstInstant(_ day: DateComponents, minutes: Int) -> Date {
        var wanted = DateComponents(year: day.year, month: day.month, day: day.day)
        wanted.hour = minutes / 60
        wanted.minute = minutes % 60
        guard let candidate = gregorian.date(from: wanted) else { return .distantPast }
        let fields: Set<Calendar.Component> = [.year, .month, .day, .hour, .minute]
        let seen = gregorian.dateComponents(fields, from: candidate)
        if seen.year == wanted.year, seen.month == wanted.month, seen.day == wanted.day,
           seen.hour == wanted.hour, seen.minute == wanted.minute {
            // Foundation already gives the first of two repeated readings; check any earlier
            // reading anyway so the reference does not lean on that.
            var earliest = candidate
            for back in [3600.0, 1800.0] {
                let earlier = candidate.addingTimeInterval(-back)
                if gregorian.dateComponents(fields, from: earlier) == seen, earlier < earliest {
                    earliest = earlier
                }
            }
            return earliest
        }
        // In a gap: the end of the gap is the transition after which the wall clock has
        // passed the wanted reading.
        let wantedNaive = naiveSeconds(wanted)
        var probe = candidate.addingTimeInterval(-3 * 86_400)
        while let transition = zone.nextDaylightSavingTimeTransition(after: probe), transition < candidate.addingTimeInterval(3 * 86_400) {
            let readingAfter = transition.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: transition))
            if readingAfter > wantedNaive {
                return transition
            }
            probe = transition
        }
        return candidate
    }

    /// The wall-clock reading as seconds since 1970-01-01T00:00 on that same wall clock.
    private func naiveSeconds(_ components: DateComponents) -> Double {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = .gmt
        return utc.date(from: components)?.timeIntervalSince1970 ?? 0
    }
}
