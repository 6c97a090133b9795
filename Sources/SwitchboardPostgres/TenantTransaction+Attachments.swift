import Crypto
import Foundation
import NIOCore
import PostgresNIO
import SwitchboardCore

/// Why an upload was not stored; nothing of it remains once its transaction has rolled back.
public enum AttachmentUploadError: Error, Sendable, Hashable {
    case empty
    case tooLarge(limit: Int64)
}

/// An attachment on a ticket, and where its bytes are.
public struct AttachmentDownload: Sendable, Hashable {
    public var attachment: Attachment
    public var blobID: Int64
    public var chunks: Int
}

extension TenantTransaction {
    /// Bytes per stored chunk: big enough that a file is a few rows, small enough that a
    /// node streaming many files at once holds little of each.
    public static let attachmentChunkSize = 256 * 1024

    static let attachmentColumns = """
        a.id, a.filename, a.content_type, a.size, encode(b.sha256, 'hex'), a.uploaded_by, a.message_id, t.ref, a.created_at
        """
    static let attachmentJoins = """
        attachments a JOIN attachment_blobs b ON b.tenant_id = a.tenant_id AND b.id = a.blob_id
        LEFT JOIN ticket_messages m ON m.tenant_id = a.tenant_id AND m.id = a.message_id
        LEFT JOIN tickets t ON t.tenant_id = m.tenant_id AND t.id = m.ticket_id
        """
    typealias AttachmentRow = (Int64, String, String, Int64, String, Int64?, Int64?, Int64?, Date)

    static func makeAttachment(_ row: AttachmentRow) -> Attachment {
        Attachment(
            id: row.0, filename: row.1, contentType: row.2, size: row.3, sha256: row.4, uploadedBy: row.5, messageID: row.6,
            ticketRef: row.7, createdAt: row.8
        )
    }

    /// Stores `bytes` as a new unlinked attachment of `uploader`, reading and writing one chunk
    /// at a time. Throws `AttachmentUploadError` for an empty body or one over `limit` bytes;
    /// the caller's transaction then rolls back whatever was written.
    public func storeAttachment<Bytes: AsyncSequence>(
        _ bytes: Bytes, filename: String, contentType: String, uploader: Agent.ID, limit: Int64
    ) async throws -> Attachment where Bytes.Element == ByteBuffer {
        let blob = try await storeBlob(bytes, limit: limit)
        guard let row = try await first(
            """
            WITH a AS (
                INSERT INTO attachments (tenant_id, blob_id, filename, content_type, size, uploaded_by)
                VALUES (\(tenantID.rawValue), \(blob.id), \(filename), \(contentType), \(blob.size), \(uploader.rawValue))
                RETURNING *
            )
            SELECT a.id, a.filename, a.content_type, a.size, encode(b.sha256, 'hex'), a.uploaded_by, a.message_id, NULL::int8, a.created_at
            FROM a JOIN attachment_blobs b ON b.tenant_id = a.tenant_id AND b.id = a.blob_id
            """,
            as: AttachmentRow.self
        ) else { throw PostgresStoreError.missingRow("attachment") }
        return Self.makeAttachment(row)
    }

    /// Writes the bytes as chunks of a new blob while hashing them, then keeps either that blob
    /// or, when the tenant already has one with the same SHA-256, the existing one.
    func storeBlob<Bytes: AsyncSequence>(_ bytes: Bytes, limit: Int64) async throws -> (id: Int64, size: Int64)
    where Bytes.Element == ByteBuffer {
        let tenant = tenantID.rawValue
        guard let staging = try await first(
            "INSERT INTO attachment_blobs (tenant_id, size) VALUES (\(tenant), 0) RETURNING id", as: Int64.self
        ) else { throw PostgresStoreError.missingRow("attachment blob") }
        var hasher = SHA256()
        var size: Int64 = 0
        var seq: Int32 = 0
        var pending = ByteBufferAllocator().buffer(capacity: Self.attachmentChunkSize)
        func flush() async throws {
            try await query(
                "INSERT INTO attachment_chunks (tenant_id, blob_id, seq, data) VALUES (\(tenant), \(staging), \(seq), \(pending))"
            )
            seq += 1
            pending.clear()
        }
        for try await var buffer in bytes {
            size += Int64(buffer.readableBytes)
            guard size <= limit else { throw AttachmentUploadError.tooLarge(limit: limit) }
            buffer.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
            while let piece = buffer.readSlice(length: min(buffer.readableBytes, Self.attachmentChunkSize - pending.readableBytes)),
                  piece.readableBytes > 0 {
                pending.writeImmutableBuffer(piece)
                if pending.readableBytes == Self.attachmentChunkSize { try await flush() }
            }
        }
        guard size > 0 else { throw AttachmentUploadError.empty }
        if pending.readableBytes > 0 { try await flush() }

        let digest = ByteBuffer(bytes: hasher.finalize())
        try await query("SELECT sb_lock_attachment_blob(\(tenant), \(digest))")
        if let existing = try await first(
            "SELECT id FROM attachment_blobs WHERE tenant_id = \(tenant) AND sha256 = \(digest)", as: Int64.self
        ) {
            try await query("DELETE FROM attachment_blobs WHERE tenant_id = \(tenant) AND id = \(staging)")
            return (existing, size)
        }
        try await query("UPDATE attachment_blobs SET sha256 = \(digest), size = \(size) WHERE tenant_id = \(tenant) AND id = \(staging)")
        return (staging, size)
    }

    public func attachment(id: Int64) async throws -> Attachment? {
        try await first(
            """
            SELECT \(unescaped: Self.attachmentColumns) FROM \(unescaped: Self.attachmentJoins)
            WHERE a.tenant_id = \(tenantID.rawValue) AND a.id = \(id)
            """,
            as: AttachmentRow.self
        ).map(Self.makeAttachment)
    }

    /// Attachment `id` when it is on one of ticket `ticketID`'s messages.
    public func attachmentDownload(id: Int64, ticketID: Int64) async throws -> AttachmentDownload? {
        guard let row = try await first(
            """
            SELECT \(unescaped: Self.attachmentColumns), a.blob_id,
                   (SELECT count(*) FROM attachment_chunks c WHERE c.tenant_id = a.tenant_id AND c.blob_id = a.blob_id)
            FROM \(unescaped: Self.attachmentJoins)
            WHERE a.tenant_id = \(tenantID.rawValue) AND a.id = \(id) AND m.ticket_id = \(ticketID)
            """,
            as: (Int64, String, String, Int64, String, Int64?, Int64?, Int64?, Date, Int64, Int64).self
        ) else { return nil }
        let attachment = Self.makeAttachment((row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8))
        return AttachmentDownload(attachment: attachment, blobID: row.9, chunks: Int(row.10))
    }

    public func attachmentChunk(blobID: Int64, seq: Int) async throws -> ByteBuffer? {
        try await first(
            "SELECT data FROM attachment_chunks WHERE tenant_id = \(tenantID.rawValue) AND blob_id = \(blobID) AND seq = \(Int32(seq))",
            as: ByteBuffer.self
        )
    }

    /// Attaches `ids` to message `messageID` when every one of them is an unlinked upload of
    /// `uploader`, and returns them; otherwise attaches none and returns nil (the caller then
    /// rolls back).
    public func linkAttachments(_ ids: [Int64], messageID: Int64, uploader: Agent.ID) async throws -> [AttachmentSummary]? {
        let wanted = Set(ids)
        let linked = try await all(
            """
            UPDATE attachments SET message_id = \(messageID)
            WHERE tenant_id = \(tenantID.rawValue) AND id = ANY(\(Array(wanted))::int8[])
              AND uploaded_by = \(uploader.rawValue) AND message_id IS NULL
            RETURNING id, filename, content_type, size
            """,
            as: (Int64, String, String, Int64).self
        )
        guard linked.count == wanted.count else { return nil }
        return linked.map { AttachmentSummary(id: $0.0, filename: $0.1, contentType: $0.2, size: $0.3) }.sorted { $0.id < $1.id }
    }

    /// The first message of a ticket: the one a new ticket is opened with.
    public func firstMessageID(ticketID: Int64) async throws -> Int64? {
        try await first(
            "SELECT min(id) FROM ticket_messages WHERE tenant_id = \(tenantID.rawValue) AND ticket_id = \(ticketID)", as: Int64?.self
        ) ?? nil
    }

    /// Deletes `uploader`'s unlinked attachment `id`; false when there is no such thing. Its
    /// blob goes too when nothing else refers to it (a trigger sees to that).
    public func deleteUnlinkedAttachment(id: Int64, uploader: Agent.ID) async throws -> Bool {
        try await first(
            """
            DELETE FROM attachments
            WHERE tenant_id = \(tenantID.rawValue) AND id = \(id) AND uploaded_by = \(uploader.rawValue) AND message_id IS NULL
            RETURNING 1
            """,
            as: Int.self
        ) != nil
    }

    /// The attachments of each of `messages`, oldest first, listed on them.
    func withAttachments(_ messages: [TicketMessage]) async throws -> [TicketMessage] {
        guard !messages.isEmpty else { return messages }
        var byMessage: [Int64: [AttachmentSummary]] = [:]
        for row in try await all(
            """
            SELECT message_id, id, filename, content_type, size FROM attachments
            WHERE tenant_id = \(tenantID.rawValue) AND message_id = ANY(\(messages.map(\.id))::int8[])
            ORDER BY id
            """,
            as: (Int64, Int64, String, String, Int64).self
        ) {
            byMessage[row.0, default: []].append(AttachmentSummary(id: row.1, filename: row.2, contentType: row.3, size: row.4))
        }
        return messages.map { message in
            var message = message
            message.attachments = byMessage[message.id] ?? []
            return message
        }
    }
}
