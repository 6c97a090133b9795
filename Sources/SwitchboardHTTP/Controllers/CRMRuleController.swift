import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardPostgres

/// `/api/v1/crm-rules`: an email domain names an organisation, and people with an address at
/// that domain join it when they are created or gain the address. Agents read the rules;
/// administrators manage them.
public struct CRMRuleController: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    struct RuleList: ResponseCodable {
        var crmRules: [CRMRule]
    }

    struct RuleInput: Decodable {
        var domain: String
        var organisation: Int64
    }

    public func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("crm-rules") { _, context in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.read)
            return RuleList(crmRules: try await database.tenant(tenant.id).transaction { try await $0.crmRules() })
        }
        group.post("crm-rules") { request, context -> EditedResponse<CRMRule> in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.admin)
            let input = try await request.decode(as: RuleInput.self, context: context)
            var checks = InputChecks()
            let domain = checks.domain(input.domain) ?? ""
            try checks.check()
            let outcome = try await database.tenant(tenant.id).transaction {
                try await $0.createCRMRule(domain: domain, organisationID: input.organisation)
            }
            switch outcome {
            case .success(let rule): return EditedResponse(status: .created, response: rule)
            case .failure(.domainTaken): throw Problem.validation([.init(field: "domain", message: "\(domain) already has a rule")])
            case .failure: throw Problem.validation([.init(field: "organisation", message: "no organisation \(input.organisation)")])
            }
        }
        group.delete("crm-rules/{id}") { _, context -> Response in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.admin)
            let id = try context.parameters.require("id", as: Int64.self)
            guard try await database.tenant(tenant.id).transaction({ try await $0.deleteCRMRule(id: id) }) else { throw Problem.notFound }
            return Response(status: .noContent)
        }
    }
}

extension CRMRule: ResponseCodable {}
