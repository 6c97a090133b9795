import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardPostgres

/// `/api/v1/custom-fields`: the fields a tenant adds to tickets, people and organisations.
/// Every agent may read them (forms need them); administrators define them.
public struct CustomFieldController: Sendable {
    let database: Database
    let cache: CustomFieldCache

    public init(database: Database, cache: CustomFieldCache) {
        self.database = database
        self.cache = cache
    }

    /// A field as the API shows it: departments by name.
    struct FieldBody: ResponseCodable {
        var id: Int64
        var entity: CustomField.Entity
        var key: String
        var label: String
        var kind: CustomField.Kind
        var required: Bool
        var agentOnly: Bool
        var choices: [String]
        var pattern: String?
        var position: Int
        var departments: [String]
    }

    struct FieldList: ResponseCodable {
        var customFields: [FieldBody]
    }

    struct FieldInput: Codable, Sendable {
        var entity: CustomField.Entity
        var key: String
        var label: String
        var kind: CustomField.Kind
        var required: Bool?
        var agentOnly: Bool?
        var choices: [String]?
        var pattern: String?
        var position: Int?
        /// Department names whose ticket form shows it; none: every department.
        var departments: [String]?
    }

    public func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("custom-fields") { request, context in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.read)
            let entities = try request.uri.queryParameters["entity"].map { text -> [CustomField.Entity] in
                guard let entity = CustomField.Entity(rawValue: String(text)) else {
                    throw Problem.badRequest("entity must be ticket, person or organisation")
                }
                return [entity]
            } ?? CustomField.Entity.allCases
            return try await database.tenant(tenant.id).transaction { transaction in
                var bodies: [FieldBody] = []
                for entity in entities {
                    for field in try await transaction.customFields(entity: entity) {
                        bodies.append(try await Self.body(field, in: transaction))
                    }
                }
                return FieldList(customFields: bodies)
            }
        }
        group.get("custom-fields/{id}") { _, context in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.read)
            let id = try context.parameters.require("id", as: Int64.self)
            return try await database.tenant(tenant.id).transaction { transaction in
                guard let field = try await transaction.customField(id: id) else { throw Problem.notFound }
                return try await Self.body(field, in: transaction)
            }
        }
        group.post("custom-fields") { request, context -> EditedResponse<FieldBody> in
            EditedResponse(status: .created, response: try await save(id: nil, request: request, context: context))
        }
        group.put("custom-fields/{id}") { request, context in
            try await save(id: try context.parameters.require("id", as: Int64.self), request: request, context: context)
        }
        group.delete("custom-fields/{id}") { _, context -> Response in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.admin)
            let id = try context.parameters.require("id", as: Int64.self)
            guard try await database.tenant(tenant.id).transaction({ try await $0.deleteCustomField(id: id) }) else { throw Problem.notFound }
            cache.forget(tenant.id)
            return Response(status: .noContent)
        }
    }

    private func save(id: Int64?, request: Request, context: AppRequestContext) async throws -> FieldBody {
        let tenant = try context.requireTenant()
        _ = try context.requireIdentity(.admin)
        let input = try await request.decode(as: FieldInput.self, context: context)
        defer { cache.forget(tenant.id) }
        return try await database.tenant(tenant.id).transaction { try await Self.save(input, id: id, in: $0) }
    }

    /// Checks and stores a definition: a new one (`id` nil) or a change to one.
    static func save(_ input: FieldInput, id: Int64?, in transaction: TenantTransaction) async throws -> FieldBody {
        var field = CustomField(
            id: id ?? 0, entity: input.entity, key: input.key, label: input.label.trimmingCharacters(in: .whitespacesAndNewlines),
            kind: input.kind, isRequired: input.required ?? false, isAgentOnly: input.agentOnly ?? false, choices: input.choices ?? [],
            pattern: input.pattern, position: input.position ?? 0
        )
        var errors = field.problems.map { Problem.FieldError(field: $0.field, message: $0.message) }
        if !(0...10_000).contains(field.position) { errors.append(.init(field: "position", message: "must be from 0 to 10000")) }
        if field.entity != .ticket, !(input.departments ?? []).isEmpty {
            errors.append(.init(field: "departments", message: "only ticket fields belong to departments"))
        }
        guard errors.isEmpty else { throw Problem.validation(errors) }
        guard let departments = try await transaction.departmentIDs(named: input.departments ?? []) else {
            throw Problem.validation([.init(field: "departments", message: "names a department that does not exist")])
        }
        field.departments = departments
        if let id, try await transaction.customField(id: id) == nil { throw Problem.notFound }
        guard let saved = try await transaction.saveCustomField(field, id: id) else {
            throw Problem.validation([.init(field: "key", message: "another \(field.entity.rawValue) field has this key")])
        }
        return try await Self.body(saved, in: transaction)
    }

    static func body(_ field: CustomField, in transaction: TenantTransaction) async throws -> FieldBody {
        FieldBody(
            id: field.id, entity: field.entity, key: field.key, label: field.label, kind: field.kind, required: field.isRequired,
            agentOnly: field.isAgentOnly, choices: field.choices, pattern: field.pattern, position: field.position,
            departments: try await transaction.departmentNames(ids: field.departments)
        )
    }
}

extension TenantTransaction {
    /// Custom field values for something new (`current` nil: every required field must be
    /// given) or changed, checked against that entity's fields (a ticket's as its `department`
    /// shows them); a 422 names each bad one.
    func checkedFields(
        _ changes: [String: JSONValue], of entity: CustomField.Entity, current: [String: JSONValue]?, department: Int64? = nil
    ) async throws -> [String: JSONValue] {
        let definitions = try await customFields(entity: entity)
        if definitions.isEmpty, changes.isEmpty { return current ?? [:] }
        switch definitions.apply(changes, to: current ?? [:], department: department, requireAll: current == nil) {
        case .success(let values): return values
        case .failure(let problems): throw Problem(problems)
        }
    }
}
