import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardHTTP
import SwitchboardPostgres

/// `/api/v1/platform`: the operator's API for the whole cluster (tenants and their domains),
/// behind its own bearer token. Reached on any host, since it is not a tenant's.
struct PlatformController: Sendable {
    let token: String
    let database: Database
    let applier: ManifestApplier
    let invalidation: DirectoryInvalidation
    let baseDomain: String

    struct TenantBody: ResponseCodable {
        var id: Int64
        var slug: String
        var name: String
        var createdAt: Date
        var domains: [String]
    }

    struct TenantList: ResponseCodable {
        var tenants: [TenantBody]
    }

    struct CreateTenant: Decodable {
        var slug: String
        var name: String
        var locale: String?
        var timeZone: String?
    }

    struct AddDomain: Decodable {
        var hostname: String
        var verified: Bool?
    }

    struct DomainBody: ResponseCodable {
        var hostname: String
        var verified: Bool
        var verificationToken: String
    }

    struct ManifestResult: ResponseCodable {
        var report: ManifestApplier.Report
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        let group = router.group("api/v1/platform").add(middleware: PlatformAuthMiddleware(token: token))
        group.get("tenants") { _, _ in
            TenantList(tenants: try await database.directory.listTenants().map {
                TenantBody(id: $0.id.rawValue, slug: $0.slug, name: $0.name, createdAt: $0.createdAt, domains: $0.domains)
            })
        }
        group.post("tenants") { request, context -> EditedResponse<ManifestResult> in
            let input = try await request.decode(as: CreateTenant.self, context: context)
            let manifest = TenantManifest(
                slug: input.slug, name: input.name, locale: input.locale ?? "en", timeZone: input.timeZone ?? "UTC"
            )
            let report = try await apply(ManifestParser.Parsed(manifest: manifest, lines: [:]))
            return EditedResponse(status: report.createdTenant ? .created : .ok, response: ManifestResult(report: report))
        }
        group.post("manifests") { request, context -> ManifestResult in
            let buffer = try await request.body.collect(upTo: context.maxUploadSize)
            let yaml = String(buffer: buffer)
            let parsed: ManifestParser.Parsed
            do { parsed = try ManifestParser.parse(yaml, file: "manifest") } catch let error as ManifestParser.Failure {
                throw Problem.validation(error.problems.map { .init(field: $0.path, message: ($0.line.map { "line \($0): " } ?? "") + $0.message) })
            }
            return ManifestResult(report: try await apply(parsed))
        }
        group.post("tenants/{slug}/domains") { request, context -> EditedResponse<DomainBody> in
            let tenant = try await tenant(context)
            let input = try await request.decode(as: AddDomain.self, context: context)
            guard let host = Hostname.normalize(input.hostname), host.contains("."), !host.hasSuffix("." + baseDomain) else {
                throw Problem.validation([.init(field: "hostname", message: "\"\(input.hostname)\" is not a custom domain name")])
            }
            if let owner = try await database.directory.domainOwner(host), owner != tenant.id {
                throw Problem(.conflict, kind: "domain-taken", messageID: "error.conflict", detail: "\(host) belongs to another tenant")
            }
            let domain = try await database.tenant(tenant.id).transaction { transaction in
                let domain = try await transaction.upsertDomain(host, verified: input.verified ?? false)
                if input.verified == true, !domain.isVerified { try await transaction.markDomainVerified(host) }
                return try await transaction.domain(host) ?? domain
            }
            await invalidation.publish(host)
            return EditedResponse(
                status: .created,
                response: DomainBody(hostname: domain.hostname, verified: domain.isVerified, verificationToken: domain.verificationToken)
            )
        }
        group.delete("tenants/{slug}/domains/{hostname}") { _, context -> Response in
            let tenant = try await tenant(context)
            let host = try context.parameters.require("hostname")
            guard try await database.tenant(tenant.id).transaction({ try await $0.deleteDomain(host) }) else { throw Problem.notFound }
            await invalidation.publish(host)
            return Response(status: .noContent)
        }
    }

    private func tenant(_ context: AppRequestContext) async throws -> Tenant {
        let slug = try context.parameters.require("slug")
        guard let tenant = try await database.directory.tenant(slug: slug) else { throw Problem.notFound }
        return tenant
    }

    private func apply(_ parsed: ManifestParser.Parsed) async throws -> ManifestApplier.Report {
        let report: ManifestApplier.Report
        do { report = try await applier.apply(parsed, file: "manifest") } catch let failure as ManifestParser.Failure {
            throw Problem.validation(failure.problems.map { .init(field: $0.path, message: $0.message) })
        }
        for host in report.touchedHosts { await invalidation.publish(host) }
        return report
    }
}

/// Checks the operator's bearer token in constant time.
struct PlatformAuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let token: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else { throw Problem.unauthorized }
        let given = Array(header.dropFirst("Bearer ".count).utf8)
        let expected = Array(token.utf8)
        let same = given.count == expected.count && zip(given, expected).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
        guard same else { throw Problem.unauthorized }
        return try await next(request, context)
    }
}
