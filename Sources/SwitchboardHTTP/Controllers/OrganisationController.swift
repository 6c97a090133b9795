import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardPostgres

/// `/api/v1/organisations`: the companies people belong to (members are listed with
/// `/api/v1/people?organisation=`). Agents read them; `write` creates, renames and deletes.
public struct OrganisationController: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    struct OrganisationPage: ResponseCodable {
        var organisations: [Organisation]
        var nextCursor: String?
    }

    struct OrganisationInput: Decodable {
        var name: String
        /// Custom field values by key; on a change, null removes one.
        var fields: [String: JSONValue]?
    }

    public func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("organisations") { request, context in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.read)
            let query = request.uri.queryParameters
            let page = try IDPage(query)
            var checks = InputChecks()
            let prefix = query["q"].flatMap { checks.text(String($0), "q", 0...200) }
            try checks.check()
            let organisations = try await database.tenant(tenant.id).transaction {
                try await $0.organisations(prefix: prefix?.isEmpty == false ? prefix : nil, after: page.cursor, limit: page.limit + 1)
            }
            return OrganisationPage(organisations: Array(organisations.prefix(page.limit)), nextCursor: page.nextCursor(organisations) { $0.id })
        }
        group.post("organisations") { request, context -> EditedResponse<Organisation> in
            EditedResponse(status: .created, response: try await save(id: nil, request: request, context: context))
        }
        group.get("organisations/{id}") { _, context in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.read)
            let id = try context.parameters.require("id", as: Int64.self)
            guard let found = try await database.tenant(tenant.id).transaction({ try await $0.organisation(id: id) }) else {
                throw Problem.notFound
            }
            return found
        }
        group.patch("organisations/{id}") { request, context in
            try await save(id: try context.parameters.require("id", as: Int64.self), request: request, context: context)
        }
        group.delete("organisations/{id}") { _, context -> Response in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.write)
            let id = try context.parameters.require("id", as: Int64.self)
            guard try await database.tenant(tenant.id).transaction({ try await $0.deleteOrganisation(id: id) }) else { throw Problem.notFound }
            return Response(status: .noContent)
        }
    }

    private func save(id: Int64?, request: Request, context: AppRequestContext) async throws -> Organisation {
        let tenant = try context.requireTenant()
        _ = try context.requireIdentity(.write)
        let input = try await request.decode(as: OrganisationInput.self, context: context)
        var checks = InputChecks()
        let name = checks.text(input.name, "name", 1...200)
        try checks.check()
        let outcome = try await database.tenant(tenant.id).transaction { transaction in
            var fields: [String: JSONValue]?
            if let id {
                if let changes = input.fields {
                    guard let current = try await transaction.organisation(id: id) else { return Result<Organisation, PeopleProblem>.failure(.notFound) }
                    fields = try await transaction.checkedFields(changes, of: .organisation, current: current.fields)
                }
            } else {
                fields = try await transaction.checkedFields(input.fields ?? [:], of: .organisation, current: nil)
            }
            return try await transaction.saveOrganisation(id: id, name: name ?? "", fields: fields)
        }
        switch outcome {
        case .success(let organisation): return organisation
        case .failure(.nameTaken): throw Problem.validation([.init(field: "name", message: "another organisation is called \"\(name ?? "")\"")])
        case .failure: throw Problem.notFound
        }
    }
}

extension Organisation: ResponseCodable {}
