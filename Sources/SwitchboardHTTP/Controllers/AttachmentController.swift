import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardPostgres

/// Files on ticket messages. An agent uploads a file (`POST /api/v1/attachments`, the raw
/// bytes as the body), then names its id in `attachments` when adding a message or opening a
/// ticket. Until then the upload is the uploader's alone; afterwards whoever may see the
/// ticket may read it (`GET /api/v1/tickets/{ref}/attachments/{id}`). Bodies are streamed in
/// and out chunk by chunk, never held whole.
public struct AttachmentController: Sendable {
    let database: Database
    /// The largest file accepted, in bytes.
    let maxBytes: Int64

    public init(database: Database, maxBytes: Int64) {
        self.database = database
        self.maxBytes = maxBytes
    }

    /// At most this many attachments on one message.
    static let perMessage = 50

    public func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("attachments") { request, context -> EditedResponse<Attachment> in
            let tenant = try context.requireTenant()
            let identity = try context.requireIdentity(.write)
            let filename = try Self.filename(of: request)
            // Refused before a byte is read when the client says how much is coming.
            if let length = request.headers[.contentLength].flatMap(Int64.init), length > maxBytes { throw tooLarge }
            if request.headers[.contentLength] == "0" { throw Self.emptyBody }
            let contentType = AttachmentHeaders.mediaType(request.headers[.contentType])
            do {
                let attachment = try await database.tenant(tenant.id).transaction { transaction in
                    try await transaction.storeAttachment(
                        request.body, filename: filename, contentType: contentType, uploader: identity.agentID, limit: maxBytes
                    )
                }
                return EditedResponse(status: .created, response: attachment)
            } catch AttachmentUploadError.tooLarge {
                throw tooLarge
            } catch AttachmentUploadError.empty {
                throw Self.emptyBody
            }
        }
        group.get("attachments/{id}") { _, context -> Attachment in
            try await withAttachment(context, permission: .read, needing: .view) { _, attachment, _ in attachment }
        }
        group.delete("attachments/{id}") { _, context -> Response in
            try await withAttachment(context, permission: .write, needing: .full) { transaction, attachment, identity in
                // Attached files are part of the conversation: they stay with their message.
                if attachment.messageID != nil {
                    throw Problem(.conflict, kind: "attachment-linked", messageID: "error.conflict", detail: "the attachment is on a message")
                }
                guard try await transaction.deleteUnlinkedAttachment(id: attachment.id, uploader: identity.agentID) else { throw Problem.notFound }
            }
            return Response(status: .noContent)
        }
        group.get("tickets/{ref}/attachments/{id}") { request, context -> Response in
            let tenant = try context.requireTenant()
            let identity = try context.requireIdentity(.read)
            let ref = try context.parameters.require("ref", as: Int64.self)
            let id = try context.parameters.require("id", as: Int64.self)
            let scoped = database.tenant(tenant.id)
            let download = try await scoped.transaction { transaction -> AttachmentDownload in
                let ticket = try await transaction.ticket(ref: ref, for: identity, needing: .view)
                guard let download = try await transaction.attachmentDownload(id: id, ticketID: ticket.id) else { throw Problem.notFound }
                return download
            }
            let attachment = download.attachment
            let etag = "\"\(attachment.sha256)\""
            // Access can be taken away, so caches must ask again each time.
            var headers: HTTPFields = [.eTag: etag, .cacheControl: "private, no-cache"]
            if let tags = request.headers[.ifNoneMatch], AttachmentHeaders.ifNoneMatch(tags, matches: etag) {
                return Response(status: .notModified, headers: headers)
            }
            headers[.contentType] = attachment.contentType
            headers[.contentDisposition] = AttachmentHeaders.contentDisposition(filename: attachment.filename)
            // Uploaded content is never run or rendered as part of the helpdesk's own pages.
            headers[.xContentTypeOptions] = "nosniff"
            headers[.contentSecurityPolicy] = "default-src 'none'; sandbox"
            // One short transaction per chunk: a slow client holds no connection while it reads.
            let body = ResponseBody(contentLength: Int(attachment.size)) { writer in
                for seq in 0..<download.chunks {
                    guard let chunk = try await scoped.transaction({ try await $0.attachmentChunk(blobID: download.blobID, seq: seq) }) else {
                        throw PostgresStoreError.missingRow("chunk \(seq) of attachment \(attachment.id)")
                    }
                    try await writer.write(chunk)
                }
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: headers, body: body)
        }
    }

    /// Attaches the uploads `ids` (nil: none) to message `messageID`; refused as a whole with a
    /// 422 on `attachments` unless each is the caller's own and not yet on a message.
    static func link(
        _ ids: [Int64]?, to messageID: Int64, by identity: Identity, in transaction: TenantTransaction
    ) async throws -> [AttachmentSummary] {
        guard let ids, !ids.isEmpty else { return [] }
        guard ids.count <= perMessage else {
            throw Problem.validation([.init(field: "attachments", message: "at most \(perMessage) attachments")])
        }
        guard let linked = try await transaction.linkAttachments(ids, messageID: messageID, uploader: identity.agentID) else {
            throw Problem.validation([.init(field: "attachments", message: "must be ids of your own uploads not yet on a message")])
        }
        return linked
    }

    /// Attachment `{id}` when the caller may see it: their own upload while it is on no
    /// message, and afterwards one on a ticket where they have `level` (404 and 403 as the
    /// ticket itself answers).
    private func withAttachment<T: Sendable>(
        _ context: AppRequestContext, permission: Permissions, needing level: DepartmentAccessLevel,
        _ body: @escaping @Sendable (TenantTransaction, Attachment, Identity) async throws -> T
    ) async throws -> T {
        let tenant = try context.requireTenant()
        let identity = try context.requireIdentity(permission)
        let id = try context.parameters.require("id", as: Int64.self)
        return try await database.tenant(tenant.id).transaction { transaction in
            guard let attachment = try await transaction.attachment(id: id) else { throw Problem.notFound }
            if let ref = attachment.ticketRef {
                _ = try await transaction.ticket(ref: ref, for: identity, needing: level)
            } else if attachment.uploadedBy != identity.agentID.rawValue {
                throw Problem.notFound
            }
            return try await body(transaction, attachment, identity)
        }
    }

    /// The upload's file name: the `filename` query parameter, else the `Content-Disposition`
    /// header's.
    static func filename(of request: Request) throws -> String {
        let raw = request.uri.queryParameters["filename"].map(String.init)
            ?? request.headers[.contentDisposition].flatMap(AttachmentHeaders.filename(contentDisposition:))
        guard let raw else {
            throw Problem.validation([.init(field: "filename", message: "is required (query parameter or Content-Disposition)")])
        }
        switch AttachmentHeaders.filename(raw) {
        case .success(let name): return name
        case .failure(let problem): throw Problem.validation([.init(field: "filename", message: problem.message)])
        }
    }

    static let emptyBody = Problem.validation([.init(field: "body", message: "must hold the file's bytes")])

    var tooLarge: Problem {
        var problem = ProblemMiddleware.problem(for: HTTPError(.contentTooLarge))
        problem.detail = "attachments are at most \(maxBytes) bytes"
        problem.arguments["detail"] = .string(problem.detail ?? "")
        return problem
    }
}

extension Attachment: ResponseCodable {}
