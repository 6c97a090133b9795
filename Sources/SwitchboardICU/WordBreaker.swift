import CICU

/// Splits text into words for search indexing and queries.
///
/// ICU finds words by dictionary in languages written without spaces
/// (Japanese, Chinese, Thai), and by spaces in Korean, where a word keeps its
/// particles ("비밀번호를"). Spaces and punctuation are never tokens.
public struct WordBreaker: Sendable {
    public let locale: String
    private let handle: ICUHandle

    public init(locale: String) throws(ICUError) {
        self.locale = locale
        let tag = bcp47(locale)
        handle = try ICUHandle.open("word breaker for \(locale)", close: { cicu_word_breaker_close($0) }) { status in
            cicu_word_breaker_open(tag, &status)
        }
    }

    public func words(in text: String) throws(ICUError) -> [String] {
        let units = text.icuUTF16
        guard !units.isEmpty else { return [] }
        // Every word is at least one code unit long, so this many pairs always suffice.
        let pairCapacity = units.count
        var status: Int32 = 0
        var count: Int32 = 0
        let ranges = handle.withLock { breaker in
            [Int32](unsafeUninitializedCapacity: pairCapacity * 2) { buffer, initialized in
                initialized = 0
                guard let base = buffer.baseAddress else { return }
                count = cicu_word_breaker_words(breaker, units, units.icuLength, base, Int32(clamping: pairCapacity), &status)
                initialized = Int(min(max(count, 0), Int32(clamping: pairCapacity))) * 2
            }
        }
        try ICUError.check(status, "breaking words for \(locale)")
        return stride(from: 0, to: ranges.count, by: 2).compactMap { index in
            let start = Int(ranges[index])
            let end = Int(ranges[index + 1])
            guard 0 <= start, start < end, end <= units.count else { return nil }
            return String(decoding: units[start..<end], as: UTF16.self)
        }
    }
}
