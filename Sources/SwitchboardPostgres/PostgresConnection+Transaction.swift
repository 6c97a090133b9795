import Logging
import PostgresNIO

extension PostgresConnection {
    /// BEGIN ... COMMIT, rolling back and rethrowing the body's own error when it throws.
    func transaction<Result>(
        logger: Logger,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> sending Result
    ) async throws -> sending Result {
        try await query("BEGIN", logger: logger)
        let result: Result
        do {
            result = try await body(self)
        } catch {
            do {
                try await query("ROLLBACK", logger: logger)
            } catch {
                logger.error("rollback failed", metadata: ["error": "\(postgresMessage(error))"])
            }
            throw error
        }
        try await query("COMMIT", logger: logger)
        return result
    }
}
