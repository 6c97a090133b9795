import Foundation
import SwitchboardICU
import Testing

@Suite("Numbers, dates, relative times and durations")
struct FormattingTests {
    static let seoul = TimeZone(identifier: "Asia/Seoul")!
    static let instant = Date(timeIntervalSince1970: 1_741_000_000)

    @Test("relative times", arguments: [
        ("en", ["3 hours ago", "in 2 days", "yesterday", "1 day ago"]),
        ("ko", ["3시간 전", "모레", "어제", "1일 전"]),
        ("de", ["vor 3 Stunden", "übermorgen", "gestern", "vor 1 Tag"]),
        ("ar", ["قبل ٣ ساعات", "بعد الغد", "أمس", "قبل يوم واحد"]),
    ])
    func relativeTimes(_ locale: String, _ expected: [String]) throws {
        let words = try RelativeTimeFormat(locale: locale)
        let numeric = try RelativeTimeFormat(locale: locale, numeric: true)
        #expect(try [words.format(-3, .hour), words.format(2, .day), words.format(-1, .day), numeric.format(-1, .day)] == expected)
    }

    static let offsets: [(TimeInterval, String)] = [
        (-30, "30 seconds ago"), (-7_300, "2 hours ago"), (90, "in 1 minute"), (3 * 86_400, "in 3 days"),
        (-15 * 86_400, "2 weeks ago"), (-65 * 86_400, "2 months ago"), (800 * 86_400, "in 2 years"),
    ]

    @Test("relative to now, in the largest whole unit", arguments: offsets)
    func relativeToNow(_ offset: TimeInterval, _ expected: String) throws {
        let format = try RelativeTimeFormat(locale: "en", numeric: true)
        #expect(try format.format(Self.instant.addingTimeInterval(offset), relativeTo: Self.instant) == expected)
    }

    @Test("durations", arguments: [
        ("en", ["2 hours, 5 minutes", "1 day, 1 hr, 1 min, 1 sec", "2:05:07", "0 seconds"]),
        ("ko", ["2시간 5분", "1일 1시간 1분 1초", "2:05:07", "0초"]),
        ("de", ["2 Stunden, 5 Minuten", "1 Tg., 1 Std., 1 Min. und 1 Sek.", "2:05:07", "0 Sekunden"]),
        ("ja", ["2 時間 5 分", "1 日 1 時間 1 分 1 秒", "2:05:07", "0 秒"]),
    ])
    func durations(_ locale: String, _ expected: [String]) throws {
        let results = try [
            DurationFormat(locale: locale).format(.seconds(2 * 3_600 + 5 * 60)),
            DurationFormat(locale: locale, width: .short).format(.seconds(90_061)),
            DurationFormat(locale: locale, width: .numeric).format(.seconds(2 * 3_600 + 5 * 60 + 7)),
            DurationFormat(locale: locale).format(.zero),
        ]
        #expect(results == expected)
    }

    @Test("durations past a day and below zero")
    func durationEdges() throws {
        let format = try DurationFormat(locale: "en", width: .numeric)
        #expect(try format.format(.seconds(26 * 3_600 + 61)) == "26:01:01")
        #expect(try DurationFormat(locale: "en").format(.seconds(-3_660)) == "-1 hour, 1 minute")
        #expect(try DurationFormat(locale: "en").format([(.week, 2), (.day, 3)]) == "2 weeks, 3 days")
    }

    @Test("numbers", arguments: [
        ("en", ["1,234,567.891", "25%", "€12.50", "1.2M"]),
        ("de", ["1.234.567,891", "25\u{A0}%", "12,50\u{A0}€", "1,2\u{A0}Mio."]),
        ("ko", ["1,234,567.891", "25%", "€12.50", "123만"]),
    ])
    func numbers(_ locale: String, _ expected: [String]) throws {
        let results = try [
            NumberFormat(locale: locale).format(1_234_567.891),
            NumberFormat(locale: locale, skeleton: "percent scale/100").format(0.25),
            NumberFormat(locale: locale, skeleton: "currency/EUR").format(12.5),
            NumberFormat(locale: locale, skeleton: "compact-short").format(1_234_567),
        ]
        #expect(results == expected)
    }

    @Test("a bad number skeleton is an error")
    func badSkeleton() {
        #expect(throws: ICUError.self) { try NumberFormat(locale: "en", skeleton: "currency/") }
    }

    @Test("dates in the person's zone and locale", arguments: [
        ("en", "Asia/Seoul", "Mar 3, 2025, 8:06\u{202F}PM", "Monday, March 3, 2025"),
        ("ko", "Asia/Seoul", "2025. 3. 3. 오후 8:06", "2025년 3월 3일 월요일"),
        ("de", "Europe/Berlin", "03.03.2025, 12:06", "Montag, 3. März 2025"),
        ("ja", "America/Los_Angeles", "2025/03/03 3:06", "2025年3月3日月曜日"),
    ])
    func dates(_ locale: String, _ zone: String, _ medium: String, _ full: String) throws {
        let timeZone = try #require(TimeZone(identifier: zone))
        #expect(try DateTimeFormat(locale: locale, timeZone: timeZone).format(Self.instant) == medium)
        #expect(try DateTimeFormat(locale: locale, timeZone: timeZone, date: .full, time: .none).format(Self.instant) == full)
    }

    @Test("skeletons take the locale's own field order")
    func skeletons() throws {
        #expect(try DateTimeFormat(locale: "en", timeZone: Self.seoul, skeleton: "yMMMd").format(Self.instant) == "Mar 3, 2025")
        #expect(try DateTimeFormat(locale: "ko", timeZone: Self.seoul, skeleton: "yMMMd").format(Self.instant) == "2025년 3월 3일")
        #expect(try DateTimeFormat(locale: "de", timeZone: Self.seoul, skeleton: "Hm").format(Self.instant) == "20:06")
    }

    @Test("a format with neither date nor time, or an unknown zone, is an error")
    func invalidDateFormats() {
        #expect(throws: ICUError.self) { try DateTimeFormat(locale: "en", timeZone: Self.seoul, date: .none, time: .none) }
        if let zone = TimeZone(identifier: "America/Ciudad_Juarez"), !zone.isKnownToICU {
            #expect(throws: ICUError.self) { try DateTimeFormat(locale: "en", timeZone: zone) }
        }
    }
}
