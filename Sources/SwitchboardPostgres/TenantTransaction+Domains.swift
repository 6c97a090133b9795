import Foundation
import PostgresNIO
import SwitchboardCore

extension TenantTransaction {
    public func domains() async throws -> [TenantDomain] {
        try await all(
            "SELECT hostname, verification_token, verified_at IS NOT NULL FROM tenant_domains ORDER BY hostname",
            as: (String, String, Bool).self
        ).map { TenantDomain(tenantID: tenantID, hostname: $0.0, verificationToken: $0.1, isVerified: $0.2) }
    }

    public func domain(_ hostname: String) async throws -> TenantDomain? {
        try await first(
            "SELECT hostname, verification_token, verified_at IS NOT NULL FROM tenant_domains WHERE hostname = \(hostname)",
            as: (String, String, Bool).self
        ).map { TenantDomain(tenantID: tenantID, hostname: $0.0, verificationToken: $0.1, isVerified: $0.2) }
    }

    /// Adds the domain (unverified unless `verified`), or leaves an existing one as it is except
    /// that `verified: true` verifies it. Returns the stored domain.
    @discardableResult
    public func upsertDomain(_ hostname: String, verified: Bool) async throws -> TenantDomain {
        let token = "sbv_" + SecretToken.generate(byteCount: 24)
        try await query(
            """
            INSERT INTO tenant_domains (tenant_id, hostname, verification_token, verified_at)
            VALUES (\(tenantID.rawValue), \(hostname), \(token), CASE WHEN \(verified) THEN now() END)
            ON CONFLICT (tenant_id, hostname) DO UPDATE
                SET verified_at = COALESCE(tenant_domains.verified_at, EXCLUDED.verified_at)
            """
        )
        guard let domain = try await domain(hostname) else { throw PostgresStoreError.missingRow("domain \(hostname)") }
        return domain
    }

    public func markDomainVerified(_ hostname: String) async throws {
        try await query("UPDATE tenant_domains SET verified_at = COALESCE(verified_at, now()) WHERE hostname = \(hostname)")
    }

    /// Returns whether a domain was removed.
    public func deleteDomain(_ hostname: String) async throws -> Bool {
        try await first("DELETE FROM tenant_domains WHERE hostname = \(hostname) RETURNING 1", as: Int.self) != nil
    }
}
