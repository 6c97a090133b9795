import Foundation
import NIOPosix
import SwitchboardCore
import SwitchboardPostgres

/// Applies a tenant manifest in one transaction: everything or nothing.
public struct ManifestApplier: Sendable {
    let database: Database
    let hasher: PasswordHasher
    let baseDomain: String

    public init(database: Database, hasher: PasswordHasher, baseDomain: String) {
        self.database = database
        self.hasher = hasher
        self.baseDomain = baseDomain
    }

    /// What applying changed, and the secrets generated on the way (shown once).
    public struct Report: Sendable, Codable, Hashable {
        public var tenantID: Int64
        public var slug: String
        public var createdTenant = false
        public var changes: [String] = []
        public var generatedPasswords: [String: String] = [:]
        public var generatedAPIKeys: [String: String] = [:]
        /// Hosts whose routing may have changed (for cache invalidation).
        public var touchedHosts: [String] = []

        public var changed: Bool { createdTenant || !changes.isEmpty }
    }

    /// Validates, then applies. Validation problems come back with file, line and field.
    public func apply(_ parsed: ManifestParser.Parsed, file: String) async throws -> Report {
        let manifest = parsed.manifest
        let problems = manifest.problems(baseDomain: baseDomain) { TimeZone(identifier: $0) != nil }
        if !problems.isEmpty {
            throw ManifestParser.Failure(file: file, problems: problems.map { (parsed.line(of: $0.path), $0.path, $0.message) })
        }
        // Hash outside the transaction: scrypt is deliberately slow.
        var hashes: [String: (hash: String, generated: String?)] = [:]
        for agent in manifest.agents {
            guard let email = EmailAddress.normalize(agent.email) else { continue }
            let generated = agent.password == nil ? SecretToken.generate(byteCount: 12) : nil
            let password = agent.password ?? generated ?? ""
            let hasher = self.hasher
            let hash = try await NIOThreadPool.singleton.runIfActive { try hasher.hash(password) }
            hashes[email] = (hash, generated)
        }
        do {
            return try await database.provision(
                slug: manifest.slug, name: manifest.name, locale: manifest.locale, timeZone: manifest.timeZone
            ) { transaction, created in
                try await apply(manifest, hashes: hashes, to: transaction, created: created)
            }
        } catch let error as ManifestParser.Failure {
            throw error
        } catch {
            throw ManifestParser.Failure(file: file, problems: [(nil, "", "could not apply: \(postgresMessage(error))")])
        }
    }

    private func apply(
        _ manifest: TenantManifest, hashes: [String: (hash: String, generated: String?)],
        to transaction: TenantTransaction, created: Bool
    ) async throws -> Report {
        var report = Report(tenantID: transaction.tenantID.rawValue, slug: manifest.slug, createdTenant: created)
        if created {
            report.touchedHosts.append("\(manifest.slug).\(baseDomain)")
        } else if try await transaction.updateTenant(name: manifest.name, locale: manifest.locale, timeZone: manifest.timeZone) {
            report.changes.append("tenant settings")
            report.touchedHosts.append("\(manifest.slug).\(baseDomain)")
        }

        for domain in manifest.domains {
            guard let host = Hostname.normalize(domain.hostname) else { continue }
            let before = try await transaction.domain(host)
            let after = try await transaction.upsertDomain(host, verified: domain.verified)
            if before != after {
                report.changes.append("domain \(host)")
                report.touchedHosts.append(host)
            }
        }
        for brand in manifest.brands where try await transaction.upsertBrand(name: brand.name, isDefault: brand.isDefault) {
            report.changes.append("brand \(brand.name)")
        }
        var calendarIDs: [String: Int64] = [:]
        for calendar in manifest.businessHours {
            let (id, changed) = try await transaction.upsertBusinessCalendar(
                name: calendar.name, calendar: calendar.calendar, isDefault: calendar.isDefault
            )
            calendarIDs[calendar.name] = id
            if changed { report.changes.append("business hours \(calendar.name)") }
        }
        if let formats = manifest.formats, try await transaction.setDisplayFormats(formats) {
            report.changes.append("date and time formats")
        }
        var departmentIDs: [String: Int64] = [:]
        for department in manifest.departments {
            let (id, wasCreated) = try await transaction.ensureDepartment(name: department.name)
            departmentIDs[department.name] = id
            if wasCreated { report.changes.append("department \(department.name)") }
            if let name = department.businessHours, let calendarID = calendarIDs[name],
               try await transaction.setBusinessCalendar(calendarID, forDepartment: id) {
                report.changes.append("department \(department.name) business hours")
            }
        }
        for agent in manifest.agents {
            guard let email = EmailAddress.normalize(agent.email) else { continue }
            let stored: Agent
            if let existing = try await transaction.agent(email: email) {
                stored = existing
                if try await transaction.updateAgent(existing.id, name: agent.name, permissions: agent.permissions) {
                    report.changes.append("agent \(email)")
                }
            } else {
                let hash = hashes[email]
                stored = try await transaction.createAgent(
                    email: email, name: agent.name, permissions: agent.permissions, passwordHash: hash?.hash
                )
                report.changes.append("agent \(email)")
                if let generated = hash?.generated { report.generatedPasswords[email] = generated }
            }
            if let name = agent.businessHours, let calendarID = calendarIDs[name],
               try await transaction.setBusinessCalendar(calendarID, forAgent: stored.id) {
                report.changes.append("agent \(email) business hours")
            }
            for (names, access) in [(agent.viewDepartments, DepartmentAccessLevel.view), (agent.departments, .full)] {
                for name in names {
                    if let departmentID = departmentIDs[name], try await transaction.grantAgent(stored.id, department: departmentID, access: access) {
                        report.changes.append("agent \(email) \(access.rawValue) \(name)")
                    }
                }
            }
        }
        let existingGroups = try await transaction.permissionGroups()
        for group in manifest.permissionGroups {
            var grants: [String: DepartmentAccessLevel] = [:]
            for name in group.viewDepartments { grants[name] = .view }
            for name in group.departments { grants[name] = .full }
            let members = group.members.compactMap(EmailAddress.normalize).sorted()
            let existing = existingGroups.first { $0.name == group.name }
            guard existing?.departments != grants || existing?.members != members else { continue }
            _ = try await transaction.savePermissionGroup(id: existing?.id, name: group.name, departments: grants, members: members)
            report.changes.append("permission group \(group.name)")
        }
        for key in manifest.apiKeys {
            guard try await transaction.activeAPIKey(named: key.name) == nil,
                  let email = EmailAddress.normalize(key.agentEmail),
                  let agent = try await transaction.agent(email: email)
            else { continue }
            let secret = key.secret.flatMap(APIKeyToken.init)
            let created = try await transaction.createAPIKey(name: key.name, agent: agent.id, permissions: key.permissions, secret: secret)
            report.changes.append("api key \(key.name)")
            if secret == nil { report.generatedAPIKeys[key.name] = created.secret.value }
        }
        return report
    }
}
