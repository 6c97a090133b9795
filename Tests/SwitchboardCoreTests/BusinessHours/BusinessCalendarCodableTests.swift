import Foundation
import SwitchboardCore
import Testing

private typealias F = BusinessHoursFixture

@Suite("Business calendar JSON")
struct BusinessCalendarCodableTests {
    /// The example from the `BusinessCalendar` documentation.
    static let documented = """
        {
          "timeZone": "Asia/Seoul",
          "week": {
            "mon": [{"start": "09:00", "end": "12:00"}, {"start": "13:00", "end": "18:00"}],
            "tue": [{"start": "09:00", "end": "18:00"}],
            "wed": [{"start": "09:00", "end": "18:00"}],
            "thu": [{"start": "09:00", "end": "18:00"}],
            "fri": [{"start": "09:00", "end": "18:00"},
                    {"start": "22:00", "end": "06:00", "overnight": true}],
            "sat": [],
            "sun": []
          },
          "holidays": [
            {"date": "2026-12-25", "name": "Christmas Day"},
            {"month": 1, "day": 1, "recurring": true, "name": "New Year's Day"},
            {"date": "2026-12-24", "name": "Christmas Eve", "hours": [{"start": "09:00", "end": "13:00"}]}
          ]
        }
        """

    @Test("the documented example decodes into the calendar it describes")
    func documentedExample() throws {
        let calendar = try BusinessCalendar(json: Data(Self.documented.utf8))
        #expect(calendar.timeZoneIdentifier == "Asia/Seoul")
        #expect(calendar.week[.monday] == [try F.interval("09:00", "12:00"), try F.interval("13:00", "18:00")])
        #expect(calendar.week[.friday].last == (try F.interval("22:00", "06:00", overnight: true)))
        #expect(calendar.week[.sunday].isEmpty)
        #expect(calendar.holidays.map(\.occurrence) == [
            .date(year: 2026, month: 12, day: 25), .yearly(month: 1, day: 1), .date(year: 2026, month: 12, day: 24),
        ])
        #expect(calendar.holidays[2].hours == [try F.interval("09:00", "13:00")])

        let zone = "Asia/Seoul"
        #expect(calendar.isOpen(at: try F.local("2026-03-07 03:00", in: zone)))
        #expect(!calendar.isOpen(at: try F.local("2026-03-09 12:30", in: zone)))
        #expect(!calendar.isOpen(at: try F.local("2027-01-01 10:00", in: zone)))
        #expect(calendar.businessTime(from: try F.local("2026-12-24 00:00", in: zone), to: try F.local("2026-12-24 23:59", in: zone)) == 4 * 3600)
    }

    @Test("encoding and decoding again gives an equal calendar")
    func roundTrip() throws {
        let calendar = try BusinessCalendar(json: Data(Self.documented.utf8))
        let encoded = try JSONEncoder().encode(calendar)
        let decoded = try JSONDecoder().decode(BusinessCalendar.self, from: encoded)
        #expect(decoded == calendar)
        #expect(decoded.hashValue == calendar.hashValue)

        var rng = SplitMix64(seed: 0xC0DE)
        for _ in 0..<100 {
            let random = RandomCalendars.calendar(&rng)
            #expect(try JSONDecoder().decode(BusinessCalendar.self, from: JSONEncoder().encode(random)) == random)
        }
    }

    @Test("the encoded shape is the documented one")
    func encodedShape() throws {
        let calendar = try BusinessCalendar(
            timeZone: "UTC",
            week: WeeklySchedule([.friday: [try F.interval("22:00", "06:00", overnight: true)], .monday: [try F.interval("09:00", "17:00")]]),
            holidays: [
                try Holiday(.yearly(month: 1, day: 1), name: "New Year's Day"),
                try Holiday(date: "2026-12-24", hours: [F.interval("09:00", "13:00")]),
            ]
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(calendar), as: UTF8.self)
        #expect(json.contains(#""timeZone":"UTC""#))
        #expect(json.contains(#""mon":[{"end":"17:00","start":"09:00"}]"#))
        #expect(json.contains(#""fri":[{"end":"06:00","overnight":true,"start":"22:00"}]"#))
        #expect(json.contains(#""sun":[]"#))
        #expect(json.contains(#"{"day":1,"month":1,"name":"New Year's Day","recurring":true}"#))
        #expect(json.contains(#"{"date":"2026-12-24","hours":[{"end":"13:00","start":"09:00"}]}"#))
    }

    @Test("equal calendars hash alike; a different holiday makes a different calendar")
    func equality() throws {
        let one = try F.nineToFive(in: "Europe/London")
        let same = try F.nineToFive(in: "Europe/London")
        let other = try F.nineToFive(in: "Europe/London", holidays: [try Holiday(date: "2026-05-04")])
        #expect(one == same)
        #expect(Set([one, same, other]).count == 2)
        #expect(one != (try F.nineToFive(in: "Europe/Paris")))
    }
}
