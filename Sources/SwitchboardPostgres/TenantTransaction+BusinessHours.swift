import Foundation
import PostgresNIO
import SwitchboardCore

extension TenantTransaction {
    public func businessCalendars() async throws -> [StoredBusinessCalendar] {
        let rows = try await all(
            """
            SELECT c.id, c.name, c.is_default, c.definition::text,
                   COALESCE((SELECT array_agg(d.name ORDER BY d.name) FROM departments d WHERE d.business_calendar_id = c.id), '{}'),
                   COALESCE((SELECT array_agg(a.email ORDER BY a.email) FROM agents a WHERE a.business_calendar_id = c.id), '{}')
            FROM business_calendars c ORDER BY c.name
            """,
            as: (Int64, String, Bool, String, [String], [String]).self
        )
        return try rows.map(makeStored)
    }

    public func businessCalendar(id: Int64) async throws -> StoredBusinessCalendar? {
        try await businessCalendars().first { $0.id == id }
    }

    public func businessCalendar(named name: String) async throws -> StoredBusinessCalendar? {
        try await businessCalendars().first { $0.name == name }
    }

    /// Creates or replaces the calendar called `name`; returns its id and whether anything changed.
    @discardableResult
    public func upsertBusinessCalendar(name: String, calendar: BusinessCalendar, isDefault: Bool) async throws -> (id: Int64, changed: Bool) {
        let definition = try Self.json(calendar)
        if isDefault {
            try await query("UPDATE business_calendars SET is_default = false WHERE is_default AND name <> \(name)")
        }
        if let existing = try await first(
            "SELECT id, definition::text, is_default FROM business_calendars WHERE name = \(name)", as: (Int64, String, Bool).self
        ) {
            let same = (try? BusinessCalendar(json: Data(existing.1.utf8))) == calendar && existing.2 == isDefault
            if !same {
                try await query(
                    """
                    UPDATE business_calendars SET definition = \(definition)::jsonb, is_default = \(isDefault), updated_at = now()
                    WHERE id = \(existing.0)
                    """
                )
            }
            return (existing.0, !same)
        }
        guard let id = try await first(
            """
            INSERT INTO business_calendars (tenant_id, name, definition, is_default)
            VALUES (\(tenantID.rawValue), \(name), \(definition)::jsonb, \(isDefault)) RETURNING id
            """,
            as: Int64.self
        ) else { throw PostgresStoreError.missingRow("calendar \(name)") }
        return (id, true)
    }

    /// Renames or replaces a calendar by id; false when there is none.
    public func updateBusinessCalendar(id: Int64, name: String, calendar: BusinessCalendar, isDefault: Bool) async throws -> Bool {
        if isDefault {
            try await query("UPDATE business_calendars SET is_default = false WHERE is_default AND id <> \(id)")
        }
        return try await first(
            """
            UPDATE business_calendars SET name = \(name), definition = \(try Self.json(calendar))::jsonb,
                   is_default = \(isDefault), updated_at = now()
            WHERE id = \(id) RETURNING 1
            """,
            as: Int.self
        ) != nil
    }

    public func deleteBusinessCalendar(id: Int64) async throws -> Bool {
        try await first("DELETE FROM business_calendars WHERE id = \(id) RETURNING 1", as: Int.self) != nil
    }

    /// Points departments and agents (by name and email) at a calendar; `nil` clears theirs.
    /// Returns the names and emails that matched nothing.
    public func assignBusinessCalendar(_ id: Int64?, departments: [String], agents: [String]) async throws -> [String] {
        var unknown: [String] = []
        for name in departments where try await first(
            "UPDATE departments SET business_calendar_id = \(id) WHERE name = \(name) RETURNING 1", as: Int.self
        ) == nil {
            unknown.append(name)
        }
        for email in agents where try await first(
            "UPDATE agents SET business_calendar_id = \(id) WHERE email = \(email) RETURNING 1", as: Int.self
        ) == nil {
            unknown.append(email)
        }
        return unknown
    }

    /// Returns whether the department's calendar changed.
    public func setBusinessCalendar(_ calendarID: Int64, forDepartment id: Int64) async throws -> Bool {
        try await first(
            """
            UPDATE departments SET business_calendar_id = \(calendarID)
            WHERE id = \(id) AND business_calendar_id IS DISTINCT FROM \(calendarID) RETURNING 1
            """,
            as: Int.self
        ) != nil
    }

    /// Returns whether the agent's calendar changed.
    public func setBusinessCalendar(_ calendarID: Int64, forAgent id: Agent.ID) async throws -> Bool {
        try await first(
            """
            UPDATE agents SET business_calendar_id = \(calendarID)
            WHERE id = \(id.rawValue) AND business_calendar_id IS DISTINCT FROM \(calendarID) RETURNING 1
            """,
            as: Int.self
        ) != nil
    }

    /// The calendar that governs `agent` working in `department`, and why.
    public func effectiveBusinessCalendar(department: String?, agent: Agent.ID?) async throws
        -> (calendar: BusinessCalendar, name: String?, resolution: BusinessCalendarResolution)
    {
        let candidates: [(PostgresQuery, BusinessCalendarResolution)] = [
            (agent.map { """
                SELECT c.name, c.definition::text FROM agents a JOIN business_calendars c
                  ON c.tenant_id = a.tenant_id AND c.id = a.business_calendar_id WHERE a.id = \($0.rawValue)
                """ } ?? "SELECT NULL::text, NULL::text WHERE false", .agent),
            (department.map { """
                SELECT c.name, c.definition::text FROM departments d JOIN business_calendars c
                  ON c.tenant_id = d.tenant_id AND c.id = d.business_calendar_id WHERE d.name = \($0)
                """ } ?? "SELECT NULL::text, NULL::text WHERE false", .department),
            ("SELECT name, definition::text FROM business_calendars WHERE is_default", .tenantDefault),
        ]
        for (query, resolution) in candidates {
            if let (name, definition) = try await first(query, as: (String, String).self) {
                return (try BusinessCalendar(json: Data(definition.utf8)), name, resolution)
            }
        }
        return (.alwaysOpen, nil, .alwaysOpen)
    }

    public func displayFormats() async throws -> DisplayFormats {
        guard let row = try await first("SELECT date_style, time_style, hour_cycle FROM tenants", as: (String, String, String).self) else {
            return DisplayFormats()
        }
        return DisplayFormats(
            dateStyle: .init(rawValue: row.0) ?? .medium, timeStyle: .init(rawValue: row.1) ?? .short,
            hourCycle: .init(rawValue: row.2) ?? .locale
        )
    }

    @discardableResult
    public func setDisplayFormats(_ formats: DisplayFormats) async throws -> Bool {
        try await first(
            """
            UPDATE tenants SET date_style = \(formats.dateStyle.rawValue), time_style = \(formats.timeStyle.rawValue),
                   hour_cycle = \(formats.hourCycle.rawValue), updated_at = now()
            WHERE (date_style, time_style, hour_cycle)
                IS DISTINCT FROM (\(formats.dateStyle.rawValue), \(formats.timeStyle.rawValue), \(formats.hourCycle.rawValue))
            RETURNING 1
            """,
            as: Int.self
        ) != nil
    }

    private func makeStored(_ row: (Int64, String, Bool, String, [String], [String])) throws -> StoredBusinessCalendar {
        StoredBusinessCalendar(
            id: row.0, name: row.1, isDefault: row.2, calendar: try BusinessCalendar(json: Data(row.3.utf8)),
            departments: row.4, agents: row.5
        )
    }

    static func json(_ calendar: BusinessCalendar) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(calendar), as: UTF8.self)
    }
}
