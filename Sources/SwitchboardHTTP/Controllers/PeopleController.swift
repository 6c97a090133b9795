import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardPostgres

/// `/api/v1/people`: the people who contact the helpdesk, their organisations, merges and
/// ticket history. Agents read them; `write` creates, changes, merges and deletes them.
public struct PeopleController: Sendable {
    let database: Database
    let queries: TicketQueries

    public init(database: Database) {
        self.database = database
        self.queries = TicketQueries(database: database)
    }

    struct PeoplePage: ResponseCodable {
        var people: [Person]
        var nextCursor: String?
    }

    struct IdentityInput: Decodable {
        var kind: String
        var value: String
    }

    /// A new person (POST) or a change (PATCH: what is absent stays; "" clears phone, locale
    /// and time zone).
    struct PersonInput: Decodable {
        var name: String?
        /// The first is the primary address.
        var emails: [String]?
        var phone: String?
        var identities: [IdentityInput]?
        var locale: String?
        var timeZone: String?
        var usergroups: [Int64]?
        /// Custom field values by key; on a change, null removes one.
        var fields: [String: JSONValue]?
    }

    struct OrganisationsInput: Decodable {
        var organisations: [Int64]
        var primary: Int64?
    }

    struct MergeInput: Decodable {
        var from: Int64
    }

    struct Log: ResponseCodable {
        var entries: [PeopleLogEntry]
    }

    public func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("people") { request, context in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.read)
            let query = request.uri.queryParameters
            let page = try IDPage(query)
            var checks = InputChecks()
            let prefix = query["q"].flatMap { checks.text(String($0), "q", 0...200) }
            try checks.check()
            let filter = PeopleFilter(
                prefix: prefix?.isEmpty == false ? prefix : nil, organisationID: try query.id("organisation"), usergroupID: try query.id("usergroup")
            )
            let people = try await database.tenant(tenant.id).transaction {
                try await $0.people(filter, after: page.cursor, limit: page.limit + 1)
            }
            return PeoplePage(people: Array(people.prefix(page.limit)), nextCursor: page.nextCursor(people) { $0.id.rawValue })
        }
        group.post("people") { request, context -> EditedResponse<Person> in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.write)
            let input = try await request.decode(as: PersonInput.self, context: context)
            var draft = try Self.draft(input)
            let outcome = try await database.tenant(tenant.id).transaction { transaction in
                draft.fields = try await transaction.checkedFields(input.fields ?? [:], of: .person, current: nil)
                return try await transaction.createPerson(draft)
            }
            return EditedResponse(status: .created, response: try Self.unwrap(outcome, input: input))
        }
        group.get("people/{id}") { _, context in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.read)
            let id = try context.parameters.require("id", as: Int64.self)
            guard let person = try await database.tenant(tenant.id).transaction({ try await $0.person(id: id) }) else { throw Problem.notFound }
            return person
        }
        group.patch("people/{id}") { request, context in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.write)
            let id = try context.parameters.require("id", as: Int64.self)
            let input = try await request.decode(as: PersonInput.self, context: context)
            var change = try Self.change(input)
            let outcome = try await database.tenant(tenant.id).transaction { transaction in
                if let fields = input.fields {
                    guard let current = try await transaction.person(id: id) else { return Result<Person, PeopleProblem>.failure(.notFound) }
                    change.fields = try await transaction.checkedFields(fields, of: .person, current: current.fields)
                }
                return try await transaction.updatePerson(id: id, change)
            }
            return try Self.unwrap(outcome, input: input)
        }
        group.delete("people/{id}") { _, context -> Response in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.write)
            let id = try context.parameters.require("id", as: Int64.self)
            guard try await database.tenant(tenant.id).transaction({ try await $0.deletePerson(id: id) }) else { throw Problem.notFound }
            return Response(status: .noContent)
        }
        group.put("people/{id}/organisations") { request, context in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.write)
            let id = try context.parameters.require("id", as: Int64.self)
            let input = try await request.decode(as: OrganisationsInput.self, context: context)
            var checks = InputChecks()
            if input.organisations.count > 100 { checks.fail("organisations", "at most 100 organisations") }
            if let primary = input.primary, !input.organisations.contains(primary) {
                checks.fail("primary", "must be one of the organisations")
            }
            try checks.check()
            let outcome = try await database.tenant(tenant.id).transaction {
                try await $0.setOrganisations(of: id, input.organisations, primary: input.primary)
            }
            return try Self.unwrap(outcome, input: PersonInput())
        }
        group.post("people/{id}/merge") { request, context in
            let tenant = try context.requireTenant()
            let identity = try context.requireIdentity(.write)
            let id = try context.parameters.require("id", as: Int64.self)
            let input = try await request.decode(as: MergeInput.self, context: context)
            let outcome = try await database.tenant(tenant.id).transaction {
                try await $0.mergePeople(into: id, from: input.from, agent: identity.agentID)
            }
            return try Self.unwrap(outcome, input: PersonInput())
        }
        group.get("people/{id}/log") { _, context in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.read)
            let id = try context.parameters.require("id", as: Int64.self)
            return try await database.tenant(tenant.id).transaction { transaction -> Log in
                guard try await transaction.person(id: id) != nil else { throw Problem.notFound }
                return Log(entries: try await transaction.peopleLog(person: id))
            }
        }
        group.get("people/{id}/tickets") { request, context in
            let tenant = try context.requireTenant()
            let identity = try context.requireIdentity(.read)
            let id = try context.parameters.require("id", as: Int64.self)
            guard try await database.tenant(tenant.id).transaction({ try await $0.person(id: id) }) != nil else { throw Problem.notFound }
            return try await queries.page(TicketCriteria(person: id), request: request, tenant: tenant.id, identity: identity)
        }
    }

    /// A new person from the request, or a 422 naming every bad field.
    static func draft(_ input: PersonInput) throws -> PersonDraft {
        var checks = InputChecks()
        var draft = PersonDraft(name: "")
        if let raw = input.name {
            draft.name = checks.text(raw, "name", 1...200) ?? ""
        } else {
            checks.fail("name", "is required")
        }
        draft.emails = input.emails.flatMap { checks.emails($0) } ?? []
        draft.phone = input.phone.flatMap { checks.phone($0, allowEmpty: true) }.flatMap { $0.isEmpty ? nil : $0 }
        draft.identities = identities(input.identities, &checks) ?? []
        draft.locale = input.locale.flatMap { checks.locale($0, allowEmpty: true) }.flatMap { $0.isEmpty ? nil : $0 }
        draft.timeZone = input.timeZone.flatMap { checks.timeZone($0, allowEmpty: true) }.flatMap { $0.isEmpty ? nil : $0 }
        draft.usergroups = usergroups(input.usergroups, &checks) ?? []
        try checks.check()
        return draft
    }

    static func change(_ input: PersonInput) throws -> PersonChange {
        var checks = InputChecks()
        let change = PersonChange(
            name: input.name.flatMap { checks.text($0, "name", 1...200) },
            emails: input.emails.flatMap { checks.emails($0) },
            phone: input.phone.flatMap { checks.phone($0, allowEmpty: true) },
            identities: identities(input.identities, &checks),
            locale: input.locale.flatMap { checks.locale($0, allowEmpty: true) },
            timeZone: input.timeZone.flatMap { checks.timeZone($0, allowEmpty: true) },
            usergroups: usergroups(input.usergroups, &checks)
        )
        try checks.check()
        return change
    }

    private static func identities(_ raw: [IdentityInput]?, _ checks: inout InputChecks) -> [Person.Identity]? {
        guard let raw else { return nil }
        guard raw.count <= 20 else {
            checks.fail("identities", "at most 20 identities")
            return nil
        }
        let kindCharacters = Set("abcdefghijklmnopqrstuvwxyz0123456789_-".unicodeScalars)
        var identities: [Person.Identity] = []
        for (index, identity) in raw.enumerated() {
            let kind = identity.kind.lowercased()
            guard (1...50).contains(kind.unicodeScalars.count), kind.unicodeScalars.allSatisfy(kindCharacters.contains) else {
                checks.fail("identities[\(index)].kind", "must be 1-50 letters, digits, - or _ (such as twitter)")
                continue
            }
            guard let value = checks.text(identity.value, "identities[\(index)].value", 1...200) else { continue }
            let cleaned = Person.Identity(kind: kind, value: value)
            if !identities.contains(cleaned) { identities.append(cleaned) }
        }
        return identities
    }

    private static func usergroups(_ raw: [Int64]?, _ checks: inout InputChecks) -> [Int64]? {
        guard let raw else { return nil }
        guard raw.count <= 100 else {
            checks.fail("usergroups", "at most 100 usergroups")
            return nil
        }
        return raw
    }

    /// The person, or the problem as the HTTP error that names the field.
    static func unwrap(_ outcome: Result<Person, PeopleProblem>, input: PersonInput) throws -> Person {
        switch outcome {
        case .success(let person): return person
        case .failure(.notFound): throw Problem.notFound
        case .failure(.emailTaken(let email)):
            let index = input.emails?.firstIndex { EmailAddress.normalize($0) == email }
            throw Problem.validation([.init(field: index.map { "emails[\($0)]" } ?? "emails", message: "\(email) belongs to another person")])
        case .failure(.identityTaken(let identity)):
            let index = input.identities?.firstIndex { $0.kind.lowercased() == identity.kind && $0.value.trimmingCharacters(in: .whitespacesAndNewlines) == identity.value }
            throw Problem.validation([.init(field: index.map { "identities[\($0)]" } ?? "identities", message: "belongs to another person")])
        case .failure(.unknownUsergroup(let id)):
            throw Problem.validation([.init(field: "usergroups", message: "no usergroup \(id)")])
        case .failure(.unknownOrganisation(let id)):
            throw Problem.validation([.init(field: "organisations", message: "no organisation \(id)")])
        case .failure(.unknownPerson(let id)):
            throw Problem.validation([.init(field: "from", message: "no person \(id)")])
        case .failure(.samePerson):
            throw Problem.validation([.init(field: "from", message: "must be another person")])
        case .failure(.nameTaken), .failure(.domainTaken), .failure(.patternTaken):
            throw Problem.conflict
        }
    }
}

extension Person: ResponseCodable {}
