/// A member of the support team of one tenant.
public struct Agent: Sendable, Hashable, Codable, Identifiable {
    public struct ID: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        public let rawValue: Int64
        public init(rawValue: Int64) { self.rawValue = rawValue }
        public var description: String { String(rawValue) }
    }

    public var id: ID
    public var tenantID: Tenant.ID
    public var email: String
    public var name: String
    public var permissions: Permissions
    public var isActive: Bool
    public var locale: String?
    public var timeZone: String?

    public init(
        id: ID, tenantID: Tenant.ID, email: String, name: String, permissions: Permissions, isActive: Bool,
        locale: String? = nil, timeZone: String? = nil
    ) {
        self.id = id
        self.tenantID = tenantID
        self.email = email
        self.name = name
        self.permissions = permissions
        self.isActive = isActive
        self.locale = locale
        self.timeZone = timeZone
    }
}
