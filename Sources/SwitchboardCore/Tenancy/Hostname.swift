/// Host names as they arrive in `Host` headers and as tenants configure them.
public enum Hostname {
    /// Lower-cases, drops a port and a trailing dot. Returns nil for something that cannot be a
    /// DNS name (so it can never match a tenant).
    public static func normalize(_ raw: Substring) -> String? {
        var host = raw.trimmingWhitespace()
        if host.hasPrefix("[") { return nil } // IP literals are never tenant domains.
        if let colon = host.lastIndex(of: ":") {
            let port = host[host.index(after: colon)...]
            guard !port.isEmpty, port.allSatisfy(\.isASCIIDigit) else { return nil }
            host = host[..<colon]
        }
        if host.hasSuffix(".") { host = host.dropLast() }
        let lowered = host.lowercased()
        return isValid(lowered) ? lowered : nil
    }

    public static func normalize(_ raw: String) -> String? { normalize(raw[...]) }

    /// A DNS name of letters, digits and hyphens, dot-separated, 253 characters at most.
    public static func isValid(_ host: String) -> Bool {
        guard !host.isEmpty, host.utf8.count <= 253 else { return false }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            guard (1...63).contains(label.utf8.count), label.first != "-", label.last != "-" else { return false }
            return label.unicodeScalars.allSatisfy { $0.isASCIILetterOrDigit || $0 == "-" }
        }
    }

    /// The tenant slug when `host` is `<slug>.<baseDomain>`.
    public static func slug(of host: String, baseDomain: String) -> String? {
        let suffix = "." + baseDomain
        guard host.hasSuffix(suffix) else { return nil }
        let slug = String(host.dropLast(suffix.count))
        return Slug.isValid(slug) ? slug : nil
    }
}

/// A tenant's subdomain label under the cluster's base domain.
public enum Slug {
    /// Labels kept for the cluster itself.
    public static let reserved: Set<String> = ["www", "api", "admin", "app", "mail", "static", "status", "cdn", "assets"]

    public static func isValid(_ slug: String) -> Bool {
        guard (2...63).contains(slug.utf8.count), slug.first != "-", slug.last != "-" else { return false }
        return slug.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// Why a slug cannot be used, or nil when it can.
    public static func problem(with slug: String) -> String? {
        if !isValid(slug) { return "must be 2-63 characters of a-z, 0-9 and '-', not starting or ending with '-'" }
        if reserved.contains(slug) { return "\"\(slug)\" is reserved" }
        return nil
    }
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        var result = self
        while result.first?.isWhitespace == true { result = result.dropFirst() }
        while result.last?.isWhitespace == true { result = result.dropLast() }
        return result
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension Unicode.Scalar {
    var isASCIILetterOrDigit: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self)
    }
}
