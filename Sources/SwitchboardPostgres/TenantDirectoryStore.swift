import Foundation
import Logging
import PostgresNIO
import SwitchboardCore

/// What routing may know before a tenant is chosen: tenants by slug, verified domain or API
/// key. Each call is one SECURITY DEFINER function; the application role cannot read the
/// underlying tables outside a tenant's own transaction.
public struct TenantDirectoryStore: Sendable {
    let client: PostgresClient
    let logger: Logger

    public func tenant(slug: String) async throws -> Tenant? {
        try await tenant(from: "SELECT id, slug, name, default_locale, time_zone, agent_networks FROM sb_tenant_by_slug(\(slug))")
    }

    public func tenant(domain hostname: String) async throws -> Tenant? {
        try await tenant(from: "SELECT id, slug, name, default_locale, time_zone, agent_networks FROM sb_tenant_by_domain(\(hostname))")
    }

    public func tenant(id: Tenant.ID) async throws -> Tenant? {
        try await tenant(from: "SELECT id, slug, name, default_locale, time_zone, agent_networks FROM sb_tenant_by_id(\(id.rawValue))")
    }

    private func tenant(from query: PostgresQuery) async throws -> Tenant? {
        let rows = try await client.query(query, logger: logger)
        for try await (id, slug, name, locale, zone, networks) in rows.decode((Int64, String, String, String, String, [String]).self) {
            return Tenant(
                id: Tenant.ID(id), slug: slug, name: name, defaultLocale: locale, timeZone: zone, agentNetworks: networks.compactMap(IPNetwork.init)
            )
        }
        return nil
    }

    /// The API key behind a bearer secret: its tenant, its agent and what it may do (the key's
    /// scopes narrowed to its agent's permissions).
    public func apiKey(secret: APIKeyToken) async throws -> ResolvedAPIKey? {
        let hash = SecretToken.hash(secret.value)
        let rows = try await client.query(
            "SELECT tenant_id, key_id, agent_id, permissions, locale, time_zone FROM sb_resolve_api_key(\(hash))", logger: logger
        )
        for try await (tenant, key, agent, permissions, locale, zone) in rows.decode((Int64, Int64, Int64, Int32, String?, String?).self) {
            return ResolvedAPIKey(
                tenantID: Tenant.ID(tenant), keyID: key, agentID: Agent.ID(rawValue: agent),
                permissions: Permissions(rawValue: Int(permissions)), locale: locale, timeZone: zone
            )
        }
        return nil
    }

    public struct TenantSummary: Sendable, Hashable {
        public var id: Tenant.ID
        public var slug: String
        public var name: String
        public var createdAt: Date
        public var domains: [String]
    }

    public func listTenants() async throws -> [TenantSummary] {
        var result: [TenantSummary] = []
        let rows = try await client.query("SELECT id, slug, name, created_at, domains FROM sb_list_tenants()", logger: logger)
        for try await (id, slug, name, created, domains) in rows.decode((Int64, String, String, Date, [String]).self) {
            result.append(TenantSummary(id: Tenant.ID(id), slug: slug, name: name, createdAt: created, domains: domains))
        }
        return result
    }

    /// Which tenant, if any, has claimed `hostname` (verified or not).
    public func domainOwner(_ hostname: String) async throws -> Tenant.ID? {
        let rows = try await client.query("SELECT sb_domain_owner(\(hostname))", logger: logger)
        for try await id in rows.decode(Int64?.self) { return id.map { Tenant.ID($0) } }
        return nil
    }
}

public struct ResolvedAPIKey: Sendable, Hashable {
    public var tenantID: Tenant.ID
    public var keyID: Int64
    public var agentID: Agent.ID
    public var permissions: Permissions
    public var locale: String?
    public var timeZone: String?
}

public enum PostgresStoreError: Error, Sendable, CustomStringConvertible {
    case missingRow(String)
    public var description: String {
        switch self {
        case .missingRow(let what): what
        }
    }
}
