import Foundation
import PostgresNIO
import SwitchboardCore

/// Whether people may register on the portal themselves.
public enum PortalRegistration: String, Sendable, Hashable, Codable {
    case open, closed
}

extension TenantTransaction {
    public func portalRegistration() async throws -> PortalRegistration {
        try await first("SELECT portal_registration FROM tenants", as: String.self).flatMap(PortalRegistration.init) ?? .closed
    }

    public func setPortalRegistration(_ registration: PortalRegistration) async throws {
        try await query("UPDATE tenants SET portal_registration = \(registration.rawValue), updated_at = now()")
    }

    /// The person with this address and their password hash, if they have an account.
    public func portalCredentials(email: String) async throws -> (person: Int64, name: String, passwordHash: String?)? {
        try await first(
            """
            SELECT p.id, p.name, c.password_hash
            FROM person_emails e JOIN people p ON p.tenant_id = e.tenant_id AND p.id = e.person_id
            LEFT JOIN person_credentials c ON c.tenant_id = p.tenant_id AND c.person_id = p.id
            WHERE e.email = \(email)
            """,
            as: (Int64, String, String?).self
        ).map { ($0.0, $0.1, $0.2) }
    }

    /// Gives `person` an account with this password; false when they already have one.
    public func createPortalAccount(person: Int64, passwordHash: String) async throws -> Bool {
        try await first(
            """
            INSERT INTO person_credentials (tenant_id, person_id, password_hash) VALUES (\(tenantID.rawValue), \(person), \(passwordHash))
            ON CONFLICT DO NOTHING RETURNING 1
            """,
            as: Int.self
        ) != nil
    }

    /// Starts a portal session; returns the cookie secret (only its hash is stored).
    public func createPortalSession(person: Int64, lifetime: Duration) async throws -> String {
        let secret = SecretToken.generate()
        try await query(
            """
            INSERT INTO portal_sessions (tenant_id, token_hash, person_id, expires_at)
            VALUES (\(tenantID.rawValue), \(SecretToken.hash(secret)), \(person), now() + make_interval(secs => \(Double(lifetime.components.seconds))))
            """
        )
        return secret
    }

    /// The signed-in person behind a portal cookie, with their name.
    public func portalSessionPerson(secret: String) async throws -> (id: Int64, name: String)? {
        try await first(
            """
            SELECT p.id, p.name FROM portal_sessions s JOIN people p ON p.tenant_id = s.tenant_id AND p.id = s.person_id
            WHERE s.token_hash = \(SecretToken.hash(secret)) AND s.expires_at > now()
            """,
            as: (Int64, String).self
        ).map { ($0.0, $0.1) }
    }

    public func deletePortalSession(secret: String) async throws {
        try await query("DELETE FROM portal_sessions WHERE token_hash = \(SecretToken.hash(secret))")
    }

    /// Notes that `person` opened `ticketID` on the portal.
    public func recordPortalSubmission(ticketID: Int64, person: Int64) async throws {
        try await query(
            "INSERT INTO portal_submissions (tenant_id, ticket_id, person_id) VALUES (\(tenantID.rawValue), \(ticketID), \(person)) ON CONFLICT DO NOTHING"
        )
    }

    /// The person's tickets as the portal lists them, newest change first.
    public func portalTickets(person: Int64, limit: Int) async throws -> [Ticket] {
        try await portalTickets(person: person, ref: nil, limit: limit)
    }

    /// One of the person's tickets by its number, if the portal shows it to them.
    public func portalTicket(ref: Int64, person: Int64) async throws -> Ticket? {
        try await portalTickets(person: person, ref: ref, limit: 1).first
    }

    /// What `person` sees on the portal: their tickets once their address is confirmed, until
    /// then those they opened there; merged tickets only when asked for by number.
    private func portalTickets(person: Int64, ref: Int64?, limit: Int) async throws -> [Ticket] {
        try await all(
            """
            SELECT \(unescaped: Self.ticketColumns.split(separator: ",").map { "t." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", "))
            FROM tickets t
            WHERE t.person_id = \(person)
              AND (\(ref)::bigint IS NULL AND t.merged_into IS NULL OR t.ref = \(ref))
              AND (EXISTS (SELECT 1 FROM person_credentials c WHERE c.person_id = \(person) AND c.verified_at IS NOT NULL)
                   OR t.id IN (SELECT ticket_id FROM portal_submissions s WHERE s.person_id = \(person)))
            ORDER BY t.updated_at DESC, t.id DESC LIMIT \(limit)
            """,
            as: TicketRow.self
        ).map(makeTicket)
    }

    /// A reply written by the customer: the ticket then waits for an agent again.
    public func addCustomerReply(ticket: Ticket, person: Int64, body: String, words: [String]) async throws -> TicketMessage {
        guard let row = try await first(
            """
            INSERT INTO ticket_messages (tenant_id, ticket_id, kind, author_person_id, body)
            VALUES (\(tenantID.rawValue), \(ticket.id), 'reply', \(person), \(body))
            RETURNING id, kind, author_agent_id, author_person_id, body, created_at
            """,
            as: (Int64, String, Int64?, Int64?, String, Date).self
        ) else { throw PostgresStoreError.missingRow("message") }
        try await query(
            """
            UPDATE tickets SET updated_at = now(), search = sb_add_search_words(search, \(stored(words))::text[]),
                   status = 'awaiting_agent', substatus_id = CASE WHEN status = 'awaiting_agent' THEN substatus_id END,
                   status_changed_at = CASE WHEN status = 'awaiting_agent' THEN status_changed_at ELSE now() END,
                   version = version + CASE WHEN status = 'awaiting_agent' THEN 0 ELSE 1 END
            WHERE id = \(ticket.id)
            """
        )
        if ticket.status != .awaitingAgent {
            try await query(
                """
                INSERT INTO ticket_log (tenant_id, ticket_id, field, old_value, new_value)
                VALUES (\(tenantID.rawValue), \(ticket.id), 'status', \(ticket.status.rawValue), 'awaiting_agent')
                """
            )
        }
        try await requestSLARefresh(ticketID: ticket.id)
        return TicketMessage(id: row.0, kind: row.1, authorAgentID: row.2, authorPersonID: row.3, body: row.4, createdAt: row.5)
    }
}
