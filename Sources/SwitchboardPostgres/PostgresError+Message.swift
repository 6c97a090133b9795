import PostgresNIO

/// postgres-nio hides server messages from `description` so they cannot leak by accident; logs
/// and operator commands need them, so they are pulled out here.
public func postgresMessage(_ error: any Error) -> String {
    if let error = error as? PSQLError {
        if let message = error.serverInfo?[.message] {
            let detail = error.serverInfo?[.detail].map { " (\($0))" } ?? ""
            let code = error.serverInfo?[.sqlState].map { " [\($0)]" } ?? ""
            return message + detail + code
        }
        return "\(error.code)"
    }
    if let error = error as? PostgresError {
        return error.description
    }
    return "\(error)"
}

extension PSQLError {
    /// The SQLSTATE of a server error (`23505` unique violation and so on).
    public var sqlState: String? { serverInfo?[.sqlState] }
}

/// Why the database refused a write that input caused, for errors the API should explain
/// rather than report as its own failure. Handlers check input first; this is the backstop.
public enum DatabaseRefusal: Sendable, Hashable {
    /// Text PostgreSQL cannot store (a NUL character).
    case unstorableText
    /// A name or key another row already has.
    case duplicate
    /// A value outside what a column allows.
    case outOfRange

    public init?(_ error: any Error) {
        guard let state = (error as? PSQLError)?.sqlState else { return nil }
        switch state {
        case "22021", "22P05": self = .unstorableText
        case "23505": self = .duplicate
        case "23514", "22001", "22003", "22008", "22007": self = .outOfRange
        default: return nil
        }
    }
}
