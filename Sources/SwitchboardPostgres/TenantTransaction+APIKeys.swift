import Foundation
import PostgresNIO
import SwitchboardCore

/// An API key as listed: never its secret.
public struct APIKeyRecord: Sendable, Hashable, Codable {
    public var id: Int64
    public var name: String
    public var agentID: Int64
    public var displayPrefix: String
    public var scopes: [String]
    public var createdAt: Date
    public var revokedAt: Date?
}

extension TenantTransaction {
    /// Stores a key for `agent`. The secret is generated unless given; it is returned once and
    /// only its hash is kept.
    public func createAPIKey(name: String, agent: Agent.ID, permissions: Permissions, secret: APIKeyToken? = nil) async throws
        -> (record: APIKeyRecord, secret: APIKeyToken)
    {
        let token = secret ?? APIKeyToken(APIKeyToken.prefix + SecretToken.generate())!
        guard let row = try await first(
            """
            INSERT INTO api_keys (tenant_id, agent_id, name, display_prefix, key_hash, permissions)
            VALUES (\(tenantID.rawValue), \(agent.rawValue), \(name), \(token.displayPrefix), \(SecretToken.hash(token.value)),
                    \(Int32(permissions.rawValue)))
            RETURNING id, name, agent_id, display_prefix, permissions, created_at, revoked_at
            """,
            as: (Int64, String, Int64, String, Int32, Date, Date?).self
        ) else { throw PostgresStoreError.missingRow("api key \(name)") }
        return (makeRecord(row), token)
    }

    public func apiKeys() async throws -> [APIKeyRecord] {
        try await all(
            "SELECT id, name, agent_id, display_prefix, permissions, created_at, revoked_at FROM api_keys ORDER BY id",
            as: (Int64, String, Int64, String, Int32, Date, Date?).self
        ).map(makeRecord)
    }

    public func activeAPIKey(named name: String) async throws -> APIKeyRecord? {
        try await first(
            """
            SELECT id, name, agent_id, display_prefix, permissions, created_at, revoked_at FROM api_keys
            WHERE name = \(name) AND revoked_at IS NULL
            """,
            as: (Int64, String, Int64, String, Int32, Date, Date?).self
        ).map(makeRecord)
    }

    /// Returns whether an active key was revoked.
    public func revokeAPIKey(id: Int64) async throws -> Bool {
        try await first(
            "UPDATE api_keys SET revoked_at = now() WHERE id = \(id) AND revoked_at IS NULL RETURNING 1", as: Int.self
        ) != nil
    }

    private func makeRecord(_ row: (Int64, String, Int64, String, Int32, Date, Date?)) -> APIKeyRecord {
        APIKeyRecord(
            id: row.0, name: row.1, agentID: row.2, displayPrefix: row.3,
            scopes: Permissions(rawValue: Int(row.4)).names, createdAt: row.5, revokedAt: row.6
        )
    }
}
