import Foundation
import SwitchboardCore

/// Random valid calendars and instants for the property suites, drawn from a seeded generator.
enum RandomCalendars {
    /// Zones with an hour of DST each way, half-hour offsets, a half-hour DST shift
    /// (Lord Howe), a 45-minute offset (Chatham), southern-hemisphere DST and none at all.
    static let zones = [
        "America/New_York", "Europe/London", "Australia/Sydney", "Asia/Seoul", "UTC",
        "Asia/Kolkata", "America/St_Johns", "Australia/Lord_Howe", "Pacific/Chatham",
        "Europe/Berlin", "America/Santiago", "Asia/Kathmandu",
    ]

    static let firstInstant = Date(timeIntervalSince1970: 1_704_067_200) // 2024-01-01T00:00Z
    static let lastInstant = Date(timeIntervalSince1970: 1_924_992_000) // 2031-01-01T00:00Z

    static func pick<T>(_ choices: [T], _ rng: inout SplitMix64) -> T {
        choices[Int.random(in: 0..<choices.count, using: &rng)]
    }

    static func chance(_ probability: Double, _ rng: inout SplitMix64) -> Bool {
        Double.random(in: 0..<1, using: &rng) < probability
    }

    /// A calendar with working time every week, so additions always land somewhere.
    static func calendar(_ rng: inout SplitMix64, zone: String? = nil) -> BusinessCalendar {
        let zone = zone ?? pick(zones, &rng)
        while true {
            let week = chance(0.05, &rng) ? WeeklySchedule.alwaysOpen : randomWeek(&rng)
            guard !week.isClosed else { continue }
            let holidays = randomHolidays(&rng)
            // Overnight intervals drawn independently can collide with the next day; drawing
            // again is simpler than steering around every collision.
            if let calendar = try? BusinessCalendar(timeZone: zone, week: week, holidays: holidays) {
                return calendar
            }
        }
    }

    static func randomWeek(_ rng: inout SplitMix64) -> WeeklySchedule {
        var week = WeeklySchedule()
        for day in WeeklySchedule.Weekday.allCases where !chance(0.2, &rng) {
            week[day] = sameDayIntervals(count: Int.random(in: 1...3, using: &rng), &rng)
        }
        for day in WeeklySchedule.Weekday.allCases where chance(0.25, &rng) {
            let lastEnd = week[day].map(\.end.minutesSinceMidnight).max() ?? 0
            if let shift = overnightInterval(after: lastEnd, &rng) {
                week[day].append(shift)
            }
        }
        return week
    }

    /// Non-overlapping intervals of one day, on a grid from one minute to one hour so that
    /// some land exactly on DST transitions and some do not.
    static func sameDayIntervals(count: Int, _ rng: inout SplitMix64) -> [WorkingInterval] {
        let grid = pick([1, 5, 15, 30, 60], &rng)
        let slots = WallClockTime.minutesPerDay / grid
        var cuts = Set<Int>()
        while cuts.count < 2 * count {
            cuts.insert(Int.random(in: 0...slots, using: &rng) * grid)
        }
        let sorted = cuts.sorted()
        return stride(from: 0, to: sorted.count, by: 2).compactMap { index in
            try? WorkingInterval(start: time(sorted[index]), end: time(sorted[index + 1]))
        }
    }

    static func overnightInterval(after minute: Int, _ rng: inout SplitMix64) -> WorkingInterval? {
        guard minute < WallClockTime.minutesPerDay - 1 else { return nil }
        let start = Int.random(in: minute..<WallClockTime.minutesPerDay, using: &rng)
        let end = Int.random(in: 0...min(start, 9 * 60), using: &rng)
        return try? WorkingInterval(start: time(start), end: time(end), overnight: true)
    }

    static func randomHolidays(_ rng: inout SplitMix64) -> [Holiday] {
        var holidays: [Holiday] = []
        var taken = Set<Holiday.Occurrence>()
        for _ in 0..<Int.random(in: 0...8, using: &rng) {
            let occurrence: Holiday.Occurrence
            if chance(0.5, &rng) {
                let year = Int.random(in: 2024...2030, using: &rng)
                let month = Int.random(in: 1...12, using: &rng)
                occurrence = .date(year: year, month: month, day: Int.random(in: 1...28, using: &rng))
            } else {
                let month = Int.random(in: 1...12, using: &rng)
                let longest = month == 2 ? 29 : 30
                occurrence = .yearly(month: month, day: Int.random(in: 1...longest, using: &rng))
            }
            guard taken.insert(occurrence).inserted else { continue }
            var hours: [WorkingInterval] = []
            if chance(0.3, &rng) {
                hours = sameDayIntervals(count: Int.random(in: 1...2, using: &rng), &rng)
                if chance(0.3, &rng), let shift = overnightInterval(after: hours.map(\.end.minutesSinceMidnight).max() ?? 0, &rng) {
                    hours.append(shift)
                }
            }
            if let holiday = try? Holiday(occurrence, name: "random", hours: hours) {
                holidays.append(holiday)
            }
        }
        return holidays
    }

    static func time(_ minutes: Int) throws -> WallClockTime {
        try WallClockTime(hour: minutes / 60, minute: minutes % 60)
    }

    /// An instant between 2024 and 2030: anywhere, on a whole minute (where interval edges
    /// lie), or within two days of one of the zone's DST transitions.
    static func instant(_ rng: inout SplitMix64, in zone: TimeZone) -> Date {
        let span = firstInstant.timeIntervalSinceReferenceDate...lastInstant.timeIntervalSinceReferenceDate
        let anywhere = Date(timeIntervalSinceReferenceDate: Double.random(in: span, using: &rng))
        switch Int.random(in: 0..<4, using: &rng) {
        case 0:
            return anywhere
        case 1:
            return Date(timeIntervalSinceReferenceDate: (anywhere.timeIntervalSinceReferenceDate / 60).rounded(.down) * 60)
        default:
            guard let transition = zone.nextDaylightSavingTimeTransition(after: anywhere) else { return anywhere }
            let nudge = Double.random(in: -2 * 86_400...2 * 86_400, using: &rng)
            let wholeMinutes = chance(0.5, &rng)
            let raw = transition.timeIntervalSinceReferenceDate + nudge
            return Date(timeIntervalSinceReferenceDate: wholeMinutes ? (raw / 60).rounded(.down) * 60 : raw)
        }
    }
}
