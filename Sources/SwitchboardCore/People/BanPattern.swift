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
