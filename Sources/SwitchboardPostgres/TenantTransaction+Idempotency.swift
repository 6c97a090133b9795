import Foundation
import NIOCore
import PostgresNIO
import SwitchboardCore

/// Where an `Idempotency-Key` stands.
public enum IdempotencyClaim: Sendable {
    /// New: the request is ours to process.
    case claimed
    /// Processed before with the same body: here is the response.
    case replay(status: Int, body: ByteBuffer, headers: IdempotentHeaders)
    /// Another request with this key is being processed right now.
    case inProgress
    /// The key was used for a different request.
    case mismatch
}

/// The response headers kept with a key and sent again on replay.
public struct IdempotentHeaders: Sendable, Hashable {
    public var contentType: String?
    public var etag: String?
    public var location: String?

    public init(contentType: String? = nil, etag: String? = nil, location: String? = nil) {
        self.contentType = contentType
        self.etag = etag
        self.location = location
    }
}

extension TenantTransaction {
    /// Claims `key` for `caller`. Claims older than `staleAfter` with no response (a node died
    /// mid-request) may be claimed again; keys older than a day are forgotten.
    public func claimIdempotencyKey(caller: String, key: String, requestHash: ByteBuffer, staleAfter: Duration) async throws -> IdempotencyClaim {
        let stale = Double(staleAfter.components.seconds)
        try await query("DELETE FROM idempotency_keys WHERE caller = \(caller) AND key = \(key) AND created_at < now() - interval '1 day'")
        if try await first(
            """
            INSERT INTO idempotency_keys (tenant_id, caller, key, request_hash) VALUES (\(tenantID.rawValue), \(caller), \(key), \(requestHash))
            ON CONFLICT (tenant_id, caller, key) DO UPDATE SET created_at = now(), request_hash = EXCLUDED.request_hash
                WHERE idempotency_keys.status IS NULL AND idempotency_keys.created_at < now() - make_interval(secs => \(stale))
                  AND idempotency_keys.request_hash = EXCLUDED.request_hash
            RETURNING 1
            """,
            as: Int.self
        ) != nil {
            return .claimed
        }
        guard let row = try await first(
            """
            SELECT request_hash, status, response_body, content_type, etag, location FROM idempotency_keys
            WHERE caller = \(caller) AND key = \(key)
            """,
            as: (ByteBuffer, Int32?, ByteBuffer?, String?, String?, String?).self
        ) else { return .inProgress }
        if row.0 != requestHash { return .mismatch }
        guard let status = row.1 else { return .inProgress }
        return .replay(status: Int(status), body: row.2 ?? ByteBuffer(), headers: IdempotentHeaders(contentType: row.3, etag: row.4, location: row.5))
    }

    public func completeIdempotencyKey(caller: String, key: String, status: Int, body: ByteBuffer, headers: IdempotentHeaders) async throws {
        try await query(
            """
            UPDATE idempotency_keys SET status = \(Int32(status)), response_body = \(body), content_type = \(headers.contentType),
                   etag = \(headers.etag), location = \(headers.location)
            WHERE caller = \(caller) AND key = \(key)
            """
        )
    }

    /// Lets the key be used again (the request failed before doing anything lasting).
    public func releaseIdempotencyKey(caller: String, key: String) async throws {
        try await query("DELETE FROM idempotency_keys WHERE caller = \(caller) AND key = \(key) AND status IS NULL")
    }
}
