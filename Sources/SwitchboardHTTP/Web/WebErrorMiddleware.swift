import Hummingbird
import SwitchboardPostgres

/// Errors on pages become pages: a sign-in prompt for a missing session, otherwise the
/// problem in the reader's language with a way back. Like `ProblemMiddleware`, a failure that
/// is not a `Problem` shows only a reference and is logged in full.
struct WebErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let pages: WebPages
    /// Where a reader without a session is sent.
    var signIn = "/agent/login"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            if problem.status == .unauthorized { return WebPages.redirect(to: signIn) }
            return render(problem, request: request, context: context)
        } catch let error as HTTPError {
            return render(ProblemMiddleware.problem(for: error), request: request, context: context)
        } catch {
            if let refusal = DatabaseRefusal(error) {
                return render(ProblemMiddleware.problem(for: refusal), request: request, context: context)
            }
            context.logger.error("page failed", metadata: ["error": "\(String(reflecting: error))"])
            return render(.internal(requestID: context.id), request: request, context: context)
        }
    }

    func render(_ problem: Problem, request: Request, context: Context) -> Response {
        let localizer = pages.localizer(request, context)
        var values: [String: Any] = [
            "message": localizer(problem.messageID, problem.arguments.mapValues(\.icu)),
            "status": Int(problem.status.code),
            "errors": problem.errors.map { ["field": $0.field, "message": $0.message] },
            "home": signIn == "/agent/login" ? "/agent/tickets" : "/",
        ]
        if let detail = problem.detail, problem.errors.isEmpty { values["detail"] = detail }
        let page = pages.page(request, context, localizer: localizer, csrf: WebForms.sessionToken(request) ?? "", agentName: nil)
        var response = pages.render("error", title: localizer("web.error.title"), values: values, page: page, status: problem.status)
        for field in problem.headers where field.name == .retryAfter { response.headers.append(field) }
        return response
    }
}
