import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardICU
import SwitchboardPostgres

/// `/admin`: the administrators' pages. Each saves through the same checks as its API
/// endpoint; every change lands in the audit log, which has a page of its own.
public struct AdminWebController: Sendable {
    let pages: WebPages
    let database: Database
    let fieldCache: CustomFieldCache

    public init(pages: WebPages, database: Database, fieldCache: CustomFieldCache) {
        self.pages = pages
        self.database = database
        self.fieldCache = fieldCache
    }

    static let sections = [
        ("departments", "admin.nav.departments"), ("custom-fields", "admin.nav.custom_fields"), ("audit", "admin.nav.audit"),
    ]
    static let entityLabels: [CustomField.Entity: String] = [
        .ticket: "admin.fields.entity.ticket", .person: "admin.fields.entity.person", .organisation: "admin.fields.entity.organisation",
    ]
    static let kindLabels: [CustomField.Kind: String] = [
        .text: "admin.fields.kind.text", .multiline: "admin.fields.kind.multiline", .number: "admin.fields.kind.number",
        .date: "admin.fields.kind.date", .choice: "admin.fields.kind.choice", .multiChoice: "admin.fields.kind.multi_choice",
        .checkbox: "admin.fields.kind.checkbox",
    ]
    static let actionLabels = ["create": "admin.audit.action.create", "change": "admin.audit.action.change", "delete": "admin.audit.action.delete"]
    static let notices = ["department": "admin.notice.department", "field": "admin.notice.field"]

    public func addRoutes(to router: Router<AppRequestContext>) {
        let group = router.group("admin").add(middleware: WebErrorMiddleware(pages: pages))
        group.get { _, _ in WebPages.redirect(to: "/admin/departments") }
        group.get("departments") { request, context in try await departments(request, context, input: [:], problem: nil) }
        group.post("departments", use: addDepartment)
        group.get("custom-fields") { request, context in try await customFields(request, context, input: [:], problem: nil) }
        group.post("custom-fields", use: addCustomField)
        group.get("audit", use: audit)
    }

    // MARK: Departments

    func departments(_ request: Request, _ context: AppRequestContext, input: [String: String], problem: Problem?) async throws -> Response {
        let tenant = try context.requireTenant()
        _ = try context.requireIdentity(.admin)
        let list = try await database.tenant(tenant.id).transaction { try await $0.departments() }
        return try await render(
            "admin_departments", section: "departments", request, context, problem: problem,
            values: ["departments": list.map { ["id": $0.id, "name": $0.name] }, "input": input]
        )
    }

    @Sendable func addDepartment(request: Request, context: AppRequestContext) async throws -> Response {
        let tenant = try context.requireTenant()
        _ = try context.requireIdentity(.admin)
        let form = try await WebForms.read(request, context: context)
        try WebForms.check(form, request: request)
        let name = form["name"] ?? ""
        do {
            _ = try await DepartmentController.save(name: name, id: nil, database: database, tenant: tenant.id)
        } catch let problem as Problem where problem.status == .unprocessableContent || problem.status == .conflict {
            return try await departments(request, context, input: ["name": name], problem: problem)
        }
        return WebPages.redirect(to: "/admin/departments?notice=department")
    }

    // MARK: Custom fields

    func customFields(_ request: Request, _ context: AppRequestContext, input: [String: String], problem: Problem?) async throws -> Response {
        let tenant = try context.requireTenant()
        _ = try context.requireIdentity(.admin)
        let localizer = pages.localizer(request, context)
        let fields = try await database.tenant(tenant.id).transaction { transaction in
            var all: [CustomField] = []
            for entity in CustomField.Entity.allCases { all += try await transaction.customFields(entity: entity) }
            return all
        }
        let rows: [[String: Any]] = fields.map { field in
            [
                "key": field.key, "label": field.label, "entity": localizer(Self.entityLabels[field.entity]!),
                "kind": localizer(Self.kindLabels[field.kind]!), "required": field.isRequired, "choices": field.choices.joined(separator: ", "),
            ]
        }
        let selectedEntity = input["entity"] ?? CustomField.Entity.ticket.rawValue
        let selectedKind = input["kind"] ?? CustomField.Kind.text.rawValue
        return try await render(
            "admin_custom_fields", section: "custom-fields", request, context, problem: problem,
            values: [
                "fields": rows, "input": input, "required": input["required"] != nil,
                "entities": CustomField.Entity.allCases.map {
                    ["value": $0.rawValue, "label": localizer(Self.entityLabels[$0]!), "selected": $0.rawValue == selectedEntity]
                },
                "kinds": CustomField.Kind.allCases.map {
                    ["value": $0.rawValue, "label": localizer(Self.kindLabels[$0]!), "selected": $0.rawValue == selectedKind]
                },
            ]
        )
    }

    @Sendable func addCustomField(request: Request, context: AppRequestContext) async throws -> Response {
        let tenant = try context.requireTenant()
        _ = try context.requireIdentity(.admin)
        let form = try await WebForms.read(request, context: context)
        try WebForms.check(form, request: request)
        var echo: [String: String] = [:]
        for name in ["entity", "key", "label", "kind", "choices"] { echo[name] = form[name] ?? "" }
        if form["required"] != nil { echo["required"] = "on" }
        guard let entity = CustomField.Entity(rawValue: echo["entity"] ?? ""), let kind = CustomField.Kind(rawValue: echo["kind"] ?? "") else {
            return try await customFields(request, context, input: echo, problem: .validation([.init(field: "kind", message: "is not one offered")]))
        }
        let choices = (echo["choices"] ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let input = CustomFieldController.FieldInput(
            entity: entity, key: echo["key"] ?? "", label: echo["label"] ?? "", kind: kind, required: form["required"] != nil, agentOnly: nil,
            choices: choices, pattern: nil, position: nil, departments: nil
        )
        do {
            defer { fieldCache.forget(tenant.id) }
            _ = try await database.tenant(tenant.id).transaction { try await CustomFieldController.save(input, id: nil, in: $0) }
        } catch let problem as Problem where problem.status == .unprocessableContent || problem.status == .conflict {
            return try await customFields(request, context, input: echo, problem: problem)
        }
        return WebPages.redirect(to: "/admin/custom-fields?notice=field")
    }

    // MARK: Audit log

    @Sendable func audit(request: Request, context: AppRequestContext) async throws -> Response {
        let tenant = try context.requireTenant()
        _ = try context.requireIdentity(.admin)
        let localizer = pages.localizer(request, context)
        let (before, _) = try AuditController.paging(request.uri.queryParameters)
        let page = try await AuditController.page(database: database, tenant: tenant.id, before: before, limit: 50)
        let rows: [[String: Any]] = page.entries.map { entry in
            [
                "id": entry.id, "time": localizer("agent.time", ["when": .date(entry.createdAt)]),
                "who": entry.agentName ?? localizer("admin.audit.system"), "ip": entry.ip ?? "",
                "object": entry.object, "objectID": entry.objectID.map(String.init) ?? "",
                "action": localizer(Self.actionLabels[entry.action] ?? "admin.audit.action.change"),
                "changes": Self.changes(before: entry.before, after: entry.after).map { change -> [String: Any] in
                    // Mustache renders a section for any string, even an empty one: absent means none.
                    var row: [String: Any] = ["field": change.field, "after": change.after]
                    if !change.before.isEmpty { row["before"] = change.before }
                    return row
                },
            ]
        }
        var values: [String: Any] = ["entries": rows, "empty": rows.isEmpty]
        if let next = page.nextBefore { values["next"] = "/admin/audit?before=\(next)" }
        return try await render("admin_audit", section: "audit", request, context, problem: nil, values: values)
    }

    /// What an entry changed, field by field: for a change the fields that differ, for a
    /// creation or deletion every field.
    static func changes(before: JSONValue?, after: JSONValue?) -> [(field: String, before: String, after: String)] {
        let old: [String: JSONValue] = if case .object(let fields) = before { fields } else { [:] }
        let new: [String: JSONValue] = if case .object(let fields) = after { fields } else { [:] }
        return Set(old.keys).union(new.keys).sorted().compactMap { key in
            let was = old[key].map(text) ?? "", now = new[key].map(text) ?? ""
            return was == now ? nil : (key, was, now)
        }
    }

    static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return text
        case .null: return ""
        default:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        }
    }

    // MARK: Helpers

    func render(
        _ template: String, section: String, _ request: Request, _ context: AppRequestContext, problem: Problem?, values: [String: Any]
    ) async throws -> Response {
        let tenant = try context.requireTenant()
        let identity = try context.requireIdentity(.admin)
        let localizer = pages.localizer(request, context)
        var all = values
        all["sections"] = Self.sections.map { ["href": "/admin/\($0.0)", "label": localizer($0.1), "current": $0.0 == section, "id": "admin-\($0.0)"] }
        if let problem {
            all["problem"] = localizer(problem.messageID, problem.arguments.mapValues(\.icu))
            all["errors"] = problem.errors.map { ["field": $0.field, "message": $0.message] }
        }
        if let notice = request.uri.queryParameters["notice"].flatMap({ Self.notices[String($0)] }) { all["notice"] = localizer(notice) }
        let name = try await database.tenant(tenant.id).transaction { try await $0.agent(id: identity.agentID)?.name }
        let title = localizer(Self.sections.first { $0.0 == section }?.1 ?? "admin.title")
        let page = pages.page(request, context, localizer: localizer, csrf: WebForms.sessionToken(request) ?? "", agentName: name, isAdmin: true)
        return pages.render(template, title: title, values: all, page: page, status: problem?.status ?? .ok)
    }
}
