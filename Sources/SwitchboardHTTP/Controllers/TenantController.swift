import Hummingbird
import SwitchboardCore

/// `GET /api/v1/tenant`: the public face of the helpdesk at this address (name, language,
/// time zone), for the portal and widgets before anyone signs in.
public struct TenantController: Sendable {
    public init() {}

    struct TenantBody: ResponseCodable {
        var slug: String
        var name: String
        var defaultLocale: String
        var timeZone: String
    }

    public func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("tenant") { _, context in
            let tenant = try context.requireTenant()
            return TenantBody(slug: tenant.slug, name: tenant.name, defaultLocale: tenant.defaultLocale, timeZone: tenant.timeZone)
        }
    }
}
