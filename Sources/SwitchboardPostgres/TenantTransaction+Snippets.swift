import Foundation
import PostgresNIO
import SwitchboardCore

/// A snippet as the tenant keeps it.
public struct StoredSnippet: Sendable, Hashable {
    public var id: Int64
    public var snippet: Snippet
}

extension TenantTransaction {
    public func snippets() async throws -> [StoredSnippet] {
        try await documents(.snippets, as: Snippet.self).map { StoredSnippet(id: $0.id, snippet: $0.document) }
    }

    public func snippet(id: Int64) async throws -> StoredSnippet? {
        try await documents(.snippets, id: id, as: Snippet.self).first.map { StoredSnippet(id: $0.id, snippet: $0.document) }
    }

    /// Creates (`id` nil) or replaces a snippet; nil when `id` names none.
    public func saveSnippet(id: Int64?, _ snippet: Snippet) async throws -> Result<StoredSnippet, OrganisingProblem>? {
        try await saveDocument(.snippets, id: id, name: snippet.name, document: snippet)?.map { StoredSnippet(id: $0, snippet: snippet) }
    }

    public func deleteSnippet(id: Int64) async throws -> Bool {
        try await deleteDocument(.snippets, id: id)
    }

    /// `snippet` for `ticket`: in its customer's language (else the tenant's), with the
    /// placeholders of the ticket, its customer and `agent` filled in.
    public func render(_ snippet: Snippet, for ticket: Ticket, agent: Agent.ID, tenantLocale: String) async throws -> (language: String, text: String)? {
        var person: Person?
        if let id = ticket.personID { person = try await self.person(id: id) }
        guard let language = snippet.language(for: [person?.locale].compactMap { $0 }, fallback: tenantLocale), let text = snippet.texts[language] else {
            return nil
        }
        var values: [String: String] = [
            "ticket.ref": String(ticket.ref), "ticket.subject": ticket.subject, "ticket.status": ticket.status.rawValue,
            "ticket.priority": ticket.priority.rawValue,
        ]
        for (key, value) in ticket.fields { values["ticket.fields.\(key)"] = TicketAction.describe(value) }
        if let person {
            values["person.name"] = person.name
            values["person.first_name"] = String(person.name.split(separator: " ").first ?? "")
            values["person.email"] = person.primaryEmail ?? ""
            for (key, value) in person.fields { values["person.fields.\(key)"] = TicketAction.describe(value) }
        }
        if let agent = try await self.agent(id: agent) {
            values["agent.name"] = agent.name
            values["agent.email"] = agent.email
        }
        return (language, Snippet.render(text, values: values))
    }
}
