import Foundation
import SwitchboardCore
import Testing

private typealias F = BusinessHoursFixture

@Suite("Business calendar validation")
struct BusinessCalendarValidationTests {
    /// Decodes a calendar from JSON and returns the error it is rejected with.
    func rejection(_ json: String) -> BusinessCalendarError? {
        do {
            _ = try BusinessCalendar(json: Data(json.utf8))
            return nil
        } catch {
            return error
        }
    }

    func calendarJSON(week: String = #"{"mon": [{"start": "09:00", "end": "17:00"}]}"#, holidays: String = "[]", timeZone: String = "Europe/London") -> String {
        #"{"timeZone": "\#(timeZone)", "week": \#(week), "holidays": \#(holidays)}"#
    }

    @Test("an unknown time zone is named")
    func unknownTimeZone() {
        #expect(throws: BusinessCalendarError(field: "timeZone", reason: .unknownTimeZone("Mars/Olympus"))) {
            try BusinessCalendar(timeZone: "Mars/Olympus", week: .alwaysOpen)
        }
        let error = rejection(calendarJSON(timeZone: "Europe/Londn"))
        #expect(error == BusinessCalendarError(field: "timeZone", reason: .unknownTimeZone("Europe/Londn")))
        #expect(error?.description == #"timeZone: "Europe/Londn" is not a known IANA time zone (for example "Europe/London")"#)
    }

    @Test("times that are not times, or off the clock", arguments: [
        ("25:00", BusinessCalendarError.Reason.timeOutOfRange("25:00")),
        ("09:60", .timeOutOfRange("09:60")),
        ("24:30", .timeOutOfRange("24:30")),
        ("9am", .malformedTime("9am")),
        ("09:00:00", .malformedTime("09:00:00")),
        ("", .malformedTime("")),
        ("-1:00", .malformedTime("-1:00")),
    ])
    func badTimes(text: String, reason: BusinessCalendarError.Reason) {
        let week = #"{"tue": [{"start": "09:00", "end": "17:00"}, {"start": "18:00", "end": "\#(text)"}]}"#
        #expect(rejection(calendarJSON(week: week)) == BusinessCalendarError(field: "week.tue[1].end", reason: reason))
        #expect(throws: BusinessCalendarError(reason: reason)) { try WallClockTime(text) }
    }

    @Test("hour and minute numbers are range-checked too")
    func numericTimes() throws {
        #expect(throws: BusinessCalendarError(reason: .timeOutOfRange("10:75"))) { try WallClockTime(hour: 10, minute: 75) }
        #expect(throws: BusinessCalendarError(reason: .timeOutOfRange("-1:00"))) { try WallClockTime(hour: -1) }
        #expect(try WallClockTime(hour: 24).description == "24:00")
        #expect(try WallClockTime("9:05").description == "09:05")
    }

    @Test("an interval must end after it starts unless it is overnight")
    func intervalOrder() {
        #expect(rejection(calendarJSON(week: #"{"wed": [{"start": "18:00", "end": "09:00"}]}"#))
            == BusinessCalendarError(field: "week.wed[0].end", reason: .endBeforeStart))
        #expect(rejection(calendarJSON(week: #"{"wed": [{"start": "09:00", "end": "09:00"}]}"#))
            == BusinessCalendarError(field: "week.wed[0].end", reason: .emptyInterval))
        #expect(rejection(calendarJSON(week: #"{"wed": [{"start": "22:00", "end": "23:00", "overnight": true}]}"#))
            == BusinessCalendarError(field: "week.wed[0].end", reason: .overnightLongerThanADay))
        #expect(rejection(calendarJSON(week: #"{"wed": [{"start": "24:00", "end": "24:00"}]}"#))
            == BusinessCalendarError(field: "week.wed[0].start", reason: .startsAtEndOfDay))
        #expect(throws: BusinessCalendarError(field: "end", reason: .endBeforeStart)) {
            try WorkingInterval(start: "17:00", end: "08:00")
        }
    }

    @Test("24-hour shifts and runs to the end of the day are fine")
    func fullDays() throws {
        let shift = try WorkingInterval(start: "08:00", end: "08:00", overnight: true)
        let calendar = try BusinessCalendar(timeZone: "UTC", week: WeeklySchedule([.monday: [shift], .wednesday: [.wholeDay]]))
        let monday = try F.local("2026-03-02 08:00", in: "UTC")
        #expect(calendar.businessTime(from: monday, to: monday.addingTimeInterval(7 * 86_400)) == 48 * 3600)
    }

    @Test("overlapping intervals name both, including a night shift running into the next day")
    func overlaps() {
        let sameDay = #"{"tue": [{"start": "13:00", "end": "18:00"}, {"start": "09:00", "end": "14:00"}]}"#
        #expect(rejection(calendarJSON(week: sameDay)) == BusinessCalendarError(field: "week.tue[1]", reason: .overlaps("week.tue[0]")))

        let intoSaturday = #"{"fri": [{"start": "22:00", "end": "06:00", "overnight": true}], "sat": [{"start": "05:00", "end": "12:00"}]}"#
        let error = rejection(calendarJSON(week: intoSaturday))
        #expect(error == BusinessCalendarError(field: "week.fri[0]", reason: .overlaps("week.sat[0]")))
        #expect(error?.description == "week.fri[0]: overlaps week.sat[0]")

        let intoMonday = #"{"sun": [{"start": "23:00", "end": "09:30", "overnight": true}], "mon": [{"start": "09:00", "end": "17:00"}]}"#
        #expect(rejection(calendarJSON(week: intoMonday)) == BusinessCalendarError(field: "week.sun[0]", reason: .overlaps("week.mon[0]")))

        let touching = #"{"fri": [{"start": "22:00", "end": "06:00", "overnight": true}], "sat": [{"start": "06:00", "end": "12:00"}]}"#
        #expect(rejection(calendarJSON(week: touching)) == nil)
    }

    @Test("holiday dates must exist and be listed once")
    func holidayDates() {
        func holidayError(_ holidays: String) -> BusinessCalendarError? {
            rejection(calendarJSON(holidays: holidays))
        }
        #expect(holidayError(#"[{"date": "2026-02-30"}]"#) == BusinessCalendarError(field: "holidays[0].date", reason: .nonexistentDate("2026-02-30")))
        #expect(holidayError(#"[{"date": "2026-2-3"}]"#) == BusinessCalendarError(field: "holidays[0].date", reason: .malformedDate("2026-2-3")))
        #expect(holidayError(#"[{"month": 13, "day": 1, "recurring": true}]"#) == BusinessCalendarError(field: "holidays[0].month", reason: .nonexistentDate("month 13")))
        #expect(holidayError(#"[{"month": 2, "day": 30, "recurring": true}]"#) == BusinessCalendarError(field: "holidays[0].day", reason: .nonexistentDate("day 30 of month 2")))
        #expect(holidayError(#"[{"month": 2, "day": 29, "recurring": true}]"#) == nil)
        #expect(holidayError(#"[{"month": 12}]"#) == BusinessCalendarError(field: "holidays[0].day", reason: .missing))
        #expect(holidayError(#"[{"date": "2026-12-25", "month": 12, "day": 25}]"#) == BusinessCalendarError(field: "holidays[0]", reason: .ambiguousHoliday))
        #expect(holidayError(#"[{"month": 12, "day": 25, "recurring": false}]"#) == BusinessCalendarError(field: "holidays[0]", reason: .ambiguousHoliday))
        #expect(holidayError(#"[{"name": "Someday"}]"#) == BusinessCalendarError(field: "holidays[0]", reason: .ambiguousHoliday))
        let duplicate = #"[{"date": "2026-12-25"}, {"month": 1, "day": 1}, {"date": "2026-12-25", "name": "Again"}]"#
        #expect(holidayError(duplicate) == BusinessCalendarError(field: "holidays[2]", reason: .duplicateHoliday("holidays[0]")))
        let halfDay = #"[{"date": "2026-12-24", "hours": [{"start": "09:00", "end": "13:00"}, {"start": "12:00", "end": "14:00"}]}]"#
        #expect(holidayError(halfDay) == BusinessCalendarError(field: "holidays[0].hours[1]", reason: .overlaps("holidays[0].hours[0]")))
    }

    @Test("JSON decoding errors name the field")
    func decodingErrors() {
        #expect(rejection(#"{"week": {}}"#) == BusinessCalendarError(field: "timeZone", reason: .missing))
        #expect(rejection(#"{"timeZone": "UTC"}"#) == BusinessCalendarError(field: "week", reason: .missing))
        #expect(rejection(calendarJSON(week: #"{"mon": {"start": "09:00"}}"#)) == BusinessCalendarError(field: "week.mon", reason: .wrongType(expected: "a list")))
        #expect(rejection(calendarJSON(week: #"{"mon": [{"start": 9, "end": "17:00"}]}"#)) == BusinessCalendarError(field: "week.mon[0].start", reason: .wrongType(expected: "a string")))
        #expect(rejection(calendarJSON(week: #"{"mon": [{"start": "09:00"}]}"#)) == BusinessCalendarError(field: "week.mon[0].end", reason: .missing))
        #expect(rejection(calendarJSON(week: #"{"monday": [{"start": "09:00", "end": "17:00"}]}"#)) == BusinessCalendarError(field: "week.monday", reason: .unknownWeekday("monday")))
        #expect(rejection(calendarJSON(holidays: #"[{"date": 20261225}]"#)) == BusinessCalendarError(field: "holidays[0].date", reason: .wrongType(expected: "a string")))
        let notJSON = rejection("{\"timeZone\": ")
        #expect(notJSON?.field == "")
        if case .unreadable = notJSON?.reason {} else {
            Issue.record("expected an unreadable-input error, got \(String(describing: notJSON))")
        }
    }

    @Test("inside a larger document the path starts from that document's root")
    func nestedPaths() throws {
        struct Department: Decodable {
            var calendar: BusinessCalendar
        }
        let overlapping = #"{"calendar": {"timeZone": "UTC", "week": {"fri": [{"start": "22:00", "end": "06:00", "overnight": true}], "sat": [{"start": "05:00", "end": "12:00"}]}}}"#
        let badTime = #"{"calendar": {"timeZone": "UTC", "week": {"sat": [{"start": "05:00", "end": "12:75"}]}}}"#
        for (json, expected) in [
            (overlapping, BusinessCalendarError(field: "calendar.week.fri[0]", reason: .overlaps("calendar.week.sat[0]"))),
            (badTime, BusinessCalendarError(field: "calendar.week.sat[0].end", reason: .timeOutOfRange("12:75"))),
        ] {
            do {
                _ = try JSONDecoder().decode(Department.self, from: Data(json.utf8))
                Issue.record("accepted \(json)")
            } catch let error as DecodingError {
                #expect(BusinessCalendarError(error) == expected)
            }
        }
    }
}
