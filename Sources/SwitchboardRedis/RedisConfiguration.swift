import Foundation

/// Where Redis is and how patiently to talk to it.
public struct RedisConfiguration: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var password: String?
    public var database: Int
    /// Connections in the command pool; commands are pipelined on each.
    public var poolSize: Int
    public var connectTimeout: Duration
    public var commandTimeout: Duration
    /// First wait after a failed connect; doubles up to `maximumBackoff`.
    public var initialBackoff: Duration
    public var maximumBackoff: Duration

    public init(
        host: String = "127.0.0.1", port: Int = 6379, password: String? = nil, database: Int = 0,
        poolSize: Int = 4, connectTimeout: Duration = .seconds(1), commandTimeout: Duration = .seconds(2),
        initialBackoff: Duration = .milliseconds(100), maximumBackoff: Duration = .seconds(5)
    ) {
        self.host = host
        self.port = port
        self.password = password
        self.database = database
        self.poolSize = poolSize
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
    }

    /// Parses `redis://[:password@]host[:port][/db]`.
    public init(url string: String) throws(RedisError) {
        guard let components = URLComponents(string: string), components.scheme == "redis" else {
            throw .invalidURL("expected redis://host:port[/db], got \"\(string)\"")
        }
        guard let host = components.host, !host.isEmpty else { throw .invalidURL("no host in \"\(string)\"") }
        self.init(host: host, port: components.port ?? 6379)
        if let password = components.password, !password.isEmpty { self.password = password }
        let path = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        if !path.isEmpty {
            guard let database = Int(path), database >= 0 else { throw .invalidURL("database \"\(path)\" is not a number") }
            self.database = database
        }
    }
}
