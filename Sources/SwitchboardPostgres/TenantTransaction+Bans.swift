import Foundation
import PostgresNIO
import SwitchboardCore

extension TenantTransaction {
    public func bans() async throws -> [Ban] {
        try await all(
            "SELECT id, network IS NOT NULL, pattern, reason, created_at FROM bans ORDER BY pattern",
            as: (Int64, Bool, String, String?, Date).self
        ).map(Self.makeBan)
    }

    public func createBan(_ ban: BanPattern, reason: String?, agent: Agent.ID?) async throws -> Result<Ban, PeopleProblem> {
        // An IP ban stores its network with the host bits cleared (203.0.113.7/24 is 203.0.113.0/24).
        let network: String? = ban.kind == .ip ? ban.pattern : nil
        guard let row = try await first(
            """
            INSERT INTO bans (tenant_id, pattern, like_pattern, network, reason, agent_id)
            VALUES (\(tenantID.rawValue), \(ban.pattern), \(ban.likePattern), network(\(network)::inet), \(reason), \(agent?.rawValue))
            ON CONFLICT (tenant_id, pattern) DO NOTHING
            RETURNING id, network IS NOT NULL, pattern, reason, created_at
            """,
            as: (Int64, Bool, String, String?, Date).self
        ) else { return .failure(.patternTaken) }
        return .success(Self.makeBan(row))
    }

    /// Returns whether it existed.
    public func deleteBan(id: Int64) async throws -> Bool {
        try await first("DELETE FROM bans WHERE id = \(id) RETURNING 1", as: Int.self) != nil
    }

    /// Whether a ban matches the sender's address (any case) or their IP address. Either may be
    /// nil; an IP that is not an address matches nothing.
    public func isBanned(email: String?, ip: String?) async throws -> Bool {
        let address = ip.flatMap { IPNetwork.isAddress($0) ? $0 : nil }
        let email = email?.lowercased()
        guard email != nil || address != nil else { return false }
        return try await first(
            """
            SELECT EXISTS (
                SELECT 1 FROM bans WHERE like_pattern IS NOT NULL AND \(email)::text LIKE like_pattern
                UNION ALL
                SELECT 1 FROM bans WHERE network IS NOT NULL AND network >>= \(address)::inet
            )
            """,
            as: Bool.self
        ) ?? false
    }

    private static func makeBan(_ row: (Int64, Bool, String, String?, Date)) -> Ban {
        Ban(id: row.0, kind: row.1 ? .ip : .email, pattern: row.2, reason: row.3, createdAt: row.4)
    }
}
