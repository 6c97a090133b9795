import Foundation
import PostgresNIO
import SwitchboardCore

extension TenantTransaction {
    private typealias OrganisationRow = (Int64, String, Int64, Date, Date, String)

    private static let organisationColumns = """
        o.id, o.name,
        (SELECT count(*) FROM organisation_members m WHERE m.tenant_id = o.tenant_id AND m.organisation_id = o.id),
        o.created_at, o.updated_at, o.fields::text
        """

    /// A page of organisations, newest first, after `cursor`; `prefix` matches names in any case.
    public func organisations(prefix: String?, after cursor: IDCursor?, limit: Int) async throws -> [Organisation] {
        let like = prefix.map { Self.likePrefix($0.lowercased()) }
        return try await all(
            """
            SELECT \(unescaped: Self.organisationColumns) FROM organisations o
            WHERE (\(cursor?.id)::int8 IS NULL OR o.id < \(cursor?.id))
              AND (\(like)::text IS NULL OR lower(o.name) LIKE \(like))
            ORDER BY o.id DESC LIMIT \(Int32(clamping: limit))
            """,
            as: OrganisationRow.self
        ).map(Self.makeOrganisation)
    }

    public func organisation(id: Int64) async throws -> Organisation? {
        try await first("SELECT \(unescaped: Self.organisationColumns) FROM organisations o WHERE o.id = \(id)", as: OrganisationRow.self)
            .map(Self.makeOrganisation)
    }

    /// Creates an organisation, or renames the one `id` names and (given `fields`) replaces its
    /// custom field values. Names are unique in any case.
    public func saveOrganisation(id: Int64?, name: String, fields: [String: JSONValue]? = nil) async throws -> Result<Organisation, PeopleProblem> {
        let fieldsJSON = try fields.map(Self.json)
        if try await first("SELECT 1 FROM organisations WHERE lower(name) = lower(\(name)) AND id IS DISTINCT FROM \(id)", as: Int.self) != nil {
            return .failure(.nameTaken)
        }
        let saved: Int64?
        if let id {
            saved = try await first(
                """
                UPDATE organisations SET name = \(name), fields = COALESCE(\(fieldsJSON)::jsonb, fields), updated_at = now()
                WHERE id = \(id) RETURNING id
                """,
                as: Int64.self
            )
        } else {
            saved = try await first(
                """
                INSERT INTO organisations (tenant_id, name, fields) VALUES (\(tenantID.rawValue), \(name), COALESCE(\(fieldsJSON)::jsonb, '{}'))
                RETURNING id
                """,
                as: Int64.self
            )
        }
        guard let saved, let organisation = try await organisation(id: saved) else { return .failure(.notFound) }
        return .success(organisation)
    }

    /// Returns whether it existed; its members stay, without it (and without its CRM rules).
    public func deleteOrganisation(id: Int64) async throws -> Bool {
        let bereft = try await all("SELECT person_id FROM organisation_members WHERE organisation_id = \(id) AND is_primary", as: Int64.self)
        guard try await first("DELETE FROM organisations WHERE id = \(id) RETURNING 1", as: Int.self) != nil else { return false }
        // Members whose primary organisation this was get their first remaining one as primary.
        try await query(
            """
            UPDATE organisation_members m SET is_primary = true
            WHERE m.person_id = ANY(\(bereft)::int8[])
              AND m.organisation_id = (SELECT min(n.organisation_id) FROM organisation_members n WHERE n.person_id = m.person_id)
            """
        )
        return true
    }

    private static func makeOrganisation(_ row: OrganisationRow) -> Organisation {
        Organisation(id: row.0, name: row.1, memberCount: row.2, fields: fields(row.5), createdAt: row.3, updatedAt: row.4)
    }

    // MARK: Usergroups

    public func usergroups() async throws -> [Usergroup] {
        try await all("SELECT id, name FROM usergroups ORDER BY name, id", as: (Int64, String).self).map { Usergroup(id: $0.0, name: $0.1) }
    }

    public func usergroup(id: Int64) async throws -> Usergroup? {
        try await first("SELECT id, name FROM usergroups WHERE id = \(id)", as: (Int64, String).self).map { Usergroup(id: $0.0, name: $0.1) }
    }

    public func createUsergroup(name: String) async throws -> Result<Usergroup, PeopleProblem> {
        guard let id = try await first(
            """
            INSERT INTO usergroups (tenant_id, name) VALUES (\(tenantID.rawValue), \(name))
            ON CONFLICT (tenant_id, name) DO NOTHING RETURNING id
            """,
            as: Int64.self
        ) else { return .failure(.nameTaken) }
        return .success(Usergroup(id: id, name: name))
    }

    /// Returns whether it existed.
    public func deleteUsergroup(id: Int64) async throws -> Bool {
        try await first("DELETE FROM usergroups WHERE id = \(id) RETURNING 1", as: Int.self) != nil
    }

    // MARK: CRM rules

    public func crmRules() async throws -> [CRMRule] {
        try await all(
            """
            SELECT r.id, r.domain, o.id, o.name FROM crm_rules r
            JOIN organisations o ON o.tenant_id = r.tenant_id AND o.id = r.organisation_id
            ORDER BY r.domain
            """,
            as: (Int64, String, Int64, String).self
        ).map { CRMRule(id: $0.0, domain: $0.1, organisationID: $0.2, organisationName: $0.3) }
    }

    /// A rule for a lower-case domain; one rule per domain.
    public func createCRMRule(domain: String, organisationID: Int64) async throws -> Result<CRMRule, PeopleProblem> {
        guard let organisation = try await organisation(id: organisationID) else { return .failure(.unknownOrganisation(organisationID)) }
        guard let id = try await first(
            """
            INSERT INTO crm_rules (tenant_id, domain, organisation_id) VALUES (\(tenantID.rawValue), \(domain), \(organisationID))
            ON CONFLICT (tenant_id, domain) DO NOTHING RETURNING id
            """,
            as: Int64.self
        ) else { return .failure(.domainTaken) }
        return .success(CRMRule(id: id, domain: domain, organisationID: organisationID, organisationName: organisation.name))
    }

    /// Returns whether it existed. People it linked stay in the organisation.
    public func deleteCRMRule(id: Int64) async throws -> Bool {
        try await first("DELETE FROM crm_rules WHERE id = \(id) RETURNING 1", as: Int.self) != nil
    }
}
