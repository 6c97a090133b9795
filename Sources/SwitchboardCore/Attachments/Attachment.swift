import Foundation

/// A file an agent uploaded: its own name and type, over bytes stored once per tenant.
public struct Attachment: Sendable, Hashable, Codable {
    public var id: Int64
    public var filename: String
    public var contentType: String
    public var size: Int64
    /// The SHA-256 of the bytes, in lower-case hex; also the download's ETag.
    public var sha256: String
    /// The agent who uploaded it.
    public var uploadedBy: Int64?
    /// The message it is attached to, and that message's ticket; nil until it is attached.
    public var messageID: Int64?
    public var ticketRef: Int64?
    public var createdAt: Date

    public init(
        id: Int64, filename: String, contentType: String, size: Int64, sha256: String, uploadedBy: Int64?, messageID: Int64?,
        ticketRef: Int64?, createdAt: Date
    ) {
        self.id = id
        self.filename = filename
        self.contentType = contentType
        self.size = size
        self.sha256 = sha256
        self.uploadedBy = uploadedBy
        self.messageID = messageID
        self.ticketRef = ticketRef
        self.createdAt = createdAt
    }

    /// What a message shows of each of its attachments.
    public var summary: AttachmentSummary {
        AttachmentSummary(id: id, filename: filename, contentType: contentType, size: size)
    }
}

/// An attachment as a message lists it.
public struct AttachmentSummary: Sendable, Hashable, Codable {
    public var id: Int64
    public var filename: String
    public var contentType: String
    public var size: Int64

    public init(id: Int64, filename: String, contentType: String, size: Int64) {
        self.id = id
        self.filename = filename
        self.contentType = contentType
        self.size = size
    }
}
