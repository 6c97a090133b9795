import Foundation
import SwitchboardICU
import Testing

@Suite("Localizer: messages by id with fallback")
struct LocalizerTests {
    static let seoul = TimeZone(identifier: "Asia/Seoul")!
    static let utc = TimeZone(identifier: "UTC")!
    static let instant = Date(timeIntervalSince1970: 1_741_000_000)

    /// Packs built in memory; each gets its metadata filled in.
    static func packs(_ messages: [String: [String: String]], rightToLeft: Set<String> = []) throws -> LanguagePacks {
        try LanguagePacks(messages.map { locale, entries in
            var entries = entries
            entries[LanguagePack.directionKey] = rightToLeft.contains(locale) ? "rtl" : "ltr"
            entries[LanguagePack.languageNameKey] = locale
            return try LanguagePack(locale: locale, entries: entries)
        })
    }

    static let small: [String: [String: String]] = [
        "en": ["greeting": "Hello {name}", "farewell": "Goodbye", "count": "{n, plural, one {# item} other {# items}}"],
        "ko": ["greeting": "안녕하세요 {name}님"],
        "de": ["greeting": "Hallo {name}", "farewell": "Auf Wiedersehen"],
    ]

    @Test("a message missing from the person's pack comes from the next one, never as a raw key")
    func fallsBackPackByPack() throws {
        let packs = try Self.packs(Self.small)
        let korean = packs.localizer(for: ["ko-KR"], timeZone: Self.seoul, tenantDefault: "de")
        #expect(korean.chain == ["ko", "de", "en"])
        #expect(korean.text("greeting", ["name": "민지"]) == LocalizedText(text: "안녕하세요 민지님", locale: "ko", issue: nil))
        #expect(korean.text("farewell") == LocalizedText(text: "Auf Wiedersehen", locale: "de", issue: nil))
        #expect(korean.text("count", ["n": 1]) == LocalizedText(text: "1 item", locale: "en", issue: nil))
        let withoutTenantDefault = packs.localizer(for: ["ko-KR"], timeZone: Self.seoul)
        #expect(withoutTenantDefault("farewell") == "Goodbye")
    }

    @Test("a key no pack has is returned as itself, flagged as missing")
    func missingKey() throws {
        let localizer = try Self.packs(Self.small).localizer(for: ["ko"], timeZone: Self.seoul)
        let text = localizer.text("no.such.key")
        #expect(text.isMissing)
        #expect(text.text == "no.such.key")
        #expect(text.locale == nil)
        #expect(throws: LocalizationError(id: "no.such.key", issue: .missingKey)) { try localizer.strictText("no.such.key") }
    }

    @Test("a missing argument shows as {name} and is reported")
    func missingArgument() throws {
        let localizer = try Self.packs(Self.small).localizer(for: ["en"], timeZone: Self.seoul)
        let text = localizer.text("greeting")
        #expect(text.text == "Hello {name}")
        #expect(text.issue == .missingArguments(["name"]))
        #expect(throws: LocalizationError.self) { try localizer.strictText("greeting") }
    }

    @Test("a translation that cannot format falls back to English")
    func brokenTranslation() throws {
        var messages = Self.small
        // Parses, but "::currency/" is not a valid number skeleton.
        messages["ko"]?["count"] = "{n, number, ::currency/}개"
        let localizer = try Self.packs(messages).localizer(for: ["ko"], timeZone: Self.seoul)
        #expect(localizer.text("count", ["n": 3]) == LocalizedText(text: "3 items", locale: "en", issue: nil))
    }

    @Test("when no pack can format, the pattern is shown and the failure reported")
    func unformattable() throws {
        let localizer = try Self.packs(Self.small).localizer(for: ["en"], timeZone: Self.seoul)
        let text = localizer.text("count", ["n": "many"])
        #expect(text.text == "{n, plural, one {# item} other {# items}}")
        guard case .formattingFailed = text.issue else {
            Issue.record("expected a formatting failure, got \(String(describing: text.issue))")
            return
        }
    }

    @Test("the person's setting, then Accept-Language, then the tenant default")
    func preferenceOrder() throws {
        let packs = try Self.packs(Self.small)
        #expect(packs.localizer(personLocale: "de-AT", acceptLanguage: "ko", timeZone: Self.utc, tenantDefault: "en").chain.first == "de")
        #expect(packs.localizer(personLocale: "fr", acceptLanguage: "ja, ko;q=0.8", timeZone: Self.utc, tenantDefault: "en").chain.first == "ko")
        #expect(packs.localizer(personLocale: nil, acceptLanguage: "fr, *;q=0.5", timeZone: Self.utc, tenantDefault: "de").chain.first == "de")
        #expect(packs.localizer(personLocale: nil, acceptLanguage: nil, timeZone: Self.utc, tenantDefault: nil).chain == ["en"])
        #expect(packs.localizer(acceptLanguage: "!!garbage", timeZone: Self.utc, tenantDefault: "ko").chain == ["ko", "en"])
    }

    @Test("the shipped packs: Korean, German, Japanese and right-to-left Arabic")
    func shippedPacks() throws {
        let packs = try LanguagePacks(directory: LanguagePackTests.directory)
        let korean = packs.localizer(for: ["ko-KR"], timeZone: Self.seoul)
        #expect(korean.locale == "ko-KR")
        #expect(korean.direction == .leftToRight)
        #expect(korean.languageName == "한국어")
        #expect(try korean.strictText("error.validation", ["count": 3]) == "필드 3개가 올바르지 않습니다.")
        #expect(try korean.strictText("time.updated_at", ["when": .date(Self.instant)]) == "2025. 3. 3. 오후 8:06에 업데이트됨")

        let arabic = packs.localizer(for: ["ar-EG"], timeZone: Self.seoul)
        #expect(arabic.direction == .rightToLeft)
        #expect(try arabic.strictText("error.validation", ["count": 2]) == "حقلان غير صالحين.")
        #expect(try arabic.strictText("error.rate_limited", ["seconds": 1]) == "طلبات كثيرة جدًا. حاول مرة أخرى بعد ثانية واحدة.")

        let german = packs.localizer(for: ["de-DE"], timeZone: Self.utc)
        #expect(try german.strictText("error.rate_limited", ["seconds": 1]) == "Zu viele Anfragen. Versuchen Sie es in 1 Sekunde erneut.")
        #expect(try german.strictText("time.updated_at", ["when": .date(Self.instant)]) == "Aktualisiert am 03.03.2025 um 11:06")

        let japanese = packs.localizer(acceptLanguage: "ja-JP,ja;q=0.9,en;q=0.8", timeZone: Self.seoul)
        #expect(try japanese.strictText("error.bad_request", ["detail": "JSON"]) == "リクエストを読み取れませんでした: JSON")

        let english = packs.localizer(for: ["en-US"], timeZone: Self.utc)
        #expect(try english.strictText("error.validation", ["count": 1]) == "1 field is invalid.")
        #expect(try english.strictText("time.updated_at", ["when": .date(Self.instant)]) == "Updated Mar 3, 2025 at 11:06\u{202F}AM")
    }

    @Test("dates follow the person's time zone")
    func timeZones() throws {
        let packs = try LanguagePacks(directory: LanguagePackTests.directory)
        let seoul = packs.localizer(for: ["en"], timeZone: Self.seoul)
        let newYork = packs.localizer(for: ["en"], timeZone: try #require(TimeZone(identifier: "America/New_York")))
        #expect(seoul("time.updated_at", ["when": .date(Self.instant)]) == "Updated Mar 3, 2025 at 8:06\u{202F}PM")
        #expect(newYork("time.updated_at", ["when": .date(Self.instant)]) == "Updated Mar 3, 2025 at 6:06\u{202F}AM")
    }

    @Test("a zone ICU does not know still shows dates, at its current offset")
    func zoneUnknownToICU() throws {
        guard let zone = TimeZone(identifier: "America/Ciudad_Juarez"), !zone.isKnownToICU else { return }
        let packs = try LanguagePacks(directory: LanguagePackTests.directory)
        let text = packs.localizer(for: ["en"], timeZone: zone).text("time.updated_at", ["when": .date(Self.instant)])
        #expect(text.issue == nil)
        #expect(text.text.hasPrefix("Updated Mar 3, 2025 at "))
    }

    @Test("one set of packs serves many requests at once")
    func concurrentRequests() async throws {
        let packs = try LanguagePacks(directory: LanguagePackTests.directory)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<64 {
                group.addTask {
                    let locale = ["en", "ko", "ja", "de", "ar"][index % 5]
                    let localizer = packs.localizer(for: [locale], timeZone: Self.seoul)
                    let text = try localizer.strictText("error.rate_limited", ["seconds": .integer(index)])
                    #expect(!text.isEmpty)
                }
            }
            try await group.waitForAll()
        }
    }
}
