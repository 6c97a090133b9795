/// The secret form of an API key: `sbk_` and a random URL-safe string. Only its hash is stored.
public struct APIKeyToken: Sendable, Hashable, CustomStringConvertible {
    public static let prefix = "sbk_"
    public let value: String

    public init?(_ value: String) {
        guard value.hasPrefix(Self.prefix) else { return nil }
        let body = value.dropFirst(Self.prefix.count)
        guard (32...128).contains(body.utf8.count),
              body.unicodeScalars.allSatisfy({ $0.isASCIILetterOrDigit || $0 == "-" || $0 == "_" })
        else { return nil }
        self.value = value
    }

    /// The first characters, safe to show in lists so people can tell keys apart.
    public var displayPrefix: String { String(value.prefix(Self.prefix.count + 6)) }

    public var description: String { displayPrefix + "…" }
}
