/// Why text could not be converted between a charset and Unicode.
public enum CharsetError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Neither ICU nor this library knows the label.
    case unknownCharset(String)
    /// The text has a character the charset cannot represent.
    case unrepresentable(charset: String)
    /// ICU failed for another reason (out of memory, input too large).
    case conversionFailed(charset: String, ICUError)

    public var description: String {
        switch self {
        case .unknownCharset(let label): "unknown charset \"\(label)\""
        case .unrepresentable(let charset): "text has characters that \(charset) cannot represent"
        case .conversionFailed(let charset, let error): "\(charset) conversion: \(error)"
        }
    }
}
