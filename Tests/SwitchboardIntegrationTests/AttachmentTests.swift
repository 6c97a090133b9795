import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PostgresNIO
import Testing
import SwitchboardApp

/// Files on ticket messages: uploaded as raw bodies, stored once per content, attached to
/// messages, and downloaded only by agents who may see the ticket.
@Suite("Attachments")
struct AttachmentTests {
    static let host = "alpha.sb.test"
    static let admin = PermissionProbeTests.admin
    static let limited = PermissionProbeTests.limited
    static let viewer = PermissionProbeTests.viewer

    /// `count` bytes that do not compress and are unlikely to repeat across tests.
    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        let words = (0..<(count + 7) / 8).map { _ in generator.next() as UInt64 }
        return words.withUnsafeBytes { Array($0.prefix(count)) }
    }

    /// The alpha and beta tenants of the permission probe, on a node with `environment`.
    static func withNode<T: Sendable>(
        _ environment: [String: String] = [:], _ body: @escaping @Sendable (TestNode) async throws -> T
    ) async throws -> T {
        let config = try await TestEnvironment.migratedDatabase(environment)
        try await Fixtures.apply(PermissionProbeTests.alphaManifest(), config: config)
        try await Fixtures.apply(Fixtures.manifest(slug: "beta", key: Fixtures.otherKey), config: config)
        return try await TestNode.run(config, body)
    }

    /// Row counts of the attachment tables, read as the schema owner (past row-level security).
    static func counts(_ node: TestNode) async throws -> (attachments: Int64, blobs: Int64, chunks: Int64) {
        try await TestEnvironment.withAdminConnection(database: node.config.database.database) { connection in
            let rows = try await connection.query(
                "SELECT (SELECT count(*) FROM attachments), (SELECT count(*) FROM attachment_blobs), (SELECT count(*) FROM attachment_chunks)",
                logger: TestEnvironment.logger
            )
            for try await (attachments, blobs, chunks) in rows.decode((Int64, Int64, Int64).self) { return (attachments, blobs, chunks) }
            return (0, 0, 0)
        }
    }

    static func create(_ node: TestNode, _ department: String, json extra: String = "") async throws -> HTTPResult {
        try await node.request(.POST, "/api/v1/tickets", host: host, headers: admin,
                               json: #"{"subject":"With files","body":"see attached","department":"\#(department)"\#(extra)}"#)
    }

    static func attach(_ node: TestNode, ref: Int, _ ids: [Int], headers: [(String, String)] = admin) async throws -> HTTPResult {
        try await node.request(.POST, "/api/v1/tickets/\(ref)/messages", host: host, headers: headers,
                               json: #"{"body":"files","attachments":\#(ids)}"#)
    }

    @Test("a 3 MiB file goes up and comes back byte for byte, listed on its message, with download headers and 304s")
    func roundTrip() async throws {
        try await Self.withNode { node in
            let bytes = Self.randomBytes(3 << 20)
            let uploaded = try await node.upload(bytes, query: "filename=r%C3%A9sum%C3%A9%20%22final%22.pdf", host: Self.host,
                                                 headers: Self.admin, contentType: "Application/PDF")
            #expect(uploaded.status == 201, "\(uploaded.body)")
            let id = try #require(uploaded.json["id"] as? Int)
            #expect(uploaded.json["filename"] as? String == "résumé \"final\".pdf")
            #expect(uploaded.json["contentType"] as? String == "application/pdf")
            #expect(uploaded.json["size"] as? Int == bytes.count)
            let sha = try #require(uploaded.json["sha256"] as? String)
            #expect(sha.count == 64)
            #expect(try await Self.counts(node) == (1, 1, 12), "twelve chunks of 256 KiB")

            let ref = try #require(try await Self.create(node, "Support").json["ref"] as? Int)
            let message = try await Self.attach(node, ref: ref, [id])
            #expect(message.status == 201, "\(message.body)")
            let listed = try #require((message.json["attachments"] as? [[String: Any]])?.first)
            #expect(listed["id"] as? Int == id && listed["size"] as? Int == bytes.count)

            let ticket = try await node.request(.GET, "/api/v1/tickets/\(ref)", host: Self.host, headers: Self.limited)
            let messages = try #require(ticket.json["messages"] as? [[String: Any]])
            #expect(messages.map { ($0["attachments"] as? [[String: Any]] ?? []).count } == [0, 1])
            let onMessage = try #require((messages.last?["attachments"] as? [[String: Any]])?.first)
            #expect(onMessage["filename"] as? String == "résumé \"final\".pdf")
            #expect(onMessage["contentType"] as? String == "application/pdf")

            let path = "/api/v1/tickets/\(ref)/attachments/\(id)"
            let download = try await node.download(path, host: Self.host, headers: Self.limited)
            #expect(download.status == 200)
            #expect(download.bytes == bytes, "byte-exact")
            #expect(download.headers["Content-Length"].first == String(bytes.count))
            #expect(download.headers["Content-Type"].first == "application/pdf")
            #expect(download.headers["X-Content-Type-Options"].first == "nosniff")
            #expect(download.headers["Content-Disposition"].first
                == #"attachment; filename="r_sum_ _final_.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22final%22.pdf"#)
            #expect(download.headers["ETag"].first == "\"\(sha)\"")

            for tags in ["\"\(sha)\"", "W/\"\(sha)\"", "\"other\", \"\(sha)\"", "*"] {
                let cached = try await node.download(path, host: Self.host, headers: Self.limited + [("If-None-Match", tags)])
                #expect(cached.status == 304, "\(tags)")
                #expect(cached.bytes.isEmpty)
                #expect(cached.headers["ETag"].first == "\"\(sha)\"")
            }
            #expect(try await node.download(path, host: Self.host, headers: Self.limited + [("If-None-Match", "\"stale\"")]).status == 200)

            let metadata = try await node.request(.GET, "/api/v1/attachments/\(id)", host: Self.host, headers: Self.limited)
            #expect(metadata.status == 200)
            #expect(metadata.json["ticketRef"] as? Int == ref)
            #expect(metadata.json["messageID"] as? Int == messages.last?["id"] as? Int)
            #expect(metadata.json["sha256"] as? String == sha)

            // Opening a ticket attaches to its first message; the name may come from Content-Disposition.
            let note = try await node.upload(Array("hello world".utf8), host: Self.host, headers: Self.admin + [
                ("Content-Disposition", #"attachment; filename="fallback.txt"; filename*=UTF-8''%EC%95%88%EB%85%95.txt"#),
            ], contentType: "text/plain; charset=UTF-8; format=flowed")
            #expect(note.status == 201, "\(note.body)")
            #expect(note.json["filename"] as? String == "안녕.txt")
            #expect(note.json["contentType"] as? String == "text/plain; charset=utf-8")
            #expect(note.json["sha256"] as? String == "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9")
            let noteID = try #require(note.json["id"] as? Int)
            let opened = try await Self.create(node, "Support", json: #","attachments":[\#(noteID)]"#)
            #expect(opened.status == 201, "\(opened.body)")
            let openedRef = try #require(opened.json["ref"] as? Int)
            let first = try await node.request(.GET, "/api/v1/tickets/\(openedRef)", host: Self.host, headers: Self.admin)
            let firstAttachments = (first.json["messages"] as? [[String: Any]])?.first?["attachments"] as? [[String: Any]]
            #expect(firstAttachments?.compactMap { $0["id"] as? Int } == [noteID])
            let small = try await node.download("/api/v1/tickets/\(openedRef)/attachments/\(noteID)", host: Self.host, headers: Self.admin)
            #expect(String(decoding: small.bytes, as: UTF8.self) == "hello world")
            // On the other ticket it is not found.
            #expect(try await node.download("/api/v1/tickets/\(ref)/attachments/\(noteID)", host: Self.host, headers: Self.admin).status == 404)
        }
    }

    @Test("identical bytes are stored once, whoever uploads them, under any name, even at the same moment")
    func deduplication() async throws {
        try await Self.withNode { node in
            let bytes = Self.randomBytes(600 * 1024)
            let first = try await node.upload(bytes, query: "filename=a.bin", host: Self.host, headers: Self.admin)
            let second = try await node.upload(bytes, query: "filename=b.dat", host: Self.host, headers: Self.limited,
                                               contentType: "image/png", chunked: true)
            #expect(first.status == 201 && second.status == 201, "\(first.body) \(second.body)")
            #expect(first.json["id"] as? Int != second.json["id"] as? Int)
            #expect(first.json["sha256"] as? String == second.json["sha256"] as? String)
            #expect(second.json["filename"] as? String == "b.dat" && second.json["contentType"] as? String == "image/png")
            #expect(try await Self.counts(node) == (2, 1, 3))

            // Eight agents' worth of the same new file at once: all stored, one blob.
            let other = Self.randomBytes(300 * 1024)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<8 {
                    group.addTask {
                        try await node.upload(other, query: "filename=same-\(index).bin", host: Self.host,
                                              headers: index.isMultiple(of: 2) ? Self.admin : Self.limited).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 201, count: 8))
            #expect(try await Self.counts(node) == (10, 2, 5))

            // The bytes stay while any upload refers to them, and go with the last.
            let firstID = try #require(first.json["id"] as? Int)
            let secondID = try #require(second.json["id"] as? Int)
            #expect(try await node.request(.DELETE, "/api/v1/attachments/\(secondID)", host: Self.host, headers: Self.admin).status == 404,
                    "only its uploader deletes it")
            #expect(try await node.request(.DELETE, "/api/v1/attachments/\(firstID)", host: Self.host, headers: Self.admin).status == 204)
            #expect(try await Self.counts(node) == (9, 2, 5))
            #expect(try await node.request(.DELETE, "/api/v1/attachments/\(secondID)", host: Self.host, headers: Self.limited).status == 204)
            #expect(try await Self.counts(node) == (8, 1, 2))
            #expect(try await node.request(.GET, "/api/v1/attachments/\(secondID)", host: Self.host, headers: Self.limited).status == 404)
        }
    }

    @Test("over the size limit is 413 and stores nothing; empty bodies and bad names are 422")
    func limitsAndNames() async throws {
        try await Self.withNode(["SB_ATTACHMENT_MAX_BYTES": String(1 << 20)]) { node in
            let tooBig = Self.randomBytes((1 << 20) + 1)
            for chunked in [false, true] {
                let refused = try await node.upload(tooBig, query: "filename=big.bin", host: Self.host, headers: Self.admin, chunked: chunked)
                #expect(refused.status == 413, "chunked: \(chunked)")
                #expect(refused.headers["Content-Type"].first == "application/problem+json")
                #expect(refused.body.contains("1048576"))
            }
            #expect(try await Self.counts(node) == (0, 0, 0), "nothing left of refused uploads")
            let exact = try await node.upload(Array(tooBig.dropLast()), query: "filename=exact.bin", host: Self.host, headers: Self.admin,
                                              chunked: true)
            #expect(exact.status == 201)
            #expect(try await Self.counts(node) == (1, 1, 4))

            let empty = try await node.upload([], query: "filename=empty.txt", host: Self.host, headers: Self.admin)
            #expect(empty.status == 422 && empty.body.contains(#""field":"body""#), "\(empty.body)")
            let emptyChunked = try await node.upload([], query: "filename=empty.txt", host: Self.host, headers: Self.admin, chunked: true)
            #expect(emptyChunked.status == 422, "\(emptyChunked.body)")
            for query in ["", "filename=", "filename=a%00b", "filename=line%0Abreak", "filename=..", "filename=dir/",
                          "filename=" + String(repeating: "x", count: 256)] {
                let refused = try await node.upload(Array("x".utf8), query: query, host: Self.host, headers: Self.admin)
                #expect(refused.status == 422 && refused.body.contains(#""field":"filename""#), "\(query): \(refused.body)")
            }
            let pathy = try await node.upload(Array("x".utf8), query: "filename=..%2F..%2Fetc%5Cpasswd", host: Self.host, headers: Self.admin)
            #expect(pathy.json["filename"] as? String == "passwd")
            #expect(try await Self.counts(node) == (2, 2, 5))
            // One tenant's key uploads nothing to another.
            #expect(try await node.upload(Array("x".utf8), query: "filename=a", host: "beta.sb.test", headers: Self.admin).status == 401)
            #expect(try await Self.counts(node) == (2, 2, 5))
        }
    }

    @Test("attachments named on a message must be the caller's own uploads, on no message yet")
    func badAttachmentIDs() async throws {
        try await Self.withNode { node in
            let ref = try #require(try await Self.create(node, "Support").json["ref"] as? Int)
            let mine = try #require(try await node.upload([1, 2, 3], query: "filename=mine", host: Self.host, headers: Self.admin).json["id"] as? Int)
            let theirs = try #require(try await node.upload([4, 5, 6], query: "filename=theirs", host: Self.host, headers: Self.limited).json["id"] as? Int)
            func refused(_ result: HTTPResult) -> Bool { result.status == 422 && result.body.contains(#""field":"attachments""#) }

            #expect(refused(try await Self.attach(node, ref: ref, [999_999])))
            #expect(refused(try await Self.attach(node, ref: ref, [mine, theirs])), "someone else's upload")
            #expect(refused(try await Self.attach(node, ref: ref, Array(repeating: mine, count: 51))), "too many")
            let before = try await node.request(.GET, "/api/v1/tickets", host: Self.host, headers: Self.admin)
            #expect(refused(try await Self.create(node, "Support", json: #","attachments":[\#(theirs)]"#)))
            let after = try await node.request(.GET, "/api/v1/tickets", host: Self.host, headers: Self.admin)
            #expect((after.json["tickets"] as? [Any])?.count == (before.json["tickets"] as? [Any])?.count, "no ticket opened")
            let detail = try await node.request(.GET, "/api/v1/tickets/\(ref)", host: Self.host, headers: Self.admin)
            #expect((detail.json["messages"] as? [Any])?.count == 1, "no refused message was added")

            #expect(try await Self.attach(node, ref: ref, [mine, mine]).status == 201, "repeats count once")
            #expect(refused(try await Self.attach(node, ref: ref, [mine])), "already on a message")
            #expect(try await node.request(.DELETE, "/api/v1/attachments/\(mine)", host: Self.host, headers: Self.admin).status == 409)
        }
    }

    @Test("another tenant, and agents who may not see the ticket, find nothing; viewers read but do not delete")
    func access() async throws {
        try await Self.withNode { node in
            let created = try await Self.create(node, "Restricted")
            let ref = try #require(created.json["ref"] as? Int)
            let id = try #require(try await node.upload(Array("secret".utf8), query: "filename=salaries.csv", host: Self.host,
                                                        headers: Self.admin).json["id"] as? Int)
            #expect(try await Self.attach(node, ref: ref, [id]).status == 201)
            let download = "/api/v1/tickets/\(ref)/attachments/\(id)"
            let metadata = "/api/v1/attachments/\(id)"

            for (host, headers) in [(Self.host, Self.limited), ("beta.sb.test", PermissionProbeTests.beta)] {
                let hidden = try await node.download(download, host: host, headers: headers)
                #expect(hidden.status == 404 && !String(decoding: hidden.bytes, as: UTF8.self).contains("secret"))
                #expect(try await node.request(.GET, metadata, host: host, headers: headers).status == 404)
                #expect(try await node.request(.DELETE, metadata, host: host, headers: headers).status == 404)
            }
            let viewed = try await node.download(download, host: Self.host, headers: Self.viewer)
            #expect(viewed.status == 200 && viewed.bytes == Array("secret".utf8))
            #expect(try await node.request(.DELETE, metadata, host: Self.host, headers: Self.viewer).status == 403)
            #expect(try await node.request(.DELETE, metadata, host: Self.host, headers: Self.admin).status == 409)

            // An upload on no message is its uploader's alone.
            let loose = try #require(try await node.upload([7], query: "filename=loose", host: Self.host, headers: Self.admin).json["id"] as? Int)
            #expect(try await node.request(.GET, "/api/v1/attachments/\(loose)", host: Self.host, headers: Self.viewer).status == 404)
            #expect(try await node.request(.GET, "/api/v1/attachments/\(loose)", host: Self.host, headers: Self.admin).status == 200)
            #expect(try await node.download("/api/v1/tickets/\(ref)/attachments/\(loose)", host: Self.host, headers: Self.admin).status == 404)
        }
    }

    @Test("attachments go with their message when its ticket is merged into another")
    func followMerges() async throws {
        try await Self.withNode { node in
            let target = try #require(try await Self.create(node, "Support").json["ref"] as? Int)
            let source = try #require(try await Self.create(node, "Support").json["ref"] as? Int)
            let id = try #require(try await node.upload(Array("log".utf8), query: "filename=log.txt", host: Self.host,
                                                        headers: Self.admin).json["id"] as? Int)
            #expect(try await Self.attach(node, ref: source, [id]).status == 201)
            let merged = try await node.request(.POST, "/api/v1/tickets/\(target)/merge", host: Self.host, headers: Self.admin,
                                                json: #"{"from":\#(source)}"#)
            #expect(merged.status == 200, "\(merged.body)")
            let moved = try await node.download("/api/v1/tickets/\(target)/attachments/\(id)", host: Self.host, headers: Self.admin)
            #expect(moved.status == 200 && moved.bytes == Array("log".utf8))
            #expect(try await node.download("/api/v1/tickets/\(source)/attachments/\(id)", host: Self.host, headers: Self.admin).status == 404)
            let metadata = try await node.request(.GET, "/api/v1/attachments/\(id)", host: Self.host, headers: Self.admin)
            #expect(metadata.json["ticketRef"] as? Int == target)
        }
    }
}

extension TestNode {
    /// Uploads `bytes` as the raw body, with a length or (`chunked`) without one.
    func upload(
        _ bytes: [UInt8], query: String = "", host: String, headers: [(String, String)], contentType: String = "application/octet-stream",
        chunked: Bool = false
    ) async throws -> HTTPResult {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/v1/attachments\(query.isEmpty ? "" : "?" + query)")
        request.method = .POST
        request.headers.replaceOrAdd(name: "Host", value: host)
        request.headers.add(name: "Content-Type", value: contentType)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if chunked {
            let pieces = stride(from: 0, to: bytes.count, by: 100_000).map { ByteBuffer(bytes: bytes[$0..<min($0 + 100_000, bytes.count)]) }
            request.body = .stream(AsyncStream { continuation in
                for piece in pieces { continuation.yield(piece) }
                continuation.finish()
            }, length: .unknown)
        } else {
            request.body = .bytes(ByteBuffer(bytes: bytes))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 1 << 20)
        return HTTPResult(status: Int(response.status.code), headers: response.headers, body: String(buffer: body))
    }

    /// A GET whose body is read as bytes.
    func download(_ path: String, host: String, headers: [(String, String)]) async throws -> (status: Int, headers: HTTPHeaders, bytes: [UInt8]) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.headers.replaceOrAdd(name: "Host", value: host)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 64 << 20)
        return (Int(response.status.code), response.headers, Array(body.readableBytesView))
    }
}
