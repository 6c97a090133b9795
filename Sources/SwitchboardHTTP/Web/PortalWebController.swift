import Foundation
import Hummingbird
import NIOPosix
import SwitchboardCore
import SwitchboardICU
import SwitchboardPostgres

/// The help-center portal at the root of each helpdesk's address: registration and sign-in
/// for customers (per the tenant's rules), the contact form built from the ticket fields
/// customers may fill in, and "my tickets" with their replies. Notes are never shown here.
///
/// Portal forms carry a token that must match an HttpOnly, SameSite=Strict cookie, which
/// another site can neither read nor send.
public struct PortalWebController: Sendable {
    let pages: WebPages
    let database: Database
    let hasher: PasswordHasher
    let limiter: LoginLimiter
    let events: TicketEvents
    let live: LiveHub
    let sessionLifetime: Duration
    let secureCookies: Bool
    let searchText = SearchText()

    public init(
        pages: WebPages, database: Database, hasher: PasswordHasher, limiter: LoginLimiter, events: TicketEvents, live: LiveHub,
        sessionLifetime: Duration, secureCookies: Bool
    ) {
        self.pages = pages
        self.database = database
        self.hasher = hasher
        self.limiter = limiter
        self.events = events
        self.live = live
        self.sessionLifetime = sessionLifetime
        self.secureCookies = secureCookies
    }

    static let sessionCookie = "sb_portal"
    static let formCookie = "sb_portal_form"
    static let minimumPassword = 10
    static let notices = ["submitted": "portal.notice.submitted", "replied": "portal.notice.replied", "registered": "portal.notice.registered"]

    /// The signed-in customer, if any.
    struct Customer: Sendable {
        var id: Int64
        var name: String
    }

    public func addRoutes(to router: Router<AppRequestContext>) {
        let group = router.group().add(middleware: WebErrorMiddleware(pages: pages, signIn: "/login"))
        group.get("/") { request, context in try await home(request, context) }
        group.get("register") { request, context in try await form("portal_register", "portal.register.title", request, context) }
        group.post("register", use: register)
        group.get("login") { request, context in try await form("portal_login", "portal.login.title", request, context) }
        group.post("login", use: login)
        group.post("logout", use: logout)
        group.get("contact") { request, context in try await contactPage(request, context, input: nil, problems: nil) }
        group.post("contact", use: contact)
        group.get("tickets", use: myTickets)
        group.get("tickets/{ref}", use: ticketView)
        group.post("tickets/{ref}/messages", use: reply)
    }

    // MARK: Pages

    func home(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try await render("portal_home", titleID: "portal.home.title", request, context, values: [:])
    }

    func form(_ template: String, _ titleID: String, _ request: Request, _ context: AppRequestContext) async throws -> Response {
        if template == "portal_register", try await registration(context) == .closed {
            return try await render(template, titleID: titleID, request, context, values: ["closed": true])
        }
        return try await render(template, titleID: titleID, request, context, values: [:])
    }

    // MARK: Accounts

    @Sendable func register(request: Request, context: AppRequestContext) async throws -> Response {
        let tenant = try context.requireTenant()
        let form = try await checkedForm(request, context)
        let localizer = pages.localizer(request, context)
        let name = (form["name"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let password = form["password"] ?? ""
        var errors: [String: String] = [:]
        if try await registration(context) == .closed { errors["form"] = localizer("portal.register.closed") }
        if name.isEmpty || name.unicodeScalars.count > 200 || name.contains("\u{0}") { errors["name"] = localizer("portal.error.name") }
        let email = EmailAddress.normalize(form["email"] ?? "")
        if email == nil { errors["email"] = localizer("portal.error.email") }
        if password.count < Self.minimumPassword { errors["password"] = localizer("portal.error.password", ["count": .integer(Self.minimumPassword)]) }
        guard errors.isEmpty, let email else {
            return try await render("portal_register", titleID: "portal.register.title", request, context,
                                    values: ["errors": errors, "name": name, "email": form["email"] ?? ""], status: .unprocessableContent)
        }
        let hasher = self.hasher
        let hash = try await NIOThreadPool.singleton.runIfActive { try hasher.hash(password) }
        let person = try await database.tenant(tenant.id).transaction { transaction -> Int64? in
            if let existing = try await transaction.portalCredentials(email: email) {
                // An address already in use by an account cannot take another; one known from
                // tickets gets an account that sees only what it opens until it is confirmed.
                guard existing.passwordHash == nil else { return nil }
                return try await transaction.createPortalAccount(person: existing.person, passwordHash: hash) ? existing.person : nil
            }
            guard case .success(let created) = try await transaction.createPerson(PersonDraft(name: name, emails: [email])) else { return nil }
            _ = try await transaction.createPortalAccount(person: created.id.rawValue, passwordHash: hash)
            return created.id.rawValue
        }
        guard let person else {
            return try await render("portal_register", titleID: "portal.register.title", request, context,
                                    values: ["errors": ["email": localizer("portal.error.taken")], "name": name, "email": email],
                                    status: .conflict)
        }
        return try await startSession(person: person, tenant: tenant, redirect: "/contact?notice=registered")
    }

    @Sendable func login(request: Request, context: AppRequestContext) async throws -> Response {
        let tenant = try context.requireTenant()
        let form = try await checkedForm(request, context)
        let localizer = pages.localizer(request, context)
        let typed = form["email"] ?? ""
        func refuse(_ message: String, _ status: HTTPResponse.Status) async throws -> Response {
            try await render("portal_login", titleID: "portal.login.title", request, context,
                             values: ["errors": ["form": message], "email": typed], status: status)
        }
        guard let email = EmailAddress.normalize(typed) else { return try await refuse(localizer("error.login_failed"), .unauthorized) }
        do {
            try await limiter.check(tenant: tenant.id, email: "portal:" + email, ip: context.remoteAddress, logger: context.logger)
        } catch let problem as Problem where problem.status == .tooManyRequests {
            return try await refuse(WebForms.lockedMessage(problem, localizer), .tooManyRequests)
        }
        let found = try await database.tenant(tenant.id).transaction { try await $0.portalCredentials(email: email) }
        let hasher = self.hasher
        let password = form["password"] ?? ""
        let matches = try await NIOThreadPool.singleton.runIfActive {
            hasher.verify(password, against: found?.passwordHash ?? SignIn.decoyHash(for: hasher))
        }
        guard matches, let person = found?.person, found?.passwordHash != nil else {
            await limiter.failed(tenant: tenant.id, email: "portal:" + email, ip: context.remoteAddress, logger: context.logger)
            return try await refuse(localizer("error.login_failed"), .unauthorized)
        }
        return try await startSession(person: person, tenant: tenant, redirect: "/tickets")
    }

    @Sendable func logout(request: Request, context: AppRequestContext) async throws -> Response {
        let tenant = try context.requireTenant()
        _ = try await checkedForm(request, context)
        if let secret = request.cookies[Self.sessionCookie]?.value, !secret.isEmpty {
            try await database.tenant(tenant.id).transaction { try await $0.deletePortalSession(secret: secret) }
        }
        var response = WebPages.redirect(to: "/")
        response.setCookie(sessionCookie(""))
        return response
    }

    func startSession(person: Int64, tenant: Tenant, redirect: String) async throws -> Response {
        let secret = try await database.tenant(tenant.id).transaction {
            try await $0.createPortalSession(person: person, lifetime: sessionLifetime)
        }
        var response = WebPages.redirect(to: redirect)
        response.setCookie(sessionCookie(secret))
        return response
    }

    func sessionCookie(_ secret: String) -> Cookie {
        Cookie(
            name: Self.sessionCookie, value: secret, maxAge: secret.isEmpty ? 0 : Int(sessionLifetime.components.seconds), path: "/",
            secure: secureCookies, httpOnly: true, sameSite: .lax
        )
    }

    // MARK: Contact form

    /// The ticket fields customers fill in on the contact form: not agents-only, and not tied
    /// to a department.
    func contactFields(_ tenant: Tenant.ID) async throws -> [CustomField] {
        try await database.tenant(tenant).transaction { try await $0.customFields(entity: .ticket) }
            .filter { !$0.isAgentOnly && $0.departments.isEmpty }
    }

    func contactPage(
        _ request: Request, _ context: AppRequestContext, input: WebForm?, problems: [String: String]?
    ) async throws -> Response {
        let tenant = try context.requireTenant()
        let localizer = pages.localizer(request, context)
        let fields = try await contactFields(tenant.id)
        let rows: [[String: Any]] = fields.map { field in
            let name = "field.\(field.key)"
            let values = input?.all(name) ?? []
            // Mustache renders a section for any string, even an empty one: absent means none.
            var row: [String: Any] = [
                "name": name, "id": "field-\(field.key)", "label": field.label, "required": field.isRequired, "value": values.last ?? "",
            ]
            if let error = problems?["fields.\(field.key)"] { row["error"] = error }
            switch field.kind {
            case .multiline: row["isMultiline"] = true
            case .choice: row["isChoice"] = true
            case .multiChoice: row["isMultiChoice"] = true
            case .checkbox: row["isCheckbox"] = true; row["checked"] = values.contains("true")
            case .number: row["inputType"] = "number"
            case .date: row["inputType"] = "date"
            case .text: row["inputType"] = "text"
            }
            row["choices"] = field.choices.map { ["value": $0, "selected": values.contains($0)] }
            return row
        }
        var values: [String: Any] = [
            "fields": rows, "subject": input?["subject"] ?? "", "message": input?["message"] ?? "",
            "guestName": input?["name"] ?? "", "guestEmail": input?["email"] ?? "",
        ]
        if let problems {
            values["errors"] = problems
            values["problem"] = localizer("portal.contact.problem", ["count": .integer(problems.count)])
        }
        return try await render("portal_contact", titleID: "portal.contact.title", request, context, values: values,
                                status: problems == nil ? .ok : .unprocessableContent)
    }

    @Sendable func contact(request: Request, context: AppRequestContext) async throws -> Response {
        let tenant = try context.requireTenant()
        let form = try await checkedForm(request, context)
        let localizer = pages.localizer(request, context)
        let signedIn = try await customer(request, tenant: tenant.id)
        let subject = (form["subject"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let message = (form["message"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [String: String] = [:]
        if subject.isEmpty || subject.unicodeScalars.count > 250 { problems["subject"] = localizer("portal.error.subject") }
        if message.isEmpty || message.utf8.count > 100_000 { problems["message"] = localizer("portal.error.message") }
        var guestEmail: String?
        if signedIn == nil {
            guestEmail = EmailAddress.normalize(form["email"] ?? "")
            if guestEmail == nil { problems["email"] = localizer("portal.error.email") }
            let name = (form["name"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if name.isEmpty || name.unicodeScalars.count > 200 { problems["name"] = localizer("portal.error.name") }
        }
        let fields = try await contactFields(tenant.id)
        var values: [String: JSONValue] = [:]
        for field in fields {
            let given = form.all("field.\(field.key)").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            guard !given.isEmpty else { continue }
            switch field.kind {
            case .number:
                if let number = Double(given[0]) { values[field.key] = .number(number) } else {
                    problems["fields.\(field.key)"] = localizer("portal.error.number")
                }
            case .checkbox: values[field.key] = .bool(given.contains("true"))
            case .multiChoice: values[field.key] = .array(given.map(JSONValue.string))
            default: values[field.key] = .string(given[0])
            }
        }
        var checked: [String: JSONValue] = [:]
        switch fields.apply(values, to: [:], department: nil, requireAll: true) {
        case .success(let result): checked = result
        case .failure(let failure):
            for problem in failure.problems where problems[problem.field] == nil {
                problems[problem.field] = localizer(problem.message == "is required" ? "portal.error.required" : "portal.error.invalid")
            }
        }
        guard problems.isEmpty else { return try await contactPage(request, context, input: form, problems: problems) }

        let ref = try await database.tenant(tenant.id).nextCounter("ticket_ref")
        let (ticket, event) = try await database.tenant(tenant.id).transaction { transaction -> (Ticket, LiveHub.Event) in
            var person = signedIn?.id
            if person == nil, let guestEmail {
                if let existing = try await transaction.person(email: guestEmail) {
                    person = existing.id.rawValue
                } else if case .success(let created) = try await transaction.createPerson(
                    PersonDraft(name: (form["name"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines), emails: [guestEmail])
                ) {
                    person = created.id.rawValue
                }
            }
            var draft = TicketDraft(ref: ref, subject: subject, body: message, agent: nil, words: searchText.indexWords(in: subject + "\n" + message))
            draft.fields = checked
            draft.person = person
            guard let created = try await transaction.createTicket(draft) else { throw Problem.internal(requestID: context.id) }
            if let signedIn { try await transaction.recordPortalSubmission(ticketID: created.id, person: signedIn.id) }
            let after = try await events.runForCustomer(.created, on: created, tenant: tenant.id, in: transaction)
            return (after, try await LiveHub.Event.after(after, tenant: tenant.id, in: transaction))
        }
        await live.publish(event)
        return WebPages.redirect(to: signedIn == nil ? "/?notice=submitted" : "/tickets/\(ticket.ref)?notice=submitted")
    }

    // MARK: My tickets

    @Sendable func myTickets(request: Request, context: AppRequestContext) async throws -> Response {
        let tenant = try context.requireTenant()
        guard let customer = try await customer(request, tenant: tenant.id) else { return WebPages.redirect(to: "/login") }
        let localizer = pages.localizer(request, context)
        let tickets = try await database.tenant(tenant.id).transaction { try await $0.portalTickets(person: customer.id, limit: 100) }
        let rows: [[String: Any]] = tickets.map { ticket in
            [
                "ref": ticket.ref, "subject": ticket.subject, "href": "/tickets/\(ticket.ref)",
                "status": localizer(Self.customerStatus(ticket.status)), "updated": localizer("agent.time", ["when": .date(ticket.updatedAt)]),
            ]
        }
        return try await render("portal_tickets", titleID: "portal.tickets.title", request, context, values: ["tickets": rows, "empty": rows.isEmpty])
    }

    @Sendable func ticketView(request: Request, context: AppRequestContext) async throws -> Response {
        let tenant = try context.requireTenant()
        guard let customer = try await customer(request, tenant: tenant.id) else { return WebPages.redirect(to: "/login") }
        let ref = try context.parameters.require("ref", as: Int64.self)
        let localizer = pages.localizer(request, context)
        let found = try await database.tenant(tenant.id).transaction { transaction -> (Ticket, [TicketMessage], [Int64: String])? in
            guard let ticket = try await transaction.portalTicket(ref: ref, person: customer.id) else { return nil }
            let messages = try await transaction.messages(ticketID: ticket.id).filter { $0.kind == "reply" }
            let agents = try await transaction.agentSummaries()
            return (ticket, messages, Dictionary(agents.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first }))
        }
        guard let (ticket, messages, agentNames) = found else { throw Problem.notFound }
        let thread: [[String: Any]] = messages.map { message in
            let fromCustomer = message.authorAgentID == nil
            return [
                "id": message.id, "body": message.body, "fromCustomer": fromCustomer,
                "author": fromCustomer ? customer.name : (message.authorAgentID.flatMap { agentNames[$0] } ?? localizer("portal.ticket.support")),
                "time": localizer("agent.time", ["when": .date(message.createdAt)]),
            ]
        }
        var values: [String: Any] = [
            "ticket": ["ref": ticket.ref, "subject": ticket.subject, "status": localizer(Self.customerStatus(ticket.status))] as [String: Any],
            "messages": thread,
        ]
        if let notice = request.uri.queryParameters["notice"].flatMap({ Self.notices[String($0)] }) { values["notice"] = localizer(notice) }
        return try await render("portal_ticket", title: localizer("portal.ticket.title", ["ref": .integer(Int(ticket.ref)), "subject": .string(ticket.subject)]),
                                request, context, values: values)
    }

    @Sendable func reply(request: Request, context: AppRequestContext) async throws -> Response {
        let tenant = try context.requireTenant()
        guard let customer = try await customer(request, tenant: tenant.id) else { return WebPages.redirect(to: "/login") }
        let ref = try context.parameters.require("ref", as: Int64.self)
        let form = try await checkedForm(request, context)
        let body = (form["body"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !body.isEmpty, body.utf8.count <= 100_000 else { return WebPages.redirect(to: "/tickets/\(ref)") }
        let event = try await database.tenant(tenant.id).transaction { transaction -> LiveHub.Event in
            guard let ticket = try await transaction.portalTicket(ref: ref, person: customer.id) else { throw Problem.notFound }
            let message = try await transaction.addCustomerReply(ticket: ticket, person: customer.id, body: body, words: searchText.indexWords(in: body))
            let current = try await transaction.ticket(id: ticket.id) ?? ticket
            let after = try await events.runForCustomer(.replied, on: current, message: message, tenant: tenant.id, in: transaction)
            return try await LiveHub.Event.after(after, tenant: tenant.id, in: transaction)
        }
        await live.publish(event)
        return WebPages.redirect(to: "/tickets/\(ref)?notice=replied")
    }

    /// What customers are told a status means: whether it is with the team, with them, or done.
    static func customerStatus(_ status: Ticket.Status) -> String {
        switch status {
        case .awaitingAgent, .pending: "portal.status.open"
        case .awaitingUser: "portal.status.awaiting_you"
        case .resolved, .closed: "portal.status.resolved"
        }
    }

    // MARK: Helpers

    func registration(_ context: AppRequestContext) async throws -> PortalRegistration {
        try await database.tenant(try context.requireTenant().id).transaction { try await $0.portalRegistration() }
    }

    func customer(_ request: Request, tenant: Tenant.ID) async throws -> Customer? {
        guard let secret = request.cookies[Self.sessionCookie]?.value, !secret.isEmpty else { return nil }
        return try await database.tenant(tenant).transaction { try await $0.portalSessionPerson(secret: secret) }
            .map { Customer(id: $0.id, name: $0.name) }
    }

    /// The posted form, once its token matches the form cookie.
    func checkedForm(_ request: Request, _ context: AppRequestContext) async throws -> WebForm {
        let form = try await WebForms.read(request, context: context)
        guard let cookie = request.cookies[Self.formCookie]?.value, let sent = form[WebForms.field], WebForms.constantTimeEqual(cookie, sent) else {
            throw Problem.forbidden
        }
        return form
    }

    func render(
        _ template: String, titleID: String, _ request: Request, _ context: AppRequestContext, values: [String: Any],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        try await render(template, title: pages.localizer(request, context)(titleID), request, context, values: values, status: status)
    }

    func render(
        _ template: String, title: String, _ request: Request, _ context: AppRequestContext, values: [String: Any],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let tenant = try context.requireTenant()
        let localizer = pages.localizer(request, context)
        // One form token per browser, kept in a cookie the forms echo.
        let existing = request.cookies[Self.formCookie]?.value
        let token = existing.flatMap { $0.isEmpty ? nil : $0 } ?? SecretToken.generate()
        var all = values
        if let customer = try await customer(request, tenant: tenant.id) { all["customer"] = ["name": customer.name] }
        if all["notice"] == nil, let notice = request.uri.queryParameters["notice"].flatMap({ Self.notices[String($0)] }) {
            all["notice"] = localizer(notice)
        }
        all["portal"] = true
        var response = pages.render(template, title: title, values: all, page: pages.page(request, context, localizer: localizer, csrf: token, agentName: nil), status: status)
        if existing != token {
            response.setCookie(Cookie(name: Self.formCookie, value: token, path: "/", secure: secureCookies, httpOnly: true, sameSite: .strict))
        }
        return response
    }
}
