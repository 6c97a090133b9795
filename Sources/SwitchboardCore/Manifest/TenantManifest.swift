/// The declarative description of a tenant, as kept in `Tenants/*.yaml`.
///
/// Applying a manifest creates what is missing and updates what changed; it never deletes.
/// Passwords and API key secrets are initial values: they are used when the agent or key is
/// created and left alone afterwards, so re-applying never undoes a password change.
public struct TenantManifest: Sendable, Hashable {
    public var slug: String
    public var name: String
    public var locale: String
    public var timeZone: String
    public var domains: [Domain]
    public var brands: [Brand]
    public var departments: [Department]
    public var permissionGroups: [PermissionGroup] = []
    public var agents: [Agent]
    public var apiKeys: [APIKey]
    public var businessHours: [BusinessHours] = []
    public var formats: DisplayFormats?

    /// A named calendar; `isDefault` makes it the tenant's.
    public struct BusinessHours: Sendable, Hashable {
        public var name: String
        public var isDefault: Bool
        public var calendar: BusinessCalendar
        public init(name: String, isDefault: Bool, calendar: BusinessCalendar) {
            self.name = name
            self.isDefault = isDefault
            self.calendar = calendar
        }
    }

    public struct Domain: Sendable, Hashable {
        public var hostname: String
        /// Operators vouch for domains they list; others verify through the API.
        public var verified: Bool
        public init(hostname: String, verified: Bool) {
            self.hostname = hostname
            self.verified = verified
        }
    }

    public struct Brand: Sendable, Hashable {
        public var name: String
        public var isDefault: Bool
        public init(name: String, isDefault: Bool) {
            self.name = name
            self.isDefault = isDefault
        }
    }

    public struct Department: Sendable, Hashable {
        public var name: String
        /// The name of one of the manifest's calendars.
        public var businessHours: String?
        public init(name: String, businessHours: String? = nil) {
            self.name = name
            self.businessHours = businessHours
        }
    }

    public struct Agent: Sendable, Hashable {
        public var email: String
        public var name: String
        public var password: String?
        public var permissions: Permissions
        /// Departments whose tickets the agent works on.
        public var departments: [String]
        /// Departments whose tickets the agent may only read.
        public var viewDepartments: [String]
        public var businessHours: String?
        public init(
            email: String, name: String, password: String?, permissions: Permissions, departments: [String],
            viewDepartments: [String] = [], businessHours: String? = nil
        ) {
            self.email = email
            self.name = name
            self.password = password
            self.permissions = permissions
            self.departments = departments
            self.viewDepartments = viewDepartments
            self.businessHours = businessHours
        }
    }

    /// Department access shared by its members.
    public struct PermissionGroup: Sendable, Hashable {
        public var name: String
        public var departments: [String]
        public var viewDepartments: [String]
        /// Agent emails.
        public var members: [String]
        public init(name: String, departments: [String] = [], viewDepartments: [String] = [], members: [String] = []) {
            self.name = name
            self.departments = departments
            self.viewDepartments = viewDepartments
            self.members = members
        }
    }

    public struct APIKey: Sendable, Hashable {
        public var name: String
        public var agentEmail: String
        public var permissions: Permissions
        public var secret: String?
        public init(name: String, agentEmail: String, permissions: Permissions, secret: String?) {
            self.name = name
            self.agentEmail = agentEmail
            self.permissions = permissions
            self.secret = secret
        }
    }

    public init(
        slug: String, name: String, locale: String = "en", timeZone: String = "UTC", domains: [Domain] = [],
        brands: [Brand] = [], departments: [Department] = [], agents: [Agent] = [], apiKeys: [APIKey] = []
    ) {
        self.slug = slug
        self.name = name
        self.locale = locale
        self.timeZone = timeZone
        self.domains = domains
        self.brands = brands
        self.departments = departments
        self.agents = agents
        self.apiKeys = apiKeys
    }
}

/// A manifest value that breaks a rule; `path` names the field (`agents[1].email`).
public struct ManifestError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var message: String
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }
    public var description: String { "\(path): \(message)" }
}
