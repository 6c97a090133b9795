import Foundation

/// A value for a named argument of a message.
///
/// Plural and number arguments take `integer` or `double`; date and time
/// arguments take `date`; plain `{name}` arguments take anything.
public enum MessageArgument: Sendable, Hashable {
    case string(String)
    case integer(Int)
    case double(Double)
    case date(Date)
}

extension MessageArgument: ExpressibleByStringLiteral, ExpressibleByStringInterpolation {
    public init(stringLiteral value: String) {
        self = .string(value)
    }
}

extension MessageArgument: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) {
        self = .integer(value)
    }
}

extension MessageArgument: ExpressibleByFloatLiteral {
    public init(floatLiteral value: Double) {
        self = .double(value)
    }
}
