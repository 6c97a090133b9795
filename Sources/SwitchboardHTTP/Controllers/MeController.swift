import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardPostgres

/// `GET /api/v1/me`: who the caller is, in which tenant.
public struct MeController: Sendable {
    let database: Database
    let invalidation: DirectoryInvalidation

    public init(database: Database, invalidation: DirectoryInvalidation) {
        self.database = database
        self.invalidation = invalidation
    }

    public func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("me") { _, context in
            let tenant = try context.requireTenant()
            let identity = try context.requireIdentity()
            guard let agent = try await database.tenant(tenant.id).transaction({ try await $0.agent(id: identity.agentID) }) else {
                throw Problem.unauthorized
            }
            var me = MeResponse(agent: agent, tenant: tenant, credential: identity.credential.name)
            // A key acts with its own scopes, which may be narrower than its agent's.
            me.agent.scopes = identity.permissions.names
            return me
        }
        // People choose their own language and time zone; null goes back to the tenant's.
        group.patch("me") { request, context -> MeResponse in
            let tenant = try context.requireTenant()
            let identity = try context.requireIdentity()
            let input = try await request.decode(as: Preferences.self, context: context)
            var errors: [Problem.FieldError] = []
            if let locale = input.locale, !LocaleTag.isWellFormed(locale) {
                errors.append(.init(field: "locale", message: "\"\(locale)\" is not a BCP 47 language tag"))
            }
            if let zone = input.timeZone, TimeZone(identifier: zone) == nil {
                errors.append(.init(field: "timeZone", message: "\"\(zone)\" is not an IANA time zone"))
            }
            guard errors.isEmpty else { throw Problem.validation(errors) }
            let agent = try await database.tenant(tenant.id).transaction { transaction -> Agent? in
                try await transaction.updateAgentPreferences(identity.agentID, locale: input.locale, timeZone: input.timeZone)
                return try await transaction.agent(id: identity.agentID)
            }
            guard let agent else { throw Problem.unauthorized }
            await invalidation.publish(.agent(tenant.id, agent.id))
            var me = MeResponse(agent: agent, tenant: tenant, credential: identity.credential.name)
            me.agent.scopes = identity.permissions.names
            return me
        }
    }

    struct Preferences: Decodable {
        var locale: String?
        var timeZone: String?
    }
}

struct MeResponse: ResponseCodable {
    struct AgentBody: Codable {
        var id: Int64
        var email: String
        var name: String
        var scopes: [String]
        var locale: String?
        var timeZone: String?
    }

    struct TenantBody: Codable {
        var id: Int64
        var slug: String
        var name: String
        var defaultLocale: String
        var timeZone: String
    }

    var agent: AgentBody
    var tenant: TenantBody
    var credential: String

    init(agent: Agent, tenant: Tenant, credential: String) {
        self.agent = AgentBody(
            id: agent.id.rawValue, email: agent.email, name: agent.name, scopes: agent.permissions.names,
            locale: agent.locale, timeZone: agent.timeZone
        )
        self.tenant = TenantBody(
            id: tenant.id.rawValue, slug: tenant.slug, name: tenant.name, defaultLocale: tenant.defaultLocale,
            timeZone: tenant.timeZone
        )
        self.credential = credential
    }
}
