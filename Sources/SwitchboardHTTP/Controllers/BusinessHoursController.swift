import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardPostgres

/// `/api/v1/business-hours`: the tenant's calendars, where they apply, and which one governs
/// a given agent and department right now.
public struct BusinessHoursController: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    struct CalendarBody: ResponseCodable {
        var id: Int64
        var name: String
        var isDefault: Bool
        var calendar: BusinessCalendar
        var departments: [String]
        var agents: [String]

        init(_ stored: StoredBusinessCalendar) {
            id = stored.id
            name = stored.name
            isDefault = stored.isDefault
            calendar = stored.calendar
            departments = stored.departments
            agents = stored.agents
        }
    }

    struct CalendarList: ResponseCodable {
        var businessHours: [CalendarBody]
    }

    /// Create and replace share one body; the calendar is checked field by field.
    struct CalendarInput: Decodable {
        var name: String
        var isDefault: Bool?
        var calendar: JSONValue
        var departments: [String]?
        var agents: [String]?
    }

    struct Effective: ResponseCodable {
        var name: String?
        var resolution: BusinessCalendarResolution
        var calendar: BusinessCalendar
        var isOpen: Bool
        var nextOpening: Date?
    }

    public func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("business-hours") { _, context in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.read)
            let calendars = try await database.tenant(tenant.id).transaction { try await $0.businessCalendars() }
            return CalendarList(businessHours: calendars.map(CalendarBody.init))
        }
        group.get("business-hours/effective") { request, context in
            let tenant = try context.requireTenant()
            let identity = try context.requireIdentity(.read)
            let department = request.uri.queryParameters["department"].map(String.init)
            let agentID = try request.uri.queryParameters["agent"].map { text -> Agent.ID in
                guard let id = Int64(text) else { throw Problem.badRequest("agent must be an agent's id") }
                return Agent.ID(rawValue: id)
            } ?? identity.agentID
            let effective = try await database.tenant(tenant.id).transaction {
                try await $0.effectiveBusinessCalendar(department: department, agent: agentID)
            }
            let now = Date()
            return Effective(
                name: effective.name, resolution: effective.resolution, calendar: effective.calendar,
                isOpen: effective.calendar.isOpen(at: now), nextOpening: effective.calendar.nextOpening(after: now)
            )
        }
        group.get("business-hours/{id}") { _, context in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.read)
            let id = try context.parameters.require("id", as: Int64.self)
            guard let stored = try await database.tenant(tenant.id).transaction({ try await $0.businessCalendar(id: id) }) else {
                throw Problem.notFound
            }
            return CalendarBody(stored)
        }
        group.post("business-hours") { request, context -> EditedResponse<CalendarBody> in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.admin)
            let input = try await request.decode(as: CalendarInput.self, context: context)
            let calendar = try Self.calendar(from: input)
            let stored = try await database.tenant(tenant.id).transaction { transaction in
                if try await transaction.businessCalendar(named: input.name) != nil {
                    throw Problem(.conflict, kind: "name-taken", messageID: "error.conflict", detail: "a calendar is already named \(input.name)")
                }
                let (id, _) = try await transaction.upsertBusinessCalendar(name: input.name, calendar: calendar, isDefault: input.isDefault ?? false)
                try await Self.assign(id, input, in: transaction)
                return try await transaction.businessCalendar(id: id)
            }
            guard let stored else { throw Problem.notFound }
            return EditedResponse(status: .created, response: CalendarBody(stored))
        }
        group.put("business-hours/{id}") { request, context in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.admin)
            let id = try context.parameters.require("id", as: Int64.self)
            let input = try await request.decode(as: CalendarInput.self, context: context)
            let calendar = try Self.calendar(from: input)
            let stored = try await database.tenant(tenant.id).transaction { transaction -> StoredBusinessCalendar? in
                guard try await transaction.updateBusinessCalendar(id: id, name: input.name, calendar: calendar, isDefault: input.isDefault ?? false) else {
                    return nil
                }
                try await Self.assign(id, input, in: transaction)
                return try await transaction.businessCalendar(id: id)
            }
            guard let stored else { throw Problem.notFound }
            return CalendarBody(stored)
        }
        group.delete("business-hours/{id}") { _, context -> Response in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.admin)
            let id = try context.parameters.require("id", as: Int64.self)
            guard try await database.tenant(tenant.id).transaction({ try await $0.deleteBusinessCalendar(id: id) }) else {
                throw Problem.notFound
            }
            return Response(status: .noContent)
        }
    }

    /// The calendar part of a body, with errors that name the field (`calendar.week.fri[0].end`).
    static func calendar(from input: CalendarInput) throws -> BusinessCalendar {
        var errors: [Problem.FieldError] = []
        if input.name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || input.name.unicodeScalars.count > 100 {
            errors.append(.init(field: "name", message: "must be 1-100 characters"))
        }
        do {
            let calendar = try BusinessCalendar(json: try JSONEncoder().encode(input.calendar))
            guard errors.isEmpty else { throw Problem.validation(errors) }
            return calendar
        } catch let error as BusinessCalendarError {
            errors.append(.init(field: error.field.isEmpty ? "calendar" : "calendar.\(error.field)", message: error.message))
            throw Problem.validation(errors)
        }
    }

    /// Replaces where the calendar applies when the body says; unknown names are a 422.
    static func assign(_ id: Int64, _ input: CalendarInput, in transaction: TenantTransaction) async throws {
        guard input.departments != nil || input.agents != nil else { return }
        try await transaction.query("UPDATE departments SET business_calendar_id = NULL WHERE business_calendar_id = \(id)")
        try await transaction.query("UPDATE agents SET business_calendar_id = NULL WHERE business_calendar_id = \(id)")
        let unknown = try await transaction.assignBusinessCalendar(id, departments: input.departments ?? [], agents: input.agents ?? [])
        if !unknown.isEmpty {
            throw Problem.validation(unknown.map { .init(field: "departments/agents", message: "no department or agent \"\($0)\"") })
        }
    }
}
