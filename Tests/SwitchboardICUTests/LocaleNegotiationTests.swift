import SwitchboardICU
import Testing

@Suite("Accept-Language and locale negotiation")
struct LocaleNegotiationTests {
    static let shipped = LocaleNegotiator(available: ["en", "ko", "ja", "de", "ar"], defaultLocale: "en")

    @Test("Accept-Language is ordered by q-value, stable among equals")
    func parseOrder() {
        let ranges = AcceptLanguage.parse("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5")
        #expect(ranges.map(\.tag) == ["fr-CH", "fr", "en", "de", "*"])
        #expect(ranges.map(\.quality) == [1, 0.9, 0.8, 0.7, 0.5])
        #expect(AcceptLanguage.parse("de;q=0.5, ko, ja;q=0.5, en").map(\.tag) == ["ko", "en", "de", "ja"])
    }

    @Test("malformed entries are dropped, the rest kept", arguments: [
        ("", [String]()),
        ("!!!@@@;;;q=abc", []),
        ("en;q=1.5, de", ["de"]),
        ("en;q=0.8xyz, ko", ["ko"]),
        ("en;q=0, ko;q=0.1", ["ko"]),
        ("en_US, ko-KR;Q=0.5", ["en-US", "ko-KR"]),
        ("toolongsubtag-x, abcdefghi, ja", ["ja"]),
        ("  de-DE ;  q=0.9 ,,, fr ", ["fr", "de-DE"]),
        ("en;level=1;q=0.5, ko", ["ko", "en"]),
        ("1en, ko", ["ko"]),
    ])
    func malformed(_ header: String, _ expected: [String]) {
        #expect(AcceptLanguage.parse(header).map(\.tag) == expected)
    }

    @Test("any header parses without trapping and yields well-formed ranges")
    func randomHeaders() {
        var random = SplitMix64(seed: 42)
        let alphabet = Array("abcdeKOZ-_;,=q.0159* \t\u{00E9}한")
        for _ in 0..<2_000 {
            let length = Int(random.next() % 40)
            let header = String((0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
            let ranges = AcceptLanguage.parse(header)
            #expect(ranges.count <= AcceptLanguage.maximumRanges)
            for range in ranges {
                #expect(range.quality > 0 && range.quality <= 1)
                #expect(range.isWildcard || range.tag.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
            }
        }
        #expect(AcceptLanguage.parse(String(repeating: "en,", count: 10_000)).count == AcceptLanguage.maximumRanges)
    }

    @Test("negotiation picks the closest available locale", arguments: [
        (["ko-KR"], "ko", "ko-KR" as String?),
        (["KO_kr"], "ko", "ko-KR"),
        (["ja-JP", "en"], "ja", "ja-JP"),
        (["ar-EG"], "ar", "ar-EG"),
        (["de-AT"], "de", "de-AT"),
        (["fr", "de"], "de", "de"),
        (["fr"], "en", nil),
        ([], "en", nil),
        (["*"], "en", nil),
        (["garbage!!"], "en", nil),
    ])
    func negotiate(_ requested: [String], _ expected: String, _ matchedRequest: String?) {
        let match = Self.shipped.negotiate(requested)
        #expect(match.locale == expected)
        #expect(match.requested == matchedRequest)
    }

    @Test("Chinese scripts: Traditional matches zh-Hant, and not Simplified zh")
    func chineseScripts() {
        let both = LocaleNegotiator(available: ["en", "zh", "zh-Hant"], defaultLocale: "en")
        #expect(both.negotiate(["zh-Hant-TW"]).locale == "zh-Hant")
        #expect(both.negotiate(["zh-TW"]).locale == "zh-Hant")
        #expect(both.negotiate(["zh-HK"]).locale == "zh-Hant")
        #expect(both.negotiate(["zh-CN"]).locale == "zh")
        let simplifiedOnly = LocaleNegotiator(available: ["en", "zh"], defaultLocale: "en")
        #expect(simplifiedOnly.negotiate(["zh-Hant-TW"]).isDefault)
    }

    @Test("Accept-Language q-values and wildcards decide")
    func acceptLanguage() {
        #expect(Self.shipped.negotiate(acceptLanguage: "fr;q=0.5, de;q=0.9, ja;q=0.1").locale == "de")
        #expect(Self.shipped.negotiate(acceptLanguage: "fr-CH, fr;q=0.9, ko;q=0.8, *;q=0.5").locale == "ko")
        #expect(Self.shipped.negotiate(acceptLanguage: "*").isDefault)
        #expect(Self.shipped.negotiate(acceptLanguage: "xx, *;q=0.1").locale == "en")
        #expect(Self.shipped.negotiate(acceptLanguage: "%%%, ;;;").isDefault)
        #expect(LocaleNegotiator(available: ["ko", "de"], defaultLocale: "de").negotiate(acceptLanguage: "pt-BR").locale == "de")
    }

    @Test("fallback chain: the locale, its parents, the tenant default, English", arguments: [
        ("ko-KR", "de" as String?, ["ko-KR", "ko", "de", "en"]),
        ("ko-KR", nil, ["ko-KR", "ko", "en"]),
        ("zh-Hant-TW", "de-CH", ["zh-Hant-TW", "zh-Hant", "zh", "de-CH", "de", "en"]),
        ("de-DE-u-co-phonebk", nil, ["de-DE-u-co-phonebk", "de-DE", "de", "en"]),
        ("en-GB", "en", ["en-GB", "en"]),
    ])
    func fallbackChain(_ locale: String, _ tenantDefault: String?, _ expected: [String]) {
        #expect(LocaleNegotiator.fallbackChain(for: locale, tenantDefault: tenantDefault) == expected)
    }

    @Test("language tags are canonicalised by ICU", arguments: [
        ("ko_kr", "ko-KR" as String?), ("ZH-hant-tw", "zh-Hant-TW"), ("en-US-u-nu-thai", "en-US-u-nu-thai"),
        ("!!", nil), ("en-", nil), ("", nil), ("한국어", nil),
    ])
    func canonicalTags(_ tag: String, _ expected: String?) {
        #expect(LanguageTag.canonical(tag) == expected)
    }
}
