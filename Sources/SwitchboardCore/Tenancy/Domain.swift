/// A custom domain a tenant serves its helpdesk on (besides `<slug>.<base domain>`).
public struct TenantDomain: Sendable, Hashable, Codable {
    public var tenantID: Tenant.ID
    public var hostname: String
    /// Published by the tenant at `/.well-known/switchboard-verification` on the domain to prove it
    /// points at this cluster.
    public var verificationToken: String
    public var isVerified: Bool

    public init(tenantID: Tenant.ID, hostname: String, verificationToken: String, isVerified: Bool) {
        self.tenantID = tenantID
        self.hostname = hostname
        self.verificationToken = verificationToken
        self.isVerified = isVerified
    }
}

/// How a request's tenant was found.
public enum TenantResolution: Sendable, Hashable {
    case slug(String)
    case customDomain(String)
    case apiKey
}
