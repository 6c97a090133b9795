import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOConcurrencyHelpers
import NIOCore
import SwitchboardPostgres

/// `Idempotency-Key` on POST: the first request with a key is processed and its response kept
/// (successes and client errors alike); a retry with the same key and body gets the same
/// response again, a retry with a different body gets 422, and one that overlaps the first
/// gets 409. Server errors release the key so the request can be tried again.
public struct IdempotencyMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    static let header = HTTPField.Name("Idempotency-Key")!
    static let replayed = HTTPField.Name("Idempotent-Replayed")!

    let database: Database
    /// A claim with no response after this long belongs to a node that died mid-request.
    let staleAfter: Duration

    public init(database: Database, staleAfter: Duration = .seconds(60)) {
        self.database = database
        self.staleAfter = staleAfter
    }

    /// Uploads, whose bodies are streamed to the database rather than held, so cannot be kept
    /// to compare a retry with. A retried upload only adds another upload of the same stored
    /// bytes, which is never attached unless someone names it.
    static let streamedPaths: Set<String> = ["/api/v1/attachments"]

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post, !Self.streamedPaths.contains(request.uri.path), let key = request.headers[Self.header],
              let tenant = context.tenant, let identity = context.identity
        else { return try await next(request, context) }
        guard (1...255).contains(key.utf8.count) else {
            throw Problem.badRequest("Idempotency-Key must be 1-255 characters")
        }
        var request = request
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        request.body = RequestBody(buffer: body)
        var hasher = SHA256()
        hasher.update(data: Array(request.uri.path.utf8))
        hasher.update(data: Array(body.readableBytesView))
        let hash = ByteBuffer(bytes: hasher.finalize())
        let caller: String
        switch identity.credential {
        case .session: caller = "agent:\(identity.agentID)"
        case .apiKey(let id): caller = "key:\(id)"
        }

        let scoped = database.tenant(tenant.id)
        let claim = try await scoped.transaction {
            try await $0.claimIdempotencyKey(caller: caller, key: key, requestHash: hash, staleAfter: staleAfter)
        }
        switch claim {
        case .replay(let status, let body, let kept):
            var headers: HTTPFields = [Self.replayed: "true"]
            if let contentType = kept.contentType { headers[.contentType] = contentType }
            if let etag = kept.etag { headers[.eTag] = etag }
            if let location = kept.location { headers[.location] = location }
            return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: body))
        case .inProgress:
            throw Problem(.conflict, kind: "idempotency-in-progress", messageID: "error.conflict",
                          detail: "a request with this Idempotency-Key is still being processed")
        case .mismatch:
            throw Problem.validation([.init(field: "Idempotency-Key", message: "was already used for a different request")])
        case .claimed:
            break
        }

        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            // Errors not yet rendered are server-side: the key may be used again.
            try? await scoped.transaction { try await $0.releaseIdempotencyKey(caller: caller, key: key) }
            throw error
        }
        if response.status.code >= 500 {
            try? await scoped.transaction { try await $0.releaseIdempotencyKey(caller: caller, key: key) }
            return response
        }
        let collected = try await Self.collect(response)
        let kept = IdempotentHeaders(
            contentType: response.headers[.contentType], etag: response.headers[.eTag], location: response.headers[.location]
        )
        try await scoped.transaction {
            try await $0.completeIdempotencyKey(caller: caller, key: key, status: Int(response.status.code), body: collected, headers: kept)
        }
        var replayable = response
        replayable.body = .init(byteBuffer: collected)
        return replayable
    }

    /// The whole body of a response, which for API responses is one small JSON document.
    static func collect(_ response: Response) async throws -> ByteBuffer {
        let sink = BufferSink()
        try await response.body.write(CollectingWriter(sink: sink))
        return sink.buffer.withLockedValue { $0 }
    }
}

private final class BufferSink: Sendable {
    let buffer = NIOLockedValueBox(ByteBuffer())
}

private struct CollectingWriter: ResponseBodyWriter {
    let sink: BufferSink

    mutating func write(_ buffer: ByteBuffer) async throws {
        sink.buffer.withLockedValue { _ = $0.writeImmutableBuffer(buffer) }
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
