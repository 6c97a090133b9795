import Foundation
import PostgresNIO
import SwitchboardCore

/// A trigger as the tenant keeps it, with its place in the order.
public struct StoredTrigger: Sendable, Hashable {
    public var id: Int64
    public var position: Int
    public var trigger: Trigger
}

extension TenantTransaction {
    public func triggers() async throws -> [StoredTrigger] {
        try await rules(.triggers, as: Trigger.self).map { StoredTrigger(id: $0.id, position: $0.position, trigger: $0.rule) }
    }

    public func trigger(id: Int64) async throws -> StoredTrigger? {
        try await rules(.triggers, id: id, as: Trigger.self).first.map { StoredTrigger(id: $0.id, position: $0.position, trigger: $0.rule) }
    }

    /// Creates (`id` nil; at the end unless `position` says) or replaces a trigger; nil when
    /// `id` names none.
    public func saveTrigger(id: Int64?, _ trigger: Trigger, position: Int?) async throws -> Result<StoredTrigger, OrganisingProblem>? {
        try await saveRule(.triggers, id: id, name: trigger.name, rule: trigger, position: position)?
            .map { StoredTrigger(id: $0.id, position: $0.position, trigger: trigger) }
    }

    public func deleteTrigger(id: Int64) async throws -> Bool {
        try await deleteRule(.triggers, id: id)
    }
}

extension TenantTransaction {
    /// Runs the triggers of `set` that listen for `event`, in order, on `ticket` (locked by the
    /// caller's change), inside the caller's transaction: each one that matches does its
    /// actions and is logged on the ticket, and a `stop` ends the run. Later triggers see what
    /// earlier ones changed; `changed` conditions compare with the ticket before the event.
    /// Returns the ticket as the triggers leave it.
    public func runTriggers(
        _ set: TriggerSet, event: TicketEvent, ticket: Ticket, messageID: Int64? = nil, presence: (any AgentPresence)? = nil
    ) async throws -> Ticket {
        let candidates = set.candidates(for: event)
        guard !candidates.isEmpty else { return ticket }
        var facts = try await facts(for: ticket, before: event.kind == .updated ? event.before : nil, message: event.message, needs: TriggerSet.needs(candidates))
        for candidate in candidates where candidate.matches(facts) {
            let origin = ActionOrigin(
                kind: "trigger", id: candidate.id, name: candidate.trigger.name, agentID: event.actorAgentID, messageID: messageID,
                event: "ticket.\(event.kind.rawValue)"
            )
            facts.ticket = try await perform(candidate.trigger.actions, on: facts.ticket, origin: origin, presence: presence)
            if candidate.trigger.actions.contains(where: { $0.type == .stop }) { break }
        }
        return facts.ticket
    }

    /// The facts conditions test about `ticket`, loading only what they need.
    func facts(
        for ticket: Ticket, before: Ticket?, message: TicketEvent.Message?, needs: (person: Bool, organisation: Bool, businessHours: Bool),
        now: Date = Date()
    ) async throws -> TriggerFacts {
        var facts = TriggerFacts(ticket: ticket, before: before, message: message)
        if needs.person || needs.organisation, let personID = ticket.personID {
            facts.person = try await person(id: personID)
            if needs.organisation, let membership = facts.person?.organisations.first(where: \.primary) ?? facts.person?.organisations.first {
                facts.organisation = try await organisation(id: membership.id)
            }
        }
        if needs.businessHours { facts.inBusinessHours = try await calendar(for: ticket).isOpen(at: now) }
        return facts
    }
}
