import Foundation
import PostgresNIO

/// Where PostgreSQL is, parsed from a `postgres://user:password@host:port/database` URL.
public struct DatabaseConfiguration: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var maximumConnections: Int

    public init(host: String, port: Int, username: String, password: String?, database: String, maximumConnections: Int = 20) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.maximumConnections = maximumConnections
    }

    public init(url string: String) throws(DatabaseConfigurationError) {
        guard let components = URLComponents(string: string), ["postgres", "postgresql"].contains(components.scheme ?? "") else {
            throw DatabaseConfigurationError(message: "expected postgres://user:password@host:port/database")
        }
        guard let host = components.host, !host.isEmpty else { throw DatabaseConfigurationError(message: "no host") }
        guard let user = components.user, !user.isEmpty else { throw DatabaseConfigurationError(message: "no user name") }
        let database = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        guard !database.isEmpty else { throw DatabaseConfigurationError(message: "no database name") }
        self.init(
            host: host, port: components.port ?? 5432, username: user.removingPercentEncoding ?? user,
            password: components.password?.removingPercentEncoding, database: database
        )
        if let value = components.queryItems?.first(where: { $0.name == "max_connections" })?.value {
            guard let maximum = Int(value), maximum > 0 else {
                throw DatabaseConfigurationError(message: "max_connections must be a positive number")
            }
            maximumConnections = maximum
        }
    }

    var clientConfiguration: PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: .disable
        )
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }
}

public struct DatabaseConfigurationError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
