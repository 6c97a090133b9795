import Foundation
import SwitchboardCore
import Testing

private typealias F = BusinessHoursFixture
private let hour = BusinessHoursFixture.hour

@Suite("Holidays and half days")
struct HolidayTests {
    let zone = "America/New_York"

    var newYear: Holiday {
        get throws { try Holiday(.yearly(month: 1, day: 1), name: "New Year's Day") }
    }

    @Test("an hour added at 17:00 on New Year's Eve waits for the first working day of the year")
    func yearEnd() throws {
        let weekdays = try F.nineToFive(in: zone, holidays: [newYear])
        let newYearsEve = try F.local("2026-12-31 17:00", in: zone)
        // 2027-01-01 is a Friday holiday, then the weekend.
        #expect(F.wallClock(weekdays.add(1 * hour, to: newYearsEve), in: zone) == "2027-01-04 10:00 -05:00")

        let withSaturdays = try BusinessCalendar(
            timeZone: zone,
            week: WeeklySchedule([try F.interval("09:00", "17:00")], on: F.weekdays.union([.saturday])),
            holidays: [newYear]
        )
        #expect(F.wallClock(withSaturdays.add(1 * hour, to: newYearsEve), in: zone) == "2027-01-02 10:00 -05:00")
        #expect(!withSaturdays.isOpen(at: try F.local("2027-01-01 12:00", in: zone)))
        #expect(!withSaturdays.isOpen(at: try F.local("2030-01-01 12:00", in: zone)))
    }

    @Test("a half day on Christmas Eve, then Christmas Day, then the weekend")
    func halfDay() throws {
        let calendar = try F.nineToFive(in: zone, holidays: [
            try Holiday(date: "2026-12-24", name: "Christmas Eve", hours: [F.interval("09:00", "13:00")]),
            try Holiday(date: "2026-12-25", name: "Christmas Day"),
        ])
        let christmasEve = try F.local("2026-12-24 09:00", in: zone)
        #expect(calendar.businessTime(from: christmasEve, to: try F.local("2026-12-25 00:00", in: zone)) == 4 * hour)
        #expect(calendar.isOpen(at: try F.local("2026-12-24 12:59", in: zone)))
        #expect(!calendar.isOpen(at: try F.local("2026-12-24 14:00", in: zone)))
        #expect(F.wallClock(calendar.add(5 * hour, to: christmasEve), in: zone) == "2026-12-28 10:00 -05:00")
        #expect(F.wallClock(calendar.nextOpening(after: try F.local("2026-12-24 13:00", in: zone)), in: zone) == "2026-12-28 09:00 -05:00")
    }

    @Test("a holiday on a date applies in its year only; a yearly one every year")
    func fixedAndYearly() throws {
        let calendar = try F.nineToFive(in: zone, holidays: [
            try Holiday(date: "2026-11-26", name: "Thanksgiving"),
            try Holiday(.yearly(month: 7, day: 4), name: "Independence Day"),
        ])
        #expect(!calendar.isOpen(at: try F.local("2026-11-26 10:00", in: zone)))
        #expect(calendar.isOpen(at: try F.local("2027-11-26 10:00", in: zone)))
        #expect(!calendar.isOpen(at: try F.local("2028-07-04 10:00", in: zone)))
        #expect(!calendar.isOpen(at: try F.local("2031-07-04 10:00", in: zone)))
        #expect(calendar.isOpen(at: try F.local("2028-07-05 10:00", in: zone)))
    }

    @Test("a yearly February 29 holiday only closes leap days")
    func leapDay() throws {
        let calendar = try F.nineToFive(in: zone, holidays: [try Holiday(.yearly(month: 2, day: 29))])
        #expect(!calendar.isOpen(at: try F.local("2028-02-29 10:00", in: zone)))
        #expect(calendar.isOpen(at: try F.local("2027-03-01 10:00", in: zone)))
        #expect(calendar.isOpen(at: try F.local("2027-02-26 10:00", in: zone)))
    }

    @Test("a yearly half day, and a dated entry overriding a yearly one")
    func yearlyHalfDayAndOverride() throws {
        let calendar = try F.nineToFive(in: zone, holidays: [
            try Holiday(.yearly(month: 12, day: 24), name: "Christmas Eve", hours: [F.interval("09:00", "12:00")]),
            try Holiday(.yearly(month: 12, day: 31), name: "New Year's Eve"),
            try Holiday(date: "2026-12-31", name: "Year-end close", hours: [F.interval("10:00", "12:00")]),
        ])
        func workedOn(_ day: String) throws -> TimeInterval {
            let start = try F.local("\(day) 00:00", in: zone)
            return calendar.businessTime(from: start, to: start.addingTimeInterval(20 * hour))
        }
        #expect(try workedOn("2027-12-24") == 3 * hour)
        #expect(try workedOn("2026-12-31") == 2 * hour)
        #expect(try workedOn("2027-12-31") == 0)
    }

    @Test("a night shift that starts before a holiday still runs to its end")
    func overnightIntoHoliday() throws {
        let nights = WeeklySchedule([try F.interval("22:00", "06:00", overnight: true)], on: F.weekdays)
        let calendar = try BusinessCalendar(timeZone: zone, week: nights, holidays: [try Holiday(date: "2026-12-25")])
        // Thursday's shift runs into Christmas morning; Friday's, which would start on Christmas Day, does not.
        #expect(calendar.isOpen(at: try F.local("2026-12-25 03:00", in: zone)))
        #expect(!calendar.isOpen(at: try F.local("2026-12-25 23:00", in: zone)))
        let total = calendar.businessTime(from: try F.local("2026-12-24 12:00", in: zone), to: try F.local("2026-12-26 12:00", in: zone))
        #expect(total == 8 * hour)
    }

    @Test("a half day overlapping the night shift carried into it counts that time once")
    func halfDayOverlappingCarriedShift() throws {
        let nights = WeeklySchedule([try F.interval("22:00", "06:00", overnight: true)], on: F.weekdays)
        let calendar = try BusinessCalendar(timeZone: zone, week: nights, holidays: [
            try Holiday(date: "2026-03-14", name: "Stocktake", hours: [F.interval("05:00", "09:00")]),
        ])
        let total = calendar.businessTime(from: try F.local("2026-03-13 12:00", in: zone), to: try F.local("2026-03-14 12:00", in: zone))
        #expect(total == 11 * hour)
        #expect(F.wallClock(calendar.add(9 * hour, to: try F.local("2026-03-13 22:00", in: zone)), in: zone) == "2026-03-14 07:00 -04:00")
    }

    @Test("a calendar whose only working time is one past half day has no next opening after it")
    func noWorkingTimeLeft() throws {
        let calendar = try BusinessCalendar(timeZone: zone, week: .closed, holidays: [
            try Holiday(date: "2026-06-01", name: "Open day", hours: [F.interval("10:00", "12:00")]),
        ])
        #expect(F.wallClock(calendar.nextOpening(after: try F.local("2026-01-01 00:00", in: zone)), in: zone) == "2026-06-01 10:00 -04:00")
        #expect(calendar.nextOpening(after: try F.local("2026-06-01 12:00", in: zone)) == nil)
        #expect(calendar.add(3 * hour, to: try F.local("2026-01-01 00:00", in: zone)) == nil)
        #expect(calendar.businessTime(from: try F.local("2026-01-01 00:00", in: zone), to: try F.local("2027-01-01 00:00", in: zone)) == 2 * hour)

        let neverOpen = try BusinessCalendar(timeZone: zone, week: .closed)
        let someday = try F.local("2026-06-01 10:00", in: zone)
        #expect(neverOpen.nextOpening(after: someday) == nil)
        #expect(neverOpen.add(1, to: someday) == nil)
        #expect(!neverOpen.isOpen(at: someday))
    }
}
