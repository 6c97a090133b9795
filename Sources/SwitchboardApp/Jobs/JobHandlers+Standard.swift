import Foundation
import SwitchboardCore
import SwitchboardICU
import SwitchboardPostgres

extension JobHandlers {
    /// The jobs every node knows how to run.
    static func standard(webhooks: WebhookSender, presence: any AgentPresence) -> JobHandlers {
        var handlers = JobHandlers()
        let searchText = SearchText()
        handlers.register(FollowUp.jobKind) { job, transaction in
            let payload = try JSONDecoder().decode(FollowUp.Payload.self, from: Data(job.payload.utf8))
            try await transaction.deliverFollowUp(payload)
        }
        handlers.register("ticket.sla_refresh") { job, transaction in
            struct Payload: Decodable { var ticket: Int64 }
            try await transaction.refreshSLAs(ticketID: try JSONDecoder().decode(Payload.self, from: Data(job.payload.utf8)).ticket)
        }
        handlers.register(TenantTransaction.webhookJobKind) { job, _ in
            let payload = try JSONDecoder().decode(TenantTransaction.WebhookPayload.self, from: Data(job.payload.utf8))
            try await webhooks.deliver(payload, job: job.id)
        }
        // Acts on what is due, then books the next look: at once while more is due, else when the
        // next ticket falls due, and at least every minute for tickets that change state meanwhile.
        handlers.register(TenantTransaction.escalationScanKind) { job, transaction in
            let now = Date()
            let sweep = try await transaction.runEscalations(now: now, presence: presence)
            guard sweep.watching > 0 else { return }
            let later = now.addingTimeInterval(60)
            try await transaction.requestEscalationScan(at: sweep.more ? now : min(sweep.next ?? later, later), after: job.id)
        }
        // A scheduled macro is applied as the agent who scheduled it, if they may still; then
        // the tenant's triggers run as for their own change.
        handlers.register(TenantTransaction.macroJobKind) { job, transaction in
            let scheduled = try JSONDecoder().decode(ScheduledMacro.self, from: Data(job.payload.utf8))
            let agent = Agent.ID(rawValue: scheduled.agent)
            guard let macro = try await transaction.macro(id: scheduled.macro), let ticket = try await transaction.ticket(id: scheduled.ticket),
                  let stored = try await transaction.agent(id: agent), stored.isActive
            else { return }
            let access = stored.permissions.contains(.admin) ? DepartmentAccess.unrestricted : try await transaction.departmentAccess(agent: agent)
            guard access.canChange(ticket.departmentID) else { return }
            let triggers = TriggerSet(try await transaction.triggers().map { ($0.id, $0.trigger) })
            let words = macro.macro.reply.map(searchText.indexWords(in:)) ?? []
            _ = try await transaction.applyMacro(macro, to: ticket, agent: agent, access: access, triggers: triggers, presence: presence, words: words)
        }
        return handlers
    }
}
