import Foundation

/// Turns text into the words a search matches: ICU word boundaries, compatibility-normalised
/// and lower-cased, each word once. Queries go through the same steps, so what is typed
/// matches what was written in any script.
///
/// Korean attaches particles and endings to words (비밀번호를, 배송이), so a Korean word is also
/// indexed by its beginnings of two syllables or more (비밀, 비밀번, 비밀번호): a search for
/// 비밀번호 then finds it by exact match, which the database can estimate and index well.
public struct SearchText: Sendable {
    /// Words longer than this are cut: nobody searches for them, and the index stays small.
    public static let maximumWordLength = 64
    /// Distinct words kept per text; a huge message adds no more than this.
    public static let maximumWords = 5_000

    private let breaker: WordBreaker

    public init() {
        // The root rules: dictionaries for Chinese, Japanese, Thai and more, spaces elsewhere.
        // Opening them only fails if ICU's data is missing, which nothing here can work without.
        do { breaker = try WordBreaker(locale: "und") } catch { preconditionFailure("ICU word break rules are unavailable: \(error)") }
    }

    /// The distinct words of `text`, in order of first appearance.
    public func words(in text: String) -> [String] {
        let normalized = text.precomposedStringWithCompatibilityMapping.lowercased()
        guard let words = try? breaker.words(in: normalized) else { return [] }
        var seen: Set<String> = []
        var result: [String] = []
        for word in words {
            let trimmed = word.count > Self.maximumWordLength ? String(word.prefix(Self.maximumWordLength)) : word
            if seen.insert(trimmed).inserted {
                result.append(trimmed)
                if result.count == Self.maximumWords { break }
            }
        }
        return result
    }

    /// The words to index for `text`: its words, and the beginnings of its Korean words.
    public func indexWords(in text: String) -> [String] {
        var result = words(in: text)
        var seen = Set(result)
        for word in result where word.unicodeScalars.contains(where: Self.isHangul) {
            let characters = Array(word)
            guard characters.count > 2 else { continue }
            for length in 2..<characters.count {
                let prefix = String(characters[..<length])
                if seen.insert(prefix).inserted { result.append(prefix) }
            }
        }
        return result
    }

    /// The words a search for `query` requires, at most 32; nil when it has none.
    public func queryWords(_ query: String) -> [String]? {
        let words = Array(words(in: query).prefix(32))
        return words.isEmpty ? nil : words
    }

    static func isHangul(_ scalar: Unicode.Scalar) -> Bool {
        (0xAC00...0xD7A3).contains(scalar.value) || (0x1100...0x11FF).contains(scalar.value) || (0x3130...0x318F).contains(scalar.value)
    }
}
