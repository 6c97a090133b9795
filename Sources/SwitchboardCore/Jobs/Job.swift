import Foundation

/// Background work recorded in the database, as administrators see it.
public struct Job: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        /// Waiting for `runAt` (again, after a failed attempt).
        case queued
        /// Held by a worker until its lease runs out.
        case running
        /// Out of attempts; waits for an administrator to retry or delete it.
        case failed
    }

    public var id: Int64
    public var kind: String
    public var state: State
    public var runAt: Date
    public var attempts: Int
    public var maxAttempts: Int
    public var lastError: String?
    public var createdAt: Date

    public init(id: Int64, kind: String, state: State, runAt: Date, attempts: Int, maxAttempts: Int, lastError: String?, createdAt: Date) {
        self.id = id
        self.kind = kind
        self.state = state
        self.runAt = runAt
        self.attempts = attempts
        self.maxAttempts = maxAttempts
        self.lastError = lastError
        self.createdAt = createdAt
    }

    /// How long to wait before attempt `attempts + 1`: doubling from `base`, at most an hour.
    public static func retryDelay(afterAttempt attempts: Int, base: Duration) -> Duration {
        let factor = 1 << min(max(attempts - 1, 0), 20)
        return min(base * factor, .seconds(3600))
    }
}

/// A job a worker holds: what to do, for which tenant.
public struct ClaimedJob: Sendable, Hashable {
    public var tenantID: Tenant.ID
    public var id: Int64
    public var kind: String
    /// JSON.
    public var payload: String
    public var attempts: Int
    public var maxAttempts: Int

    public init(tenantID: Tenant.ID, id: Int64, kind: String, payload: String, attempts: Int, maxAttempts: Int) {
        self.tenantID = tenantID
        self.id = id
        self.kind = kind
        self.payload = payload
        self.attempts = attempts
        self.maxAttempts = maxAttempts
    }
}
