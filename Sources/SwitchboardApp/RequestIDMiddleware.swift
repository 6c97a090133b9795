import Hummingbird
import HTTPTypes
import SwitchboardHTTP

/// Returns the request id in `X-Request-Id`, so a person reporting a problem can quote it and
/// an operator can find the request in the logs.
struct RequestIDMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xRequestID] = context.id
        return response
    }
}

extension HTTPField.Name {
    static let xRequestID = Self("X-Request-Id")!
}
