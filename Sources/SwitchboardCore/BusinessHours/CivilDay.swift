/// Proleptic Gregorian day arithmetic on day numbers, as plain integers.
///
/// The business-hours arithmetic walks a year one day at a time; asking Foundation's
/// `Calendar` for every day's date and weekday would cost more than the rest of the walk.
/// Day 0 is 2001-01-01, the day `Date`'s reference instant falls on (a Monday), so
/// `Date.timeIntervalSinceReferenceDate` plus the zone offset, divided by 86 400, is the day.
/// The conversions follow Howard Hinnant's `days_from_civil` / `civil_from_days`. They are
/// proleptic: before 1582-10-15, where Foundation's Gregorian calendar turns Julian, the two
/// disagree, which no business calendar reaches.
enum CivilDay {
    static let secondsPerDay = 86_400

    /// Day 0 (2001-01-01) counted from 1970-01-01, and 1970-01-01 counted from 0000-03-01.
    private static let referenceDayFromUnixEpoch = 11_323
    private static let unixEpochFromEraStart = 719_468

    static let firstSupportedDay = dayNumber(year: 1, month: 1, day: 1)
    static let lastSupportedDay = dayNumber(year: 9999, month: 12, day: 31)

    static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let monthFromMarch = (month + 9) % 12
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - unixEpochFromEraStart - referenceDayFromUnixEpoch
    }

    static func date(ofDay dayNumber: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = dayNumber + referenceDayFromUnixEpoch + unixEpochFromEraStart
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    static func weekday(ofDay dayNumber: Int) -> WeeklySchedule.Weekday {
        let index = ((dayNumber % 7) + 7) % 7
        return WeeklySchedule.Weekday(rawValue: index) ?? .monday
    }

    static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func daysInMonth(_ month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
