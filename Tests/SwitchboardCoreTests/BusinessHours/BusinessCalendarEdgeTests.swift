import Foundation
import SwitchboardCore
import Testing

private typealias F = BusinessHoursFixture
private let hour = BusinessHoursFixture.hour

@Suite("Business calendar edge cases")
struct BusinessCalendarEdgeTests {
    let zone = "America/New_York"

    @Test("intervals include their start and exclude their end")
    func boundaries() throws {
        let calendar = try F.nineToFive(in: zone)
        let opening = try F.local("2026-03-10 09:00", in: zone)
        let closing = try F.local("2026-03-10 17:00", in: zone)
        #expect(calendar.isOpen(at: opening))
        #expect(!calendar.isOpen(at: opening.addingTimeInterval(-0.001)))
        #expect(calendar.isOpen(at: closing.addingTimeInterval(-0.001)))
        #expect(!calendar.isOpen(at: closing))
        #expect(calendar.nextOpening(after: opening) == opening)
        #expect(F.wallClock(calendar.nextOpening(after: closing), in: zone) == "2026-03-11 09:00 -04:00")
    }

    @Test("zero, negative and non-finite durations")
    func durations() throws {
        let calendar = try F.nineToFive(in: zone)
        let saturday = try F.local("2026-03-14 12:00", in: zone)
        #expect(calendar.add(0, to: saturday) == saturday)
        #expect(calendar.add(-1, to: saturday) == nil)
        #expect(calendar.add(.infinity, to: saturday) == nil)
        #expect(calendar.add(.nan, to: saturday) == nil)
        #expect(calendar.add(.seconds(90 * 60), to: saturday) == calendar.add(1.5 * hour, to: saturday))
        #expect(calendar.add(.milliseconds(1), to: saturday) == calendar.add(0.001, to: saturday))
    }

    @Test("instants beyond years 1 to 9999 count as closed instead of failing")
    func outOfRange() throws {
        let calendar = try BusinessCalendar(timeZone: zone, week: .alwaysOpen)
        let beyond = Date(timeIntervalSinceReferenceDate: 1e13)
        for instant in [beyond, Date(timeIntervalSinceReferenceDate: -1e13), Date(timeIntervalSinceReferenceDate: .infinity), Date(timeIntervalSinceReferenceDate: .nan)] {
            #expect(!calendar.isOpen(at: instant))
            #expect(calendar.nextOpening(after: instant) == nil)
            #expect(calendar.add(hour, to: instant) == nil)
        }
        let lateDecember = try F.local("9999-12-20 00:00", in: zone)
        let measured = calendar.businessTime(from: lateDecember, to: beyond)
        #expect(measured > 0 && measured < 12 * 86_400)
        #expect(calendar.add(1e12, to: lateDecember) == nil)
        #expect(calendar.businessTime(from: .distantPast, to: .distantPast.addingTimeInterval(10 * 86_400)) > 0)
    }

    @Test("a week whose every calendar day is a holiday except February 29 opens on a working leap day")
    func onlyLeapDaysLeft() throws {
        var holidays: [Holiday] = []
        for month in 1...12 {
            for day in 1...[31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] {
                holidays.append(try Holiday(.yearly(month: month, day: day)))
            }
        }
        let leapDaysOnly = try F.nineToFive(in: zone, holidays: holidays)
        let newYear = try F.local("2026-01-01 00:00", in: zone)
        // 2028-02-29 is a Tuesday; 2032-02-29 a Sunday; 2036-02-29 a Friday.
        #expect(F.wallClock(leapDaysOnly.nextOpening(after: newYear), in: zone) == "2028-02-29 09:00 -05:00")
        #expect(F.wallClock(leapDaysOnly.add(9 * hour, to: newYear), in: zone) == "2036-02-29 10:00 -05:00")

        let neverOpen = try F.nineToFive(in: zone, holidays: holidays + [try Holiday(.yearly(month: 2, day: 29))])
        #expect(neverOpen.nextOpening(after: newYear) == nil)
    }
}
