import Foundation
import PostgresNIO
import SwitchboardCore

/// One change in the audit log.
public struct AuditEntry: Sendable, Codable, Hashable {
    public var id: Int64
    /// The agent who made it; nil for the platform and manifests.
    public var agentID: Int64?
    public var agentName: String?
    public var ip: String?
    /// What kind of thing changed (`departments`, `custom_fields`, ...).
    public var object: String
    public var objectID: Int64?
    /// `create`, `change` or `delete`.
    public var action: String
    public var before: JSONValue?
    public var after: JSONValue?
    public var createdAt: Date
}

extension TenantTransaction {
    /// The newest entries first, older than `before` (an id), `limit` of them.
    public func auditLog(before: Int64?, limit: Int) async throws -> [AuditEntry] {
        try await all(
            """
            SELECT l.id, l.agent_id, a.name, host(l.ip), l.object, l.object_id, l.action, l.before::text, l.after::text, l.created_at
            FROM audit_log l LEFT JOIN agents a ON a.tenant_id = l.tenant_id AND a.id = l.agent_id
            WHERE (\(before)::bigint IS NULL OR l.id < \(before))
            ORDER BY l.id DESC LIMIT \(limit)
            """,
            as: (Int64, Int64?, String?, String?, String, Int64?, String, String?, String?, Date).self
        ).map { row in
            AuditEntry(
                id: row.0, agentID: row.1, agentName: row.2, ip: row.3, object: row.4, objectID: row.5, action: row.6,
                before: row.7.flatMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) },
                after: row.8.flatMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) }, createdAt: row.9
            )
        }
    }
}
