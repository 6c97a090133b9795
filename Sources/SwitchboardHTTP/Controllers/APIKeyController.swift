import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardPostgres

/// `/api/v1/api-keys`: keys that act as the agent who made them, with at most that agent's
/// permissions. The secret is in the create response and nowhere else, ever.
public struct APIKeyController: Sendable {
    let database: Database
    let invalidation: DirectoryInvalidation

    public init(database: Database, invalidation: DirectoryInvalidation) {
        self.database = database
        self.invalidation = invalidation
    }

    struct CreateKey: Decodable {
        var name: String
        var scopes: [String]
    }

    struct CreatedKey: ResponseCodable {
        var key: String
        var apiKey: APIKeyRecord
    }

    struct KeyList: ResponseCodable {
        var apiKeys: [APIKeyRecord]
    }

    public func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("api-keys") { _, context in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.admin)
            return KeyList(apiKeys: try await database.tenant(tenant.id).transaction { try await $0.apiKeys() })
        }
        group.post("api-keys") { request, context -> EditedResponse<CreatedKey> in
            let tenant = try context.requireTenant()
            let identity = try context.requireIdentity(.admin)
            let input = try await request.decode(as: CreateKey.self, context: context)
            let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
            var errors: [Problem.FieldError] = []
            if name.isEmpty || name.count > 100 { errors.append(.init(field: "name", message: "must be 1-100 characters")) }
            var permissions: Permissions = []
            do { permissions = try Permissions(names: input.scopes) } catch {
                errors.append(.init(field: "scopes", message: "\(error)"))
            }
            if permissions.isEmpty && errors.isEmpty { errors.append(.init(field: "scopes", message: "must grant at least one scope")) }
            if !identity.permissions.isSuperset(of: permissions) {
                errors.append(.init(field: "scopes", message: "cannot exceed your own permissions"))
            }
            guard errors.isEmpty else { throw Problem.validation(errors) }
            let created = try await database.tenant(tenant.id).transaction { transaction in
                if try await transaction.activeAPIKey(named: name) != nil {
                    throw Problem(.conflict, kind: "name-taken", messageID: "error.conflict", detail: "an active key is already named \(name)")
                }
                return try await transaction.createAPIKey(name: name, agent: identity.agentID, permissions: permissions)
            }
            return EditedResponse(status: .created, response: CreatedKey(key: created.secret.value, apiKey: created.record))
        }
        group.delete("api-keys/{id}") { _, context -> Response in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.admin)
            let id = try context.parameters.require("id", as: Int64.self)
            let revoked = try await database.tenant(tenant.id).transaction { try await $0.revokeAPIKey(id: id) }
            guard revoked else { throw Problem.notFound }
            await invalidation.publish(.apiKey(id: id))
            return Response(status: .noContent)
        }
    }
}
