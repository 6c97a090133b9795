import Foundation
@testable import SwitchboardCore
import Testing

@Suite("Day arithmetic")
struct CivilDayTests {
    @Test("day 0 is Monday 2001-01-01, the day of Date's reference instant")
    func referenceDay() {
        #expect(CivilDay.dayNumber(year: 2001, month: 1, day: 1) == 0)
        #expect(CivilDay.weekday(ofDay: 0) == .monday)
        #expect(CivilDay.weekday(ofDay: -1) == .sunday)
        #expect(CivilDay.date(ofDay: -1) == (2000, 12, 31))
    }

    @Test("dates and weekdays agree with Foundation's Gregorian calendar from 1600 to 9999")
    func agreesWithFoundation() {
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = .gmt
        var rng = SplitMix64(seed: 0xDA7E)
        let first = CivilDay.dayNumber(year: 1600, month: 1, day: 1)
        let last = CivilDay.lastSupportedDay
        for _ in 0..<2000 {
            let day = Int.random(in: first...last, using: &rng)
            let date = Date(timeIntervalSinceReferenceDate: Double(day) * 86_400 + 43_200)
            let expected = gregorian.dateComponents([.year, .month, .day, .weekday], from: date)
            let civil = CivilDay.date(ofDay: day)
            #expect(civil.year == expected.year && civil.month == expected.month && civil.day == expected.day, "day \(day)")
            #expect(CivilDay.weekday(ofDay: day).rawValue == ((expected.weekday ?? 0) + 5) % 7, "day \(day)")
            #expect(CivilDay.dayNumber(year: civil.year, month: civil.month, day: civil.day) == day)
        }
    }
}
