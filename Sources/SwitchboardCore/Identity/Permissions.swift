/// What an agent, or an API key acting as one, may do.
public struct Permissions: OptionSet, Sendable, Hashable, Codable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let read = Permissions(rawValue: 1 << 0)
    public static let write = Permissions(rawValue: 1 << 1)
    public static let admin = Permissions(rawValue: 1 << 2)

    public static let agent: Permissions = [.read, .write]
    public static let all: Permissions = [.read, .write, .admin]

    /// Stable names used in manifests, the API and the database.
    public static let names: [(String, Permissions)] = [("read", .read), ("write", .write), ("admin", .admin)]

    public init(names: [String]) throws(IdentityError) {
        var result: Permissions = []
        for name in names {
            guard let match = Self.names.first(where: { $0.0 == name }) else { throw .unknownScope(name) }
            result.insert(match.1)
        }
        self = result
    }

    public var names: [String] { Self.names.filter { contains($0.1) }.map(\.0) }
}

public enum IdentityError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownScope(String)
    case invalidEmail(String)
    case weakPassword(String)

    public var description: String {
        switch self {
        case .unknownScope(let name): "unknown scope \"\(name)\" (expected read, write or admin)"
        case .invalidEmail(let email): "\"\(email)\" is not an email address"
        case .weakPassword(let why): "password \(why)"
        }
    }
}
