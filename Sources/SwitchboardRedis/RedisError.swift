/// Failures of the Redis client. Every one of them is a reason to degrade, never to hang.
public enum RedisError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Redis answered with an error reply (`-ERR ...`).
    case server(String)
    /// The command got no answer in time; its connection was closed so replies cannot get out of step.
    case timeout
    /// No connection could be made recently; the client is backing off before the next attempt.
    case unavailable(String)
    /// The connection closed before the reply arrived.
    case connectionClosed
    /// Redis sent bytes that are not RESP.
    case protocolError(String)
    /// A reply had a shape the caller did not expect.
    case unexpectedReply(String)
    case invalidURL(String)

    public var description: String {
        switch self {
        case .server(let message): "redis: \(message)"
        case .timeout: "redis: command timed out"
        case .unavailable(let why): "redis unavailable: \(why)"
        case .connectionClosed: "redis: connection closed"
        case .protocolError(let why): "redis protocol error: \(why)"
        case .unexpectedReply(let what): "redis: unexpected reply: \(what)"
        case .invalidURL(let why): "invalid Redis URL: \(why)"
        }
    }
}
