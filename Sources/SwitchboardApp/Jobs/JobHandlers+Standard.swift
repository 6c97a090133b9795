import Foundation
import SwitchboardCore
import SwitchboardPostgres

extension JobHandlers {
    /// The jobs every node knows how to run.
    static func standard(webhooks: WebhookSender) -> JobHandlers {
        var handlers = JobHandlers()
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
        return handlers
    }
}
