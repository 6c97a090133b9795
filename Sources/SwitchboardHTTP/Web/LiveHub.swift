import Foundation
import Logging
import SwitchboardCore
import SwitchboardICU
import SwitchboardPostgres
import SwitchboardRedis
import Synchronization

/// Live updates for open agent pages. A change to a ticket is published on Redis once it is
/// committed; every node hears it and tells its own connected pages: each page that shows the
/// ticket reloads what changed, and each notified agent sees the notification at once.
///
/// Nothing here is the record of anything: with Redis down, pages simply stop updating live
/// and show the truth on their next load.
public final class LiveHub: Sendable {
    public static let channel = "sb:global:live"

    /// One committed change.
    struct Event: Codable, Sendable {
        var tenant: Int64
        var ref: Int64
        var subject: String
        /// Agents notified by the change, with the kind of notification.
        var notified: [Notified]

        struct Notified: Codable, Sendable {
            var agent: Int64
            var kind: String
        }

        /// What open pages hear of `ticket` once the transaction it changed in commits: the
        /// ticket, and every agent the transaction notified, whichever code notified them.
        static func after(_ ticket: Ticket, tenant: Tenant.ID, in transaction: TenantTransaction) async throws -> Event {
            Event(
                tenant: tenant.rawValue, ref: ticket.ref, subject: ticket.subject,
                notified: try await transaction.notifiedInTransaction().map { Notified(agent: $0.agent, kind: $0.kind) }
            )
        }
    }

    /// A connected page: whose it is, in which language, and where its messages go.
    struct Connection: Sendable {
        var tenant: Int64
        var agent: Int64
        var localizer: Localizer
        var outbox: AsyncStream<String>.Continuation
    }

    private let redis: RedisClient
    private let logger: Logger
    private let connections = Mutex<[UUID: Connection]>([:])

    public init(redis: RedisClient, logger: Logger) {
        self.redis = redis
        self.logger = logger
    }

    /// How many pages this node holds open.
    public var count: Int { connections.withLock { $0.count } }

    /// Tells every node about a committed change.
    func publish(_ event: Event) async {
        guard let data = try? JSONEncoder().encode(event) else { return }
        do {
            try await redis.publish(channel: Self.channel, message: String(decoding: data, as: UTF8.self))
        } catch {
            logger.warning("live update not published", metadata: ["ref": "\(event.ref)", "error": "\(error)"])
        }
    }

    /// A message from `channel` on Redis.
    public func handle(_ message: String) {
        guard let event = try? JSONDecoder().decode(Event.self, from: Data(message.utf8)) else { return }
        let targets = connections.withLock { $0.values.filter { $0.tenant == event.tenant } }
        for connection in targets {
            connection.outbox.yield(Self.json(["type": "ticket", "ref": "\(event.ref)"]))
            for notified in event.notified where notified.agent == connection.agent {
                let id = notified.kind == AgentNotification.Kind.mention.rawValue ? "agent.live.mention" : "agent.live.activity"
                let text = connection.localizer(id, ["ref": .integer(Int(event.ref)), "subject": .string(event.subject)])
                connection.outbox.yield(Self.json(["type": "notification", "text": text, "href": "/agent/tickets/\(event.ref)"]))
            }
        }
    }

    /// Registers a page until `body` returns; `body` reads what to send it.
    func connect<T>(
        tenant: Tenant.ID, agent: Agent.ID, localizer: Localizer, _ body: (AsyncStream<String>) async throws -> T
    ) async rethrows -> T {
        let (stream, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(100))
        let id = UUID()
        connections.withLock {
            $0[id] = Connection(tenant: tenant.rawValue, agent: agent.rawValue, localizer: localizer, outbox: continuation)
        }
        defer {
            connections.withLock { _ = $0.removeValue(forKey: id) }
            continuation.finish()
        }
        return try await body(stream)
    }

    static func json(_ fields: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(fields)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
