import Foundation

/// Turns text into the words a search matches: ICU word boundaries, compatibility-normalised
/// and lower-cased, each word once. Queries go through the same steps, so what is typed
/// matches what was written in any script.
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

    /// A PostgreSQL `tsquery` that matches texts containing every word of `query`, each as a
    /// word or the start of one (so 비밀번호 finds 비밀번호를, refund finds refunds). Nil when the
    /// query has no words.
    public func query(_ query: String) -> String? {
        let words = words(in: query).prefix(32)
        guard !words.isEmpty else { return nil }
        return words.map { word in
            let escaped = word.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''")
            return "'\(escaped)':*"
        }.joined(separator: " & ")
    }
}
