/// A helpdesk hosted on the cluster. Everything a tenant owns carries its id.
public struct Tenant: Sendable, Hashable, Codable, Identifiable {
    public struct ID: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        public let rawValue: Int64
        public init(rawValue: Int64) { self.rawValue = rawValue }
        public init(_ rawValue: Int64) { self.rawValue = rawValue }
        public var description: String { String(rawValue) }
    }

    public var id: ID
    public var slug: String
    public var name: String
    public var defaultLocale: String
    public var timeZone: String
    /// Where agents may sign in from and use their sessions; empty: anywhere.
    public var agentNetworks: [IPNetwork]

    public init(id: ID, slug: String, name: String, defaultLocale: String, timeZone: String, agentNetworks: [IPNetwork] = []) {
        self.id = id
        self.slug = slug
        self.name = name
        self.defaultLocale = defaultLocale
        self.timeZone = timeZone
        self.agentNetworks = agentNetworks
    }

    /// Whether an agent at `address` may sign in and use a session. An unknown address passes
    /// only when no networks are set.
    public func allowsAgents(from address: String?) -> Bool {
        guard !agentNetworks.isEmpty else { return true }
        guard let address else { return false }
        return agentNetworks.contains { $0.contains(address) }
    }
}
