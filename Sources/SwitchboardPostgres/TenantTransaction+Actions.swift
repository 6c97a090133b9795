import Foundation
import PostgresNIO
import SwitchboardCore

/// What set a list of actions off, for the ticket's log, notifications and webhooks.
public struct ActionOrigin: Sendable, Hashable {
    /// `trigger`, `escalation` or `macro`: the log entry's field.
    public var kind: String
    public var id: Int64
    public var name: String
    /// The agent whose doing it was: never notified of it.
    public var agentID: Int64?
    /// The message it is about, if any.
    public var messageID: Int64?
    /// What a webhook says happened (`ticket.created`).
    public var event: String

    public init(kind: String, id: Int64, name: String, agentID: Int64?, messageID: Int64?, event: String) {
        self.kind = kind
        self.id = id
        self.name = name
        self.agentID = agentID
        self.messageID = messageID
        self.event = event
    }
}

/// What one trigger, escalation or macro did to a ticket, as its log keeps it.
public struct ActionRun: Sendable, Hashable, Codable {
    public var id: Int64
    public var name: String
    public var actions: [String]
    /// Actions that could not be done (an agent since deleted, a policy gone), with why.
    public var failed: [String]
}

extension TenantTransaction {
    /// Does `actions` to `ticket` and logs what was done and what could not be; returns the
    /// ticket as they leave it. Field changes are made as `agent` with their `access` (a
    /// macro), or as the system (triggers and escalations).
    public func perform(
        _ actions: [TicketAction], on ticket: Ticket, origin: ActionOrigin, presence: (any AgentPresence)?, as agent: Agent.ID? = nil,
        access: DepartmentAccess = .unrestricted
    ) async throws -> Ticket {
        var current = ticket
        var run = ActionRun(id: origin.id, name: origin.name, actions: [], failed: [])
        // Field changes go in together; if one cannot be made (an agent since deleted), each
        // is tried alone so that the others still are.
        let fieldActions = actions.filter { [.set, .addLabels, .removeLabels].contains($0.type) }
        for group in try await applying(fieldActions, to: &current, as: agent, access: access) {
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
                    if try await agentMaySee(Agent.ID(rawValue: agent), department: current.departmentID) {
                        _ = try await setFollowing(ticketID: ticket.id, agent: agent, true)
                    } else {
                        run.failed.append("\(action.summary): agent \(agent) may not see the ticket")
                    }
                }
            case .notify:
                let recipients: [Int64] = switch action.to {
                case .assignee: [current.agentID].compactMap { $0 }
                case .followers: try await followers(ticketID: ticket.id)
                case .agents: action.agents ?? []
                case nil: []
                }
                var told: [Int64] = []
                for agent in Set(recipients).sorted() where agent != origin.agentID {
                    if try await agentMaySee(Agent.ID(rawValue: agent), department: current.departmentID) { told.append(agent) }
                }
                try await notify(
                    told, kind: .trigger, ticketID: ticket.id, messageID: origin.messageID, actor: origin.agentID.map(Agent.ID.init(rawValue:)),
                    note: action.message ?? origin.name
                )
            case .applySLA:
                guard let policy = action.policy, try await addTicketSLA(ticketID: ticket.id, policy: policy) else {
                    run.failed.append("\(action.summary): no such SLA policy")
                    continue
                }
            case .webhook:
                let payload = WebhookPayload(url: action.url ?? "", event: origin.event, trigger: origin.id, ticket: current)
                try await enqueueJob(kind: Self.webhookJobKind, payload: try Self.json(payload))
            case .assign:
                guard let presence, let strategy = action.strategy else {
                    run.failed.append("\(action.summary): no presence service to ask who is online")
                    continue
                }
                guard let picked = try await pickAgent(strategy, team: action.team, for: current, presence: presence) else {
                    run.failed.append("\(action.summary): no agent is online, at work and under capacity")
                    continue
                }
                var change = TicketChange()
                change.agentID = .some(picked)
                if let team = action.team { change.teamID = .some(team) }
                if let failure = try await apply(change, to: &current, as: agent, access: access) {
                    run.failed.append("\(action.summary): \(failure)")
                    continue
                }
            }
            run.actions.append(action.summary)
        }
        try await logTicketChange(ticket.id, agent: nil, field: origin.kind, new: try Self.json(run))
        return current
    }

    /// Makes the changes of `actions` to `ticket`: together if they can be, else one by one.
    func applying(_ actions: [TicketAction], to ticket: inout Ticket, as agent: Agent.ID?, access: DepartmentAccess) async throws
        -> [(actions: [TicketAction], failure: String?)]
    {
        guard !actions.isEmpty else { return [] }
        guard let failure = try await apply(TicketAction.change(actions), to: &ticket, as: agent, access: access) else { return [(actions, nil)] }
        guard actions.count > 1 else { return [(actions, failure)] }
        var results: [(actions: [TicketAction], failure: String?)] = []
        for action in actions {
            results.append(([action], try await apply(TicketAction.change([action]), to: &ticket, as: agent, access: access)))
        }
        return results
    }

    /// Makes `change` to `ticket` as `agent` with `access`; why not, if it cannot be made.
    func apply(_ change: TicketChange, to ticket: inout Ticket, as agent: Agent.ID?, access: DepartmentAccess) async throws -> String? {
        let definitions = change.fields.isEmpty ? [] : try await customFields(entity: .ticket)
        let outcome = try await updateTicket(
            ref: ticket.ref, expectedVersion: nil, change: change, agent: agent, access: access, fieldDefinitions: definitions
        )
        switch outcome {
        case .updated(let updated, _): ticket = updated
        case .unchanged: break
        default: return Self.describe(outcome)
        }
        return nil
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

    /// What a webhook action posts, from the outbox, once the change has committed.
    public struct WebhookPayload: Sendable, Codable {
        public var url: String
        public var event: String
        /// The trigger (or escalation, or macro) whose action it is.
        public var trigger: Int64
        public var ticket: Ticket
    }

    private static func describe(_ outcome: TicketUpdateOutcome) -> String {
        switch outcome {
        case .invalid(_, let message): message
        case .invalidAssignee: "the agent is not active or may not see the ticket"
        case .invalidFields(let problems): problems.problems.map { "\($0.field) \($0.message)" }.joined(separator: "; ")
        case .tooManyLabels: "more than 50 labels"
        case .forbidden: "not allowed in that department"
        default: "not changed"
        }
    }
}
