extension TenantManifest {
    /// Checks every rule that needs no database. Returns all problems, first one first.
    public func problems(baseDomain: String, isKnownTimeZone: (String) -> Bool) -> [ManifestError] {
        var problems: [ManifestError] = []
        func add(_ path: String, _ message: String) { problems.append(ManifestError(path: path, message: message)) }

        if let problem = Slug.problem(with: slug) { add("slug", problem) }
        if name.trimmingWhitespaceString().isEmpty { add("name", "must not be empty") }
        if !LocaleTag.isWellFormed(locale) { add("locale", "\"\(locale)\" is not a BCP 47 language tag") }
        if !isKnownTimeZone(timeZone) { add("time_zone", "\"\(timeZone)\" is not an IANA time zone") }

        var hostnames: Set<String> = []
        for (index, domain) in domains.enumerated() {
            let path = "domains[\(index)].hostname"
            guard let host = Hostname.normalize(domain.hostname), host.contains(".") else {
                add(path, "\"\(domain.hostname)\" is not a domain name")
                continue
            }
            if host == baseDomain || host.hasSuffix("." + baseDomain) {
                add(path, "\"\(host)\" is under the cluster's base domain \(baseDomain); use slug instead")
            }
            if !hostnames.insert(host).inserted { add(path, "\"\(host)\" is listed twice") }
        }

        if brands.filter(\.isDefault).count > 1 { add("brands", "only one brand can be the default") }
        var brandNames: Set<String> = []
        for (index, brand) in brands.enumerated() {
            if brand.name.trimmingWhitespaceString().isEmpty { add("brands[\(index)].name", "must not be empty") }
            if !brandNames.insert(brand.name).inserted { add("brands[\(index)].name", "\"\(brand.name)\" is listed twice") }
        }

        var calendarNames: Set<String> = []
        for (index, calendar) in businessHours.enumerated() {
            let path = "business_hours[\(index)].name"
            if calendar.name.trimmingWhitespaceString().isEmpty { add(path, "must not be empty") }
            if !calendarNames.insert(calendar.name).inserted { add(path, "\"\(calendar.name)\" is listed twice") }
        }
        if businessHours.filter(\.isDefault).count > 1 { add("business_hours", "only one calendar can be the default") }
        func checkCalendar(_ name: String?, at path: String) {
            if let name, !calendarNames.contains(name) { add(path, "no business_hours named \"\(name)\" in this manifest") }
        }

        var departmentNames: Set<String> = []
        for (index, department) in departments.enumerated() {
            if department.name.trimmingWhitespaceString().isEmpty { add("departments[\(index)].name", "must not be empty") }
            if !departmentNames.insert(department.name).inserted {
                add("departments[\(index)].name", "\"\(department.name)\" is listed twice")
            }
            checkCalendar(department.businessHours, at: "departments[\(index)].business_hours")
        }

        func checkDepartments(_ names: [String], at path: String) {
            for (position, department) in names.enumerated() where !departmentNames.contains(department) {
                add("\(path)[\(position)]", "no department named \"\(department)\" in this manifest")
            }
        }

        var agentEmails: Set<String> = []
        for (index, agent) in agents.enumerated() {
            let path = "agents[\(index)]"
            if let email = EmailAddress.normalize(agent.email) {
                if !agentEmails.insert(email).inserted { add("\(path).email", "\"\(email)\" is listed twice") }
            } else {
                add("\(path).email", "\"\(agent.email)\" is not an email address")
            }
            if agent.name.trimmingWhitespaceString().isEmpty { add("\(path).name", "must not be empty") }
            if let password = agent.password {
                do { try PasswordPolicy.check(password) } catch { add("\(path).password", error.description) }
            }
            checkCalendar(agent.businessHours, at: "\(path).business_hours")
            checkDepartments(agent.departments, at: "\(path).departments")
            checkDepartments(agent.viewDepartments, at: "\(path).view_departments")
        }

        var groupNames: Set<String> = []
        for (index, group) in permissionGroups.enumerated() {
            let path = "permission_groups[\(index)]"
            if group.name.trimmingWhitespaceString().isEmpty || group.name.count > 100 { add("\(path).name", "must be 1-100 characters") }
            if !groupNames.insert(group.name).inserted { add("\(path).name", "\"\(group.name)\" is listed twice") }
            checkDepartments(group.departments, at: "\(path).departments")
            checkDepartments(group.viewDepartments, at: "\(path).view_departments")
            for (position, member) in group.members.enumerated() where !agentEmails.contains(EmailAddress.normalize(member) ?? member) {
                add("\(path).members[\(position)]", "no agent \"\(member)\" in this manifest")
            }
        }

        var keyNames: Set<String> = []
        for (index, key) in apiKeys.enumerated() {
            let path = "api_keys[\(index)]"
            if key.name.trimmingWhitespaceString().isEmpty { add("\(path).name", "must not be empty") }
            if !keyNames.insert(key.name).inserted { add("\(path).name", "\"\(key.name)\" is listed twice") }
            if let email = EmailAddress.normalize(key.agentEmail), agentEmails.contains(email) {
                // The key acts as its agent, so it may not hold more than the agent has.
                if let agent = agents.first(where: { EmailAddress.normalize($0.email) == email }),
                   !agent.permissions.isSuperset(of: key.permissions) {
                    add("\(path).scopes", "asks for more than agent \(email) may do")
                }
            } else {
                add("\(path).agent", "no agent \"\(key.agentEmail)\" in this manifest")
            }
            if let secret = key.secret, APIKeyToken(secret) == nil {
                add("\(path).key", "must look like sbk_ followed by at least 32 letters, digits, '-' or '_'")
            }
            if key.permissions.isEmpty { add("\(path).scopes", "must grant at least one of read, write, admin") }
        }
        return problems
    }
}
