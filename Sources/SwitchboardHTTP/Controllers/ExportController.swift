import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardPostgres

/// `GET /api/v1/export`: everything a tenant keeps, as newline-delimited JSON records
/// (`TransferRecord`) in the order `POST /api/v1/import` needs them, ending with an `end`
/// record that counts them, so a cut-off download is recognisable. Streamed page by page:
/// memory stays flat however many tickets there are.
public struct ExportController: Sendable {
    let database: Database

    /// Records read per query.
    static let pageSize = 500

    public init(database: Database) { self.database = database }

    /// What ids mean, read once at the start: tickets name these things by name or address.
    struct Names: Sendable {
        var departments: [Int64: String] = [:]
        var agents: [Int64: String] = [:]
        var teams: [Int64: String] = [:]
        var substatuses: [Int64: String] = [:]
    }

    struct End: Encodable {
        var type = "end"
        var records: Int
    }

    public func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("export") { _, context -> Response in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.admin)
            let tenantDatabase = database.tenant(tenant.id)
            // The small things first, in one read; they also give the names tickets use.
            let (head, names) = try await tenantDatabase.transaction { transaction -> ([any Encodable & Sendable], Names) in
                var records: [any Encodable & Sendable] = []
                var names = Names()
                for department in try await transaction.departments() {
                    names.departments[department.id] = department.name
                    records.append(TransferRecord.DepartmentRecord(name: department.name))
                }
                for substatus in try await transaction.substatuses() {
                    names.substatuses[substatus.id] = substatus.name
                    records.append(TransferRecord.SubstatusRecord(status: substatus.status, name: substatus.name, position: substatus.position))
                }
                for entity in CustomField.Entity.allCases {
                    for field in try await transaction.customFields(entity: entity) {
                        let body = try await CustomFieldController.body(field, in: transaction)
                        records.append(TransferRecord.CustomFieldRecord(field: .init(
                            entity: body.entity, key: body.key, label: body.label, kind: body.kind, required: body.required,
                            agentOnly: body.agentOnly, choices: body.choices, pattern: body.pattern, position: body.position,
                            departments: body.departments
                        )))
                    }
                }
                for agent in try await transaction.agentSummaries() {
                    names.agents[agent.id] = agent.email
                    records.append(TransferRecord.AgentRecord(email: agent.email, name: agent.name, scopes: agent.scopes, active: agent.isActive))
                }
                for team in try await transaction.teams() {
                    names.teams[team.id] = team.name
                    records.append(TransferRecord.TeamRecord(name: team.name, members: team.members.compactMap { names.agents[$0] }))
                }
                return (records, names)
            }
            let body = ResponseBody { writer in
                let encoder = TransferRecord.encoder()
                var count = 0
                func line(_ record: some Encodable) throws -> ByteBuffer {
                    count += 1
                    var data = try encoder.encode(record)
                    data.append(0x0A)
                    return ByteBuffer(data: data)
                }
                try await writer.write(contentsOf: head.map { try line($0) })
                var cursor: IDCursor?
                repeat {
                    let page = try await tenantDatabase.transaction { try await $0.organisations(prefix: nil, after: cursor, limit: Self.pageSize) }
                    try await writer.write(contentsOf: try page.map {
                        try line(TransferRecord.OrganisationRecord(name: $0.name, fields: $0.fields.isEmpty ? nil : $0.fields))
                    })
                    cursor = page.count == Self.pageSize ? page.last.map { IDCursor(id: $0.id) } : nil
                } while cursor != nil
                repeat {
                    let page = try await tenantDatabase.transaction { try await $0.people(PeopleFilter(), after: cursor, limit: Self.pageSize) }
                    try await writer.write(contentsOf: try page.map { try line(Self.record($0)) })
                    cursor = page.count == Self.pageSize ? page.last.map { IDCursor(id: $0.id.rawValue) } : nil
                } while cursor != nil
                var after: Int64 = 0
                while true {
                    let page = try await tenantDatabase.transaction { try await $0.exportTickets(after: after, limit: Self.pageSize) }
                    guard let last = page.last else { break }
                    try await writer.write(contentsOf: try page.map { try line(Self.record($0, names: names)) })
                    after = last.ticket.id
                }
                try await writer.write(try line(End(records: count)))
                try await writer.finish(nil)
            }
            var headers = HTTPFields()
            headers[.contentType] = "application/x-ndjson; charset=utf-8"
            headers[.contentDisposition] = "attachment; filename=\"\(tenant.slug)-export.ndjson\""
            headers[.cacheControl] = "no-store"
            return Response(status: .ok, headers: headers, body: body)
        }
    }

    static func record(_ person: Person) -> TransferRecord.PersonRecord {
        TransferRecord.PersonRecord(
            name: person.name, emails: person.emails, phone: person.phone, locale: person.locale, timeZone: person.timeZone,
            organisations: person.organisations.map(\.name), fields: person.fields.isEmpty ? nil : person.fields
        )
    }

    static func record(_ exported: ExportedTicket, names: Names) -> TransferRecord.TicketRecord {
        let ticket = exported.ticket
        return TransferRecord.TicketRecord(
            ref: ticket.ref, subject: ticket.subject, status: ticket.status, substatus: ticket.substatusID.flatMap { names.substatuses[$0] },
            priority: ticket.priority, urgency: ticket.urgency, department: ticket.departmentID.flatMap { names.departments[$0] },
            agent: ticket.agentID.flatMap { names.agents[$0] }, team: ticket.teamID.flatMap { names.teams[$0] }, person: ticket.personID.flatMap { exported.emails[$0] },
            labels: ticket.labels, fields: ticket.fields.isEmpty ? nil : ticket.fields, createdAt: ticket.createdAt, updatedAt: ticket.updatedAt,
            messages: exported.messages.map { message in
                TransferRecord.MessageRecord(
                    kind: message.kind, body: message.body, agent: message.authorAgentID.flatMap { names.agents[$0] },
                    person: message.authorPersonID.flatMap { exported.emails[$0] }, createdAt: message.createdAt
                )
            }
        )
    }
}
