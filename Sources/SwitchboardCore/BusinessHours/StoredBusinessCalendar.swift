/// A tenant's named calendar as stored, with where it applies.
public struct StoredBusinessCalendar: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var isDefault: Bool
    public var calendar: BusinessCalendar
    public var departments: [String]
    public var agents: [String]

    public init(id: Int64, name: String, isDefault: Bool, calendar: BusinessCalendar, departments: [String], agents: [String]) {
        self.id = id
        self.name = name
        self.isDefault = isDefault
        self.calendar = calendar
        self.departments = departments
        self.agents = agents
    }
}

/// Which calendar governs work for an agent in a department: the agent's own, else the
/// department's, else the tenant default, else around the clock.
public enum BusinessCalendarResolution: String, Sendable, Hashable, Codable {
    case agent, department, tenantDefault = "tenant_default", alwaysOpen = "always_open"
}

/// How the tenant shows dates and times to people (CUSTOM-7).
public struct DisplayFormats: Sendable, Hashable, Codable {
    public enum DateStyle: String, Sendable, Hashable, Codable, CaseIterable { case short, medium, long, full }
    public enum TimeStyle: String, Sendable, Hashable, Codable, CaseIterable { case short, medium }
    /// `locale` follows each person's locale; `h12`/`h23` force a 12- or 24-hour clock.
    public enum HourCycle: String, Sendable, Hashable, Codable, CaseIterable { case locale, h12, h23 }

    public var dateStyle: DateStyle
    public var timeStyle: TimeStyle
    public var hourCycle: HourCycle

    public init(dateStyle: DateStyle = .medium, timeStyle: TimeStyle = .short, hourCycle: HourCycle = .locale) {
        self.dateStyle = dateStyle
        self.timeStyle = timeStyle
        self.hourCycle = hourCycle
    }
}
