/// One entry of an Accept-Language header: a language range and its weight.
public struct LanguageRange: Sendable, Hashable {
    /// A language tag as sent ("ko-KR", "en"), or "*" for any language.
    public let tag: String
    /// The q-value, 0 to 1.
    public let quality: Double

    public init(tag: String, quality: Double = 1) {
        self.tag = tag
        self.quality = quality
    }

    public var isWildcard: Bool {
        tag == "*"
    }
}

/// The Accept-Language request header (RFC 9110, section 12.5.4).
public enum AcceptLanguage {
    /// Entries past this many are ignored: real browsers send a handful, and
    /// the header comes from outside.
    public static let maximumRanges = 32

    /// Far longer than any real entry ("de-CH-1996;q=0.5").
    static let maximumEntryLength = 128

    /// The ranges the header asks for, most wanted first; equal weights keep
    /// the header's order. Entries with q=0 ("not this one") and malformed
    /// entries are left out, so a garbage header yields an empty list.
    public static func parse(_ header: String) -> [LanguageRange] {
        var ranges: [(range: LanguageRange, position: Int)] = []
        // Splitting stops early, so a huge header costs no more than a short one;
        // the unsplit remainder fails as an entry of its own.
        let entries = header.split(separator: ",", maxSplits: maximumRanges * 2, omittingEmptySubsequences: true)
        for (position, entry) in entries.enumerated() {
            guard let range = parseEntry(entry), range.quality > 0 else { continue }
            ranges.append((range, position))
            if ranges.count == maximumRanges {
                break
            }
        }
        return ranges
            .sorted { $0.range.quality != $1.range.quality ? $0.range.quality > $1.range.quality : $0.position < $1.position }
            .map(\.range)
    }

    private static func parseEntry(_ entry: Substring) -> LanguageRange? {
        guard entry.utf8.count <= maximumEntryLength else { return nil }
        let parameters = entry.split(separator: ";", omittingEmptySubsequences: false)
        guard let first = parameters.first else { return nil }
        let tag = first.trimmingSpaces
        guard tag == "*" || isLanguageRange(tag) else { return nil }
        var quality = 1.0
        for parameter in parameters.dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else { return nil }
            let name = pair[0].trimmingSpaces.lowercased()
            guard name == "q" else { continue }
            guard let value = qValue(pair[1].trimmingSpaces) else { return nil }
            quality = value
        }
        // POSIX-style "en_US" is common enough from non-browser clients to accept.
        return LanguageRange(tag: tag == "*" ? tag : bcp47(tag), quality: quality)
    }

    /// 1*8ALPHA *("-" 1*8alphanum), with "_" tolerated as a separator.
    private static func isLanguageRange(_ text: String) -> Bool {
        let subtags = text.split(separator: "-", omittingEmptySubsequences: false).flatMap {
            $0.split(separator: "_", omittingEmptySubsequences: false)
        }
        guard let primary = subtags.first, (1...8).contains(primary.count),
              primary.utf8.allSatisfy(isASCIILetter)
        else { return false }
        return subtags.dropFirst().allSatisfy { subtag in
            (1...8).contains(subtag.count) && subtag.utf8.allSatisfy { isASCIILetter($0) || isASCIIDigit($0) }
        }
    }

    /// "0" to "1" with at most three decimals; anything else makes the entry invalid.
    private static func qValue(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, first == UInt8(ascii: "0") || first == UInt8(ascii: "1"),
              bytes.count <= 5
        else { return nil }
        if bytes.count > 1 {
            guard bytes[1] == UInt8(ascii: "."), bytes.dropFirst(2).allSatisfy(isASCIIDigit) else { return nil }
        }
        guard let value = Double(text), value <= 1 else { return nil }
        return value
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    private static func isASCIIDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}

extension StringProtocol {
    fileprivate var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[start...end])
    }
}
