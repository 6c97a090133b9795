import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardICU
import SwitchboardPostgres
import SwitchboardRedis

/// `/agent`: the agent interface. Sign-in, the ticket queues and the ticket view, as
/// server-rendered pages whose forms work without JavaScript; every change goes through the
/// same `TicketWork` the API uses, so triggers, notifications and checks are the same.
public struct AgentWebController: Sendable {
    let pages: WebPages
    let database: Database
    let signIn: SignIn
    let secureCookies: Bool
    let queries: TicketQueries
    let work: TicketWork
    let live: LiveHub
    let bulk: TicketBulkController

    public init(
        pages: WebPages, database: Database, redis: RedisClient, signIn: SignIn, secureCookies: Bool, locks: TicketLocks, events: TicketEvents,
        live: LiveHub
    ) {
        self.pages = pages
        self.database = database
        self.signIn = signIn
        self.secureCookies = secureCookies
        // Counts of "my tickets" and searches are shared for a few seconds, as the API's are.
        self.queries = TicketQueries(database: database, redis: redis)
        self.work = TicketWork(database: database, locks: locks, events: events, live: live)
        self.live = live
        self.bulk = TicketBulkController(database: database, locks: locks, events: events)
    }

    static let statusLabels: [Ticket.Status: String] = [
        .awaitingAgent: "ticket.status.awaiting_agent", .awaitingUser: "ticket.status.awaiting_user", .pending: "ticket.status.pending",
        .resolved: "ticket.status.resolved", .closed: "ticket.status.closed",
    ]
    static let priorityLabels: [Ticket.Priority: String] = [
        .low: "ticket.priority.low", .normal: "ticket.priority.normal", .high: "ticket.priority.high", .urgent: "ticket.priority.urgent",
    ]
    /// What the page says after a change, by the `notice` its redirect names.
    static let notices = ["replied": "agent.ticket.notice.replied", "noted": "agent.ticket.notice.noted", "saved": "agent.ticket.notice.saved"]

    /// Rows on one page of a queue.
    static let pageSize = 50

    public func addRoutes(to router: Router<AppRequestContext>) {
        pages.assets.addRoutes(to: router)
        let group = router.group("agent").add(middleware: WebErrorMiddleware(pages: pages))
        group.get { _, _ in WebPages.redirect(to: "/agent/tickets") }
        group.get("login", use: loginPage)
        group.post("login", use: login)
        group.post("logout", use: logout)
        group.get("tickets", use: ticketList)
        group.get("tickets/{ref}", use: ticketView)
        group.post("tickets/{ref}/messages", use: addMessage)
        group.post("tickets/bulk", use: bulkChange)
        group.post("tickets/{ref}", use: changeTicket)
        addProfileRoutes(to: group)
    }

    // MARK: Sign-in

    @Sendable func loginPage(request: Request, context: AppRequestContext) async throws -> Response {
        if context.identity != nil { return WebPages.redirect(to: "/agent/tickets") }
        return renderLogin(request: request, context: context, email: "", error: nil, status: .ok)
    }

    @Sendable func login(request: Request, context: AppRequestContext) async throws -> Response {
        let tenant = try context.requireTenant()
        let form = try await WebForms.read(request, context: context)
        let email = form["email"] ?? ""
        guard let cookie = request.cookies[WebForms.loginCookie]?.value, let sent = form[WebForms.field],
              WebForms.constantTimeEqual(cookie, sent)
        else {
            return renderLogin(request: request, context: context, email: email, error: "agent.login.expired", status: .forbidden)
        }
        do {
            let session = try await signIn.start(
                email: email, password: form["password"] ?? "", tenant: tenant, ip: context.remoteAddress,
                userAgent: request.headers[.userAgent], logger: context.logger
            )
            var response = WebPages.redirect(to: "/agent/tickets")
            response.setCookie(signIn.cookie(session.secret, secure: secureCookies))
            response.setCookie(Self.loginCookie("", secure: secureCookies))
            return response
        } catch let problem as Problem {
            let localizer = pages.localizer(request, context)
            let message: String
            if problem.status == .tooManyRequests {
                message = WebForms.lockedMessage(problem, localizer)
            } else {
                message = localizer(problem.messageID, [:])
            }
            return renderLogin(request: request, context: context, email: email, error: message, status: problem.status, localized: true)
        }
    }

    @Sendable func logout(request: Request, context: AppRequestContext) async throws -> Response {
        let tenant = try context.requireTenant()
        if context.identity != nil {
            try WebForms.check(try await WebForms.read(request, context: context), request: request)
        }
        try await signIn.end(request, tenant: tenant)
        var response = WebPages.redirect(to: "/agent/login")
        response.setCookie(signIn.cookie("", secure: secureCookies))
        return response
    }

    func renderLogin(
        request: Request, context: AppRequestContext, email: String, error: String?, status: HTTPResponse.Status, localized: Bool = false
    ) -> Response {
        let localizer = pages.localizer(request, context)
        // A fresh pair for every form shown: the cookie and the hidden field must match.
        let token = SecretToken.generate()
        var values: [String: Any] = ["email": email]
        if let error { values["error"] = localized ? error : localizer(error) }
        var response = pages.render(
            "agent_login", title: localizer("agent.login.title"), values: values,
            page: pages.page(request, context, localizer: localizer, csrf: token, agentName: nil), status: status
        )
        response.setCookie(Self.loginCookie(token, secure: secureCookies))
        return response
    }

    static func loginCookie(_ value: String, secure: Bool) -> Cookie {
        Cookie(
            name: WebForms.loginCookie, value: value, maxAge: value.isEmpty ? 0 : 3600, path: "/agent/login", secure: secure, httpOnly: true,
            sameSite: .strict
        )
    }

    // MARK: Queues

    @Sendable func ticketList(request: Request, context: AppRequestContext) async throws -> Response {
        let tenant = try context.requireTenant()
        let identity = try context.requireIdentity(.read)
        let query = request.uri.queryParameters
        let localizer = pages.localizer(request, context)
        let mine = query["view"] == "mine"
        var criteria = TicketCriteria()
        func text(_ name: String) -> String? {
            query[Substring(name)].map(String.init).flatMap { $0.isEmpty || $0.contains("\u{0}") ? nil : $0 }
        }
        criteria.status = try text("status").map { text in
            guard let status = Ticket.Status(rawValue: text) else { throw Problem.badRequest("unknown status \(text)") }
            return status
        } ?? .awaitingAgent
        criteria.department = text("department")
        criteria.q = text("q")
        if mine { criteria.agent = identity.agentID.rawValue }
        let cursor = query["cursor"].flatMap { TicketCursor(token: String($0)) }
        let page = try await queries.page(criteria, cursor: cursor, limit: Self.pageSize, tenant: tenant.id, identity: identity)

        let facts = try await database.tenant(tenant.id).transaction { transaction in
            let access = try await transaction.departmentAccess(for: identity)
            let departmentID = try await criteria.department.asyncFlatMap { try await transaction.departmentID(named: $0) }
            let byStatus = try await transaction.ticketCountsByStatus(departmentID: departmentID, visible: access.viewable)
            var minePending = criteria
            minePending.agent = identity.agentID.rawValue
            minePending.q = nil
            let mineCount = try await queries.count(minePending, access: access, agent: identity.agentID, tenant: tenant.id, in: transaction)
            let departments = try await transaction.departments().filter { access.canView($0.id) }
            let agents = try await transaction.agentNames()
            let people = try await transaction.personNames(ids: page.tickets.compactMap(\.personID))
            return (byStatus, mineCount, departments, agents, people)
        }
        let (byStatus, mineCount, departments, agents, people) = facts
        let agentNames = agents.mapValues(\.name)
        let status = criteria.status ?? .awaitingAgent
        let department = criteria.department ?? ""
        let q = criteria.q ?? ""

        func link(view: Bool, status: Ticket.Status) -> String {
            Self.query([("view", view ? "mine" : nil), ("status", status.rawValue), ("department", department.isEmpty ? nil : department), ("q", q.isEmpty ? nil : q)])
        }
        var queues: [[String: Any]] = [[
            "label": localizer("agent.queue.mine"), "count": localizer("agent.count", ["count": .integer(Int(mineCount.count))]),
            "href": "/agent/tickets" + link(view: true, status: status), "current": mine, "id": "queue-mine",
        ]]
        for option in Ticket.Status.allCases where option != .closed {
            queues.append([
                "label": localizer(Self.statusLabels[option]!),
                "count": localizer("agent.count", ["count": .integer(Int(byStatus[option] ?? 0))]),
                "href": "/agent/tickets" + link(view: false, status: option), "current": !mine && option == status,
                "id": "queue-\(option.rawValue)",
            ])
        }
        let rows = ticketRows(page.tickets, agents: agentNames, people: people, localizer: localizer)
        var values: [String: Any] = [
            "queues": queues, "tickets": rows, "empty": rows.isEmpty, "q": q, "statusValue": status.rawValue, "selectable": true,
            "back": "/agent/tickets" + link(view: mine, status: status),
            "bulkStatuses": Ticket.Status.allCases.filter { $0 != .closed }.map { ["value": $0.rawValue, "label": localizer(Self.statusLabels[$0]!)] },
            "bulkPriorities": Ticket.Priority.allCases.map { ["value": $0.rawValue, "label": localizer(Self.priorityLabels[$0]!)] },
            "departments": departments.map { ["name": $0.name, "selected": $0.name == department] },
            "heading": mine ? localizer("agent.queue.mine") : localizer(Self.statusLabels[status]!),
        ]
        if mine { values["view"] = "mine" }
        if let count = query["updated"].flatMap({ Int($0) }) {
            values["bulkNotice"] = localizer("agent.bulk.done", ["count": .integer(count)])
        }
        if let next = page.nextCursor {
            values["next"] = "/agent/tickets" + Self.query([
                ("view", mine ? "mine" : nil), ("status", status.rawValue), ("department", department.isEmpty ? nil : department),
                ("q", q.isEmpty ? nil : q), ("cursor", next),
            ])
        }
        let frame = webPage(request, context, localizer, agentName: agentNames[identity.agentID.rawValue])
        return pages.render("agent_tickets", title: localizer("agent.tickets.title"), values: values, page: frame)
    }

    // MARK: One ticket

    @Sendable func ticketView(request: Request, context: AppRequestContext) async throws -> Response {
        let localizer = pages.localizer(request, context)
        let facts = try await database.withTicket(context, needing: .view, permission: .read) { transaction, ticket, identity in
            let messages = try await transaction.messages(ticketID: ticket.id)
            let agents = try await transaction.agentNames()
            let person = try await ticket.personID.asyncFlatMap { try await transaction.person(id: $0) }
            let department = try await ticket.departmentID.asyncFlatMap { try await transaction.department(id: $0) }
            let access = try await transaction.departmentAccess(for: identity)
            let fields = ticket.fields.isEmpty ? [] : try await transaction.customFields(entity: .ticket)
            return (ticket, messages, agents, person, department, access.canChange(ticket.departmentID), fields)
        }
        let (ticket, messages, agents, person, department, mayChange, definitions) = facts
        // Assigning to an agent who may not see the ticket is refused when it is saved.
        let assignable = agents.filter(\.value.isActive).map { (id: $0.key, name: $0.value.name) }.sorted { ($0.name, $0.id) < ($1.name, $1.id) }
        let agentNames = agents.mapValues(\.name)
        let thread: [[String: Any]] = messages.map { message in
            var author = localizer("agent.ticket.unknown_author")
            if let agent = message.authorAgentID { author = agentNames[agent] ?? author }
            else if message.authorPersonID != nil, let person { author = person.name }
            return [
                "id": message.id, "author": author, "body": message.body, "isNote": message.kind == "note",
                "kind": localizer(message.kind == "note" ? "agent.ticket.note" : "agent.ticket.reply"),
                "time": localizer("agent.time", ["when": .date(message.createdAt)]),
                "attachments": message.attachments.map { ["name": $0.filename] },
            ]
        }
        var values: [String: Any] = [
            "ticket": [
                "ref": ticket.ref, "subject": ticket.subject, "version": ticket.version, "labels": ticket.labels,
                "status": localizer(Self.statusLabels[ticket.status]!), "statusKey": ticket.status.rawValue,
                "priority": localizer(Self.priorityLabels[ticket.priority]!),
                "department": department?.name ?? localizer("agent.ticket.no_department"),
                "assignee": ticket.agentID.flatMap { agentNames[$0] } ?? localizer("agent.ticket.unassigned"),
                "created": localizer("agent.time", ["when": .date(ticket.createdAt)]),
            ] as [String: Any],
            "messages": thread,
            "fields": definitions.compactMap { field -> [String: Any]? in
                guard let value = ticket.fields[field.key] else { return nil }
                return ["label": field.label, "value": Self.text(value, localizer: localizer)]
            },
            "mayChange": mayChange,
            "statuses": Ticket.Status.allCases.filter { $0 != .closed || ticket.status == .closed }.map {
                ["value": $0.rawValue, "label": localizer(Self.statusLabels[$0]!), "selected": $0 == ticket.status]
            },
            "priorities": Ticket.Priority.allCases.map {
                ["value": $0.rawValue, "label": localizer(Self.priorityLabels[$0]!), "selected": $0 == ticket.priority]
            },
            "agents": assignable.map { ["id": $0.id, "name": $0.name, "selected": $0.id == ticket.agentID] },
            "unassigned": ticket.agentID == nil,
        ]
        if let person {
            values["customer"] = ["name": person.name, "email": person.primaryEmail ?? "", "href": "/agent/people/\(person.id.rawValue)"]
        }
        if let notice = request.uri.queryParameters["notice"].flatMap({ Self.notices[String($0)] }) {
            values["notice"] = localizer(notice)
        }
        let title = localizer("agent.ticket.title", ["ref": .integer(Int(ticket.ref)), "subject": .string(ticket.subject)])
        let identity = try context.requireIdentity()
        let frame = webPage(request, context, localizer, agentName: agentNames[identity.agentID.rawValue])
        return pages.render("agent_ticket", title: title, values: values, page: frame)
    }

    @Sendable func addMessage(request: Request, context: AppRequestContext) async throws -> Response {
        let tenant = try context.requireTenant()
        let identity = try context.requireIdentity(.write)
        let ref = try context.parameters.require("ref", as: Int64.self)
        let form = try await WebForms.read(request, context: context)
        try WebForms.check(form, request: request)
        let kind = form["kind"] == "note" ? "note" : "reply"
        _ = try await work.addMessage(ref: ref, kind: kind, body: form["body"] ?? "", attachments: nil, tenant: tenant.id, identity: identity)
        return WebPages.redirect(to: "/agent/tickets/\(ref)?notice=\(kind == "note" ? "noted" : "replied")")
    }

    @Sendable func changeTicket(request: Request, context: AppRequestContext) async throws -> Response {
        let tenant = try context.requireTenant()
        let identity = try context.requireIdentity(.write)
        let ref = try context.parameters.require("ref", as: Int64.self)
        let form = try await WebForms.read(request, context: context)
        try WebForms.check(form, request: request)
        guard let version = form["version"].flatMap(Int.init) else { throw Problem.badRequest("version is missing") }
        var change = TicketChange()
        if let text = form["status"], !text.isEmpty {
            guard let status = Ticket.Status(rawValue: text) else { throw Problem.badRequest("unknown status") }
            change.status = status
        }
        if let text = form["priority"], !text.isEmpty {
            guard let priority = Ticket.Priority(rawValue: text) else { throw Problem.badRequest("unknown priority") }
            change.priority = priority
        }
        if let text = form["agent"] {
            if text.isEmpty { change.agentID = .some(nil) } else {
                guard let id = Int64(text) else { throw Problem.badRequest("agent must be an agent's id") }
                change.agentID = id
            }
        }
        _ = try await work.change(ref: ref, expected: version, change: change, department: nil, tenant: tenant.id, identity: identity)
        return WebPages.redirect(to: "/agent/tickets/\(ref)?notice=saved")
    }

    /// A change to the tickets ticked on a queue page; each is checked on its own, as the
    /// API's bulk change does.
    @Sendable func bulkChange(request: Request, context: AppRequestContext) async throws -> Response {
        let tenant = try context.requireTenant()
        let identity = try context.requireIdentity(.write)
        let form = try await WebForms.read(request, context: context)
        try WebForms.check(form, request: request)
        let refs = form.all("ref").compactMap { Int64($0) }
        let change = TicketBulkController.BulkChange(
            status: form["status"].flatMap(Ticket.Status.init), priority: form["priority"].flatMap(Ticket.Priority.init)
        )
        let result = try await bulk.apply(.init(refs: refs, criteria: nil, change: change), tenant: tenant.id, identity: identity)
        let back = form["back"].flatMap { $0.hasPrefix("/agent/tickets") && !$0.hasPrefix("//") ? $0 : nil } ?? "/agent/tickets"
        return WebPages.redirect(to: back + (back.contains("?") ? "&" : "?") + "updated=\(result.updated)")
    }

    // MARK: Helpers

    /// Tickets as list rows, for queues and profiles.
    func ticketRows(
        _ tickets: [Ticket], agents: [Int64: String], people: [Int64: String] = [:], localizer: Localizer
    ) -> [[String: Any]] {
        tickets.map { ticket in
            var row: [String: Any] = [
                "ref": ticket.ref, "subject": ticket.subject, "href": "/agent/tickets/\(ticket.ref)",
                "status": localizer(Self.statusLabels[ticket.status]!), "statusKey": ticket.status.rawValue,
                "priority": localizer(Self.priorityLabels[ticket.priority]!), "priorityKey": ticket.priority.rawValue,
                "updated": localizer("agent.time", ["when": .date(ticket.updatedAt)]), "updatedISO": ticket.updatedAt.formatted(.iso8601),
            ]
            if let agent = ticket.agentID, let name = agents[agent] { row["assignee"] = name }
            if let person = ticket.personID, let name = people[person] { row["customer"] = name }
            return row
        }
    }

    /// The page frame's facts: the form token and who is signed in.
    func webPage(_ request: Request, _ context: AppRequestContext, _ localizer: Localizer, agentName name: String?) -> WebPage {
        let isAdmin = context.identity?.permissions.contains(.admin) ?? false
        return pages.page(
            request, context, localizer: localizer, csrf: WebForms.sessionToken(request) ?? "", agentName: name,
            isAdmin: isAdmin
        )
    }

    /// A custom field's value as a person reads it.
    static func text(_ value: JSONValue, localizer: Localizer) -> String {
        switch value {
        case .null: ""
        case .bool(let flag): localizer(flag ? "web.yes" : "web.no")
        case .number(let number): localizer("web.number", ["value": .double(number)])
        case .string(let text): text
        case .array(let values): values.map { text($0, localizer: localizer) }.joined(separator: ", ")
        case .object: ""
        }
    }

    /// `?a=1&b=2` from the pairs that have values, percent-encoded.
    static func query(_ pairs: [(String, String?)]) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+#?")
        let parts = pairs.compactMap { name, value in
            value.map { "\(name)=\($0.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
        }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }
}
