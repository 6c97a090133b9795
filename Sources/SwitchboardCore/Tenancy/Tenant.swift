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

    public init(id: ID, slug: String, name: String, defaultLocale: String, timeZone: String) {
        self.id = id
        self.slug = slug
        self.name = name
        self.defaultLocale = defaultLocale
        self.timeZone = timeZone
    }
}
