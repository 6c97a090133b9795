import AsyncHTTPClient
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOHTTP1
import SwitchboardPostgres

/// Posts a trigger's webhook: the event and the ticket as JSON. A refusal (no 2xx answer,
/// no answer in `timeout`) throws, and the job is retried with growing delays until its
/// attempts are spent, then shown to admins as failed.
struct WebhookSender: Sendable {
    /// Whether loopback, private and link-local addresses may be called (for a trusted network);
    /// otherwise a tenant's webhook cannot reach the deployment's own services.
    var allowPrivateAddresses: Bool
    var timeout: TimeAmount = .seconds(10)

    struct Refused: Error, CustomStringConvertible {
        var description: String
    }

    func deliver(_ payload: TenantTransaction.WebhookPayload, job: Int64) async throws {
        guard let url = URL(string: payload.url), let host = url.host, ["http", "https"].contains(url.scheme?.lowercased()) else {
            throw Refused(description: "not an http or https address: \(payload.url)")
        }
        if !allowPrivateAddresses, let address = try Self.privateAddress(of: host, port: url.port ?? (url.scheme == "https" ? 443 : 80)) {
            throw Refused(description: "\(host) is a private address (\(address)); webhooks may only call public ones")
        }
        var request = HTTPClientRequest(url: payload.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "Switchboard-Webhook")
        // The same delivery retried carries the same id, so receivers can drop repeats.
        request.headers.add(name: "Idempotency-Key", value: "trigger-webhook-\(job)")
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        request.body = .bytes(ByteBuffer(data: try encoder.encode(payload)))
        let response = try await HTTPClient.shared.execute(request, timeout: timeout)
        guard (200..<300).contains(response.status.code) else {
            throw Refused(description: "\(payload.url) answered \(response.status.code)")
        }
    }

    /// The first loopback, private, link-local or unspecified address `host` resolves to.
    static func privateAddress(of host: String, port: Int) throws -> String? {
        let addresses = resolve(host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")))
        guard !addresses.isEmpty else { throw Refused(description: "\(host) does not resolve") }
        return addresses.first(where: isPrivate).flatMap(\.ipAddress)
    }

    /// Every address `host` resolves to.
    static func resolve(_ host: String) -> [SocketAddress] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list else { return [] }
        defer { freeaddrinfo(first) }
        var addresses: [SocketAddress] = []
        for entry in sequence(first: first, next: { $0.pointee.ai_next }) {
            guard let raw = entry.pointee.ai_addr else { continue }
            switch Int32(raw.pointee.sa_family) {
            case AF_INET:
                raw.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { addresses.append(SocketAddress($0.pointee, host: host)) }
            case AF_INET6:
                raw.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { addresses.append(SocketAddress($0.pointee, host: host)) }
            default: continue
            }
        }
        return addresses
    }

    static func isPrivate(_ address: SocketAddress) -> Bool {
        guard let text = address.ipAddress else { return true }
        if text.contains(":") {
            let lower = text.lowercased()
            return lower == "::1" || lower == "::" || lower.hasPrefix("fe80:") || lower.hasPrefix("fc") || lower.hasPrefix("fd")
                || lower.hasPrefix("::ffff:") && isPrivateIPv4(String(lower.dropFirst(7)))
        }
        return isPrivateIPv4(text)
    }

    static func isPrivateIPv4(_ text: String) -> Bool {
        let parts = text.split(separator: ".").compactMap { Int($0) }
        guard parts.count == 4 else { return true }
        switch (parts[0], parts[1]) {
        case (0, _), (10, _), (127, _), (169, 254), (192, 168), (100, 64...127): return true
        case (172, 16...31): return true
        default: return parts[0] >= 224
        }
    }
}
