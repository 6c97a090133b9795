#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a ban matches, read from what an administrator typed: an address (`someone@spam.example`),
/// an address pattern with `*` for any characters (`*@spam.example`), or an IP address or
/// network (`203.0.113.7`, `203.0.113.0/24`, `2001:db8::/32`).
public struct BanPattern: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case email
        case ip
    }

    public var kind: Kind
    /// As stored and shown: lower-cased addresses, networks as written.
    public var pattern: String

    public init(kind: Kind, pattern: String) {
        self.kind = kind
        self.pattern = pattern
    }

    /// Nil, with the reason, for text that is neither.
    public static func parse(_ raw: String) -> Result<BanPattern, BanPatternError> {
        let text = raw.trimmingWhitespaceString().lowercased()
        guard !text.isEmpty, text.unicodeScalars.count <= 300 else { return .failure(.length) }
        guard !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == " " }) else { return .failure(.spaces) }
        if text.contains("@") {
            let parts = text.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return .failure(.email) }
            if !text.contains("*") {
                guard let address = EmailAddress.normalize(text) else { return .failure(.email) }
                return .success(BanPattern(kind: .email, pattern: address))
            }
            // A wildcard domain still needs a dotted name after its stars (`*.example`), so one
            // typo cannot ban every sender.
            let domain = String(parts[1].map { $0 == "*" ? "x" : $0 })
            guard domain.contains("."), Hostname.normalize(Substring(domain)) != nil else { return .failure(.email) }
            return .success(BanPattern(kind: .email, pattern: text))
        }
        guard IPNetwork(text) != nil else { return .failure(.notAddressOrNetwork) }
        return .success(BanPattern(kind: .ip, pattern: text))
    }

    /// The SQL LIKE pattern for an email ban: LIKE's own wildcards escaped, `*` as `%`.
    public var likePattern: String? {
        guard kind == .email else { return nil }
        var like = ""
        for character in pattern {
            switch character {
            case "\\", "%", "_": like += "\\\(character)"
            case "*": like += "%"
            default: like.append(character)
            }
        }
        return like
    }
}

public enum BanPatternError: Error, Sendable, Hashable, CustomStringConvertible {
    case length
    case spaces
    case email
    case notAddressOrNetwork

    public var description: String {
        switch self {
        case .length: "must be 1-300 characters"
        case .spaces: "must not contain spaces or control characters"
        case .email: "must be an email address, or a pattern such as *@spam.example"
        case .notAddressOrNetwork: "must be an email address or pattern, an IP address, or a network such as 203.0.113.0/24"
        }
    }
}

/// An IPv4 or IPv6 address with an optional prefix length.
public struct IPNetwork: Sendable, Hashable {
    public var isIPv6: Bool
    public var prefixLength: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts[0].utf8.count <= 45 else { return nil }
        let address = String(parts[0])
        if Self.parse(address, family: AF_INET) {
            isIPv6 = false
        } else if Self.parse(address, family: AF_INET6) {
            isIPv6 = true
        } else {
            return nil
        }
        let maximum = isIPv6 ? 128 : 32
        if parts.count == 2 {
            guard !parts[1].isEmpty, parts[1].count <= 3, parts[1].allSatisfy(\.isASCII), let length = Int(parts[1]),
                  (0...maximum).contains(length)
            else { return nil }
            prefixLength = length
        } else {
            prefixLength = maximum
        }
    }

    /// Whether `text` is one address (no prefix).
    public static func isAddress(_ text: String) -> Bool {
        !text.contains("/") && IPNetwork(text) != nil
    }

    private static func parse(_ address: String, family: Int32) -> Bool {
        var buffer = (UInt64(0), UInt64(0))
        return withUnsafeMutableBytes(of: &buffer) { inet_pton(family, address, $0.baseAddress) == 1 }
    }
}
