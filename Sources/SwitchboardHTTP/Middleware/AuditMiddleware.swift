import Hummingbird
import SwitchboardPostgres

/// Names the caller and their address for the audit log of every transaction the request
/// runs. It stands after `TenantMiddleware`, which finds the caller.
public struct AuditMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext

    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let actor = AuditActor(agentID: context.identity?.agentID.rawValue, address: context.remoteAddress)
        return try await AuditActor.$current.withValue(actor) { try await next(request, context) }
    }
}
