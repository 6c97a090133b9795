import Hummingbird
import SwitchboardCore

/// An error a client can act on, sent as RFC 9457 `application/problem+json`. Its title is a
/// message id from the language packs; `ProblemMiddleware` renders it in the caller's language.
public struct Problem: Error, Sendable {
    public var status: HTTPResponse.Status
    /// Stable machine-readable kind, e.g. `tenant-unknown`; becomes the `type` URI.
    public var kind: String
    public var messageID: String
    public var arguments: [String: MessageArgument]
    /// Plain, untranslated specifics (which field, which value), safe to show.
    public var detail: String?
    public var headers: HTTPFields
    /// Per-field errors for validation problems.
    public var errors: [FieldError]

    public struct FieldError: Sendable, Codable, Hashable {
        public var field: String
        public var message: String
        public init(field: String, message: String) {
            self.field = field
            self.message = message
        }
    }

    public init(
        _ status: HTTPResponse.Status, kind: String, messageID: String, arguments: [String: MessageArgument] = [:],
        detail: String? = nil, headers: HTTPFields = [:], errors: [FieldError] = []
    ) {
        self.status = status
        self.kind = kind
        self.messageID = messageID
        self.arguments = arguments
        self.detail = detail
        self.headers = headers
        self.errors = errors
    }

    public static let tenantUnknown = Problem(.notFound, kind: "tenant-unknown", messageID: "error.tenant_unknown")
    public static let notFound = Problem(.notFound, kind: "not-found", messageID: "error.not_found")
    public static let unauthorized = Problem(.unauthorized, kind: "unauthorized", messageID: "error.unauthorized")
    public static let apiKeyInvalid = Problem(.unauthorized, kind: "api-key-invalid", messageID: "error.api_key_invalid")
    public static let apiKeyWrongTenant = Problem(
        .unauthorized, kind: "api-key-wrong-tenant", messageID: "error.api_key_wrong_tenant"
    )
    public static let loginFailed = Problem(.unauthorized, kind: "login-failed", messageID: "error.login_failed")
    public static let networkNotAllowed = Problem(.forbidden, kind: "network-not-allowed", messageID: "error.network_not_allowed")
    public static let forbidden = Problem(.forbidden, kind: "forbidden", messageID: "error.forbidden")
    public static let conflict = Problem(.conflict, kind: "conflict", messageID: "error.conflict")

    public static func badRequest(_ detail: String) -> Problem {
        Problem(.badRequest, kind: "bad-request", messageID: "error.bad_request", arguments: ["detail": .string(detail)], detail: detail)
    }

    public static func validation(_ errors: [FieldError]) -> Problem {
        Problem(
            .unprocessableContent, kind: "validation", messageID: "error.validation",
            arguments: ["count": .number(Double(errors.count))], errors: errors
        )
    }

    /// Custom field values that break their fields' rules, each named `fields.<key>`.
    public init(_ problems: CustomFieldProblems) {
        self = .validation(problems.problems.map { FieldError(field: $0.field, message: $0.message) })
    }

    public static func rateLimited(retryAfter seconds: Int) -> Problem {
        var headers = HTTPFields()
        headers[.retryAfter] = String(seconds)
        return Problem(
            .tooManyRequests, kind: "rate-limited", messageID: "error.rate_limited",
            arguments: ["seconds": .number(Double(seconds))], headers: headers
        )
    }

    public static func unavailable(_ component: String) -> Problem {
        Problem(
            .serviceUnavailable, kind: "unavailable", messageID: "error.unavailable",
            arguments: ["component": .string(component)], detail: component
        )
    }

    static func `internal`(requestID: String) -> Problem {
        Problem(
            .internalServerError, kind: "internal", messageID: "error.internal",
            arguments: ["requestId": .string(requestID)]
        )
    }
}

/// A value substituted into a localized message.
public enum MessageArgument: Sendable, Hashable {
    case string(String)
    case number(Double)
}
