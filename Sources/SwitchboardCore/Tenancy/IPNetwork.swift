import Foundation

/// An IPv4 or IPv6 network in CIDR form (`192.0.2.0/24`, `2001:db8::/32`; a bare address is a
/// network of one), for allow-lists.
public struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
    /// The network's address bytes (4 or 16), host bits cleared.
    public let bytes: [UInt8]
    public let prefixLength: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return nil }
        guard let address = Self.parseAddress(String(parts[0])) else { return nil }
        let bits = address.count * 8
        var length = bits
        if parts.count == 2 {
            guard !parts[1].isEmpty, parts[1].count <= 3, parts[1].allSatisfy(\.isASCII), let value = Int(parts[1]), (0...bits).contains(value) else { return nil }
            length = value
        }
        self.bytes = Self.masked(address, length)
        self.prefixLength = length
    }

    /// Whether `address` (textual, v4 or v6; an IPv4-mapped v6 address counts as v4) is inside.
    public func contains(_ address: String) -> Bool {
        guard var candidate = Self.parseAddress(address) else { return false }
        if candidate.count == 16, bytes.count == 4, candidate.prefix(12) == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] {
            candidate = Array(candidate.suffix(4))
        }
        guard candidate.count == bytes.count else { return false }
        return Self.masked(candidate, prefixLength) == bytes
    }

    public var description: String {
        let address: String
        if bytes.count == 4 {
            address = bytes.map(String.init).joined(separator: ".")
        } else {
            address = stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
                .joined(separator: ":")
        }
        return "\(address)/\(prefixLength)"
    }

    static func masked(_ address: [UInt8], _ length: Int) -> [UInt8] {
        address.enumerated().map { index, byte in
            let keep = max(0, min(8, length - index * 8))
            return keep == 8 ? byte : byte & UInt8(truncatingIfNeeded: 0xFF << (8 - keep))
        }
    }

    /// Whether `text` is one address (no prefix).
    public static func isAddress(_ text: String) -> Bool {
        !text.contains("/") && IPNetwork(text) != nil
    }

    public var isIPv6: Bool { bytes.count == 16 }

    /// The address's bytes, as the system's own parser reads it (4 for IPv4, 16 for IPv6).
    static func parseAddress(_ text: String) -> [UInt8]? {
        guard text.utf8.count <= 45 else { return nil }
        var buffer = (UInt64(0), UInt64(0))
        let family = text.contains(":") ? AF_INET6 : AF_INET
        let parsed = withUnsafeMutableBytes(of: &buffer) { inet_pton(family, text, $0.baseAddress) == 1 }
        guard parsed else { return nil }
        let bytes = withUnsafeBytes(of: &buffer) { Array($0) }
        return family == AF_INET6 ? bytes : Array(bytes.prefix(4))
    }
}

extension IPNetwork: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let network = IPNetwork(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an IP network: \(text)"))
        }
        self = network
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
