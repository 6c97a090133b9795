import Foundation
import PostgresNIO
import SwitchboardCore

/// A trigger as the tenant keeps it, with its place in the order.
public struct StoredTrigger: Sendable, Hashable {
    public var id: Int64
    public var position: Int
    public var trigger: Trigger
}

/// What one trigger did to a ticket, as its log keeps it.
public struct TriggerRun: Sendable, Hashable, Codable {
    public var trigger: Int64
    public var name: String
    public var actions: [String]
    /// Actions that could not be done (an agent since deleted, a policy gone), with why.
    public var failed: [String]
}

extension TenantTransaction {
    public func triggers() async throws -> [StoredTrigger] {
        try await all("SELECT id, position, definition::text FROM triggers ORDER BY position, id", as: (Int64, Int32, String).self)
            .compactMap(Self.makeTrigger)
    }

    public func trigger(id: Int64) async throws -> StoredTrigger? {
        try await first("SELECT id, position, definition::text FROM triggers WHERE id = \(id)", as: (Int64, Int32, String).self)
            .flatMap(Self.makeTrigger)
    }

    /// Creates (`id` nil; at the end unless `position` says) or replaces a trigger; nil when
    /// `id` names none.
    public func saveTrigger(id: Int64?, _ trigger: Trigger, position: Int?) async throws -> Result<StoredTrigger, OrganisingProblem>? {
        if try await first(
            "SELECT 1 FROM triggers WHERE lower(name) = lower(\(trigger.name)) AND (\(id)::bigint IS NULL OR id <> \(id))", as: Int.self
        ) != nil {
            return .failure(.nameTaken)
        }
        let definition = try Self.json(trigger)
        let place = position.map { Int32(clamping: $0) }
        let saved: (Int64, Int32)?
        if let id {
            saved = try await first(
                """
                UPDATE triggers SET name = \(trigger.name), definition = \(definition)::jsonb,
                       position = COALESCE(\(place), position), updated_at = now()
                WHERE id = \(id) RETURNING id, position
                """,
                as: (Int64, Int32).self
            )
        } else {
            saved = try await first(
                """
                INSERT INTO triggers (tenant_id, position, name, definition)
                VALUES (\(tenantID.rawValue), COALESCE(\(place), (SELECT COALESCE(max(position), 0) + 10 FROM triggers)),
                        \(trigger.name), \(definition)::jsonb)
                RETURNING id, position
                """,
                as: (Int64, Int32).self
            )
        }
        return saved.map { .success(StoredTrigger(id: $0.0, position: Int($0.1), trigger: trigger)) }
    }

    public func deleteTrigger(id: Int64) async throws -> Bool {
        try await first("DELETE FROM triggers WHERE id = \(id) RETURNING 1", as: Int.self) != nil
    }

    private static func makeTrigger(_ row: (Int64, Int32, String)) -> StoredTrigger? {
        guard let trigger = try? JSONDecoder().decode(Trigger.self, from: Data(row.2.utf8)) else { return nil }
        return StoredTrigger(id: row.0, position: Int(row.1), trigger: trigger)
    }
}

extension TenantTransaction {
    /// Runs the triggers of `set` that listen for `event`, in order, on `ticket` (locked by the
    /// caller's change), inside the caller's transaction: each one that matches does its
    /// actions and is logged on the ticket, and a `stop` ends the run. Later triggers see what
    /// earlier ones changed; `changed` conditions compare with the ticket before the event.
    /// Returns the ticket as the triggers leave it.
    public func runTriggers(_ set: TriggerSet, event: TicketEvent, ticket: Ticket, messageID: Int64? = nil) async throws -> Ticket {
        let candidates = set.candidates(for: event)
        guard !candidates.isEmpty else { return ticket }
        var facts = TriggerFacts(ticket: ticket, before: event.kind == .updated ? event.before : nil, message: event.message)
        let needs = TriggerSet.needs(candidates)
        if needs.person || needs.organisation, let personID = ticket.personID {
            facts.person = try await person(id: personID)
            if needs.organisation, let membership = facts.person?.organisations.first(where: \.primary) ?? facts.person?.organisations.first {
                facts.organisation = try await organisation(id: membership.id)
            }
        }
        if needs.businessHours {
            var department: String?
            if let id = ticket.departmentID { department = try await self.department(id: id)?.name }
            facts.inBusinessHours = try await effectiveBusinessCalendar(department: department, agent: nil).calendar.isOpen(at: Date())
        }
        for candidate in candidates where candidate.matches(facts) {
            var run = TriggerRun(trigger: candidate.id, name: candidate.trigger.name, actions: [], failed: [])
            let actions = candidate.trigger.actions
            // Field changes go in together; if one cannot be made (an agent since deleted),
            // each is tried alone so that the others still are.
            let fieldActions = actions.filter { [.set, .addLabels, .removeLabels].contains($0.type) }
            for group in try await applying(fieldActions, to: &facts.ticket) {
                if let failure = group.failure {
                    run.failed += group.actions.map { "\($0.summary): \(failure)" }
                } else {
                    run.actions += group.actions.map(\.summary)
                }
            }
            for action in actions {
                switch action.type {
                case .set, .addLabels, .removeLabels, .stop: continue
                case .addFollowers:
                    for agent in action.agents ?? [] {
                        if try await agentMaySee(Agent.ID(rawValue: agent), department: facts.ticket.departmentID) {
                            _ = try await setFollowing(ticketID: ticket.id, agent: agent, true)
                        } else {
                            run.failed.append("\(action.summary): agent \(agent) may not see the ticket")
                        }
                    }
                case .notify:
                    let recipients: [Int64] = switch action.to {
                    case .assignee: [facts.ticket.agentID].compactMap { $0 }
                    case .followers: try await followers(ticketID: ticket.id)
                    case .agents: action.agents ?? []
                    case nil: []
                    }
                    var told: [Int64] = []
                    for agent in Set(recipients).sorted() where agent != event.actorAgentID {
                        if try await agentMaySee(Agent.ID(rawValue: agent), department: facts.ticket.departmentID) { told.append(agent) }
                    }
                    try await notify(
                        told, kind: .trigger, ticketID: ticket.id, messageID: messageID,
                        actor: event.actorAgentID.map(Agent.ID.init(rawValue:)), note: action.message ?? candidate.trigger.name
                    )
                case .applySLA:
                    guard let policy = action.policy, try await addTicketSLA(ticketID: ticket.id, policy: policy) else {
                        run.failed.append("\(action.summary): no such SLA policy")
                        continue
                    }
                case .webhook:
                    try await enqueueWebhook(url: action.url ?? "", trigger: candidate, event: event, ticket: facts.ticket)
                }
                run.actions.append(action.summary)
            }
            try await logTicketChange(ticket.id, agent: nil, field: "trigger", new: try Self.json(run))
            if actions.contains(where: { $0.type == .stop }) { break }
        }
        return facts.ticket
    }

    /// Makes the changes of `actions` to `ticket`: together if they can be, else one by one.
    private func applying(_ actions: [TicketAction], to ticket: inout Ticket) async throws -> [(actions: [TicketAction], failure: String?)] {
        guard !actions.isEmpty else { return [] }
        let change = TicketAction.change(actions)
        let definitions = change.fields.isEmpty ? [] : try await customFields(entity: .ticket)
        func apply(_ change: TicketChange) async throws -> String? {
            let outcome = try await updateTicket(
                ref: ticket.ref, expectedVersion: nil, change: change, agent: nil, access: .unrestricted, fieldDefinitions: definitions
            )
            switch outcome {
            case .updated(let updated, _): ticket = updated
            case .unchanged: break
            default: return Self.describe(outcome)
            }
            return nil
        }
        guard let failure = try await apply(change) else { return [(actions, nil)] }
        guard actions.count > 1 else { return [(actions, failure)] }
        var results: [(actions: [TicketAction], failure: String?)] = []
        for action in actions {
            results.append(([action], try await apply(TicketAction.change([action]))))
        }
        return results
    }

    /// Holds the ticket to one more SLA policy; false when there is no such policy.
    func addTicketSLA(ticketID: Int64, policy: Int64) async throws -> Bool {
        guard try await first("SELECT 1 FROM sla_policies WHERE id = \(policy)", as: Int.self) != nil else { return false }
        try await query(
            """
            INSERT INTO ticket_slas (tenant_id, ticket_id, policy_id) VALUES (\(tenantID.rawValue), \(ticketID), \(policy))
            ON CONFLICT DO NOTHING
            """
        )
        try await requestSLARefresh(ticketID: ticketID)
        return true
    }

    public static let webhookJobKind = "trigger.webhook"

    /// What a trigger's webhook posts, from the outbox, once the change has committed.
    public struct WebhookPayload: Sendable, Codable {
        public var url: String
        public var event: String
        public var trigger: Int64
        public var ticket: Ticket
    }

    private func enqueueWebhook(url: String, trigger: TriggerSet.Entry, event: TicketEvent, ticket: Ticket) async throws {
        let payload = WebhookPayload(url: url, event: "ticket.\(event.kind.rawValue)", trigger: trigger.id, ticket: ticket)
        try await enqueueJob(kind: Self.webhookJobKind, payload: try Self.json(payload))
    }

    private static func describe(_ outcome: TicketUpdateOutcome) -> String {
        switch outcome {
        case .invalid(_, let message): message
        case .invalidAssignee: "the agent is not active or may not see the ticket"
        case .invalidFields(let problems): problems.problems.map { "\($0.field) \($0.message)" }.joined(separator: "; ")
        case .tooManyLabels: "more than 50 labels"
        default: "not changed"
        }
    }
}
