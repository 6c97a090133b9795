import Crypto
import Foundation
import Hummingbird
import SwitchboardICU
import SwitchboardPostgres

/// Form posts and the tokens that prove they came from our own pages.
///
/// A signed-in page's token is a hash of the session's secret, which only the browser that
/// holds the (HttpOnly) cookie knows; a cross-site form can neither read it nor guess it.
/// Before sign-in there is no session, so the login form pairs a random cookie with the same
/// value in the form.
enum WebForms {
    static let loginCookie = "sb_login_csrf"
    static let field = "_csrf"

    static func token(forSession secret: String) -> String {
        let digest = SHA256.hash(data: Data(("sb-form:" + secret).utf8))
        return Data(digest).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// The token for the signed-in session behind this request.
    static func sessionToken(_ request: Request) -> String? {
        guard let secret = request.cookies[TenantMiddleware.sessionCookie]?.value, !secret.isEmpty else { return nil }
        return token(forSession: secret)
    }

    /// The fields of an `application/x-www-form-urlencoded` body (at most 1 MiB). Repeated
    /// names keep their last value; `multi` collects every value of the names it lists.
    static func read(_ request: Request, context: AppRequestContext) async throws -> WebForm {
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else {
            throw HTTPError(.unsupportedMediaType)
        }
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        return WebForm(String(buffer: buffer))
    }

    /// Refuses a post whose token is not the session's.
    static func check(_ form: WebForm, request: Request) throws {
        guard let expected = sessionToken(request), let sent = form[field], constantTimeEqual(sent, expected) else {
            throw Problem.forbidden
        }
    }

    /// What a sign-in form says while a lock (`problem`, a 429) lasts: how many minutes are left.
    static func lockedMessage(_ problem: Problem, _ localizer: Localizer) -> String {
        let seconds = problem.headers[.retryAfter].flatMap { Int($0) } ?? 60
        return localizer("agent.login.locked", ["minutes": .integer(max(1, (seconds + 59) / 60))])
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}

/// Decoded form fields.
struct WebForm: Sendable {
    private(set) var values: [String: [String]] = [:]

    init(_ body: String) {
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]) else { continue }
            let value = parts.count > 1 ? Self.decode(parts[1]) ?? "" : ""
            values[name, default: []].append(value)
        }
    }

    subscript(name: String) -> String? { values[name]?.last }

    func all(_ name: String) -> [String] { values[name] ?? [] }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
