import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardPostgres

/// `/api/v1/bans`: senders the helpdesk refuses, by address, address pattern (`*@spam.example`)
/// or IP network. Administrators only.
public struct BanController: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    struct BanList: ResponseCodable {
        var bans: [Ban]
    }

    struct BanInput: Decodable {
        var pattern: String
        var reason: String?
    }

    public func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("bans") { _, context in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.admin)
            return BanList(bans: try await database.tenant(tenant.id).transaction { try await $0.bans() })
        }
        group.post("bans") { request, context -> EditedResponse<Ban> in
            let tenant = try context.requireTenant()
            let identity = try context.requireIdentity(.admin)
            let input = try await request.decode(as: BanInput.self, context: context)
            var checks = InputChecks()
            var pattern: BanPattern?
            if input.pattern.unicodeScalars.contains("\u{0}") {
                checks.fail("pattern", "must not contain NUL characters")
            } else {
                switch BanPattern.parse(input.pattern) {
                case .success(let parsed): pattern = parsed
                case .failure(let problem): checks.fail("pattern", problem.description)
                }
            }
            let reason = input.reason.flatMap { checks.text($0, "reason", 0...500) }
            try checks.check()
            guard let pattern else { throw Problem.validation(checks.errors) }
            let outcome = try await database.tenant(tenant.id).transaction {
                try await $0.createBan(pattern, reason: reason?.isEmpty == false ? reason : nil, agent: identity.agentID)
            }
            switch outcome {
            case .success(let ban): return EditedResponse(status: .created, response: ban)
            case .failure: throw Problem.validation([.init(field: "pattern", message: "\(pattern.pattern) is already banned")])
            }
        }
        group.delete("bans/{id}") { _, context -> Response in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.admin)
            let id = try context.parameters.require("id", as: Int64.self)
            guard try await database.tenant(tenant.id).transaction({ try await $0.deleteBan(id: id) }) else { throw Problem.notFound }
            return Response(status: .noContent)
        }
    }
}

extension Ban: ResponseCodable {}
