import Foundation
import Hummingbird
import NIOCore
import SwitchboardCore
import SwitchboardPostgres

/// Turns every error into an RFC 9457 problem response in the caller's language. Errors that
/// are not `Problem`s become a 500 that shows only a reference, and are logged in full.
/// It stands both outside `TenantMiddleware` (for errors finding the tenant) and inside it,
/// where the context knows the tenant's and the person's language.
public struct ProblemMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let catalog: any MessageCatalog
    let routes: RouteTable?

    public init(catalog: any MessageCatalog, routes: RouteTable? = nil) {
        self.catalog = catalog
        self.routes = routes
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            return render(problem, request: request, context: context)
        } catch let error as HTTPError {
            // No route for this method; if the path has routes for others, say which.
            if error.status == .notFound, let allowed = routes?.methods(for: request.uri.path), !allowed.isEmpty {
                var problem = Self.problem(for: HTTPError(.methodNotAllowed))
                problem.detail = "\(request.method) is not supported here"
                problem.headers[.allow] = allowed.map(\.rawValue).joined(separator: ", ")
                return render(problem, request: request, context: context)
            }
            return render(Self.problem(for: error), request: request, context: context)
        } catch let error as DecodingError {
            return render(.badRequest(Self.describe(error)), request: request, context: context)
        } catch is NIOTooManyBytesError {
            return render(Self.problem(for: HTTPError(.contentTooLarge)), request: request, context: context)
        } catch {
            if let refusal = DatabaseRefusal(error) {
                context.logger.notice("refused by the database", metadata: ["error": "\(postgresMessage(error))"])
                return render(Self.problem(for: refusal), request: request, context: context)
            }
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            return render(.internal(requestID: context.id), request: request, context: context)
        }
    }

    /// Hummingbird's own errors (unknown route, body too large, bad JSON) in problem form.
    static func problem(for error: HTTPError) -> Problem {
        switch error.status {
        case .notFound: return .notFound
        case .unauthorized: return .unauthorized
        case .forbidden: return .forbidden
        case .contentTooLarge:
            return Problem(.contentTooLarge, kind: "too-large", messageID: "error.bad_request",
                           arguments: ["detail": .string("body too large")], detail: "body too large")
        case .methodNotAllowed:
            return Problem(.methodNotAllowed, kind: "method-not-allowed", messageID: "error.method_not_allowed")
        default:
            let detail = error.body ?? error.status.reasonPhrase
            var problem = Problem.badRequest(detail)
            problem.status = error.status.code >= 500 ? .internalServerError : error.status
            return problem
        }
    }

    /// Input the database would not store, explained without its internals.
    static func problem(for refusal: DatabaseRefusal) -> Problem {
        switch refusal {
        case .unstorableText: .badRequest("text must not contain NUL characters")
        case .duplicate:
            Problem(.conflict, kind: "duplicate", messageID: "error.conflict", detail: "another item already has this name")
        case .outOfRange: .badRequest("a value is out of range")
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return path.isEmpty ? "body" : path
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return "\(parent == "body" ? "" : parent + ".")\(key.stringValue) is required"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(path(context)) has the wrong type"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "body is not valid JSON" : "\(path(context)) is invalid"
        @unknown default:
            return "body could not be decoded"
        }
    }

    func render(_ problem: Problem, request: Request, context: Context) -> Response {
        let language = LanguagePreference(
            personLocale: context.identity?.locale, acceptLanguage: request.headers[.acceptLanguage],
            tenantLocale: context.tenant?.defaultLocale
        )
        let body = ProblemBody(
            type: "/problems/\(problem.kind)",
            title: catalog.message(problem.messageID, arguments: problem.arguments, language: language),
            status: Int(problem.status.code),
            detail: problem.detail,
            instance: request.uri.path,
            requestId: context.id,
            errors: problem.errors.isEmpty ? nil : problem.errors
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(body)) ?? Data(#"{"title":"error"}"#.utf8)
        var headers = problem.headers
        headers[.contentType] = "application/problem+json"
        headers[.contentLanguage] = nil
        return Response(status: problem.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

struct ProblemBody: Encodable {
    var type: String
    var title: String
    var status: Int
    var detail: String?
    var instance: String
    var requestId: String
    var errors: [Problem.FieldError]?
}
