import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardICU
import SwitchboardPostgres
import SwitchboardRedis
import Crypto

/// Ticket lists and counts as the API reads them: criteria from a query string or a saved
/// filter, resolved within the caller's department access.
struct TicketQueries: Sendable {
    let database: Database
    /// Counts of search filters are kept here briefly; nil keeps none.
    let redis: RedisClient?
    let searchText = SearchText()

    init(database: Database, redis: RedisClient? = nil) {
        self.database = database
        self.redis = redis
    }

    /// How long a search filter's count is reused, in milliseconds. Status and department
    /// counts are always live.
    static let countLifetimeMilliseconds = 10_000

    /// Counts stop here; a bigger count reads as "at least".
    static let countCap = 1_000

    struct Page: ResponseCodable {
        var tickets: [Ticket]
        var nextCursor: String?
    }

    /// Criteria from a query string: `status`, `department` (name), `person` (id), `q` (search
    /// words), `created_after` and `created_before` (ISO 8601).
    static func criteria(_ query: Parameters) throws -> TicketCriteria {
        var criteria = TicketCriteria()
        if let text = query["status"] {
            guard let status = Ticket.Status(rawValue: String(text)) else { throw Problem.badRequest("unknown status \(text)") }
            criteria.status = status
        }
        for name in ["department", "q"] where query[Substring(name)]?.contains("\u{0}") == true {
            throw Problem.badRequest("\(name) must not contain NUL characters")
        }
        criteria.department = query["department"].map(String.init)
        if let text = query["person"] {
            guard let id = Int64(text) else { throw Problem.badRequest("person must be a person's id") }
            criteria.person = id
        }
        criteria.q = query["q"].map(String.init)
        func date(_ name: String) throws -> Date? {
            guard let text = query[Substring(name)] else { return nil }
            guard let date = Date(iso8601: String(text)) else {
                throw Problem.badRequest("\(name) must be an ISO 8601 time such as 2026-01-31T00:00:00Z")
            }
            return date
        }
        criteria.createdAfter = try date("created_after")
        criteria.createdBefore = try date("created_before")
        var fields: [String: String] = [:]
        for (name, value) in query where name.hasPrefix("field.") {
            guard !value.contains("\u{0}") else { throw Problem.badRequest("\(name) must not contain NUL characters") }
            fields[String(name.dropFirst("field.".count))] = String(value)
        }
        criteria.fields = fields.isEmpty ? nil : fields
        if let text = query["agent"] {
            guard let id = Int64(text) else { throw Problem.badRequest("agent must be an agent's id") }
            criteria.agent = id
        }
        for (name, keyPath) in [("team", \TicketCriteria.team), ("substatus", \TicketCriteria.substatus), ("organisation", \TicketCriteria.organisation)] {
            if let text = query[Substring(name)] {
                guard let id = Int64(text) else { throw Problem.badRequest("\(name) must be an id") }
                criteria[keyPath: keyPath] = id
            }
        }
        if let text = query["sla"] {
            guard let phase = SLAStatus.Phase(rawValue: String(text)) else {
                throw Problem.badRequest("sla must be running, warning, failed, met or paused")
            }
            criteria.sla = phase
        }
        if let text = query["problem"] {
            guard let id = Int64(text) else { throw Problem.badRequest("problem must be a problem's id") }
            criteria.problem = id
        }
        if let text = query["starred"] {
            guard let starred = Bool(String(text)) else { throw Problem.badRequest("starred must be true or false") }
            criteria.starred = starred
        }
        if let problem = criteria.problems.first { throw Problem.badRequest("\(problem.field): \(problem.message)") }
        return criteria
    }

    /// The filter the criteria name in this tenant; nil when nothing can match (a department
    /// that does not exist, a search of only punctuation).
    func filter(_ criteria: TicketCriteria, for agent: Agent.ID, in transaction: TenantTransaction) async throws -> TicketFilter? {
        var filter = TicketFilter(
            status: criteria.status, personID: criteria.person, createdAfter: criteria.createdAfter, createdBefore: criteria.createdBefore,
            starredBy: criteria.starred == true ? agent.rawValue : nil, problemID: criteria.problem
        )
        filter.agentID = criteria.agent
        filter.teamID = criteria.team
        filter.substatusID = criteria.substatus
        filter.organisationID = criteria.organisation
        filter.slaPhase = criteria.sla?.rawValue
        if let name = criteria.department {
            guard let id = try await transaction.departmentID(named: name) else { return nil }
            filter.departmentID = id
        }
        if let q = criteria.q {
            guard let words = searchText.queryWords(q) else { return nil }
            filter.words = words
        }
        if let wanted = criteria.fields, !wanted.isEmpty {
            // Values come as text; each field's kind says what they mean. A value a field can
            // never have matches nothing.
            let definitions = try await transaction.customFields(entity: .ticket)
            var document: [String: JSONValue] = [:]
            for (key, text) in wanted {
                guard let field = definitions.first(where: { $0.key == key }) else { return nil }
                switch field.kind {
                case .number:
                    guard let number = Double(text) else { return nil }
                    document[key] = .number(number)
                case .checkbox:
                    guard let flag = Bool(text) else { return nil }
                    document[key] = .bool(flag)
                case .multiChoice: document[key] = .array([.string(text)])
                default: document[key] = .string(text)
                }
            }
            filter.fieldsContain = try TenantTransaction.json(document)
        }
        return filter
    }

    /// One page, newest change first, after `cursor`.
    func page(_ criteria: TicketCriteria, cursor: TicketCursor?, limit: Int, tenant: Tenant.ID, identity: Identity) async throws -> Page {
        let tickets = try await database.tenant(tenant).transaction { transaction -> [Ticket] in
            guard let filter = try await filter(criteria, for: identity.agentID, in: transaction) else { return [] }
            let visible = try await transaction.departmentAccess(for: identity).viewable
            return try await transaction.tickets(filter, visible: visible, after: cursor, limit: limit + 1)
        }
        let shown = Array(tickets.prefix(limit))
        let next = tickets.count > limit ? shown.last.map { TicketCursor(updatedAt: $0.updatedAt, id: $0.id).token } : nil
        return Page(tickets: shown, nextCursor: next)
    }

    /// The page a request asks for with `limit` and `cursor`.
    func page(_ criteria: TicketCriteria, request: Request, tenant: Tenant.ID, identity: Identity) async throws -> Page {
        let query = request.uri.queryParameters
        let limit = try query["limit"].map { text -> Int in
            guard let value = Int(text), (1...200).contains(value) else { throw Problem.badRequest("limit must be 1-200") }
            return value
        } ?? 50
        let cursor = try query["cursor"].map { text -> TicketCursor in
            guard let cursor = TicketCursor(token: String(text)) else { throw Problem.badRequest("cursor is not one this API gave out") }
            return cursor
        }
        return try await page(criteria, cursor: cursor, limit: limit, tenant: tenant, identity: identity)
    }

    /// How many tickets match: exact and live from the running counts when only status and
    /// department filter; otherwise counted up to `countCap` and reused for ten seconds
    /// by everyone with the same access, since such counts read thousands of rows.
    func count(
        _ criteria: TicketCriteria, access: DepartmentAccess, agent: Agent.ID, tenant: Tenant.ID, in transaction: TenantTransaction
    ) async throws -> (count: Int64, capped: Bool) {
        guard let filter = try await filter(criteria, for: agent, in: transaction) else { return (0, false) }
        if criteria.isCountedByStatus {
            if let departmentID = filter.departmentID, !access.canView(departmentID) { return (0, false) }
            let byStatus = try await transaction.ticketCountsByStatus(departmentID: filter.departmentID, visible: access.viewable)
            return (filter.status.map { byStatus[$0] ?? 0 } ?? byStatus.values.reduce(0, +), false)
        }
        let key = Self.cacheKey(tenant: tenant, filter: filter, access: access)
        if let redis, let cached = try? await redis.send("GET", key).string, let value = Int64(cached) {
            return (min(value, Int64(Self.countCap)), value > Int64(Self.countCap))
        }
        let counted = try await transaction.countTickets(filter, visible: access.viewable, cap: Self.countCap)
        if let redis {
            _ = try? await redis.send("SET", key, String(counted), "PX", String(Self.countLifetimeMilliseconds))
        }
        return (min(counted, Int64(Self.countCap)), counted > Int64(Self.countCap))
    }

    /// The filter and the departments it may count in, hashed under the tenant's tag.
    static func cacheKey(tenant: Tenant.ID, filter: TicketFilter, access: DepartmentAccess) -> String {
        var hasher = SHA256()
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        hasher.update(data: (try? encoder.encode(filter)) ?? Data())
        hasher.update(data: Data((access.viewable.map { $0.map(String.init).joined(separator: ",") } ?? "*").utf8))
        let digest = hasher.finalize().prefix(16).map { String(format: "%02x", $0) }.joined()
        return RedisKey.tenant(tenant.rawValue, "count", digest)
    }
}
