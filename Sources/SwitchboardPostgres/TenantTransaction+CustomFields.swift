import Foundation
import PostgresNIO
import SwitchboardCore

extension TenantTransaction {
    private static let fieldColumns = "id, entity, key, label, kind, is_required, is_agent_only, choices, pattern, position, departments"
    private typealias FieldRow = (Int64, String, String, String, String, Bool, Bool, [String], String?, Int32, [Int64])

    /// The tenant's fields for `entity`, in form order.
    public func customFields(entity: CustomField.Entity) async throws -> [CustomField] {
        try await all(
            "SELECT \(unescaped: Self.fieldColumns) FROM custom_fields WHERE entity = \(entity.rawValue) ORDER BY position, id",
            as: FieldRow.self
        ).compactMap(Self.makeField)
    }

    public func customField(id: Int64) async throws -> CustomField? {
        try await first("SELECT \(unescaped: Self.fieldColumns) FROM custom_fields WHERE id = \(id)", as: FieldRow.self)
            .flatMap(Self.makeField)
    }

    /// Creates the field (`id` nil) or replaces its definition; nil when the key is taken or
    /// the field is gone.
    public func saveCustomField(_ field: CustomField, id: Int64?) async throws -> CustomField? {
        if try await first(
            "SELECT 1 FROM custom_fields WHERE entity = \(field.entity.rawValue) AND key = \(field.key) AND id IS DISTINCT FROM \(id)",
            as: Int.self
        ) != nil { return nil }
        let row: FieldRow?
        if let id {
            row = try await first(
                """
                UPDATE custom_fields SET key = \(field.key), label = \(field.label), kind = \(field.kind.rawValue),
                       is_required = \(field.isRequired), is_agent_only = \(field.isAgentOnly), choices = \(field.choices),
                       pattern = \(field.pattern), position = \(Int32(clamping: field.position)), departments = \(field.departments)
                WHERE id = \(id) AND entity = \(field.entity.rawValue)
                RETURNING \(unescaped: Self.fieldColumns)
                """,
                as: FieldRow.self
            )
        } else {
            row = try await first(
                """
                INSERT INTO custom_fields (tenant_id, entity, key, label, kind, is_required, is_agent_only, choices, pattern, position, departments)
                VALUES (\(tenantID.rawValue), \(field.entity.rawValue), \(field.key), \(field.label), \(field.kind.rawValue),
                        \(field.isRequired), \(field.isAgentOnly), \(field.choices), \(field.pattern), \(Int32(clamping: field.position)),
                        \(field.departments))
                RETURNING \(unescaped: Self.fieldColumns)
                """,
                as: FieldRow.self
            )
        }
        return row.flatMap(Self.makeField)
    }

    /// Deletes the definition; values already stored on records stay in their history.
    public func deleteCustomField(id: Int64) async throws -> Bool {
        try await first("DELETE FROM custom_fields WHERE id = \(id) RETURNING 1", as: Int.self) != nil
    }

    /// The ids of departments with these names; nil when one does not exist.
    public func departmentIDs(named names: [String]) async throws -> [Int64]? {
        var ids: [Int64] = []
        for name in names {
            guard let id = try await departmentID(named: name) else { return nil }
            ids.append(id)
        }
        return ids
    }

    public func departmentNames(ids: [Int64]) async throws -> [String] {
        guard !ids.isEmpty else { return [] }
        return try await all("SELECT name FROM departments WHERE id = ANY(\(ids)::int8[]) ORDER BY name", as: String.self)
    }

    private static func makeField(_ row: FieldRow) -> CustomField? {
        guard let entity = CustomField.Entity(rawValue: row.1), let kind = CustomField.Kind(rawValue: row.4) else { return nil }
        return CustomField(
            id: row.0, entity: entity, key: row.2, label: row.3, kind: kind, isRequired: row.5, isAgentOnly: row.6, choices: row.7,
            pattern: row.8, position: Int(row.9), departments: row.10
        )
    }
}
