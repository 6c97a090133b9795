import Hummingbird
import SwitchboardCore
import SwitchboardPostgres

/// A tenant's own custom domains: `/api/v1/domains`.
///
/// A domain added here is pending until it is verified; only verified domains route. The
/// response says what to publish to prove the domain is the tenant's.
public struct DomainController: Sendable {
    let database: Database
    let invalidation: DirectoryInvalidation
    let baseDomain: String

    public init(database: Database, invalidation: DirectoryInvalidation, baseDomain: String) {
        self.database = database
        self.invalidation = invalidation
        self.baseDomain = baseDomain
    }

    struct DomainBody: ResponseCodable {
        var hostname: String
        var verified: Bool
        var verificationToken: String?
        var verificationRecord: String?
    }

    struct DomainList: ResponseCodable {
        var slugHostname: String
        var domains: [DomainBody]
    }

    struct AddDomain: Decodable {
        var hostname: String
    }

    public func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("domains") { _, context in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.read)
            let domains = try await database.tenant(tenant.id).transaction { try await $0.domains() }
            return DomainList(slugHostname: "\(tenant.slug).\(baseDomain)", domains: domains.map(body))
        }
        group.post("domains") { request, context -> EditedResponse<DomainBody> in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.admin)
            let input = try await request.decode(as: AddDomain.self, context: context)
            guard let host = Hostname.normalize(input.hostname), host.contains(".") else {
                throw Problem.validation([.init(field: "hostname", message: "\"\(input.hostname)\" is not a domain name")])
            }
            if host == baseDomain || host.hasSuffix("." + baseDomain) {
                throw Problem.validation([.init(field: "hostname", message: "domains under \(baseDomain) are assigned by slug")])
            }
            if let owner = try await database.directory.domainOwner(host), owner != tenant.id {
                throw Problem(.conflict, kind: "domain-taken", messageID: "error.conflict", detail: "\(host) is in use by another helpdesk")
            }
            let domain = try await database.tenant(tenant.id).transaction { try await $0.upsertDomain(host, verified: false) }
            return EditedResponse(status: .created, response: body(domain))
        }
        group.delete("domains/{hostname}") { _, context -> Response in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.admin)
            let host = try context.parameters.require("hostname")
            let removed = try await database.tenant(tenant.id).transaction { try await $0.deleteDomain(host) }
            guard removed else { throw Problem.notFound }
            await invalidation.publish(host)
            return Response(status: .noContent)
        }
    }

    func body(_ domain: TenantDomain) -> DomainBody {
        DomainBody(
            hostname: domain.hostname, verified: domain.isVerified,
            verificationToken: domain.isVerified ? nil : domain.verificationToken,
            verificationRecord: domain.isVerified ? nil : "_switchboard-verify.\(domain.hostname) TXT \(domain.verificationToken)"
        )
    }
}
