import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardPostgres

/// `/api/v1/jobs`: the tenant's background work waiting, running or failed, for
/// administrators: failed jobs can be run again or removed.
public struct JobController: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    struct JobPage: ResponseCodable {
        var jobs: [Job]
        var nextCursor: String?
    }

    public func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("jobs") { request, context in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.admin)
            let query = request.uri.queryParameters
            let page = try IDPage(query)
            let state = try query["state"].map { text -> Job.State in
                guard let state = Job.State(rawValue: String(text)) else { throw Problem.badRequest("state must be queued, running or failed") }
                return state
            }
            let jobs = try await database.tenant(tenant.id).transaction {
                try await $0.jobs(state: state, after: page.cursor?.id, limit: page.limit + 1)
            }
            return JobPage(jobs: Array(jobs.prefix(page.limit)), nextCursor: page.nextCursor(jobs) { $0.id })
        }
        group.get("jobs/{id}") { _, context -> Job in
            try await withJob(context) { transaction, id in try await transaction.job(id: id) }
        }
        group.post("jobs/{id}/retry") { _, context -> Job in
            try await withJob(context) { transaction, id in
                guard let job = try await transaction.job(id: id) else { return nil }
                guard let retried = try await transaction.retryJob(id: id) else {
                    throw Problem(.conflict, kind: "job-not-failed", messageID: "error.conflict", detail: "the job is \(job.state.rawValue), not failed")
                }
                return retried
            }
        }
        group.delete("jobs/{id}") { _, context -> Response in
            _ = try await withJob(context) { transaction, id -> Job? in
                guard let job = try await transaction.job(id: id) else { return nil }
                guard try await transaction.deleteJob(id: id) else {
                    throw Problem(.conflict, kind: "job-running", messageID: "error.conflict", detail: "the job is running")
                }
                return job
            }
            return Response(status: .noContent)
        }
    }

    /// Administrators only; nil from `body` is a 404.
    private func withJob(_ context: AppRequestContext, _ body: @escaping @Sendable (TenantTransaction, Int64) async throws -> Job?) async throws -> Job {
        let tenant = try context.requireTenant()
        _ = try context.requireIdentity(.admin)
        let id = try context.parameters.require("id", as: Int64.self)
        guard let job = try await database.tenant(tenant.id).transaction({ try await body($0, id) }) else { throw Problem.notFound }
        return job
    }
}

extension Job: ResponseCodable {}
extension FollowUp: ResponseCodable {}
