import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardPostgres

/// `/api/v1/snippets`: canned replies in several languages (AUTO-7, L10N-4), which agents
/// write and share; `GET /api/v1/tickets/{ref}/snippets/{id}` gives one ready to send on a
/// ticket, in its customer's language with the placeholders filled in.
public struct SnippetController: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    struct SnippetBody: ResponseCodable {
        var id: Int64?
        var name: String
        var texts: [String: String]
    }

    struct SnippetList: ResponseCodable {
        var snippets: [SnippetBody]
    }

    struct Rendered: ResponseCodable, Sendable {
        var language: String
        var text: String
    }

    public func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("snippets") { _, context in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.read)
            return SnippetList(snippets: try await database.tenant(tenant.id).transaction { try await $0.snippets() }.map(Self.body))
        }
        group.getItem("snippets/{id}", database: database) { try await $0.snippet(id: $1).map(Self.body) }
        group.post("snippets") { request, context -> EditedResponse<SnippetBody> in
            EditedResponse(status: .created, response: try await save(id: nil, request: request, context: context))
        }
        group.put("snippets/{id}") { request, context in
            try await save(id: try context.parameters.require("id", as: Int64.self), request: request, context: context)
        }
        group.delete("snippets/{id}") { _, context -> Response in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.write)
            let id = try context.parameters.require("id", as: Int64.self)
            guard try await database.tenant(tenant.id).transaction({ try await $0.deleteSnippet(id: id) }) else { throw Problem.notFound }
            return Response(status: .noContent)
        }
        group.get("tickets/{ref}/snippets/{id}") { _, context -> Rendered in
            let tenant = try context.requireTenant()
            let id = try context.parameters.require("id", as: Int64.self)
            return try await database.withTicket(context, needing: .view, permission: .read) { transaction, ticket, identity in
                guard let stored = try await transaction.snippet(id: id),
                      let rendered = try await transaction.render(stored.snippet, for: ticket, agent: identity.agentID, tenantLocale: tenant.defaultLocale)
                else { throw Problem.notFound }
                return Rendered(language: rendered.language, text: rendered.text)
            }
        }
    }

    private func save(id: Int64?, request: Request, context: AppRequestContext) async throws -> SnippetBody {
        let tenant = try context.requireTenant()
        _ = try context.requireIdentity(.write)
        let input = try await request.decode(as: SnippetBody.self, context: context)
        let snippet = Snippet(name: input.name, texts: input.texts)
        let problems = snippet.problems.map { Problem.FieldError(field: $0.field, message: $0.message) }
        guard problems.isEmpty else { throw Problem.validation(problems) }
        let saved = try await database.tenant(tenant.id).transaction { try await $0.saveSnippet(id: id, snippet) }
        return Self.body(try Problem.saved(saved, name: snippet.name))
    }

    static func body(_ stored: StoredSnippet) -> SnippetBody {
        SnippetBody(id: stored.id, name: stored.snippet.name, texts: stored.snippet.texts)
    }
}
