import Foundation
import NIOCore
import Hummingbird
import HummingbirdWebSocket
import Logging
import ServiceLifecycle
import SwitchboardCore
import SwitchboardHTTP
import SwitchboardICU
import SwitchboardPostgres
import SwitchboardRedis
import Synchronization

/// Everything one node runs, wired together. The executable and the tests both call this.
public struct SwitchboardNode: Sendable {
    public let config: AppConfig
    public let database: Database
    public let redis: RedisClient
    public let directory: TenantDirectory
    public let subscriber: RedisSubscriber
    public let logger: Logger
    /// Open agent pages on this node, told of changes on every node.
    public let live: LiveHub

    public init(config: AppConfig, logger: Logger) {
        self.config = config
        self.logger = logger
        self.database = Database(configuration: config.database, logger: logger)
        self.redis = RedisClient(configuration: config.redis, logger: logger)
        let live = LiveHub(redis: redis, logger: logger)
        self.live = live
        // The directory consults the subscriber and the subscriber feeds the directory, so
        // one of them is introduced to the other after both exist.
        let subscriberBox = SubscriberBox()
        let directory = TenantDirectory(
            baseDomain: config.baseDomain, store: database.directory,
            isInvalidationLive: { subscriberBox.value?.isConnected ?? false }
        )
        self.directory = directory
        self.subscriber = RedisSubscriber(
            configuration: config.redis,
            channels: [TenantDirectory.invalidationChannel, LiveHub.channel],
            logger: logger,
            onConnect: { directory.invalidateAll() },
            handler: { channel, message in
                if channel == LiveHub.channel { live.handle(message) } else { directory.handleInvalidation(message) }
            }
        )
        subscriberBox.value = subscriber
    }

    public var invalidation: DirectoryInvalidation {
        DirectoryInvalidation(redis: redis, directory: directory, logger: logger)
    }

    public var manifestApplier: ManifestApplier {
        ManifestApplier(database: database, hasher: config.passwordHasher, baseDomain: config.baseDomain)
    }

    /// The long-lived parts, in start order (stopped in reverse).
    public var services: [any Service] {
        var services: [any Service] = [database.client, redis, subscriber]
        if config.workers {
            let handlers = JobHandlers.standard(
                webhooks: WebhookSender(allowPrivateAddresses: config.webhookPrivateAddresses), presence: RedisPresence(redis: redis)
            )
            services.append(JobWorker(
                database: database, handlers: handlers, concurrency: config.jobConcurrency, lease: config.jobLease, retryBase: config.jobRetryBase,
                logger: logger
            ))
        }
        return services
    }
}

/// Breaks the construction cycle between directory and subscriber; written once, then read.
private final class SubscriberBox: Sendable {
    private let storage = Mutex<RedisSubscriber?>(nil)
    var value: RedisSubscriber? {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = newValue } }
    }
}

public enum Switchboard {
    /// Paths that need no tenant.
    static let exemptPrefixes = ["/assets", "/healthz", "/readyz", "/metrics", "/api/v1/platform", "/api/v1/openapi.json"]

    public static func buildRouter(node: SwitchboardNode, pages: WebPages) throws -> Router<AppRequestContext> {
        let config = node.config
        let packs = pages.packs
        let catalog = LanguagePackCatalog(packs: packs)
        let router = Router(context: AppRequestContext.self)
        let routes = RouteTable()
        router.add(middleware: RequestIDMiddleware())
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: ProblemMiddleware(catalog: catalog, routes: routes))
        router.add(middleware: TenantMiddleware(directory: node.directory, database: node.database, exemptPrefixes: exemptPrefixes))
        router.add(middleware: AuditMiddleware())
        if config.apiRateLimit > 0 {
            router.add(middleware: APIRateLimitMiddleware(redis: node.redis, requestsPerMinute: config.apiRateLimit))
        }
        router.add(middleware: IdempotencyMiddleware(database: node.database))
        router.add(middleware: ProblemMiddleware(catalog: catalog, routes: routes))

        HealthController(database: node.database, redis: node.redis).addRoutes(to: router)
        AppMetrics.addRoute(to: router)

        let api = router.group("api/v1")
        let signIn = SignIn(
            database: node.database, hasher: config.passwordHasher, limiter: LoginLimiter(redis: node.redis), sessionLifetime: config.sessionLifetime
        )
        AuthController(signIn: signIn, secureCookies: config.secureCookies).addRoutes(to: api.group("auth"))
        TenantController().addRoutes(to: api)
        MeController(database: node.database, invalidation: node.invalidation).addRoutes(to: api)
        DomainController(database: node.database, invalidation: node.invalidation, baseDomain: config.baseDomain)
            .addRoutes(to: api)
        APIKeyController(database: node.database, invalidation: node.invalidation).addRoutes(to: api)
        BusinessHoursController(database: node.database).addRoutes(to: api)
        let ticketLocks = TicketLocks(redis: node.redis)
        let fieldCache = CustomFieldCache()
        let triggers = TriggerCache()
        let presence = RedisPresence(redis: node.redis)
        let events = TicketEvents(triggers: triggers, presence: presence)
        PresenceController(presence: presence).addRoutes(to: api)
        TicketController(database: node.database, locks: ticketLocks, fieldCache: fieldCache, events: events, live: node.live).addRoutes(to: api)
        TicketLockController(database: node.database, locks: ticketLocks).addRoutes(to: api)
        TicketBulkController(database: node.database, locks: ticketLocks, events: events).addRoutes(to: api)
        TriggerController(database: node.database, cache: triggers).addRoutes(to: api)
        EscalationController(database: node.database).addRoutes(to: api)
        MacroController(database: node.database, events: events).addRoutes(to: api)
        SnippetController(database: node.database).addRoutes(to: api)
        TicketCollaborationController(database: node.database).addRoutes(to: api)
        AttachmentController(database: node.database, maxBytes: config.attachmentMaxBytes).addRoutes(to: api)
        CustomFieldController(database: node.database, cache: fieldCache).addRoutes(to: api)
        TicketMergeController(database: node.database).addRoutes(to: api)
        TenantSettingsController(database: node.database, invalidation: node.invalidation).addRoutes(to: api)
        PermissionGroupController(database: node.database).addRoutes(to: api)
        TeamController(database: node.database).addRoutes(to: api)
        JobController(database: node.database).addRoutes(to: api)
        SLAController(database: node.database).addRoutes(to: api)
        SubstatusController(database: node.database).addRoutes(to: api)
        ExportController(database: node.database).addRoutes(to: api)
        ImportController(database: node.database, fieldCache: fieldCache).addRoutes(to: api)
        DepartmentController(database: node.database).addRoutes(to: api)
        AgentController(database: node.database, hasher: config.passwordHasher, invalidation: node.invalidation).addRoutes(to: api)
        SavedFilterController(database: node.database, redis: node.redis).addRoutes(to: api)
        PeopleController(database: node.database).addRoutes(to: api)
        OrganisationController(database: node.database).addRoutes(to: api)
        UsergroupController(database: node.database).addRoutes(to: api)
        CRMRuleController(database: node.database).addRoutes(to: api)
        BanController(database: node.database).addRoutes(to: api)
        AuditController(database: node.database).addRoutes(to: api)
        OpenAPIController().addRoutes(to: api)
        AgentWebController(
            pages: pages, database: node.database, redis: node.redis, signIn: signIn, secureCookies: config.secureCookies, locks: ticketLocks,
            events: events, live: node.live
        ).addRoutes(to: router)
        PortalWebController(
            pages: pages, database: node.database, hasher: config.passwordHasher, limiter: LoginLimiter(redis: node.redis), events: events,
            live: node.live, sessionLifetime: config.sessionLifetime, secureCookies: config.secureCookies
        ).addRoutes(to: router)
        AdminWebController(pages: pages, database: node.database, fieldCache: fieldCache).addRoutes(to: router)
        if let token = config.platformToken {
            PlatformController(
                token: token, database: node.database, applier: node.manifestApplier, invalidation: node.invalidation,
                baseDomain: config.baseDomain
            ).addRoutes(to: router)
        }
        routes.record(router.routes.map { ($0.method, $0.path.description) })
        return router
    }

    /// The HTTP application with the node's services attached.
    public static func buildApplication(
        config: AppConfig, logger: Logger, onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        _ = AppMetrics.registry
        let node = SwitchboardNode(config: config, logger: logger)
        let pages = try WebPages(packs: try LanguagePacks(directory: config.localizationDirectory))
        let router = try buildRouter(node: node, pages: pages)
        let live = LiveSocket(hub: node.live, directory: node.directory, database: node.database, pages: pages)
        return Application(
            router: router,
            // A connection idle this long is closed, as a proxy's keep-alive would be; no idle
            // client can hold up a node's shutdown for longer.
            server: .http1WebSocketUpgrade(configuration: .init(http1: .init(idleTimeout: .seconds(75)))) { request, channel, logger in
                try await live.shouldUpgrade(request, channel: channel, logger: logger)
            },
            configuration: .init(address: .hostname(config.host, port: config.port), serverName: "switchboard"),
            services: node.services,
            onServerRunning: onServerRunning,
            logger: logger
        )
    }
}
