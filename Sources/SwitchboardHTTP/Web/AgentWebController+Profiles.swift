import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardICU
import SwitchboardPostgres

/// Person and organisation profiles (CRM-6): who they are, their custom fields, and their
/// full ticket history as far as the reader's departments allow.
extension AgentWebController {
    func addProfileRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("people/{id}", use: personView)
        group.get("organisations/{id}", use: organisationView)
    }

    @Sendable func personView(request: Request, context: AppRequestContext) async throws -> Response {
        let tenant = try context.requireTenant()
        let identity = try context.requireIdentity(.read)
        let id = try context.parameters.require("id", as: Int64.self)
        let localizer = pages.localizer(request, context)
        let found = try await database.tenant(tenant.id).transaction { transaction -> (Person, [CustomField], [Int64: (name: String, isActive: Bool)])? in
            guard let person = try await transaction.person(id: id) else { return nil }
            return (person, try await transaction.customFields(entity: .person), try await transaction.agentNames())
        }
        guard let (person, definitions, agents) = found else { throw Problem.notFound }
        var criteria = TicketCriteria()
        criteria.person = id
        let history = try await queries.page(criteria, cursor: nil, limit: 100, tenant: tenant.id, identity: identity)
        let values: [String: Any] = [
            "person": [
                "name": person.name, "emails": person.emails, "phone": person.phone as Any, "locale": person.locale as Any,
                "since": localizer("agent.time", ["when": .date(person.createdAt)]),
                "organisations": person.organisations.map { ["name": $0.name, "href": "/agent/organisations/\($0.id)"] },
            ] as [String: Any],
            "fields": Self.fieldRows(person.fields, definitions, localizer),
            "tickets": ticketRows(history.tickets, agents: agents.mapValues(\.name), localizer: localizer),
            "empty": history.tickets.isEmpty,
        ]
        return pages.render("agent_person", title: person.name, values: values,
                            page: webPage(request, context, localizer, agentName: agents[identity.agentID.rawValue]?.name))
    }

    @Sendable func organisationView(request: Request, context: AppRequestContext) async throws -> Response {
        let tenant = try context.requireTenant()
        let identity = try context.requireIdentity(.read)
        let id = try context.parameters.require("id", as: Int64.self)
        let localizer = pages.localizer(request, context)
        let found = try await database.tenant(tenant.id).transaction { transaction -> (Organisation, [CustomField], [Int64: (name: String, isActive: Bool)])? in
            guard let organisation = try await transaction.organisation(id: id) else { return nil }
            return (organisation, try await transaction.customFields(entity: .organisation), try await transaction.agentNames())
        }
        guard let (organisation, definitions, agents) = found else { throw Problem.notFound }
        var criteria = TicketCriteria()
        criteria.organisation = id
        let history = try await queries.page(criteria, cursor: nil, limit: 100, tenant: tenant.id, identity: identity)
        let values: [String: Any] = [
            "organisation": [
                "name": organisation.name, "members": localizer("agent.count", ["count": .integer(Int(organisation.memberCount))]),
                "since": localizer("agent.time", ["when": .date(organisation.createdAt)]),
            ] as [String: Any],
            "fields": Self.fieldRows(organisation.fields, definitions, localizer),
            "tickets": ticketRows(history.tickets, agents: agents.mapValues(\.name), localizer: localizer),
            "empty": history.tickets.isEmpty,
        ]
        return pages.render("agent_organisation", title: organisation.name, values: values,
                            page: webPage(request, context, localizer, agentName: agents[identity.agentID.rawValue]?.name))
    }

    /// Custom field values with their labels, in the fields' order.
    static func fieldRows(_ values: [String: JSONValue], _ definitions: [CustomField], _ localizer: Localizer) -> [[String: Any]] {
        definitions.compactMap { field in
            guard let value = values[field.key] else { return nil }
            return ["label": field.label, "value": text(value, localizer: localizer)]
        }
    }
}
