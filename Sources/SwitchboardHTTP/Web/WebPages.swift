import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import SwitchboardCore
import SwitchboardICU

/// Server-rendered pages: Mustache templates compiled into the binary, every string from the
/// language packs, every value escaped by Mustache, and headers that keep the browser strict.
public struct WebPages: Sendable {
    let library: MustacheLibrary
    public let packs: LanguagePacks
    let index: WebStrings.Index
    let assets: WebAssets

    public init(packs: LanguagePacks) throws {
        var library = MustacheLibrary()
        for (name, bytes) in Self.templates {
            try library.register(String(decoding: bytes, as: UTF8.self), named: name)
        }
        self.library = library
        self.packs = packs
        self.index = WebStrings.Index(packs: packs)
        self.assets = WebAssets()
    }

    static let templates: [(String, [UInt8])] = [
        ("layout", PackageResources.layout_mustache),
        ("error", PackageResources.error_mustache),
        ("agent_login", PackageResources.agent_login_mustache),
        ("agent_tickets", PackageResources.agent_tickets_mustache),
        ("agent_ticket", PackageResources.agent_ticket_mustache),
        ("agent_ticket_rows", PackageResources.agent_ticket_rows_mustache),
        ("agent_person", PackageResources.agent_person_mustache),
        ("agent_organisation", PackageResources.agent_organisation_mustache),
        ("admin_nav", PackageResources.admin_nav_mustache),
        ("admin_departments", PackageResources.admin_departments_mustache),
        ("admin_custom_fields", PackageResources.admin_custom_fields_mustache),
        ("admin_audit", PackageResources.admin_audit_mustache),
        ("portal_home", PackageResources.portal_home_mustache),
        ("portal_register", PackageResources.portal_register_mustache),
        ("portal_login", PackageResources.portal_login_mustache),
        ("portal_contact", PackageResources.portal_contact_mustache),
        ("portal_tickets", PackageResources.portal_tickets_mustache),
        ("portal_ticket", PackageResources.portal_ticket_mustache),
    ]

    /// Scripts and styles from our own origin only; nothing may frame the pages; forms post
    /// only back to us.
    static let contentSecurityPolicy = [
        "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'",
        "font-src 'self'", "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'",
    ].joined(separator: "; ")

    /// The reader's language: their own setting, else what the browser asks for, else the tenant's.
    func localizer(_ request: Request, _ context: AppRequestContext) -> Localizer {
        let zone = (context.identity?.timeZone ?? context.tenant?.timeZone).flatMap(TimeZone.init(identifier:)) ?? .gmt
        return packs.localizer(
            personLocale: context.identity?.locale, acceptLanguage: request.headers[.acceptLanguage], timeZone: zone,
            tenantDefault: context.tenant?.defaultLocale
        )
    }

    /// The frame for a page to `request`.
    func page(
        _ request: Request, _ context: AppRequestContext, localizer: Localizer, csrf: String, agentName: String?, isAdmin: Bool = false
    ) -> WebPage {
        WebPage(localizer: localizer, csrf: csrf, agentName: agentName, helpdesk: context.tenant?.name ?? "", isAdmin: isAdmin)
    }

    /// `template` inside the layout, with `values` and what every page has: the strings, the
    /// language and direction, the assets, the signed-in agent and the form token.
    func render(
        _ template: String, title: String, values: [String: Any], page: WebPage, status: HTTPResponse.Status = .ok
    ) -> Response {
        var all = values
        all["t"] = WebStrings(localizer: page.localizer, index: index)
        all["lang"] = page.localizer.locale
        all["dir"] = page.localizer.direction == .rightToLeft ? "rtl" : "ltr"
        all["title"] = title
        all["css"] = assets.path("app.css")
        all["js"] = assets.path("agent.js")
        all["csrf"] = page.csrf
        all["helpdesk"] = page.helpdesk
        if let agent = page.agentName { all["agent"] = ["name": agent, "isAdmin": page.isAdmin] }
        let html = library.render(all, withTemplate: template) ?? ""
        return Self.html(html, status: status)
    }

    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let frameOptions = HTTPField.Name("X-Frame-Options")!

    static func html(_ text: String, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.contentSecurityPolicy] = contentSecurityPolicy
        headers[.xContentTypeOptions] = "nosniff"
        headers[Self.referrerPolicy] = "same-origin"
        headers[Self.frameOptions] = "DENY"
        // Pages show what only the signed-in agent may see: nothing keeps a copy.
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(to location: String, headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.location] = location
        headers[.cacheControl] = "no-store"
        return Response(status: .seeOther, headers: headers)
    }
}

/// What one page render knows about its reader.
struct WebPage {
    var localizer: Localizer
    var csrf: String
    var agentName: String?
    /// The tenant's name, shown in the page header.
    var helpdesk: String
    /// Whether the reader may open the admin pages.
    var isAdmin = false
}
