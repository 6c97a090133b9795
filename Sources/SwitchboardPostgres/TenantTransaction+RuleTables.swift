import Foundation
import PostgresNIO
import SwitchboardCore

/// Triggers and escalations are kept alike: a name unique in the tenant (ignoring case), a
/// place in the order, and the rule itself as one JSON document.
enum RuleTable: String {
    case triggers, escalations
}

extension TenantTransaction {
    /// The table's rules in order (`id` nil), or the one with `id`; rules that no longer decode
    /// are left out.
    func rules<Rule: Decodable>(_ table: RuleTable, id: Int64? = nil, as type: Rule.Type) async throws -> [(id: Int64, position: Int, rule: Rule)] {
        try await all(
            """
            SELECT id, position, definition::text FROM \(unescaped: table.rawValue)
            WHERE \(id)::bigint IS NULL OR id = \(id) ORDER BY position, id
            """,
            as: (Int64, Int32, String).self
        ).compactMap { row in
            (try? JSONDecoder().decode(Rule.self, from: Data(row.2.utf8))).map { (row.0, Int(row.1), $0) }
        }
    }

    /// Creates (`id` nil; last unless `position` says) or replaces a rule; its id and place, or
    /// nil when `id` names none.
    func saveRule<Rule: Encodable>(_ table: RuleTable, id: Int64?, name: String, rule: Rule, position: Int?) async throws
        -> Result<(id: Int64, position: Int), OrganisingProblem>?
    {
        if try await first(
            "SELECT 1 FROM \(unescaped: table.rawValue) WHERE lower(name) = lower(\(name)) AND (\(id)::bigint IS NULL OR id <> \(id))", as: Int.self
        ) != nil {
            return .failure(.nameTaken)
        }
        let definition = try Self.json(rule)
        let place = position.map { Int32(clamping: $0) }
        let saved: (Int64, Int32)? = if let id {
            try await first(
                """
                UPDATE \(unescaped: table.rawValue) SET name = \(name), definition = \(definition)::jsonb,
                       position = COALESCE(\(place), position), updated_at = now()
                WHERE id = \(id) RETURNING id, position
                """,
                as: (Int64, Int32).self
            )
        } else {
            try await first(
                """
                INSERT INTO \(unescaped: table.rawValue) (tenant_id, position, name, definition)
                VALUES (\(tenantID.rawValue), COALESCE(\(place), (SELECT COALESCE(max(position), 0) + 10 FROM \(unescaped: table.rawValue))),
                        \(name), \(definition)::jsonb)
                RETURNING id, position
                """,
                as: (Int64, Int32).self
            )
        }
        return saved.map { .success(($0.0, Int($0.1))) }
    }

    func deleteRule(_ table: RuleTable, id: Int64) async throws -> Bool {
        try await first("DELETE FROM \(unescaped: table.rawValue) WHERE id = \(id) RETURNING 1", as: Int.self) != nil
    }
}

/// Macros and snippets are kept alike: a name unique in the tenant (ignoring case) and the
/// thing itself as one JSON document, listed by name.
enum NamedTable: String {
    case macros, snippets
}

extension TenantTransaction {
    /// The table's documents by name (`id` nil), or the one with `id`.
    func documents<Document: Decodable>(_ table: NamedTable, id: Int64? = nil, as type: Document.Type) async throws -> [(id: Int64, document: Document)] {
        try await all(
            """
            SELECT id, definition::text FROM \(unescaped: table.rawValue)
            WHERE \(id)::bigint IS NULL OR id = \(id) ORDER BY lower(name), id
            """,
            as: (Int64, String).self
        ).compactMap { row in (try? JSONDecoder().decode(Document.self, from: Data(row.1.utf8))).map { (row.0, $0) } }
    }

    /// Creates (`id` nil) or replaces a document; its id, or nil when `id` names none.
    func saveDocument<Document: Encodable>(_ table: NamedTable, id: Int64?, name: String, document: Document) async throws
        -> Result<Int64, OrganisingProblem>?
    {
        if try await first(
            "SELECT 1 FROM \(unescaped: table.rawValue) WHERE lower(name) = lower(\(name)) AND (\(id)::bigint IS NULL OR id <> \(id))", as: Int.self
        ) != nil {
            return .failure(.nameTaken)
        }
        let definition = try Self.json(document)
        let saved: Int64? = if let id {
            try await first(
                "UPDATE \(unescaped: table.rawValue) SET name = \(name), definition = \(definition)::jsonb, updated_at = now() WHERE id = \(id) RETURNING id",
                as: Int64.self
            )
        } else {
            try await first(
                """
                INSERT INTO \(unescaped: table.rawValue) (tenant_id, name, definition) VALUES (\(tenantID.rawValue), \(name), \(definition)::jsonb)
                RETURNING id
                """,
                as: Int64.self
            )
        }
        return saved.map { .success($0) }
    }

    func deleteDocument(_ table: NamedTable, id: Int64) async throws -> Bool {
        try await first("DELETE FROM \(unescaped: table.rawValue) WHERE id = \(id) RETURNING 1", as: Int.self) != nil
    }
}
