import CICU

/// A CLDR plural category. Which ones a language uses varies: Korean only
/// has `other`, Arabic and Welsh have all six.
public enum PluralCategory: String, Sendable, Hashable, CaseIterable {
    case zero, one, two, few, many, other
}

/// The plural rules of one locale: which category a number falls in.
public struct PluralRules: Sendable {
    public enum Kind: Sendable, Hashable {
        /// Counting: "1 ticket", "2 tickets".
        case cardinal
        /// Ranking: "1st", "2nd", "3rd", "4th".
        case ordinal
    }

    public let locale: String
    public let kind: Kind
    private let handle: ICUHandle

    public init(locale: String, kind: Kind = .cardinal) throws(ICUError) {
        self.locale = locale
        self.kind = kind
        let tag = bcp47(locale)
        handle = try ICUHandle.open("plural rules for \(locale)", close: { cicu_plural_rules_close($0) }) { status in
            cicu_plural_rules_open(tag, kind == .ordinal ? 1 : 0, &status)
        }
    }

    public func category(for number: Int) -> PluralCategory {
        select(Double(number), fractionDigits: -1)
    }

    /// The category of the number as written with its shortest fraction ("1.5").
    public func category(for number: Double) -> PluralCategory {
        select(number, fractionDigits: -1)
    }

    /// The category of the number as shown with exactly `fractionDigits`
    /// decimals, since many languages treat "1" and "1.0" differently.
    public func category(for number: Double, fractionDigits: Int) -> PluralCategory {
        select(number, fractionDigits: Int32(clamping: max(0, fractionDigits)))
    }

    private func select(_ number: Double, fractionDigits: Int32) -> PluralCategory {
        let keyword: String? = handle.withLock { rules in
            var buffer = [CChar](repeating: 0, count: 16)
            var status: Int32 = 0
            let length = cicu_plural_rules_select(rules, number, fractionDigits, &buffer, Int32(buffer.count), &status)
            guard status <= 0, length > 0, Int(length) < buffer.count else { return nil }
            return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        // Every language has "other", and ICU only fails here when out of memory.
        return keyword.flatMap(PluralCategory.init(rawValue:)) ?? .other
    }
}
