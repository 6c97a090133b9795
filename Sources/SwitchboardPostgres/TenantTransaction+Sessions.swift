import Foundation
import PostgresNIO
import SwitchboardCore

extension TenantTransaction {
    /// Starts a server-side session; returns the cookie secret (only its hash is stored).
    public func createSession(agent: Agent.ID, lifetime: Duration, ip: String?, userAgent: String?) async throws -> String {
        let secret = SecretToken.generate()
        let seconds = Double(lifetime.components.seconds)
        try await query(
            """
            INSERT INTO sessions (tenant_id, token_hash, agent_id, expires_at, ip, user_agent)
            VALUES (\(tenantID.rawValue), \(SecretToken.hash(secret)), \(agent.rawValue),
                    now() + make_interval(secs => \(seconds)), \(ip), \(userAgent.map { String($0.prefix(512)) }))
            """
        )
        return secret
    }

    /// The active agent behind a session cookie, if the session is live.
    public func sessionAgent(secret: String) async throws -> Agent.ID? {
        try await first(
            """
            SELECT s.agent_id FROM sessions s JOIN agents a ON a.tenant_id = s.tenant_id AND a.id = s.agent_id
            WHERE s.token_hash = \(SecretToken.hash(secret)) AND s.expires_at > now() AND a.is_active
            """,
            as: Int64.self
        ).map { Agent.ID(rawValue: $0) }
    }

    public func deleteSession(secret: String) async throws {
        try await query("DELETE FROM sessions WHERE token_hash = \(SecretToken.hash(secret))")
    }
}
