import Foundation
import SwitchboardICU
import Testing

@Suite("ICU MessageFormat with named arguments")
struct MessageFormatterTests {
    static let seoul = TimeZone(identifier: "Asia/Seoul")!
    /// 2025-03-03 11:06:40 UTC, 20:06 in Seoul.
    static let instant = Date(timeIntervalSince1970: 1_741_000_000)

    static let pattern = """
        {gender, select, female {She} male {He} other {They}} replied \
        {count, plural, =0 {no times} one {# time} other {# times}}; \
        total {total, number}; {when, date, long} {when, time, short}
        """

    static let arguments: [String: MessageArgument] = [
        "gender": "female", "count": 1, "total": 12345.5, "when": .date(instant),
    ]

    @Test("plural, select, number and date in a locale", arguments: [
        // CLDR puts a narrow no-break space before AM and PM.
        ("en", "She replied 1 time; total 12,345.5; March 3, 2025 8:06\u{202F}PM"),
        // Korean has no "one": the plural takes "other".
        ("ko", "She replied 1 times; total 12,345.5; 2025년 3월 3일 오후 8:06"),
        ("ar", "She replied ١ time; total ١٢٬٣٤٥٫٥; ٣ مارس ٢٠٢٥ ٨:٠٦ م"),
        ("de", "She replied 1 time; total 12.345,5; 3. März 2025 20:06"),
    ])
    func formatsInLocale(_ locale: String, _ expected: String) throws {
        let formatter = try MessageFormatter(pattern: Self.pattern, locale: locale, timeZone: Self.seoul)
        #expect(try formatter.format(Self.arguments) == expected)
    }

    @Test("Arabic picks each of its six plural forms", arguments: [
        (0, "لا توجد حقول"), (1, "حقل واحد"), (2, "حقلان"), (3, "٣ حقول"), (11, "١١ حقلًا"), (100, "١٠٠ حقل"),
    ])
    func arabicPlurals(_ count: Int, _ expected: String) throws {
        let formatter = try MessageFormatter(
            pattern: "{count, plural, zero {لا توجد حقول} one {حقل واحد} two {حقلان} few {# حقول} many {# حقلًا} other {# حقل}}",
            locale: "ar"
        )
        #expect(try formatter.format(["count": .integer(count)]) == expected)
    }

    @Test("dates show in the requested time zone, nested ones too")
    func timeZones() throws {
        let pattern = "{when, time, short}|{count, plural, one {{when, date, short}} other {{when, time, ::Hm}}}|{when}"
        let utc = try MessageFormatter(pattern: pattern, locale: "en", timeZone: TimeZone(identifier: "UTC")!)
        let seoul = try MessageFormatter(pattern: pattern, locale: "en", timeZone: Self.seoul)
        #expect(try utc.format(["when": .date(Self.instant), "count": 2]) == "11:06\u{202F}AM|11:06|3/3/25, 11:06\u{202F}AM")
        #expect(try seoul.format(["when": .date(Self.instant), "count": 2]) == "8:06\u{202F}PM|20:06|3/3/25, 8:06\u{202F}PM")
        #expect(try seoul.format(["when": .date(Self.instant), "count": 1]) == "8:06\u{202F}PM|3/3/25|3/3/25, 8:06\u{202F}PM")
    }

    @Test("apostrophes: doubled is literal, quoted braces are text")
    func apostrophes() throws {
        let formatter = try MessageFormatter(pattern: "It''s {n}; '{'literal'}' and don't", locale: "en")
        #expect(try formatter.format(["n": 3]) == "It's 3; {literal} and don't")
    }

    @Test("an argument nobody supplied shows as {name}")
    func missingArgument() throws {
        let formatter = try MessageFormatter(pattern: "Hello {name}, {when, date, short}", locale: "en")
        #expect(try formatter.format([:]) == "Hello {name}, {when}")
    }

    @Test("invalid patterns are reported, not crashed on", arguments: [
        ("{count, plural, one {x}", 15 as Int?),
        ("{count, plural, one {x} }", nil),
        ("Hello {", nil),
        ("{n, plural, other}", nil),
        ("{a, select, x {y}}", nil),
        ("{count, foo}", nil),
        ("{n, number, ::currency/XYZZY-bad}", nil),
    ])
    func invalidPatterns(_ pattern: String, _ offset: Int?) {
        let error = MessageFormatter.validate(pattern, locale: "en")
        #expect(error != nil)
        if let offset {
            #expect(error?.offset == offset)
        }
    }

    @Test("valid patterns validate")
    func validPatterns() {
        #expect(MessageFormatter.validate(Self.pattern, locale: "ko") == nil)
        #expect(MessageFormatter.validate("plain text", locale: "ar") == nil)
    }

    @Test("a value of the wrong kind is an error")
    func wrongArgumentKind() throws {
        let plural = try MessageFormatter(pattern: "{n, plural, other {#}}", locale: "en")
        #expect(throws: ICUError.self) { try plural.format(["n": "three"]) }
        let date = try MessageFormatter(pattern: "{d, date}", locale: "en")
        #expect(throws: ICUError.self) { try date.format(["d": "yesterday"]) }
    }

    @Test("an unknown time zone is an error rather than GMT")
    func unknownTimeZone() {
        guard let zone = TimeZone(identifier: "America/Ciudad_Juarez"), !zone.isKnownToICU else { return }
        #expect(throws: ICUError.self) { try MessageFormatter(pattern: "{d, date}", locale: "en", timeZone: zone) }
        #expect(zone.knownToICU(at: Self.instant).isKnownToICU)
    }

    @Test("argument names include nested ones")
    func argumentNames() throws {
        let pattern = try MessagePattern("{a} {b, plural, one {{c}} other {{d, select, x {{e}} other {}}}}")
        #expect(pattern.argumentNames == ["a", "b", "c", "d", "e"])
        #expect(try MessagePattern("no arguments").argumentNames.isEmpty)
        #expect(throws: ICUError.self) { try MessagePattern("{broken") }
    }

    @Test("one formatter serves many tasks at once")
    func concurrentUse() async throws {
        let formatter = try MessageFormatter(pattern: Self.pattern, locale: "en", timeZone: Self.seoul)
        try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for count in 0..<64 {
                group.addTask {
                    var arguments = Self.arguments
                    arguments["count"] = .integer(count)
                    return (count, try formatter.format(arguments))
                }
            }
            for try await (count, text) in group {
                let expected = count == 0 ? "no times" : count == 1 ? "1 time" : "\(count) times"
                #expect(text.contains("replied \(expected);"))
            }
        }
    }
}
