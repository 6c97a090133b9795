import Foundation
import PostgresNIO
import SwitchboardCore

/// A person as written by the API, already validated.
public struct PersonDraft: Sendable, Hashable {
    public var name: String
    /// Normalised, without duplicates; the first is the primary.
    public var emails: [String]
    public var phone: String?
    public var identities: [Person.Identity]
    public var locale: String?
    public var timeZone: String?
    public var usergroups: [Int64]
    /// Custom field values, checked against the person fields.
    public var fields: [String: JSONValue] = [:]

    public init(
        name: String, emails: [String] = [], phone: String? = nil, identities: [Person.Identity] = [], locale: String? = nil,
        timeZone: String? = nil, usergroups: [Int64] = []
    ) {
        self.name = name
        self.emails = emails
        self.phone = phone
        self.identities = identities
        self.locale = locale
        self.timeZone = timeZone
        self.usergroups = usergroups
    }
}

/// A partial change to a person: nil leaves a part as it is; for the optional texts an empty
/// string clears them.
public struct PersonChange: Sendable, Hashable {
    public var name: String?
    public var emails: [String]?
    public var phone: String?
    public var identities: [Person.Identity]?
    public var locale: String?
    public var timeZone: String?
    public var usergroups: [Int64]?
    /// The whole new document of custom field values, checked against the person fields.
    public var fields: [String: JSONValue]?

    public init(
        name: String? = nil, emails: [String]? = nil, phone: String? = nil, identities: [Person.Identity]? = nil,
        locale: String? = nil, timeZone: String? = nil, usergroups: [Int64]? = nil
    ) {
        self.name = name
        self.emails = emails
        self.phone = phone
        self.identities = identities
        self.locale = locale
        self.timeZone = timeZone
        self.usergroups = usergroups
    }
}

/// Why a change to people was not made. Nothing is written when one is returned.
public enum PeopleProblem: Error, Sendable, Hashable {
    case notFound
    /// The address belongs to another person.
    case emailTaken(String)
    case identityTaken(Person.Identity)
    case unknownUsergroup(Int64)
    case unknownOrganisation(Int64)
    case unknownPerson(Int64)
    case samePerson
    case nameTaken
    case domainTaken
    case patternTaken
}

/// What the people list selects.
public struct PeopleFilter: Sendable, Hashable {
    /// A prefix of a name or of an email address, any case.
    public var prefix: String?
    public var organisationID: Int64?
    public var usergroupID: Int64?

    public init(prefix: String? = nil, organisationID: Int64? = nil, usergroupID: Int64? = nil) {
        self.prefix = prefix
        self.organisationID = organisationID
        self.usergroupID = usergroupID
    }
}

extension TenantTransaction {
    typealias PersonRow = (
        Int64, String, String?, String?, String?, Date, Date, [String], String?, [String], [String], [Int64], [String], [Int64], [Int64],
        [String], String
    )

    /// The columns `makePerson` reads, for a query over `people p`.
    private static let personColumns = """
        p.id, p.name, p.phone, p.locale, p.time_zone, p.created_at, p.updated_at,
        COALESCE((SELECT array_agg(e.email ORDER BY e.is_primary DESC, e.email) FROM person_emails e
                  WHERE e.tenant_id = p.tenant_id AND e.person_id = p.id), '{}'),
        (SELECT e.email FROM person_emails e WHERE e.tenant_id = p.tenant_id AND e.person_id = p.id AND e.is_primary),
        COALESCE((SELECT array_agg(i.kind ORDER BY i.kind, i.value) FROM person_identities i
                  WHERE i.tenant_id = p.tenant_id AND i.person_id = p.id), '{}'),
        COALESCE((SELECT array_agg(i.value ORDER BY i.kind, i.value) FROM person_identities i
                  WHERE i.tenant_id = p.tenant_id AND i.person_id = p.id), '{}'),
        COALESCE((SELECT array_agg(o.id ORDER BY m.is_primary DESC, o.name, o.id) FROM organisation_members m
                  JOIN organisations o ON o.tenant_id = m.tenant_id AND o.id = m.organisation_id
                  WHERE m.tenant_id = p.tenant_id AND m.person_id = p.id), '{}'),
        COALESCE((SELECT array_agg(o.name ORDER BY m.is_primary DESC, o.name, o.id) FROM organisation_members m
                  JOIN organisations o ON o.tenant_id = m.tenant_id AND o.id = m.organisation_id
                  WHERE m.tenant_id = p.tenant_id AND m.person_id = p.id), '{}'),
        COALESCE((SELECT array_agg(m.organisation_id) FROM organisation_members m
                  WHERE m.tenant_id = p.tenant_id AND m.person_id = p.id AND m.is_primary), '{}'),
        COALESCE((SELECT array_agg(g.id ORDER BY g.name, g.id) FROM usergroup_members u
                  JOIN usergroups g ON g.tenant_id = u.tenant_id AND g.id = u.usergroup_id
                  WHERE u.tenant_id = p.tenant_id AND u.person_id = p.id), '{}'),
        COALESCE((SELECT array_agg(g.name ORDER BY g.name, g.id) FROM usergroup_members u
                  JOIN usergroups g ON g.tenant_id = u.tenant_id AND g.id = u.usergroup_id
                  WHERE u.tenant_id = p.tenant_id AND u.person_id = p.id), '{}'),
        p.fields::text
        """

    /// A page of people, newest first, after `cursor`.
    public func people(_ filter: PeopleFilter, after cursor: IDCursor?, limit: Int) async throws -> [Person] {
        let like = filter.prefix.map { Self.likePrefix($0.lowercased()) }
        return try await all(
            """
            SELECT \(unescaped: Self.personColumns) FROM people p
            WHERE (\(cursor?.id)::int8 IS NULL OR p.id < \(cursor?.id))
              AND (\(filter.organisationID)::int8 IS NULL OR p.id IN (
                    SELECT person_id FROM organisation_members WHERE organisation_id = \(filter.organisationID)))
              AND (\(filter.usergroupID)::int8 IS NULL OR p.id IN (
                    SELECT person_id FROM usergroup_members WHERE usergroup_id = \(filter.usergroupID)))
              AND (\(like)::text IS NULL OR p.id IN (
                    SELECT id FROM people WHERE lower(name) LIKE \(like)
                    UNION SELECT person_id FROM person_emails WHERE email LIKE \(like)))
            ORDER BY p.id DESC LIMIT \(Int32(clamping: limit))
            """,
            as: PersonRow.self
        ).map(Self.makePerson)
    }

    /// The names of the people with these ids (those that exist).
    public func personNames(ids: [Int64]) async throws -> [Int64: String] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await all("SELECT id, name FROM people WHERE id = ANY(\(ids)::int8[])", as: (Int64, String).self)
        return Dictionary(rows.map { ($0.0, $0.1) }, uniquingKeysWith: { first, _ in first })
    }

    public func person(id: Int64) async throws -> Person? {
        try await first("SELECT \(unescaped: Self.personColumns) FROM people p WHERE p.id = \(id)", as: PersonRow.self)
            .map(Self.makePerson)
    }

    /// The person who has this address, if anyone does.
    public func person(email: String) async throws -> Person? {
        guard let id = try await first("SELECT person_id FROM person_emails WHERE email = \(email.lowercased())", as: Int64.self)
        else { return nil }
        return try await person(id: id)
    }

    /// Creates a person; they join the organisations whose CRM rules name their addresses' domains.
    public func createPerson(_ draft: PersonDraft) async throws -> Result<Person, PeopleProblem> {
        if let problem = try await ownershipProblem(emails: draft.emails, identities: draft.identities, usergroups: draft.usergroups, person: nil) {
            return .failure(problem)
        }
        guard let id = try await first(
            """
            INSERT INTO people (tenant_id, name, phone, locale, time_zone, fields)
            VALUES (\(tenantID.rawValue), \(draft.name), \(draft.phone), \(draft.locale), \(draft.timeZone), \(try Self.json(draft.fields))::jsonb)
            RETURNING id
            """,
            as: Int64.self
        ) else { throw PostgresStoreError.missingRow("person") }
        try await replaceEmails(of: id, with: draft.emails)
        try await replaceIdentities(of: id, with: draft.identities)
        try await replaceUsergroups(of: id, with: draft.usergroups)
        try await applyCRMRules(to: id, emails: draft.emails)
        guard let created = try await person(id: id) else { throw PostgresStoreError.missingRow("person") }
        return .success(created)
    }

    /// Changes what `change` names; new addresses bring the organisations their CRM rules name.
    public func updatePerson(id: Int64, _ change: PersonChange) async throws -> Result<Person, PeopleProblem> {
        guard try await first("SELECT 1 FROM people WHERE id = \(id) FOR UPDATE", as: Int.self) != nil else { return .failure(.notFound) }
        if let problem = try await ownershipProblem(
            emails: change.emails ?? [], identities: change.identities ?? [], usergroups: change.usergroups ?? [], person: id
        ) {
            return .failure(problem)
        }
        func cleared(_ text: String?) -> String? { text?.isEmpty == true ? nil : text }
        try await query(
            """
            UPDATE people SET
                name = COALESCE(\(change.name), name),
                phone = CASE WHEN \(change.phone)::text IS NULL THEN phone ELSE \(cleared(change.phone)) END,
                locale = CASE WHEN \(change.locale)::text IS NULL THEN locale ELSE \(cleared(change.locale)) END,
                time_zone = CASE WHEN \(change.timeZone)::text IS NULL THEN time_zone ELSE \(cleared(change.timeZone)) END,
                fields = COALESCE(\(try change.fields.map(Self.json))::jsonb, fields),
                updated_at = now()
            WHERE id = \(id)
            """
        )
        if let emails = change.emails {
            let before: [String] = try await all("SELECT email FROM person_emails WHERE person_id = \(id)", as: String.self)
            try await replaceEmails(of: id, with: emails)
            try await applyCRMRules(to: id, emails: emails.filter { !before.contains($0) })
        }
        if let identities = change.identities { try await replaceIdentities(of: id, with: identities) }
        if let usergroups = change.usergroups { try await replaceUsergroups(of: id, with: usergroups) }
        guard let updated = try await person(id: id) else { return .failure(.notFound) }
        return .success(updated)
    }

    /// Returns whether the person existed. Their tickets stay, with no person.
    public func deletePerson(id: Int64) async throws -> Bool {
        try await first("DELETE FROM people WHERE id = \(id) RETURNING 1", as: Int.self) != nil
    }

    /// Replaces the organisations the person belongs to; `primary` (one of them) defaults to the first.
    public func setOrganisations(of id: Int64, _ organisations: [Int64], primary: Int64?) async throws -> Result<Person, PeopleProblem> {
        guard try await first("SELECT 1 FROM people WHERE id = \(id) FOR UPDATE", as: Int.self) != nil else { return .failure(.notFound) }
        var unique: [Int64] = []
        for organisation in organisations where !unique.contains(organisation) { unique.append(organisation) }
        let known: [Int64] = try await all("SELECT id FROM organisations WHERE id = ANY(\(unique)::int8[])", as: Int64.self)
        if let missing = unique.first(where: { !known.contains($0) }) { return .failure(.unknownOrganisation(missing)) }
        let chosen = primary ?? unique.first
        try await query("DELETE FROM organisation_members WHERE person_id = \(id)")
        try await query(
            """
            INSERT INTO organisation_members (tenant_id, person_id, organisation_id, is_primary)
            SELECT \(tenantID.rawValue), \(id), o, o = \(chosen) FROM unnest(\(unique)::int8[]) AS o
            """
        )
        try await query("UPDATE people SET updated_at = now() WHERE id = \(id)")
        guard let updated = try await person(id: id) else { return .failure(.notFound) }
        return .success(updated)
    }

    /// Moves everything of `source` (addresses, identities, organisations, usergroups, tickets,
    /// log) to `target`, fills the target's empty settings from it, deletes it, and logs the merge.
    public func mergePeople(into target: Int64, from source: Int64, agent: Agent.ID?) async throws -> Result<Person, PeopleProblem> {
        guard target != source else { return .failure(.samePerson) }
        // Both rows locked in id order, so two merges of the same pair cannot deadlock.
        let locked = try await all("SELECT id FROM people WHERE id IN (\(target), \(source)) ORDER BY id FOR UPDATE", as: Int64.self)
        guard locked.contains(target) else { return .failure(.notFound) }
        guard locked.contains(source), let merged = try await person(id: source) else { return .failure(.unknownPerson(source)) }
        try await query("UPDATE person_emails SET is_primary = false WHERE person_id = \(source)")
        try await query("UPDATE person_emails SET person_id = \(target) WHERE person_id = \(source)")
        try await query("UPDATE person_identities SET person_id = \(target) WHERE person_id = \(source)")
        try await query(
            """
            INSERT INTO organisation_members (tenant_id, person_id, organisation_id, is_primary)
            SELECT tenant_id, \(target), organisation_id, false FROM organisation_members WHERE person_id = \(source)
            ON CONFLICT DO NOTHING
            """
        )
        try await query(
            """
            INSERT INTO usergroup_members (tenant_id, usergroup_id, person_id)
            SELECT tenant_id, usergroup_id, \(target) FROM usergroup_members WHERE person_id = \(source)
            ON CONFLICT DO NOTHING
            """
        )
        let tickets = try await all("UPDATE tickets SET person_id = \(target) WHERE person_id = \(source) RETURNING 1", as: Int.self).count
        try await query("UPDATE ticket_messages SET author_person_id = \(target) WHERE author_person_id = \(source)")
        try await query("UPDATE people_log SET person_id = \(target) WHERE person_id = \(source)")
        try await query(
            """
            UPDATE people t SET phone = COALESCE(t.phone, s.phone), locale = COALESCE(t.locale, s.locale),
                time_zone = COALESCE(t.time_zone, s.time_zone), updated_at = now()
            FROM people s WHERE t.id = \(target) AND s.id = \(source)
            """
        )
        try await query("DELETE FROM people WHERE id = \(source)")
        try await ensurePrimaries(of: target)
        let record = MergedPerson(id: source, name: merged.name, emails: merged.emails, tickets: Int64(tickets))
        let detail = String(decoding: try JSONEncoder().encode(record), as: UTF8.self)
        try await query(
            """
            INSERT INTO people_log (tenant_id, person_id, agent_id, action, detail)
            VALUES (\(tenantID.rawValue), \(target), \(agent?.rawValue), 'merge', \(detail)::jsonb)
            """
        )
        guard let result = try await person(id: target) else { return .failure(.notFound) }
        return .success(result)
    }

    /// The person's log, oldest first.
    public func peopleLog(person id: Int64) async throws -> [PeopleLogEntry] {
        try await all(
            "SELECT id, person_id, agent_id, action, detail::text, created_at FROM people_log WHERE person_id = \(id) ORDER BY id",
            as: (Int64, Int64, Int64?, String, String, Date).self
        ).map { row in
            let merged = row.3 == "merge" ? try? JSONDecoder().decode(MergedPerson.self, from: Data(row.4.utf8)) : nil
            return PeopleLogEntry(id: row.0, personID: row.1, agentID: row.2, action: row.3, merged: merged, createdAt: row.5)
        }
    }

    /// The first reason the addresses, identities or usergroups cannot be given to `person`
    /// (nil: a new person).
    private func ownershipProblem(emails: [String], identities: [Person.Identity], usergroups: [Int64], person: Int64?) async throws -> PeopleProblem? {
        if !emails.isEmpty {
            let owners = try await all(
                "SELECT email, person_id FROM person_emails WHERE email = ANY(\(emails)::text[])", as: (String, Int64).self
            )
            if let taken = emails.first(where: { email in owners.contains { $0.0 == email && $0.1 != person } }) {
                return .emailTaken(taken)
            }
        }
        for identity in identities {
            if let owner = try await first(
                "SELECT person_id FROM person_identities WHERE kind = \(identity.kind) AND value = \(identity.value)", as: Int64.self
            ), owner != person {
                return .identityTaken(identity)
            }
        }
        if !usergroups.isEmpty {
            let known: [Int64] = try await all("SELECT id FROM usergroups WHERE id = ANY(\(usergroups)::int8[])", as: Int64.self)
            if let missing = usergroups.first(where: { !known.contains($0) }) { return .unknownUsergroup(missing) }
        }
        return nil
    }

    private func replaceEmails(of id: Int64, with emails: [String]) async throws {
        try await query("DELETE FROM person_emails WHERE person_id = \(id) AND NOT (email = ANY(\(emails)::text[]))")
        try await query("UPDATE person_emails SET is_primary = false WHERE person_id = \(id) AND is_primary")
        try await query(
            """
            INSERT INTO person_emails (tenant_id, email, person_id, is_primary)
            SELECT \(tenantID.rawValue), e, \(id), n = 1 FROM unnest(\(emails)::text[]) WITH ORDINALITY AS a(e, n)
            ON CONFLICT (tenant_id, email) DO UPDATE SET is_primary = EXCLUDED.is_primary
            WHERE person_emails.person_id = EXCLUDED.person_id
            """
        )
    }

    private func replaceIdentities(of id: Int64, with identities: [Person.Identity]) async throws {
        try await query("DELETE FROM person_identities WHERE person_id = \(id)")
        try await query(
            """
            INSERT INTO person_identities (tenant_id, kind, value, person_id)
            SELECT DISTINCT \(tenantID.rawValue), k, v, \(id) FROM unnest(\(identities.map(\.kind))::text[], \(identities.map(\.value))::text[]) AS i(k, v)
            """
        )
    }

    private func replaceUsergroups(of id: Int64, with usergroups: [Int64]) async throws {
        try await query("DELETE FROM usergroup_members WHERE person_id = \(id)")
        try await query(
            """
            INSERT INTO usergroup_members (tenant_id, usergroup_id, person_id)
            SELECT DISTINCT \(tenantID.rawValue), g, \(id) FROM unnest(\(usergroups)::int8[]) AS g
            """
        )
    }

    /// Adds the person to the organisations whose rules name the addresses' domains; the first
    /// becomes their primary when they have none.
    private func applyCRMRules(to id: Int64, emails: [String]) async throws {
        let domains = emails.compactMap { $0.split(separator: "@").last.map(String.init) }
        guard !domains.isEmpty else { return }
        try await query(
            """
            INSERT INTO organisation_members (tenant_id, person_id, organisation_id, is_primary)
            SELECT DISTINCT \(tenantID.rawValue), \(id), organisation_id, false FROM crm_rules WHERE domain = ANY(\(domains)::text[])
            ON CONFLICT DO NOTHING
            """
        )
        try await ensurePrimaries(of: id)
    }

    /// Makes sure a person with addresses or organisations has a primary of each.
    private func ensurePrimaries(of id: Int64) async throws {
        try await query(
            """
            UPDATE person_emails SET is_primary = true
            WHERE person_id = \(id) AND email = (SELECT min(email) FROM person_emails WHERE person_id = \(id))
              AND NOT EXISTS (SELECT 1 FROM person_emails WHERE person_id = \(id) AND is_primary)
            """
        )
        try await query(
            """
            UPDATE organisation_members SET is_primary = true
            WHERE person_id = \(id) AND organisation_id = (SELECT min(organisation_id) FROM organisation_members WHERE person_id = \(id))
              AND NOT EXISTS (SELECT 1 FROM organisation_members WHERE person_id = \(id) AND is_primary)
            """
        )
    }

    /// `text` as a LIKE prefix pattern, its own wildcards escaped.
    static func likePrefix(_ text: String) -> String {
        var like = ""
        for character in text {
            if character == "\\" || character == "%" || character == "_" { like.append("\\") }
            like.append(character)
        }
        return like + "%"
    }

    private static func makePerson(_ row: PersonRow) -> Person {
        let identities = zip(row.9, row.10).map { Person.Identity(kind: $0, value: $1) }
        let primaries = Set(row.13)
        let organisations = zip(row.11, row.12).map { Person.Membership(id: $0, name: $1, primary: primaries.contains($0)) }
        let usergroups = zip(row.14, row.15).map { Usergroup(id: $0, name: $1) }
        return Person(
            id: Person.ID(rawValue: row.0), name: row.1, emails: row.7, primaryEmail: row.8, phone: row.2, identities: identities, locale: row.3,
            timeZone: row.4, organisations: organisations, usergroups: usergroups, fields: Self.fields(row.16), createdAt: row.5,
            updatedAt: row.6
        )
    }
}
