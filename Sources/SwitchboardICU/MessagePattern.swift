import CICU

/// An ICU MessageFormat pattern that has been checked to parse.
///
/// Parsing needs no locale, so this is what a language-pack check uses to
/// report syntax errors and compare argument names between translations.
public struct MessagePattern: Sendable, Hashable {
    public let text: String
    /// Every argument the pattern refers to, including those nested in
    /// plural and select branches.
    public let argumentNames: Set<String>

    public init(_ text: String) throws(ICUError) {
        self.text = text
        let pattern = text.icuUTF16
        var errorOffset: Int32 = -1
        let units: [UInt16]
        do {
            units = try preflighted(UInt16.self, capacity: 64, "parsing a message pattern") { buffer, capacity, status in
                cicu_message_pattern_argument_names(pattern, pattern.icuLength, buffer, capacity, &errorOffset, &status)
            }
        } catch {
            throw ICUError(code: error.code, operation: error.operation, offset: errorOffset >= 0 ? Int(errorOffset) : nil)
        }
        argumentNames = Set(units.split(separator: 0).map { String(decoding: $0, as: UTF16.self) })
    }
}
