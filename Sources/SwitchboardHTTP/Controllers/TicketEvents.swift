import SwitchboardCore
import SwitchboardPostgres

/// Runs the tenant's triggers for something a request did to a ticket, inside that request's
/// transaction: the change and everything the triggers do commit together or not at all.
public struct TicketEvents: Sendable {
    let triggers: TriggerCache
    let presence: any AgentPresence

    public init(triggers: TriggerCache, presence: any AgentPresence) {
        self.triggers = triggers
        self.presence = presence
    }

    /// The ticket as the triggers leave it.
    func run(
        _ kind: TicketEvent.Kind, on ticket: Ticket, before: Ticket? = nil, message: TicketMessage? = nil, by identity: Identity,
        tenant: Tenant.ID, in transaction: TenantTransaction
    ) async throws -> Ticket {
        let event = TicketEvent(
            kind: kind, actor: .agent, channel: .api, actorAgentID: identity.agentID.rawValue, before: before,
            message: message.map { TicketEvent.Message(kind: $0.kind, body: $0.body) }
        )
        let set = try await triggers.value(tenant: tenant, in: transaction)
        return try await transaction.runTriggers(set, event: event, ticket: ticket, messageID: message?.id, presence: presence)
    }

    /// The ticket as the triggers leave it, for something its customer did on the portal.
    func runForCustomer(
        _ kind: TicketEvent.Kind, on ticket: Ticket, message: TicketMessage? = nil, tenant: Tenant.ID, in transaction: TenantTransaction
    ) async throws -> Ticket {
        let event = TicketEvent(
            kind: kind, actor: .user, channel: .portal, message: message.map { TicketEvent.Message(kind: $0.kind, body: $0.body) }
        )
        let set = try await triggers.value(tenant: tenant, in: transaction)
        return try await transaction.runTriggers(set, event: event, ticket: ticket, messageID: message?.id, presence: presence)
    }

    /// Whether a new ticket of `tenant` certainly sets off no trigger (as far as this node knows).
    func noneForNewTickets(tenant: Tenant.ID) -> Bool {
        triggers.cached(tenant: tenant)?.candidates(for: TicketEvent(kind: .created, actor: .agent, channel: .api)).isEmpty == true
    }

    /// An update's outcome, after the triggers ran on it if it changed the ticket.
    func afterUpdate(_ outcome: TicketUpdateOutcome, by identity: Identity, tenant: Tenant.ID, in transaction: TenantTransaction) async throws
        -> TicketUpdateOutcome
    {
        guard case .updated(let ticket, let before) = outcome else { return outcome }
        return .updated(try await run(.updated, on: ticket, before: before, by: identity, tenant: tenant, in: transaction), before: before)
    }
}
