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
