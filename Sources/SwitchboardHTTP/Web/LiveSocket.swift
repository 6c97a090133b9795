import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import SwitchboardCore
import SwitchboardPostgres

/// `/agent/live`: the WebSocket an agent page opens for live updates. The upgrade is granted
/// only to a signed-in agent's session, from a page of the same host (a WebSocket is not
/// bound by the same-origin rule, so the `Origin` header is checked here), within the
/// tenant's allowed networks. The page only listens; `LiveHub` decides what it hears.
public struct LiveSocket: Sendable {
    public static let path = "/agent/live"

    let hub: LiveHub
    let directory: TenantDirectory
    let database: Database
    let pages: WebPages

    public init(hub: LiveHub, directory: TenantDirectory, database: Database, pages: WebPages) {
        self.hub = hub
        self.directory = directory
        self.database = database
        self.pages = pages
    }

    public func shouldUpgrade(
        _ request: HTTPRequest, channel: any Channel, logger: Logger
    ) async throws -> ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>> {
        guard request.path?.split(separator: "?").first.map(String.init) == Self.path, let authority = request.authority,
              let origin = request.headerFields[.origin], origin == "http://\(authority)" || origin == "https://\(authority)",
              let secret = Self.cookie(TenantMiddleware.sessionCookie, in: request.headerFields[values: .cookie]),
              let tenant = try await directory.tenant(forAuthority: authority),
              tenant.allowsAgents(from: channel.remoteAddress?.ipAddress),
              let identity = try await TenantMiddleware.sessionIdentity(secret: secret, tenant: tenant, database: database)
        else { return .dontUpgrade }
        let zone = TimeZone(identifier: identity.timeZone ?? tenant.timeZone) ?? .gmt
        let localizer = pages.packs.localizer(
            personLocale: identity.locale, acceptLanguage: request.headerFields[.acceptLanguage], timeZone: zone,
            tenantDefault: tenant.defaultLocale
        )
        let hub = self.hub
        return .upgrade([:]) { inbound, outbound, _ in
            try await hub.connect(tenant: tenant.id, agent: identity.agentID, localizer: localizer) { messages in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    // Until the page goes away…
                    group.addTask { for try await _ in inbound {} }
                    // …it is sent what concerns it.
                    group.addTask { for await text in messages { try await outbound.write(.text(text)) } }
                    try await group.next()
                    group.cancelAll()
                }
            }
        }
    }

    static func cookie(_ name: String, in headers: [String]) -> String? {
        for header in headers {
            for pair in header.split(separator: ";") {
                let parts = pair.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0] == name, !parts[1].isEmpty { return String(parts[1]) }
            }
        }
        return nil
    }
}
