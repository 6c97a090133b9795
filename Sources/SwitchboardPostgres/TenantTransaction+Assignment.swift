import Foundation
import PostgresNIO
import SwitchboardCore

extension TenantTransaction {
    /// The agent a ticket goes to by `strategy`: one of `team`'s members (else of all active
    /// agents) who may see the ticket, is online, is in working hours by their own calendar
    /// (else the tenant's) and has fewer open tickets than their capacity. Nil when nobody is.
    func pickAgent(_ strategy: TicketAction.Strategy, team: Int64?, for ticket: Ticket, presence: any AgentPresence, now: Date = Date()) async throws
        -> Int64?
    {
        let pool = try await all(
            """
            SELECT a.id, a.capacity, c.definition::text FROM agents a
            LEFT JOIN business_calendars c ON c.tenant_id = a.tenant_id AND c.id = a.business_calendar_id
            WHERE a.is_active
              AND (\(team)::bigint IS NULL OR EXISTS (SELECT 1 FROM team_members m WHERE m.team_id = \(team) AND m.agent_id = a.id))
            ORDER BY a.id
            """,
            as: (Int64, Int32?, String?).self
        )
        let online = try await presence.online(tenant: tenantID, among: pool.map(\.0))
        var tenantCalendar: BusinessCalendar?
        var eligible: [(id: Int64, capacity: Int32?)] = []
        for (id, capacity, definition) in pool where online.contains(id) {
            let calendar: BusinessCalendar
            if let definition {
                calendar = try BusinessCalendar(json: Data(definition.utf8))
            } else {
                if tenantCalendar == nil { tenantCalendar = try await effectiveBusinessCalendar(department: nil, agent: nil).calendar }
                calendar = tenantCalendar ?? .alwaysOpen
            }
            guard calendar.isOpen(at: now), try await agentMaySee(Agent.ID(rawValue: id), department: ticket.departmentID) else { continue }
            eligible.append((id, capacity))
        }
        guard !eligible.isEmpty else { return nil }
        let loads = Dictionary(uniqueKeysWithValues: try await all(
            """
            SELECT agent_id, count(*) FROM tickets
            WHERE agent_id = ANY(\(eligible.map(\.id))::int8[]) AND status IN ('awaiting_agent', 'awaiting_user', 'pending') AND id <> \(ticket.id)
            GROUP BY agent_id
            """,
            as: (Int64, Int64).self
        ).map { ($0.0, $0.1) })
        let open = eligible.filter { agent in agent.capacity.map { loads[agent.id, default: 0] < Int64($0) } ?? true }.map(\.id)
        guard !open.isEmpty else { return nil }
        switch strategy {
        case .leastLoaded:
            return open.min { (loads[$0, default: 0], $0) < (loads[$1, default: 0], $1) }
        case .roundRobin:
            // The cursor row stays locked until this transaction ends: assignments to one pool
            // take turns, so the turns are exact.
            let key = team.map { "team:\($0)" } ?? "department:\(ticket.departmentID.map(String.init) ?? "none")"
            let cursor = try await first(
                """
                INSERT INTO assignment_cursors (tenant_id, pool) VALUES (\(tenantID.rawValue), \(key))
                ON CONFLICT (tenant_id, pool) DO UPDATE SET pool = excluded.pool
                RETURNING COALESCE(last_agent_id, 0)
                """,
                as: Int64.self
            )
            let last = cursor ?? 0
            let next = open.first { $0 > last } ?? open[0]
            try await query("UPDATE assignment_cursors SET last_agent_id = \(next) WHERE pool = \(key)")
            return next
        }
    }
}
