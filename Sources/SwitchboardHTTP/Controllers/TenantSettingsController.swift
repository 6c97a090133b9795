import Hummingbird
import SwitchboardCore
import SwitchboardPostgres

/// `/api/v1/settings/formats`: how the tenant shows dates and times (CUSTOM-7). People's own
/// locale and time zone still apply; the API keeps speaking ISO 8601 in UTC.
public struct TenantSettingsController: Sendable {
    let database: Database
    let invalidation: DirectoryInvalidation

    public init(database: Database, invalidation: DirectoryInvalidation) {
        self.database = database
        self.invalidation = invalidation
    }

    /// `/api/v1/settings/portal`: whether customers may register on the portal themselves.
    struct PortalSettings: ResponseCodable {
        var registration: PortalRegistration
    }

    /// `/api/v1/settings/security`: the networks agents may sign in from (SEC-5).
    struct SecuritySettings: ResponseCodable {
        var agentNetworks: [String]
    }

    public func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("settings/formats") { _, context -> DisplayFormats in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.read)
            return try await database.tenant(tenant.id).transaction { try await $0.displayFormats() }
        }
        group.put("settings/formats") { request, context -> DisplayFormats in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.admin)
            let formats = try await request.decode(as: DisplayFormats.self, context: context)
            return try await database.tenant(tenant.id).transaction { transaction in
                try await transaction.setDisplayFormats(formats)
                return try await transaction.displayFormats()
            }
        }
        group.get("settings/portal") { _, context -> PortalSettings in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.admin)
            return PortalSettings(registration: try await database.tenant(tenant.id).transaction { try await $0.portalRegistration() })
        }
        group.put("settings/portal") { request, context -> PortalSettings in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.admin)
            let input = try await request.decode(as: PortalSettings.self, context: context)
            try await database.tenant(tenant.id).transaction { try await $0.setPortalRegistration(input.registration) }
            return input
        }
        group.get("settings/security") { _, context -> SecuritySettings in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.admin)
            let networks = try await database.tenant(tenant.id).transaction { try await $0.agentNetworks() }
            return SecuritySettings(agentNetworks: networks.map(\.description))
        }
        group.put("settings/security") { request, context -> SecuritySettings in
            let tenant = try context.requireTenant()
            let identity = try context.requireIdentity(.admin)
            let input = try await request.decode(as: SecuritySettings.self, context: context)
            var networks: [IPNetwork] = []
            var errors: [Problem.FieldError] = []
            for (index, text) in input.agentNetworks.enumerated() {
                if let network = IPNetwork(text) { networks.append(network) } else {
                    errors.append(.init(field: "agentNetworks[\(index)]", message: "is not an IP address or CIDR network"))
                }
            }
            if networks.count > 100 { errors.append(.init(field: "agentNetworks", message: "at most 100 networks")) }
            // An administrator may not lock themselves out with the change they are making.
            if errors.isEmpty, identity.credential == .session,
               !Tenant(id: tenant.id, slug: "", name: "", defaultLocale: "", timeZone: "", agentNetworks: networks)
                   .allowsAgents(from: context.remoteAddress) {
                errors.append(.init(field: "agentNetworks", message: "must include the address you are signed in from"))
            }
            guard errors.isEmpty else { throw Problem.validation(errors) }
            try await database.tenant(tenant.id).transaction { try await $0.setAgentNetworks(networks) }
            await invalidation.publish(.tenant(tenant.id))
            return SecuritySettings(agentNetworks: networks.map(\.description))
        }
    }
}

extension DisplayFormats: ResponseCodable {}
