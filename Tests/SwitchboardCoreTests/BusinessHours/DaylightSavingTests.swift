import Foundation
import SwitchboardCore
import Testing

private typealias F = BusinessHoursFixture
private let hour = BusinessHoursFixture.hour

@Suite("Business hours across DST in New York")
struct NewYorkDaylightSavingTests {
    // 2026-03-08: 02:00 EST jumps to 03:00 EDT. 2026-11-01: 02:00 EDT falls back to 01:00 EST.
    let zone = "America/New_York"

    @Test("a Sunday 01:00-05:00 shift has 3 business hours on the spring-forward night")
    func springForwardShift() throws {
        let calendar = try F.only(.sunday, [F.interval("01:00", "05:00")], in: zone)
        let spring = calendar.businessTime(from: try F.local("2026-03-08 00:00", in: zone), to: try F.local("2026-03-08 12:00", in: zone))
        let ordinary = calendar.businessTime(from: try F.local("2026-03-01 00:00", in: zone), to: try F.local("2026-03-01 12:00", in: zone))
        #expect(spring == 3 * hour)
        #expect(ordinary == 4 * hour)
        // Two hours into the shift: 01:00-02:00, then 03:00-04:00 once the clocks jump.
        let twoHoursIn = calendar.add(2 * hour, to: try F.local("2026-03-08 01:00", in: zone))
        #expect(F.wallClock(twoHoursIn, in: zone) == "2026-03-08 04:00 -04:00")
    }

    @Test("the same shift has 5 business hours on the fall-back night, the repeated hour counted twice")
    func fallBackShift() throws {
        let calendar = try F.only(.sunday, [F.interval("01:00", "05:00")], in: zone)
        let night = calendar.businessTime(from: try F.instant("2026-11-01T00:00:00-04:00"), to: try F.instant("2026-11-01T12:00:00-05:00"))
        #expect(night == 5 * hour)
        let ninetyMinutesIn = calendar.add(1.5 * hour, to: try F.instant("2026-11-01T01:00:00-04:00"))
        #expect(F.wallClock(ninetyMinutesIn, in: zone) == "2026-11-01 01:30 -05:00")
        #expect(calendar.isOpen(at: try F.instant("2026-11-01T01:15:00-05:00")))
    }

    @Test("an interval inside the repeated hour is worked once, in the first pass")
    func intervalInsideRepeatedHour() throws {
        let calendar = try F.only(.sunday, [F.interval("01:00", "01:30")], in: zone)
        #expect(calendar.isOpen(at: try F.instant("2026-11-01T01:15:00-04:00")))
        #expect(!calendar.isOpen(at: try F.instant("2026-11-01T01:15:00-05:00")))
        let night = calendar.businessTime(from: try F.instant("2026-11-01T00:00:00-04:00"), to: try F.instant("2026-11-01T03:00:00-05:00"))
        #expect(night == 0.5 * hour)
    }

    @Test("an interval inside the spring-forward gap holds no time; one starting in it opens when the gap ends")
    func intervalInsideGap() throws {
        let lost = try F.only(.sunday, [F.interval("02:00", "02:30")], in: zone)
        let sundayMidnight = try F.local("2026-03-08 00:00", in: zone)
        #expect(lost.businessTime(from: sundayMidnight, to: try F.local("2026-03-09 00:00", in: zone)) == 0)
        #expect(F.wallClock(lost.nextOpening(after: sundayMidnight), in: zone) == "2026-03-15 02:00 -04:00")

        let late = try F.only(.sunday, [F.interval("02:30", "04:00")], in: zone)
        #expect(F.wallClock(late.nextOpening(after: sundayMidnight), in: zone) == "2026-03-08 03:00 -04:00")
        #expect(late.businessTime(from: sundayMidnight, to: try F.local("2026-03-09 00:00", in: zone)) == 1 * hour)
    }

    @Test("a 9-17 weekday calendar carries work over the DST weekend by wall clock")
    func officeHoursOverTheWeekend() throws {
        let calendar = try F.nineToFive(in: zone)
        let fridayMorning = try F.local("2026-03-06 09:00", in: zone)
        #expect(F.wallClock(calendar.add(8 * hour, to: fridayMorning), in: zone) == "2026-03-06 17:00 -05:00")
        let fridayLate = try F.local("2026-03-06 16:30", in: zone)
        #expect(F.wallClock(calendar.add(1 * hour, to: fridayLate), in: zone) == "2026-03-09 09:30 -04:00")
        #expect(calendar.businessTime(from: fridayMorning, to: try F.local("2026-03-09 17:00", in: zone)) == 16 * hour)
        #expect(calendar.businessTime(from: try F.local("2026-03-06 17:00", in: zone), to: try F.local("2026-03-09 09:00", in: zone)) == 0)
        #expect(F.wallClock(calendar.nextOpening(after: try F.local("2026-10-30 18:00", in: zone)), in: zone) == "2026-11-02 09:00 -05:00")
    }

    @Test("a Saturday 22:00-06:00 night shift is 7 hours in spring and 9 in autumn")
    func overnightShift() throws {
        let calendar = try F.only(.saturday, [F.interval("22:00", "06:00", overnight: true)], in: zone)
        let springNight = try F.local("2026-03-07 22:00", in: zone)
        let autumnNight = try F.local("2026-10-31 22:00", in: zone)
        #expect(calendar.businessTime(from: springNight, to: springNight.addingTimeInterval(12 * hour)) == 7 * hour)
        #expect(calendar.businessTime(from: autumnNight, to: autumnNight.addingTimeInterval(12 * hour)) == 9 * hour)
        #expect(F.wallClock(calendar.add(7 * hour, to: springNight), in: zone) == "2026-03-08 06:00 -04:00")
        #expect(F.wallClock(calendar.add(8 * hour, to: springNight), in: zone) == "2026-03-14 23:00 -04:00")
        #expect(F.wallClock(calendar.add(8 * hour, to: autumnNight), in: zone) == "2026-11-01 05:00 -05:00")
    }

    @Test("a calendar open around the clock has a 23-hour and a 25-hour day")
    func aroundTheClock() throws {
        let calendar = try BusinessCalendar(timeZone: zone, week: .alwaysOpen)
        let march = calendar.businessTime(from: try F.local("2026-03-08 00:00", in: zone), to: try F.local("2026-03-09 00:00", in: zone))
        let november = calendar.businessTime(from: try F.local("2026-11-01 00:00", in: zone), to: try F.local("2026-11-02 00:00", in: zone))
        #expect(march == 23 * hour)
        #expect(november == 25 * hour)
    }
}

@Suite("Business hours across DST in London")
struct LondonDaylightSavingTests {
    // 2026-03-29: 01:00 GMT jumps to 02:00 BST. 2026-10-25: 02:00 BST falls back to 01:00 GMT.
    let zone = "Europe/London"

    @Test("a Sunday 00:30-03:00 shift loses the hour from 01:00 to 02:00 in March")
    func springForward() throws {
        let calendar = try F.only(.sunday, [F.interval("00:30", "03:00")], in: zone)
        let day = calendar.businessTime(from: try F.local("2026-03-29 00:00", in: zone), to: try F.local("2026-03-29 12:00", in: zone))
        #expect(day == 1.5 * hour)
        #expect(calendar.isOpen(at: try F.instant("2026-03-29T02:30:00+01:00")))
        #expect(F.wallClock(calendar.add(1 * hour, to: try F.local("2026-03-29 00:30", in: zone)), in: zone) == "2026-03-29 02:30 +01:00")
    }

    @Test("a Sunday 00:00-04:00 shift gains an hour in October")
    func fallBack() throws {
        let calendar = try F.only(.sunday, [F.interval("00:00", "04:00")], in: zone)
        let day = calendar.businessTime(from: try F.local("2026-10-25 00:00", in: zone), to: try F.local("2026-10-25 12:00", in: zone))
        #expect(day == 5 * hour)
    }

    @Test("a 9-17 weekday calendar: 8 hours from Friday 13:00 end Monday 13:00 after the clocks go back")
    func officeHours() throws {
        let calendar = try F.nineToFive(in: zone)
        let friday = try F.local("2026-10-23 13:00", in: zone)
        #expect(F.wallClock(calendar.add(8 * hour, to: friday), in: zone) == "2026-10-26 13:00 +00:00")
        #expect(calendar.businessTime(from: try F.local("2026-10-23 17:00", in: zone), to: try F.local("2026-10-26 09:00", in: zone)) == 0)
    }

    @Test("a night shift over the October change runs 9 hours")
    func overnightShift() throws {
        let calendar = try F.only(.saturday, [F.interval("22:00", "06:00", overnight: true)], in: zone)
        let night = try F.local("2026-10-24 22:00", in: zone)
        #expect(calendar.businessTime(from: night, to: night.addingTimeInterval(12 * hour)) == 9 * hour)
        #expect(F.wallClock(calendar.add(8.5 * hour, to: night), in: zone) == "2026-10-25 05:30 +00:00")
    }

    @Test("a calendar open around the clock has a 23-hour and a 25-hour day")
    func aroundTheClock() throws {
        let calendar = try BusinessCalendar(timeZone: zone, week: .alwaysOpen)
        #expect(calendar.businessTime(from: try F.local("2026-03-29 00:00", in: zone), to: try F.local("2026-03-30 00:00", in: zone)) == 23 * hour)
        #expect(calendar.businessTime(from: try F.local("2026-10-25 00:00", in: zone), to: try F.local("2026-10-26 00:00", in: zone)) == 25 * hour)
    }
}

@Suite("Business hours across DST in Sydney")
struct SydneyDaylightSavingTests {
    // 2026-04-05: 03:00 AEDT falls back to 02:00 AEST. 2026-10-04: 02:00 AEST jumps to 03:00 AEDT.
    let zone = "Australia/Sydney"

    @Test("a Saturday 22:00-06:00 night shift is 9 hours in April and 7 in October")
    func overnightShift() throws {
        let calendar = try F.only(.saturday, [F.interval("22:00", "06:00", overnight: true)], in: zone)
        let april = try F.local("2026-04-04 22:00", in: zone)
        let october = try F.local("2026-10-03 22:00", in: zone)
        #expect(calendar.businessTime(from: april, to: april.addingTimeInterval(12 * hour)) == 9 * hour)
        #expect(calendar.businessTime(from: october, to: october.addingTimeInterval(12 * hour)) == 7 * hour)
        let beforeJump = try F.instant("2026-10-04T01:30:00+10:00")
        #expect(F.wallClock(calendar.add(1 * hour, to: beforeJump), in: zone) == "2026-10-04 03:30 +11:00")
        let beforeRepeat = try F.instant("2026-04-05T01:30:00+11:00")
        #expect(F.wallClock(calendar.add(2 * hour, to: beforeRepeat), in: zone) == "2026-04-05 02:30 +10:00")
    }

    @Test("an interval covering the repeated hour counts both passes")
    func repeatedHour() throws {
        let calendar = try F.only(.sunday, [F.interval("02:00", "03:00")], in: zone)
        let day = calendar.businessTime(from: try F.local("2026-04-05 00:00", in: zone), to: try F.local("2026-04-05 12:00", in: zone))
        #expect(day == 2 * hour)
        #expect(calendar.isOpen(at: try F.instant("2026-04-05T02:30:00+10:00")))
    }

    @Test("a 9-17 calendar skips the weekend the clocks go forward, and Labour Day")
    func officeHours() throws {
        let labourDay = try Holiday(date: "2026-10-05", name: "Labour Day")
        let calendar = try F.nineToFive(in: zone, holidays: [labourDay])
        let fridayLate = try F.local("2026-10-02 16:30", in: zone)
        #expect(F.wallClock(calendar.add(1 * hour, to: fridayLate), in: zone) == "2026-10-06 09:30 +11:00")
        #expect(F.wallClock(calendar.add(8 * hour, to: try F.local("2026-10-02 09:00", in: zone)), in: zone) == "2026-10-02 17:00 +10:00")
    }
}

@Suite("Business hours in Seoul, which has no DST")
struct SeoulBusinessHoursTests {
    let zone = "Asia/Seoul"

    /// 09:00-12:00 and 13:00-18:00 on weekdays, with a Friday night shift to Saturday 06:00.
    func office(holidays: [Holiday] = [], nightShift: Bool = false) throws -> BusinessCalendar {
        let day = [try F.interval("09:00", "12:00"), try F.interval("13:00", "18:00")]
        var week = WeeklySchedule(day, on: F.weekdays)
        if nightShift {
            week[.friday].append(try F.interval("22:00", "06:00", overnight: true))
        }
        return try BusinessCalendar(timeZone: zone, week: week, holidays: holidays)
    }

    @Test("8 hours from Monday 09:00 end at 18:00, and the lunch hour is skipped")
    func workingDay() throws {
        let calendar = try office()
        #expect(F.wallClock(calendar.add(8 * hour, to: try F.local("2026-03-09 09:00", in: zone)), in: zone) == "2026-03-09 18:00 +09:00")
        #expect(F.wallClock(calendar.add(1 * hour, to: try F.local("2026-03-09 11:30", in: zone)), in: zone) == "2026-03-09 13:30 +09:00")
        #expect(!calendar.isOpen(at: try F.local("2026-03-09 12:30", in: zone)))
    }

    @Test("the Friday night shift runs 8 hours into Saturday")
    func nightShift() throws {
        let calendar = try office(nightShift: true)
        #expect(calendar.isOpen(at: try F.local("2026-03-07 03:00", in: zone)))
        #expect(calendar.businessTime(from: try F.local("2026-03-06 00:00", in: zone), to: try F.local("2026-03-09 00:00", in: zone)) == 16 * hour)
        #expect(F.wallClock(calendar.add(1 * hour, to: try F.local("2026-03-06 17:30", in: zone)), in: zone) == "2026-03-06 22:30 +09:00")
    }

    @Test("other zones' DST dates change nothing")
    func noDaylightSaving() throws {
        let calendar = try BusinessCalendar(timeZone: zone, week: .alwaysOpen)
        for day in ["2026-03-08", "2026-03-29", "2026-04-05", "2026-10-04", "2026-10-25", "2026-11-01"] {
            let start = try F.local("\(day) 00:00", in: zone)
            #expect(calendar.businessTime(from: start, to: start.addingTimeInterval(24 * hour)) == 24 * hour)
            #expect(calendar.businessTime(from: start, to: try F.local("\(day) 23:00", in: zone)) == 23 * hour)
        }
    }

    @Test("Independence Movement Day and its substitute holiday are skipped")
    func holidays() throws {
        let calendar = try office(holidays: [
            try Holiday(.yearly(month: 3, day: 1), name: "Samiljeol"),
            try Holiday(date: "2026-03-02", name: "Substitute holiday"),
        ])
        let fridayLate = try F.local("2026-02-27 17:30", in: zone)
        #expect(F.wallClock(calendar.add(1 * hour, to: fridayLate), in: zone) == "2026-03-03 09:30 +09:00")
    }
}

@Suite("Business hours across historic transitions at midnight")
struct MidnightTransitionTests {
    @Test("Samoa skipped 2011-12-30 entirely; a calendar open around the clock skips it too")
    func skippedDay() throws {
        let zone = "Pacific/Apia"
        let calendar = try BusinessCalendar(timeZone: zone, week: .alwaysOpen)
        let thursday = try F.local("2011-12-29 00:00", in: zone)
        let saturday = try F.local("2011-12-31 00:00", in: zone)
        #expect(calendar.businessTime(from: thursday, to: saturday) == 24 * hour)
        let weekdays = try F.nineToFive(in: zone)
        let thursdayLate = try F.local("2011-12-29 16:00", in: zone)
        #expect(F.wallClock(weekdays.add(2 * hour, to: thursdayLate), in: zone) == "2012-01-02 10:00 +14:00")
    }

    @Test("São Paulo's clocks fell back from midnight to 23:00 on 2019-02-17: 22:00-24:00 ran 3 hours")
    func fallBackAtMidnight() throws {
        let zone = "America/Sao_Paulo"
        let calendar = try F.only(.saturday, [F.interval("22:00", "24:00")], in: zone)
        let saturdayEvening = try F.instant("2019-02-16T22:00:00-02:00")
        // The clock first read midnight only after replaying 23:00-24:00, so that hour was worked.
        #expect(calendar.businessTime(from: saturdayEvening, to: saturdayEvening.addingTimeInterval(6 * hour)) == 3 * hour)
        #expect(calendar.isOpen(at: try F.instant("2019-02-16T23:30:00-03:00")))
        #expect(!calendar.isOpen(at: try F.instant("2019-02-17T00:00:00-03:00")))
    }

    @Test("São Paulo's clocks jumped from midnight to 01:00 on 2018-11-04")
    func springForwardAtMidnight() throws {
        let zone = "America/Sao_Paulo"
        let calendar = try F.only(.sunday, [F.interval("00:00", "08:00")], in: zone)
        let opening = calendar.nextOpening(after: try F.instant("2018-11-03T20:00:00-03:00"))
        #expect(F.wallClock(opening, in: zone) == "2018-11-04 01:00 -02:00")
        #expect(calendar.businessTime(from: try F.instant("2018-11-03T20:00:00-03:00"), to: try F.instant("2018-11-04T12:00:00-02:00")) == 7 * hour)
    }
}
