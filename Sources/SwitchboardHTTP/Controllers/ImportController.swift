import Foundation
import Hummingbird
import Logging
import NIOCore
import SwitchboardCore
import SwitchboardICU
import SwitchboardPostgres

/// `POST /api/v1/import`: newline-delimited JSON records (`TransferRecord`, as
/// `GET /api/v1/export` writes them), read as they arrive, each stored in its own transaction:
/// a bad line is reported with its number and what is wrong, stores nothing, and stops
/// nothing after it. Departments, sub-statuses, custom fields, agents, teams, organisations
/// and people that already exist (by name, key or address) are left as they are; tickets are
/// always added, with new references and their own times and messages.
public struct ImportController: Sendable {
    let database: Database
    let fieldCache: CustomFieldCache
    let searchText = SearchText()

    /// The longest record: a ticket with a long history, but not an unbounded one.
    static let maximumLine = 32 << 20
    /// Failures listed in full; beyond, they are only counted.
    static let listedFailures = 1_000

    public init(database: Database, fieldCache: CustomFieldCache) {
        self.database = database
        self.fieldCache = fieldCache
    }

    struct Report: ResponseCodable {
        struct Failure: Codable {
            var line: Int
            var errors: [Problem.FieldError]
        }
        var created = 0
        var existing = 0
        var failed = 0
        var failures: [Failure] = []

        mutating func fail(_ line: Int, _ errors: [Problem.FieldError]) {
            failed += 1
            if failures.count < ImportController.listedFailures { failures.append(Failure(line: line, errors: errors)) }
        }
    }

    enum Outcome {
        case created, existing
    }

    public func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("import") { request, context -> Report in
            let tenant = try context.requireTenant()
            let identity = try context.requireIdentity(.admin)
            let decoder = TransferRecord.decoder()
            var report = Report()
            var pending = ByteBuffer()
            var number = 0
            var skipping = false
            var records = 0
            func take(_ line: ByteBuffer) async {
                number += 1
                var line = line
                guard let data = line.readData(length: line.readableBytes),
                      data.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return }  // blank lines
                records += 1
                do {
                    let record = try TransferRecord.decode(data, with: decoder)
                    if case .end = record { return }
                    switch try await store(record, tenant: tenant.id, identity: identity) {
                    case .created: report.created += 1
                    case .existing: report.existing += 1
                    }
                } catch let problem as Problem {
                    report.fail(number, problem.errors.isEmpty ? [.init(field: "", message: problem.detail ?? problem.kind)] : problem.errors)
                } catch let failure as TransferRecord.Failure {
                    report.fail(number, [.init(field: "type", message: failure.description)])
                } catch let error as DecodingError {
                    report.fail(number, [Self.describe(error)])
                } catch {
                    context.logger.error("import line failed", metadata: ["line": "\(number)", "error": "\(String(reflecting: error))"])
                    report.fail(number, [.init(field: "", message: "could not be stored")])
                }
            }
            for try await chunk in request.body {
                pending.writeImmutableBuffer(chunk)
                while let newline = pending.readableBytesView.firstIndex(of: 0x0A) {
                    let line = pending.readSlice(length: newline - pending.readerIndex)!
                    pending.moveReaderIndex(forwardBy: 1)
                    if skipping {
                        skipping = false
                    } else {
                        await take(line)
                    }
                }
                if pending.readableBytes > Self.maximumLine {
                    // Too long to be a record: reported, and skipped up to the next line.
                    number += 1
                    report.fail(number, [.init(field: "", message: "longer than \(Self.maximumLine >> 20) MiB")])
                    pending.clear()
                    skipping = true
                }
                pending.discardReadBytes()
            }
            if pending.readableBytes > 0, !skipping { await take(pending) }
            guard records > 0 || report.failed > 0 else {
                throw Problem.validation([.init(field: "body", message: "has no records: one JSON object per line")])
            }
            fieldCache.forget(tenant.id)
            return report
        }
    }

    private func store(_ record: TransferRecord, tenant: Tenant.ID, identity: Identity) async throws -> Outcome {
        let tenantDatabase = database.tenant(tenant)
        switch record {
        case .department(let record):
            var checks = InputChecks()
            let name = checks.text(record.name, "name", 1...200) ?? ""
            try checks.check()
            return try await tenantDatabase.transaction { try await $0.ensureDepartment(name: name).created ? .created : .existing }
        case .substatus(let record):
            var checks = InputChecks()
            let name = checks.text(record.name, "name", 1...100) ?? ""
            if let position = record.position, !(0...10_000).contains(position) { checks.fail("position", "must be 0-10000") }
            try checks.check()
            let saved = try await tenantDatabase.transaction {
                try await $0.saveSubstatus(id: nil, status: record.status, name: name, position: record.position ?? 0)
            }
            if case .failure(.nameTaken) = saved { return .existing }
            _ = try Problem.saved(saved, name: name)
            return .created
        case .customField(let record):
            return try await tenantDatabase.transaction { transaction in
                if try await transaction.customFields(entity: record.field.entity).contains(where: { $0.key == record.field.key }) { return .existing }
                _ = try await CustomFieldController.save(record.field, id: nil, in: transaction)
                return .created
            }
        case .agent(let record):
            var checks = InputChecks()
            let email = checks.emails([record.email], "email", limit: 1)?.first
            let name = checks.text(record.name, "name", 1...200)
            let permissions = AgentController.permissions(record.scopes, &checks) ?? .agent
            try checks.check()
            guard let email, let name else { throw Problem.validation([]) }
            return try await tenantDatabase.transaction { transaction in
                if try await transaction.agent(email: email) != nil { return .existing }
                let agent = try await transaction.createAgent(email: email, name: name, permissions: permissions, passwordHash: nil)
                if record.active == false { _ = try await transaction.changeAgent(agent.id, name: nil, permissions: nil, isActive: false) }
                return .created
            }
        case .team(let record):
            var checks = InputChecks()
            let name = checks.text(record.name, "name", 1...100) ?? ""
            let members = checks.emails(record.members ?? [], "members", limit: 1_000) ?? []
            try checks.check()
            return try await tenantDatabase.transaction { transaction in
                if try await transaction.teamID(named: name) != nil { return .existing }
                var ids: [Int64] = []
                for email in members {
                    guard let agent = try await transaction.agent(email: email) else {
                        throw Problem.validation([.init(field: "members", message: "no agent has the address \(email)")])
                    }
                    ids.append(agent.id.rawValue)
                }
                _ = try Problem.saved(try await transaction.saveTeam(id: nil, name: name, members: ids), name: name)
                return .created
            }
        case .organisation(let record):
            var checks = InputChecks()
            let name = checks.text(record.name, "name", 1...200) ?? ""
            try checks.check()
            return try await tenantDatabase.transaction { transaction in
                if try await transaction.organisationID(named: name) != nil { return .existing }
                let fields = try await transaction.checkedFields(record.fields ?? [:], of: .organisation, current: [:])
                guard case .success = try await transaction.saveOrganisation(id: nil, name: name, fields: fields) else { return .existing }
                return .created
            }
        case .person(let record):
            var draft = try PeopleController.draft(PeopleController.PersonInput(
                name: record.name, emails: record.emails, phone: record.phone, locale: record.locale, timeZone: record.timeZone
            ))
            var checks = InputChecks()
            let organisations = (record.organisations ?? []).prefix(100).enumerated().compactMap { checks.text($1, "organisations[\($0)]", 1...200) }
            try checks.check()
            return try await tenantDatabase.transaction { transaction in
                for email in draft.emails where try await transaction.person(email: email) != nil { return .existing }
                draft.fields = try await transaction.checkedFields(record.fields ?? [:], of: .person, current: [:])
                guard case .success(let person) = try await transaction.createPerson(draft) else { return .existing }
                var ids: [Int64] = []
                for name in organisations {
                    if let id = try await transaction.organisationID(named: name) {
                        ids.append(id)
                    } else if case .success(let created) = try await transaction.saveOrganisation(id: nil, name: name) {
                        ids.append(created.id)
                    }
                }
                if !ids.isEmpty { _ = try await transaction.setOrganisations(of: person.id.rawValue, ids, primary: ids.first) }
                return .created
            }
        case .ticket(let record):
            let checked = try Self.check(record)
            let ref = try await tenantDatabase.nextCounter("ticket_ref")
            try await tenantDatabase.transaction { transaction in
                _ = try await transaction.importTicket(ref: ref, try await resolve(record, checked: checked, in: transaction), by: identity.agentID)
            }
            return .created
        case .end:
            return .existing
        }
    }

    /// What a ticket record says that needs no database to check.
    struct CheckedTicket {
        var createdAt: Date
        var updatedAt: Date
        var messageTimes: [Date]
    }

    static func check(_ record: TransferRecord.TicketRecord) throws -> CheckedTicket {
        var errors = TicketChange(subject: record.subject, urgency: record.urgency, labels: record.labels).problems
            .map { Problem.FieldError(field: $0.field, message: $0.message) }
        if record.messages.isEmpty || record.messages.count > 10_000 { errors.append(.init(field: "messages", message: "1 to 10000 messages")) }
        for (index, message) in record.messages.enumerated() {
            if message.body.isEmpty || message.body.utf8.count > 1_000_000 || message.body.contains("\u{0}") {
                errors.append(.init(field: "messages[\(index)].body", message: "must be 1 byte to 1 MB, without NUL"))
            }
            if let kind = message.kind, !["reply", "note"].contains(kind) {
                errors.append(.init(field: "messages[\(index)].kind", message: "must be reply or note"))
            }
            if message.agent != nil, message.person != nil {
                errors.append(.init(field: "messages[\(index)]", message: "has one author: agent or person"))
            }
        }
        let now = Date()
        let createdAt = record.createdAt ?? record.messages.first?.createdAt ?? now
        let messageTimes = record.messages.map { $0.createdAt ?? createdAt }
        let updatedAt = record.updatedAt ?? max(createdAt, messageTimes.max() ?? createdAt)
        if updatedAt < createdAt { errors.append(.init(field: "updatedAt", message: "must not be before createdAt")) }
        guard errors.isEmpty else { throw Problem.validation(errors) }
        return CheckedTicket(createdAt: createdAt, updatedAt: updatedAt, messageTimes: messageTimes)
    }

    /// Names and addresses to ids in this tenant; customers are found or created.
    private func resolve(_ record: TransferRecord.TicketRecord, checked: CheckedTicket, in transaction: TenantTransaction) async throws -> ImportedTicket {
        func agentID(_ email: String, _ field: String) async throws -> Int64 {
            guard let address = EmailAddress.normalize(email), let agent = try await transaction.agent(email: address) else {
                throw Problem.validation([.init(field: field, message: "no agent has the address \(email)")])
            }
            return agent.id.rawValue
        }
        func personID(_ email: String, _ field: String) async throws -> Int64? {
            do {
                return try await TicketController.customer(person: nil, requester: .init(email: email, name: nil), in: transaction)
            } catch var problem as Problem {
                problem.errors = problem.errors.map { .init(field: field, message: $0.message) }
                throw problem
            }
        }
        let status = record.status ?? .awaitingAgent
        var departmentID: Int64?
        if let name = record.department {
            guard let id = try await transaction.departmentID(named: name) else {
                throw Problem.validation([.init(field: "department", message: "no department named \"\(name)\"")])
            }
            departmentID = id
        }
        var teamID: Int64?
        if let name = record.team {
            guard let id = try await transaction.teamID(named: name) else {
                throw Problem.validation([.init(field: "team", message: "no team named \"\(name)\"")])
            }
            teamID = id
        }
        var substatusID: Int64?
        if let name = record.substatus {
            guard let id = try await transaction.substatusID(of: status, named: name) else {
                throw Problem.validation([.init(field: "substatus", message: "no sub-status of \(status.rawValue) named \"\(name)\"")])
            }
            substatusID = id
        }
        let agent = try await record.agent.asyncMap { try await agentID($0, "agent") }
        let person = try await record.person.asyncMap { try await personID($0, "person") } ?? nil
        var messages: [ImportedTicket.Message] = []
        for (index, message) in record.messages.enumerated() {
            let kind = message.kind ?? "reply"
            let agent = try await message.agent.asyncMap { try await agentID($0, "messages[\(index)].agent") }
            var author = try await message.person.asyncMap { try await personID($0, "messages[\(index)].person") } ?? nil
            // A reply nobody signed is the customer's.
            if agent == nil, author == nil, kind == "reply" { author = person }
            messages.append(ImportedTicket.Message(kind: kind, body: message.body, agentID: agent, personID: author, createdAt: checked.messageTimes[index]))
        }
        var fields: [String: JSONValue] = [:]
        if let values = record.fields, !values.isEmpty {
            fields = try await transaction.checkedFields(values, of: .ticket, current: [:], department: departmentID)
        }
        return ImportedTicket(
            subject: record.subject, status: status, substatusID: substatusID, priority: record.priority ?? .normal,
            urgency: record.urgency ?? 1, departmentID: departmentID, agentID: agent, teamID: teamID, personID: person,
            labels: record.labels ?? [], fields: fields, createdAt: checked.createdAt, updatedAt: checked.updatedAt, messages: messages,
            words: searchText.indexWords(in: ([record.subject] + record.messages.map(\.body)).joined(separator: "\n"))
        )
    }

    /// Where a record does not fit its type, in the terms of its fields.
    static func describe(_ error: DecodingError) -> Problem.FieldError {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingPrefix(".").description
        }
        switch error {
        case .keyNotFound(let key, let context):
            return .init(field: [path(context), key.stringValue].filter { !$0.isEmpty }.joined(separator: "."), message: "is required")
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return .init(field: path(context), message: "has the wrong type")
        case .dataCorrupted(let context):
            return .init(field: path(context), message: context.codingPath.isEmpty ? "is not a JSON object" : context.debugDescription)
        @unknown default:
            return .init(field: "", message: "is not a record")
        }
    }
}

extension TransferRecord.Failure: CustomStringConvertible {
    var description: String {
        switch self {
        case .unknownType(let type): "unknown record type \"\(type)\""
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
