import Foundation
import PostgresNIO
import SwitchboardCore

/// An escalation as the tenant keeps it.
public struct StoredEscalation: Sendable, Hashable {
    public var id: Int64
    public var position: Int
    public var escalation: Escalation
}

/// What one look for due escalations did.
public struct EscalationSweep: Sendable, Hashable {
    /// Tickets acted on.
    public var fired: Int
    /// Tickets looked at whose conditions did not hold at the threshold.
    public var passed: Int
    /// Whether more tickets were due than one look takes.
    public var more: Bool
    /// The next time a ticket will be due, as things stand.
    public var next: Date?
    /// How many enabled escalations there are to look for; none, and no further look is needed
    /// until one is saved.
    public var watching: Int
}

extension TenantTransaction {
    public static let escalationScanKind = "escalations.scan"

    public func escalations() async throws -> [StoredEscalation] {
        try await rules(.escalations, as: Escalation.self).map { StoredEscalation(id: $0.id, position: $0.position, escalation: $0.rule) }
    }

    public func escalation(id: Int64) async throws -> StoredEscalation? {
        try await rules(.escalations, id: id, as: Escalation.self).first.map { StoredEscalation(id: $0.id, position: $0.position, escalation: $0.rule) }
    }

    /// Creates (`id` nil) or replaces an escalation and books a look for due tickets; nil when
    /// `id` names none.
    public func saveEscalation(id: Int64?, _ escalation: Escalation, position: Int?) async throws -> Result<StoredEscalation, OrganisingProblem>? {
        let saved = try await saveRule(.escalations, id: id, name: escalation.name, rule: escalation, position: position)
        if case .success = saved { try await requestEscalationScan(at: Date()) }
        return saved?.map { StoredEscalation(id: $0.id, position: $0.position, escalation: escalation) }
    }

    public func deleteEscalation(id: Int64) async throws -> Bool {
        try await deleteRule(.escalations, id: id)
    }

    /// Books the tenant's one look for due escalations at `runAt`, or earlier if one is booked
    /// already. The look that is running (`job`) books its own successor.
    public func requestEscalationScan(at runAt: Date, after job: Int64? = nil) async throws {
        if let job { try await query("UPDATE jobs SET dedupe_key = NULL WHERE id = \(job)") }
        try await query(
            """
            INSERT INTO jobs (tenant_id, kind, payload, run_at, dedupe_key)
            VALUES (\(tenantID.rawValue), \(Self.escalationScanKind), '{}'::jsonb, \(runAt), 'scan')
            ON CONFLICT (tenant_id, kind, dedupe_key) WHERE dedupe_key IS NOT NULL AND state <> 'failed'
            DO UPDATE SET run_at = LEAST(jobs.run_at, excluded.run_at) WHERE jobs.state = 'queued'
            """
        )
    }

    /// Acts on up to `limit` tickets that have reached an enabled escalation's threshold at
    /// `now`: each is marked as looked at in this transaction (tickets another worker holds
    /// are skipped), and acted on if the conditions hold then. However many workers look at
    /// once, an escalation acts on a ticket at most once.
    public func runEscalations(now: Date = Date(), limit: Int = 200, presence: (any AgentPresence)?) async throws -> EscalationSweep {
        var sweep = EscalationSweep(fired: 0, passed: 0, more: false, next: nil, watching: 0)
        for stored in try await escalations() {
            let escalation = stored.escalation
            guard let entry = TriggerSet([(stored.id, escalation.rule)]).entries.first else { continue }
            sweep.watching += 1
            let threshold = now.addingTimeInterval(-Double(escalation.afterMinutes) * 60)
            let statuses = escalation.state.statuses.map(\.rawValue)
            let since = escalation.state.sinceCreation ? "t.created_at" : "COALESCE(t.status_changed_at, t.created_at)"
            let remaining = limit - sweep.fired - sweep.passed
            guard remaining > 0 else {
                sweep.more = true
                break
            }
            let due = try await all(
                """
                SELECT \(unescaped: Self.ticketColumns) FROM tickets t
                WHERE t.status = ANY(\(statuses)::text[]) AND \(unescaped: since) <= \(threshold)
                  AND NOT EXISTS (SELECT 1 FROM ticket_escalations e WHERE e.escalation_id = \(stored.id) AND e.ticket_id = t.id)
                ORDER BY t.id LIMIT \(remaining)
                FOR UPDATE OF t SKIP LOCKED
                """,
                as: TicketRow.self
            ).map(makeTicket)
            if due.count == remaining { sweep.more = true }
            let needs = TriggerSet.needs([entry])
            for ticket in due {
                let facts = try await facts(for: ticket, before: nil, message: nil, needs: needs, now: now)
                let fires = entry.matches(facts)
                guard try await first(
                    """
                    INSERT INTO ticket_escalations (tenant_id, ticket_id, escalation_id, fired)
                    VALUES (\(tenantID.rawValue), \(ticket.id), \(stored.id), \(fires))
                    ON CONFLICT DO NOTHING RETURNING 1
                    """,
                    as: Int.self
                ) != nil else { continue }
                guard fires else {
                    sweep.passed += 1
                    continue
                }
                let origin = ActionOrigin(kind: "escalation", id: stored.id, name: escalation.name, agentID: nil, messageID: nil, event: "ticket.escalated")
                _ = try await perform(escalation.actions, on: ticket, origin: origin, presence: presence)
                sweep.fired += 1
            }
            let soonest = try await first(
                """
                SELECT min(\(unescaped: since)) FROM tickets t
                WHERE t.status = ANY(\(statuses)::text[]) AND \(unescaped: since) > \(threshold)
                  AND NOT EXISTS (SELECT 1 FROM ticket_escalations e WHERE e.escalation_id = \(stored.id) AND e.ticket_id = t.id)
                """,
                as: Date?.self
            )
            if let entered = soonest.flatMap({ $0 }) {
                let at = entered.addingTimeInterval(Double(escalation.afterMinutes) * 60)
                sweep.next = min(sweep.next ?? at, at)
            }
        }
        return sweep
    }
}
