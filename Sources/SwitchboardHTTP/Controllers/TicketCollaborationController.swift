import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardPostgres

/// Working on a ticket together: followers, private stars, tasks and links
/// (`/api/v1/tickets/{ref}/...`), and each agent's notifications (`/api/v1/notifications`).
/// Reading needs view access to the ticket's department; changing needs full access, except
/// an agent's own star and their own following, which view access allows.
public struct TicketCollaborationController: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    struct Followers: ResponseCodable {
        var followers: [Int64]
    }

    struct Tasks: ResponseCodable {
        var tasks: [TicketTask]
    }

    struct TaskInput: Decodable {
        var title: String
        var assignee: Int64?
        var dueAt: String?
    }

    struct TaskChange: Decodable {
        var title: String?
        var assignee: Int64??
        var dueAt: String??
        var done: Bool?

        enum CodingKeys: String, CodingKey { case title, assignee, dueAt, done }

        // `"assignee": null` clears it; leaving it out keeps it.
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            title = try container.decodeIfPresent(String.self, forKey: .title)
            done = try container.decodeIfPresent(Bool.self, forKey: .done)
            assignee = container.contains(.assignee) ? .some(try container.decodeIfPresent(Int64.self, forKey: .assignee)) : nil
            dueAt = container.contains(.dueAt) ? .some(try container.decodeIfPresent(String.self, forKey: .dueAt)) : nil
        }
    }

    struct Links: ResponseCodable {
        var links: [Int64]
    }

    struct LinkInput: Decodable {
        var ref: Int64
    }

    struct Notifications: ResponseCodable {
        var notifications: [AgentNotification]
        var nextCursor: String?
    }

    struct FollowUps: ResponseCodable {
        var followUps: [FollowUp]
    }

    struct FollowUpInput: Decodable {
        /// When: a time (ISO 8601 with an offset)…
        var dueAt: String?
        /// …or this many minutes from now.
        var inMinutes: Int?
        var note: String?
        /// Whom to remind; the caller when absent.
        var agent: Int64?
    }

    public func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("tickets/{ref}/follow-ups") { _, context in
            try await database.withTicket(context, needing: .view, permission: .read) { transaction, ticket, _ in
                FollowUps(followUps: try await transaction.followUps(ticketID: ticket.id))
            }
        }
        group.post("tickets/{ref}/follow-ups") { request, context -> EditedResponse<FollowUp> in
            let input = try await request.decode(as: FollowUpInput.self, context: context)
            // Access first, so that nobody learns about a ticket from how their input is judged.
            let followUp = try await database.withTicket(context, needing: .full, permission: .write) { transaction, ticket, identity in
                let (dueAt, note) = try Self.check(input)
                let agent = Agent.ID(rawValue: input.agent ?? identity.agentID.rawValue)
                guard let found = try await transaction.agent(id: agent), found.isActive else {
                    throw Problem.validation([.init(field: "agent", message: "no active agent has this id")])
                }
                return try await transaction.scheduleFollowUp(ticketID: ticket.id, agent: agent, note: note, dueAt: dueAt, by: identity.agentID)
            }
            return EditedResponse(status: .created, response: followUp)
        }
        group.delete("tickets/{ref}/follow-ups/{id}") { _, context -> Response in
            let id = try context.parameters.require("id", as: Int64.self)
            try await database.withTicket(context, needing: .full, permission: .write) { transaction, ticket, identity in
                guard try await transaction.cancelFollowUp(id: id, ticketID: ticket.id) else { throw Problem.notFound }
                try await transaction.logTicketChange(ticket.id, agent: identity.agentID, field: "follow_up", old: String(id), new: nil)
            }
            return Response(status: .noContent)
        }
        group.get("tickets/{ref}/followers") { _, context in
            try await database.withTicket(context, needing: .view, permission: .read) { transaction, ticket, _ in
                Followers(followers: try await transaction.followers(ticketID: ticket.id))
            }
        }
        group.put("tickets/{ref}/followers/{agent}") { _, context -> Response in
            try await follow(context, true)
        }
        group.delete("tickets/{ref}/followers/{agent}") { _, context -> Response in
            try await follow(context, false)
        }
        group.put("tickets/{ref}/star") { _, context -> Response in
            try await database.withTicket(context, needing: .view, permission: .read) { transaction, ticket, identity in
                try await transaction.setStarred(ticketID: ticket.id, agent: identity.agentID, true)
            }
            return Response(status: .noContent)
        }
        group.delete("tickets/{ref}/star") { _, context -> Response in
            try await database.withTicket(context, needing: .view, permission: .read) { transaction, ticket, identity in
                try await transaction.setStarred(ticketID: ticket.id, agent: identity.agentID, false)
            }
            return Response(status: .noContent)
        }
        group.get("tickets/{ref}/tasks") { _, context in
            try await database.withTicket(context, needing: .view, permission: .read) { transaction, ticket, _ in
                Tasks(tasks: try await transaction.tasks(ticketID: ticket.id))
            }
        }
        group.post("tickets/{ref}/tasks") { request, context -> EditedResponse<TicketTask> in
            let input = try await request.decode(as: TaskInput.self, context: context)
            let title = input.title.trimmingCharacters(in: .whitespacesAndNewlines)
            try Self.checkTitle(title)
            let dueAt = try input.dueAt.map(Self.time)
            let task = try await database.withTicket(context, needing: .full, permission: .write) { transaction, ticket, identity in
                guard let task = try await transaction.createTask(
                    ticketID: ticket.id, title: title, assignee: input.assignee, dueAt: dueAt, by: identity.agentID
                ) else { throw Problem.validation([.init(field: "assignee", message: "no such agent")]) }
                return task
            }
            return EditedResponse(status: .created, response: task)
        }
        group.patch("tickets/{ref}/tasks/{id}") { request, context -> TicketTask in
            let id = try context.parameters.require("id", as: Int64.self)
            let input = try await request.decode(as: TaskChange.self, context: context)
            let title = input.title?.trimmingCharacters(in: .whitespacesAndNewlines)
            if let title { try Self.checkTitle(title) }
            let dueAt: Date?? = try input.dueAt.map { try $0.map(Self.time) }
            return try await database.withTicket(context, needing: .full, permission: .write) { transaction, ticket, identity in
                switch try await transaction.updateTask(
                    ticketID: ticket.id, id: id, title: title, assignee: input.assignee, dueAt: dueAt, done: input.done, by: identity.agentID
                ) {
                case .updated(let task): return task
                case .notFound: throw Problem.notFound
                case .unknownAssignee: throw Problem.validation([.init(field: "assignee", message: "no such agent")])
                }
            }
        }
        group.delete("tickets/{ref}/tasks/{id}") { _, context -> Response in
            let id = try context.parameters.require("id", as: Int64.self)
            try await database.withTicket(context, needing: .full, permission: .write) { transaction, ticket, _ in
                guard try await transaction.deleteTask(ticketID: ticket.id, id: id) else { throw Problem.notFound }
            }
            return Response(status: .noContent)
        }
        group.get("tickets/{ref}/links") { _, context in
            try await database.withTicket(context, needing: .view, permission: .read) { transaction, ticket, identity in
                let access = try await transaction.departmentAccess(for: identity)
                // Linked tickets the caller may not see are not shown.
                return Links(links: try await transaction.linkedTickets(ticketID: ticket.id).filter { access.canView($0.departmentID) }.map(\.ref))
            }
        }
        group.post("tickets/{ref}/links") { request, context -> Response in
            let input = try await request.decode(as: LinkInput.self, context: context)
            try await link(context, other: input.ref, true)
            return Response(status: .noContent)
        }
        group.delete("tickets/{ref}/links/{other}") { _, context -> Response in
            try await link(context, other: try context.parameters.require("other", as: Int64.self), false)
            return Response(status: .noContent)
        }
        group.get("notifications") { request, context in
            let tenant = try context.requireTenant()
            let identity = try context.requireIdentity(.read)
            let query = request.uri.queryParameters
            let unread = try query["unread"].map { text -> Bool in
                guard let value = Bool(String(text)) else { throw Problem.badRequest("unread must be true or false") }
                return value
            } ?? false
            let before = try query["cursor"].map { text -> Int64 in
                guard let id = Int64(text), id > 0 else { throw Problem.badRequest("cursor is not one this API gave out") }
                return id
            }
            let limit = 50
            let found = try await database.tenant(tenant.id).transaction {
                try await $0.notifications(agent: identity.agentID, unreadOnly: unread, before: before, limit: limit + 1)
            }
            let shown = Array(found.prefix(limit))
            return Notifications(notifications: shown, nextCursor: found.count > limit ? shown.last.map { String($0.id) } : nil)
        }
        group.post("notifications/{id}/read") { _, context -> Response in
            let tenant = try context.requireTenant()
            let identity = try context.requireIdentity(.read)
            let id = try context.parameters.require("id", as: Int64.self)
            guard try await database.tenant(tenant.id).transaction({ try await $0.markNotificationRead(id: id, agent: identity.agentID) }) else {
                throw Problem.notFound
            }
            return Response(status: .noContent)
        }
    }

    static func time(_ text: String) throws -> Date {
        guard let date = Date(iso8601: text) else {
            throw Problem.validation([.init(field: "dueAt", message: "must be an ISO 8601 time such as 2026-01-31T09:00:00Z")])
        }
        return date
    }

    static func checkTitle(_ title: String) throws {
        guard (1...500).contains(title.unicodeScalars.count) else {
            throw Problem.validation([.init(field: "title", message: "must be 1-500 characters")])
        }
    }

    /// When a follow-up is due and its note, or a 422 naming what is wrong.
    static func check(_ input: FollowUpInput) throws -> (Date, String?) {
        var checks = InputChecks()
        var dueAt = Date()
        switch (input.dueAt, input.inMinutes) {
        case (let text?, nil):
            if let date = Date(iso8601: text), date > Date(), date < Date().addingTimeInterval(5 * 366 * 86_400) {
                dueAt = date
            } else {
                checks.fail("dueAt", "must be a future ISO 8601 time with an offset, within five years")
            }
        case (nil, let minutes?):
            if (1...2_628_000).contains(minutes) { dueAt = Date().addingTimeInterval(Double(minutes) * 60) } else {
                checks.fail("inMinutes", "must be 1 to 2628000 (five years)")
            }
        default: checks.fail("dueAt", "give dueAt or inMinutes, one of them")
        }
        let note = input.note.flatMap { checks.text($0, "note", 0...1000) }.flatMap { $0.isEmpty ? nil : $0 }
        try checks.check()
        return (dueAt, note)
    }

    /// Following oneself needs view access; adding or removing someone else needs full access.
    private func follow(_ context: AppRequestContext, _ following: Bool) async throws -> Response {
        let identity = try context.requireIdentity(.read)
        let agent = try context.parameters.require("agent", as: Int64.self)
        let isSelf = agent == identity.agentID.rawValue
        try await database.withTicket(context, needing: isSelf ? .view : .full, permission: isSelf ? .read : .write) { transaction, ticket, _ in
            let changed = try await transaction.setFollowing(ticketID: ticket.id, agent: agent, following)
            if following, !changed, !(try await transaction.followers(ticketID: ticket.id)).contains(agent) {
                throw Problem.validation([.init(field: "agent", message: "no such agent")])
            }
        }
        return Response(status: .noContent)
    }

    /// Links need full access to both tickets.
    private func link(_ context: AppRequestContext, other: Int64, _ linked: Bool) async throws {
        try await database.withTicket(context, needing: .full, permission: .write) { transaction, ticket, identity in
            guard other != ticket.ref else { throw Problem.validation([.init(field: "ref", message: "a ticket cannot be linked to itself")]) }
            let target = try await transaction.ticket(ref: other, for: identity, needing: .full)
            if try await transaction.setLinked(ticket.id, target.id, linked, by: identity.agentID) {
                try await transaction.logTicketChange(ticket.id, agent: identity.agentID, field: linked ? "linked" : "unlinked", new: "#\(target.ref)")
                try await transaction.logTicketChange(target.id, agent: identity.agentID, field: linked ? "linked" : "unlinked", new: "#\(ticket.ref)")
            }
        }
    }
}

extension TicketTask: ResponseCodable {}
