import Foundation

/// Someone who contacts the helpdesk (a customer), as opposed to an agent.
public struct Person: Sendable, Hashable, Codable, Identifiable {
    public struct ID: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        public let rawValue: Int64
        public init(rawValue: Int64) { self.rawValue = rawValue }
        public var description: String { String(rawValue) }
    }

    public var id: ID
    public var name: String
    /// Lower-cased, the primary one first; each belongs to this person alone in the tenant.
    public var emails: [String]
    public var primaryEmail: String?
    public var phone: String?
    public var identities: [Identity]
    public var locale: String?
    public var timeZone: String?
    public var organisations: [Membership]
    public var usergroups: [Usergroup]
    /// Custom field values by key.
    public var fields: [String: JSONValue]
    public var createdAt: Date
    public var updatedAt: Date

    /// Another way to recognise the person: a chat handle, a social account.
    public struct Identity: Sendable, Hashable, Codable {
        public var kind: String
        public var value: String
        public init(kind: String, value: String) {
            self.kind = kind
            self.value = value
        }
    }

    /// An organisation the person belongs to.
    public struct Membership: Sendable, Hashable, Codable {
        public var id: Int64
        public var name: String
        public var primary: Bool
        public init(id: Int64, name: String, primary: Bool) {
            self.id = id
            self.name = name
            self.primary = primary
        }
    }

    public init(
        id: ID, name: String, emails: [String], primaryEmail: String?, phone: String?, identities: [Identity], locale: String?,
        timeZone: String?, organisations: [Membership], usergroups: [Usergroup], fields: [String: JSONValue] = [:], createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.name = name
        self.emails = emails
        self.primaryEmail = primaryEmail
        self.phone = phone
        self.identities = identities
        self.locale = locale
        self.timeZone = timeZone
        self.organisations = organisations
        self.usergroups = usergroups
        self.fields = fields
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A company or other body people belong to.
public struct Organisation: Sendable, Hashable, Codable {
    public var id: Int64
    public var name: String
    public var memberCount: Int64
    /// Custom field values by key.
    public var fields: [String: JSONValue]
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: Int64, name: String, memberCount: Int64, fields: [String: JSONValue] = [:], createdAt: Date, updatedAt: Date) {
        self.id = id
        self.name = name
        self.memberCount = memberCount
        self.fields = fields
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A named set of people (for permissions on the help center and for automation).
public struct Usergroup: Sendable, Hashable, Codable {
    public var id: Int64
    public var name: String
    public init(id: Int64, name: String) {
        self.id = id
        self.name = name
    }
}

/// People whose address is at `domain` join the organisation.
public struct CRMRule: Sendable, Hashable, Codable {
    public var id: Int64
    public var domain: String
    public var organisationID: Int64
    public var organisationName: String

    public init(id: Int64, domain: String, organisationID: Int64, organisationName: String) {
        self.id = id
        self.domain = domain
        self.organisationID = organisationID
        self.organisationName = organisationName
    }
}

/// A sender the helpdesk refuses.
public struct Ban: Sendable, Hashable, Codable {
    public var id: Int64
    public var kind: BanPattern.Kind
    public var pattern: String
    public var reason: String?
    public var createdAt: Date

    public init(id: Int64, kind: BanPattern.Kind, pattern: String, reason: String?, createdAt: Date) {
        self.id = id
        self.kind = kind
        self.pattern = pattern
        self.reason = reason
        self.createdAt = createdAt
    }
}

/// One recorded change to people, such as a merge.
public struct PeopleLogEntry: Sendable, Hashable, Codable {
    public var id: Int64
    public var personID: Int64
    public var agentID: Int64?
    public var action: String
    /// For a merge: the person merged into this one, as they were.
    public var merged: MergedPerson?
    public var createdAt: Date

    public init(id: Int64, personID: Int64, agentID: Int64?, action: String, merged: MergedPerson?, createdAt: Date) {
        self.id = id
        self.personID = personID
        self.agentID = agentID
        self.action = action
        self.merged = merged
        self.createdAt = createdAt
    }
}

/// A person merged away: who they were and what moved.
public struct MergedPerson: Sendable, Hashable, Codable {
    public var id: Int64
    public var name: String
    public var emails: [String]
    public var tickets: Int64

    public init(id: Int64, name: String, emails: [String], tickets: Int64) {
        self.id = id
        self.name = name
        self.emails = emails
        self.tickets = tickets
    }
}

/// A position in a list ordered newest first by id, as an opaque token.
public struct IDCursor: Sendable, Hashable {
    public var id: Int64

    public init(id: Int64) { self.id = id }

    public var token: String { Data("id.\(id)".utf8).base64EncodedString() }

    /// Nil for anything this API did not give out.
    public init?(token: String) {
        guard token.utf8.count <= 40, let data = Data(base64Encoded: token), let text = String(data: data, encoding: .utf8),
              text.hasPrefix("id."), let id = Int64(text.dropFirst(3)), id > 0
        else { return nil }
        self.id = id
    }
}
