import CICU

/// BCP 47 language tags, as ICU reads them.
public enum LanguageTag {
    /// The canonical form of a tag ("KO_kr" becomes "ko-KR", "zh-hant-tw"
    /// becomes "zh-Hant-TW"), or nil when it is not a well-formed tag.
    public static func canonical(_ tag: String) -> String? {
        let input = bcp47(tag)
        guard !input.isEmpty, input.utf8.count < 160, input.utf8.allSatisfy(isTagByte) else { return nil }
        var buffer = [CChar](repeating: 0, count: 160)
        var status: Int32 = 0
        let length = cicu_locale_canonical_tag(input, &buffer, Int32(buffer.count), &status)
        guard status <= 0, length > 0, Int(length) < buffer.count else { return nil }
        return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Subtags from the most to the least specific: "zh-Hant-TW", "zh-Hant",
    /// "zh". Extensions and private use go in the first step only.
    static func truncations(of tag: String) -> [String] {
        let subtags = tag.split(separator: "-", omittingEmptySubsequences: false)
        let base = subtags.prefix { $0.count > 1 }
        var result = [tag]
        for length in stride(from: base.count, through: 1, by: -1) {
            let candidate = base.prefix(length).joined(separator: "-")
            if !result.contains(candidate) {
                result.append(candidate)
            }
        }
        return result
    }

    private static func isTagByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }
}

/// Settings and older systems often store POSIX-style "ko_KR", which means
/// the same as the BCP 47 "ko-KR" that ICU's C functions are given here.
func bcp47(_ locale: String) -> String {
    String(locale.map { $0 == "_" ? "-" : $0 })
}
