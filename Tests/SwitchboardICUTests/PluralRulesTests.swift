import SwitchboardICU
import Testing

@Suite("Plural rules follow CLDR")
struct PluralRulesTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let locale: String
        let number: Double
        let expected: PluralCategory

        init(_ locale: String, _ number: Double, _ expected: PluralCategory) {
            self.locale = locale
            self.number = number
            self.expected = expected
        }

        var testDescription: String {
            "\(locale) \(number) → \(expected)"
        }
    }

    static let cardinal: [Case] = [
        // English: one, other.
        Case("en", 1, .one), Case("en", 0, .other), Case("en", 2, .other), Case("en", 21, .other), Case("en", 1.5, .other),
        // Korean and Japanese: no plural forms at all.
        Case("ko", 0, .other), Case("ko", 1, .other), Case("ko", 2, .other), Case("ko", 100, .other),
        Case("ja", 0, .other), Case("ja", 1, .other), Case("ja", 2, .other), Case("ja", 1.5, .other),
        // Russian: one (1, 21, 101), few (2-4, 22-24), many (0, 5-20, 25...), other (fractions).
        Case("ru", 1, .one), Case("ru", 21, .one), Case("ru", 101, .one), Case("ru", 11, .many),
        Case("ru", 2, .few), Case("ru", 4, .few), Case("ru", 22, .few), Case("ru", 12, .many),
        Case("ru", 0, .many), Case("ru", 5, .many), Case("ru", 20, .many), Case("ru", 100, .many),
        Case("ru", 1.5, .other),
        // Polish: one only for exactly 1; 21 is "many", unlike Russian.
        Case("pl", 1, .one), Case("pl", 21, .many), Case("pl", 2, .few), Case("pl", 24, .few),
        Case("pl", 12, .many), Case("pl", 0, .many), Case("pl", 5, .many), Case("pl", 112, .many),
        Case("pl", 1.5, .other),
        // Arabic: all six.
        Case("ar", 0, .zero), Case("ar", 1, .one), Case("ar", 2, .two), Case("ar", 3, .few), Case("ar", 10, .few),
        Case("ar", 103, .few), Case("ar", 11, .many), Case("ar", 99, .many), Case("ar", 111, .many),
        Case("ar", 100, .other), Case("ar", 102, .other), Case("ar", 1.5, .other),
        // Welsh: all six, on single numbers.
        Case("cy", 0, .zero), Case("cy", 1, .one), Case("cy", 2, .two), Case("cy", 3, .few), Case("cy", 6, .many),
        Case("cy", 4, .other), Case("cy", 5, .other), Case("cy", 7, .other), Case("cy", 10, .other), Case("cy", 1.5, .other),
    ]

    @Test(arguments: cardinal)
    func cardinalCategory(_ test: Case) throws {
        let rules = try PluralRules(locale: test.locale)
        #expect(rules.category(for: test.number) == test.expected)
        if test.number == test.number.rounded() {
            #expect(rules.category(for: Int(test.number)) == test.expected)
        }
    }

    @Test("every category of each language is covered by the table")
    func tableCoversEveryCategory() {
        let expected: [String: Set<PluralCategory>] = [
            "en": [.one, .other], "ko": [.other], "ja": [.other],
            "ru": [.one, .few, .many, .other], "pl": [.one, .few, .many, .other],
            "ar": Set(PluralCategory.allCases), "cy": Set(PluralCategory.allCases),
        ]
        for (locale, categories) in expected {
            #expect(Set(Self.cardinal.filter { $0.locale == locale }.map(\.expected)) == categories, "\(locale)")
        }
    }

    @Test("English ordinals: 1st, 2nd, 3rd, 4th, 11th, 21st")
    func englishOrdinals() throws {
        let rules = try PluralRules(locale: "en", kind: .ordinal)
        let categories = [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map { rules.category(for: $0) }
        #expect(categories == [.one, .two, .few, .other, .other, .other, .other, .one, .two, .few, .one, .other])
    }

    @Test("visible fraction digits change the category: 1 field, 1.0 fields")
    func visibleFractionDigits() throws {
        let english = try PluralRules(locale: "en")
        #expect(english.category(for: 1.0, fractionDigits: 0) == .one)
        #expect(english.category(for: 1.0, fractionDigits: 1) == .other)
        let russian = try PluralRules(locale: "ru")
        #expect(russian.category(for: 5.0, fractionDigits: 0) == .many)
        #expect(russian.category(for: 5.0, fractionDigits: 2) == .other)
    }

    @Test("POSIX-style locale names are accepted; malformed ones are errors")
    func localeNames() throws {
        #expect(try PluralRules(locale: "ru_RU").category(for: 3) == .few)
        #expect(throws: ICUError.self) { try PluralRules(locale: "not a locale!") }
    }
}
