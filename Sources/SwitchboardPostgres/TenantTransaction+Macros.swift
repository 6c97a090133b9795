import Foundation
import PostgresNIO
import SwitchboardCore

/// A macro as the tenant keeps it.
public struct StoredMacro: Sendable, Hashable {
    public var id: Int64
    public var macro: Macro
}

/// What a scheduled macro's job carries.
public struct ScheduledMacro: Sendable, Hashable, Codable {
    public var ticket: Int64
    public var macro: Int64
    /// The agent it is applied as, when it runs.
    public var agent: Int64
}

extension TenantTransaction {
    public static let macroJobKind = "ticket.macro"

    public func macros() async throws -> [StoredMacro] {
        try await documents(.macros, as: Macro.self).map { StoredMacro(id: $0.id, macro: $0.document) }
    }

    public func macro(id: Int64) async throws -> StoredMacro? {
        try await documents(.macros, id: id, as: Macro.self).first.map { StoredMacro(id: $0.id, macro: $0.document) }
    }

    /// Creates (`id` nil) or replaces a macro; nil when `id` names none.
    public func saveMacro(id: Int64?, _ macro: Macro) async throws -> Result<StoredMacro, OrganisingProblem>? {
        try await saveDocument(.macros, id: id, name: macro.name, document: macro)?.map { StoredMacro(id: $0, macro: macro) }
    }

    public func deleteMacro(id: Int64) async throws -> Bool {
        try await deleteDocument(.macros, id: id)
    }

    /// Applies `stored` to `ticket` as `agent` with their department `access`: its actions
    /// (logged as the macro's), then its reply or note (`words` its search words); `triggers`
    /// then run as for the agent's own update and reply. Returns the ticket as it leaves it and
    /// the message it posted.
    public func applyMacro(
        _ stored: StoredMacro, to ticket: Ticket, agent: Agent.ID, access: DepartmentAccess, triggers: TriggerSet, presence: (any AgentPresence)?,
        words: [String]
    ) async throws -> (ticket: Ticket, message: TicketMessage?) {
        let origin = ActionOrigin(kind: "macro", id: stored.id, name: stored.macro.name, agentID: agent.rawValue, messageID: nil, event: "ticket.updated")
        var after = try await perform(stored.macro.actions, on: ticket, origin: origin, presence: presence, as: agent, access: access)
        if after.version != ticket.version {
            let event = TicketEvent(kind: .updated, actor: .agent, channel: .api, actorAgentID: agent.rawValue, before: ticket)
            after = try await runTriggers(triggers, event: event, ticket: after, presence: presence)
        }
        guard let reply = stored.macro.reply else { return (after, nil) }
        let message = try await addMessage(ticketID: ticket.id, kind: stored.macro.replyKind ?? "reply", body: reply, agent: agent, words: words)
        let event = TicketEvent(
            kind: .replied, actor: .agent, channel: .api, actorAgentID: agent.rawValue, message: .init(kind: message.kind, body: message.body)
        )
        after = try await runTriggers(triggers, event: event, ticket: after, messageID: message.id, presence: presence)
        return (after, message)
    }

    /// Books `macro` to be applied to the ticket as `agent` at `runAt`; the job's id.
    public func scheduleMacro(_ macro: Int64, ticketID: Int64, agent: Agent.ID, at runAt: Date) async throws -> Int64? {
        let payload = try Self.json(ScheduledMacro(ticket: ticketID, macro: macro, agent: agent.rawValue))
        try await logTicketChange(ticketID, agent: agent, field: "macro_scheduled", new: "\(macro) at \(runAt.formatted(.iso8601))")
        return try await enqueueJob(kind: Self.macroJobKind, payload: payload, runAt: runAt)
    }
}
