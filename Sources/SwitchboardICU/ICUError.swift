import CICU

/// A failure reported by ICU.
public struct ICUError: Error, Sendable, Hashable, CustomStringConvertible {
    /// ICU's `UErrorCode` value.
    public let code: Int32
    /// What was being attempted, for logs.
    public let operation: String
    /// For pattern errors: the UTF-16 offset into the pattern where ICU stopped.
    public let offset: Int?

    public init(code: Int32, operation: String, offset: Int? = nil) {
        self.code = code
        self.operation = operation
        self.offset = offset
    }

    /// ICU's symbolic name for the code, e.g. `U_PATTERN_SYNTAX_ERROR`.
    public var name: String {
        String(cString: cicu_error_name(code))
    }

    public var description: String {
        if let offset {
            return "\(operation) failed: \(name) at offset \(offset)"
        }
        return "\(operation) failed: \(name)"
    }

    static let illegalArgument = CICU_ILLEGAL_ARGUMENT
    static let invalidCharFound = CICU_INVALID_CHAR_FOUND
    static let bufferOverflow = CICU_BUFFER_OVERFLOW

    /// ICU reports warnings as negative codes; only positive ones are failures.
    static func check(_ status: Int32, _ operation: @autoclosure () -> String, offset: Int32 = -1) throws(ICUError) {
        guard status > 0 else { return }
        throw ICUError(code: status, operation: operation(), offset: offset >= 0 ? Int(offset) : nil)
    }
}
