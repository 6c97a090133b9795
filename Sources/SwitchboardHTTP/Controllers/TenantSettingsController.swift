import Hummingbird
import SwitchboardCore
import SwitchboardPostgres

/// `/api/v1/settings/formats`: how the tenant shows dates and times (CUSTOM-7). People's own
/// locale and time zone still apply; the API keeps speaking ISO 8601 in UTC.
public struct TenantSettingsController: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

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
    }
}

extension DisplayFormats: ResponseCodable {}
