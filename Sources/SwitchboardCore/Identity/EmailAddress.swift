/// Email address checks that catch typos, not a full RFC 5322 parser.
public enum EmailAddress {
    /// Lower-cased address when it looks deliverable: one `@`, a non-empty local part, a dotted
    /// domain, no spaces or angle brackets.
    public static func normalize(_ raw: String) -> String? {
        let trimmed = raw.trimmingWhitespaceString()
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].utf8.count <= 64,
              let domain = Hostname.normalize(parts[1]), domain.contains(".")
        else { return nil }
        guard !parts[0].contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," }) else { return nil }
        return parts[0].lowercased() + "@" + domain
    }
}

extension String {
    func trimmingWhitespaceString() -> String { String(self[...].trimmingWhitespace()) }
}
