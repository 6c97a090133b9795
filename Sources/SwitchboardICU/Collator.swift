import CICU
import Foundation

/// Locale-aware ordering of text, for sorting names and titles the way
/// readers of that language expect (German "Ä" with "A", Swedish "Ä" after "Z").
public struct Collator: Sendable {
    /// How fine the differences that count are.
    public enum Strength: Sendable, Hashable {
        /// Base letters only: "a" = "A" = "ä".
        case primary
        /// Accents too: "a" = "A" < "ä".
        case secondary
        /// Case too: "a" < "A" < "ä". ICU's default.
        case tertiary
        /// Also punctuation, when ignored at lower levels.
        case quaternary
        /// Every code point; no two different strings compare equal.
        case identical

        var code: Int32 {
            switch self {
            case .primary: CICU_STRENGTH_PRIMARY
            case .secondary: CICU_STRENGTH_SECONDARY
            case .tertiary: CICU_STRENGTH_TERTIARY
            case .quaternary: CICU_STRENGTH_QUATERNARY
            case .identical: CICU_STRENGTH_IDENTICAL
            }
        }
    }

    public let locale: String
    public let strength: Strength
    private let handle: ICUHandle

    /// With `numeric`, digit runs compare by value ("Ticket 9" before "Ticket 10").
    public init(locale: String, strength: Strength = .tertiary, numeric: Bool = false) throws(ICUError) {
        self.locale = locale
        self.strength = strength
        let tag = bcp47(locale)
        handle = try ICUHandle.open("collator for \(locale)", close: { cicu_collator_close($0) }) { status in
            cicu_collator_open(tag, strength.code, numeric ? 1 : 0, &status)
        }
    }

    public func compare(_ lhs: String, _ rhs: String) -> ComparisonResult {
        let a = lhs.icuUTF16
        let b = rhs.icuUTF16
        let order = handle.withLock { collator in
            cicu_collator_compare(collator, a, a.icuLength, b, b.icuLength)
        }
        switch order {
        case ..<0: return .orderedAscending
        case 0: return .orderedSame
        default: return .orderedDescending
        }
    }

    /// For `sort(by:)`.
    public func areInIncreasingOrder(_ lhs: String, _ rhs: String) -> Bool {
        compare(lhs, rhs) == .orderedAscending
    }

    /// Bytes that order like the text under this collator when compared
    /// bytewise, e.g. for an index column or sorting many items.
    public func sortKey(for text: String) -> [UInt8] {
        handle.withLock { collator in
            Self.sortKey(text, collator)
        }
    }

    public func sorted(_ texts: some Sequence<String>) -> [String] {
        sorted(texts) { $0 }
    }

    /// Sorts by a string property, computing each sort key once.
    public func sorted<Element>(_ elements: some Sequence<Element>, by key: (Element) -> String) -> [Element] {
        let items = Array(elements)
        let keys = items.map { key($0).icuUTF16 }
        let sortKeys = handle.withLock { collator in
            keys.map { Self.sortKey($0, collator) }
        }
        return zip(sortKeys, items)
            .enumerated()
            .sorted { lhs, rhs in
                // The index keeps equal keys in their original order.
                if lhs.element.0 == rhs.element.0 {
                    return lhs.offset < rhs.offset
                }
                return lhs.element.0.lexicographicallyPrecedes(rhs.element.0)
            }
            .map(\.element.1)
    }

    private static func sortKey(_ text: String, _ collator: OpaquePointer) -> [UInt8] {
        sortKey(text.icuUTF16, collator)
    }

    private static func sortKey(_ text: [UInt16], _ collator: OpaquePointer) -> [UInt8] {
        var capacity = 64 + text.count * 4
        while true {
            var needed: Int32 = 0
            let key = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
                count = 0
                guard let base = buffer.baseAddress else { return }
                needed = cicu_collator_sort_key(collator, text, text.icuLength, base, Int32(clamping: buffer.count))
                if needed > 0, Int(needed) <= buffer.count {
                    // Leave out ICU's terminating zero: keys stay prefix-ordered without it.
                    count = Int(needed) - 1
                }
            }
            if Int(needed) <= capacity {
                return key
            }
            capacity = Int(needed)
        }
    }
}
