import Foundation
import Testing
import SwitchboardApp
import SwitchboardCore

/// Business-hours calendars through the API and manifests: stored, validated by field,
/// resolved agent → department → tenant default → around the clock, and kept per tenant.
@Suite("Business hours API")
struct BusinessHoursAPITests {
    static let office = #"""
        {"name":"London office","isDefault":true,"departments":["Support"],
         "calendar":{"timeZone":"Europe/London",
                     "week":{"mon":[{"start":"09:00","end":"17:30"}],"tue":[{"start":"09:00","end":"17:30"}],
                             "wed":[{"start":"09:00","end":"17:30"}],"thu":[{"start":"09:00","end":"17:30"}],
                             "fri":[{"start":"09:00","end":"17:30"}]},
                     "holidays":[{"month":12,"day":25,"recurring":true,"name":"Christmas Day"}]}}
        """#

    @Test("create, read, resolve, replace and delete a calendar; another tenant sees none of it")
    func lifecycle() async throws {
        let config = try await TestEnvironment.migratedDatabase()
        try await Fixtures.apply(Fixtures.manifest(slug: "alpha", key: Fixtures.adminKey), config: config)
        try await Fixtures.apply(Fixtures.manifest(slug: "beta", key: Fixtures.otherKey), config: config)
        try await TestNode.run(config) { node in
            let admin = [("Authorization", "Bearer \(Fixtures.adminKey)")]
            let beta = [("Authorization", "Bearer \(Fixtures.otherKey)")]

            let none = try await node.request(.GET, "/api/v1/business-hours/effective", host: "alpha.sb.test", headers: admin)
            #expect(none.json["resolution"] as? String == "always_open")
            #expect(none.json["isOpen"] as? Bool == true)

            let created = try await node.request(.POST, "/api/v1/business-hours", host: "alpha.sb.test", headers: admin, json: Self.office)
            #expect(created.status == 201, "\(created.body)")
            let id = try #require(created.json["id"] as? Int)
            #expect(created.json["departments"] as? [String] == ["Support"])
            #expect(((created.json["calendar"] as? [String: Any])?["timeZone"]) as? String == "Europe/London")

            let forDepartment = try await node.request(
                .GET, "/api/v1/business-hours/effective?department=Support", host: "alpha.sb.test", headers: admin)
            #expect(forDepartment.json["resolution"] as? String == "department")
            #expect(forDepartment.json["name"] as? String == "London office")
            let byDefault = try await node.request(.GET, "/api/v1/business-hours/effective", host: "alpha.sb.test", headers: admin)
            #expect(byDefault.json["resolution"] as? String == "tenant_default")

            // The agent's own calendar wins over its department's.
            let night = #"""
                {"name":"Nights","agents":["admin@alpha.example"],
                 "calendar":{"timeZone":"Asia/Seoul","week":{"mon":[{"start":"22:00","end":"06:00","overnight":true}]}}}
                """#
            #expect(try await node.request(.POST, "/api/v1/business-hours", host: "alpha.sb.test", headers: admin, json: night).status == 201)
            let own = try await node.request(.GET, "/api/v1/business-hours/effective?department=Support", host: "alpha.sb.test", headers: admin)
            #expect(own.json["resolution"] as? String == "agent")
            #expect(own.json["name"] as? String == "Nights")

            let list = try await node.request(.GET, "/api/v1/business-hours", host: "alpha.sb.test", headers: admin)
            #expect((list.json["businessHours"] as? [[String: Any]])?.count == 2)
            let hidden = try await node.request(.GET, "/api/v1/business-hours", host: "beta.sb.test", headers: beta)
            #expect((hidden.json["businessHours"] as? [[String: Any]])?.isEmpty == true)
            let foreign = try await node.request(.GET, "/api/v1/business-hours/\(id)", host: "beta.sb.test", headers: beta)
            #expect(foreign.status == 404)
            let foreignDelete = try await node.request(.DELETE, "/api/v1/business-hours/\(id)", host: "beta.sb.test", headers: beta)
            #expect(foreignDelete.status == 404)

            let replaced = try await node.request(.PUT, "/api/v1/business-hours/\(id)", host: "alpha.sb.test", headers: admin,
                                                  json: Self.office.replacingOccurrences(of: "17:30", with: "18:00"))
            #expect(replaced.status == 200)
            #expect(replaced.body.contains("18:00"))

            #expect(try await node.request(.DELETE, "/api/v1/business-hours/\(id)", host: "alpha.sb.test", headers: admin).status == 204)
            let afterDelete = try await node.request(.GET, "/api/v1/business-hours/effective?department=Support&agent=0",
                                                     host: "alpha.sb.test", headers: admin)
            #expect(afterDelete.json["resolution"] as? String == "always_open")
        }
    }

    @Test("invalid calendars are refused with the field that is wrong", arguments: [
        (#"{"timeZone":"Mars/Base","week":{}}"#, "calendar.timeZone"),
        (#"{"timeZone":"UTC","week":{"mon":[{"start":"17:00","end":"09:00"}]}}"#, "calendar.week.mon[0]"),
        (#"{"timeZone":"UTC","week":{"monday":[]}}"#, "calendar.week"),
        (#"{"timeZone":"UTC","week":{"mon":[{"start":"25:00","end":"26:00"}]}}"#, "calendar.week.mon[0].start"),
        (#"{"timeZone":"UTC"}"#, "calendar.week"),
    ])
    func invalidCalendars(calendar: String, field: String) async throws {
        let config = try await TestEnvironment.migratedDatabase()
        try await Fixtures.apply(Fixtures.manifest(slug: "alpha", key: Fixtures.adminKey), config: config)
        try await TestNode.run(config) { node in
            let response = try await node.request(.POST, "/api/v1/business-hours", host: "alpha.sb.test",
                                                  headers: [("Authorization", "Bearer \(Fixtures.adminKey)")],
                                                  json: #"{"name":"Broken","calendar":\#(calendar)}"#)
            #expect(response.status == 422, "\(response.body)")
            let fields = (response.json["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []
            #expect(fields.contains { $0.hasPrefix(field) }, "\(response.body)")
            let list = try await node.request(.GET, "/api/v1/business-hours", host: "alpha.sb.test",
                                              headers: [("Authorization", "Bearer \(Fixtures.adminKey)")])
            #expect((list.json["businessHours"] as? [[String: Any]])?.isEmpty == true, "nothing stored")
        }
    }

    @Test("manifests carry calendars, their assignments and display formats, idempotently")
    func manifests() async throws {
        let config = try await TestEnvironment.migratedDatabase()
        let url = TestEnvironment.repositoryRoot.appendingPathComponent("Tenants/example-acme.yaml")
        let parsed = try ManifestParser.parse(try String(contentsOf: url, encoding: .utf8), file: "example-acme.yaml")
        let node = SwitchboardNode(config: config, logger: TestEnvironment.logger)
        let (first, second, stored, formats) = try await Fixtures.withRunning(node.database) {
            let first = try await node.manifestApplier.apply(parsed, file: "example-acme.yaml")
            let second = try await node.manifestApplier.apply(parsed, file: "example-acme.yaml")
            let (stored, formats) = try await node.database.tenant(Tenant.ID(first.tenantID)).transaction {
                (try await $0.businessCalendars(), try await $0.displayFormats())
            }
            return (first, second, stored, formats)
        }
        #expect(first.createdTenant)
        #expect(!second.changed, "\(second.changes)")
        #expect(stored.map(\.name) == ["Night shift", "Seoul office"])
        #expect(stored.first { $0.name == "Night shift" }?.departments == ["Billing"])
        #expect(stored.first { $0.name == "Seoul office" }?.isDefault == true)
        #expect(formats == DisplayFormats(dateStyle: .long, timeStyle: .short, hourCycle: .h23))
        // 2026-03-02 (Mon) 08:30 in Seoul is closed; the office opens at 09:00 (2026-03-01 is a holiday, a Sunday anyway).
        let office = try #require(stored.first { $0.name == "Seoul office" }?.calendar)
        let monday0830 = try #require(ISO8601DateFormatter().date(from: "2026-03-01T23:30:00Z"))
        #expect(!office.isOpen(at: monday0830))
        #expect(office.nextOpening(after: monday0830) == ISO8601DateFormatter().date(from: "2026-03-02T00:00:00Z"))
    }

    @Test("a calendar error in a manifest names its line and field")
    func manifestCalendarError() throws {
        let yaml = """
            slug: demo
            name: Demo
            business_hours:
              - name: Office
                time_zone: Europe/London
                week:
                  mon:
                    - start: "09:00"
                      end: "08:00"
            """
        let failure = #expect(throws: ManifestParser.Failure.self) { try ManifestParser.parse(yaml, file: "demo.yaml") }
        #expect(failure?.description.hasPrefix("demo.yaml:9: business_hours[0].week.mon[0].end: the interval ends before it starts") == true, "\(failure?.description ?? "")")
    }

    @Test("display formats are read and replaced through the API; bad values are refused")
    func formats() async throws {
        let config = try await TestEnvironment.migratedDatabase()
        try await Fixtures.apply(Fixtures.manifest(slug: "alpha", key: Fixtures.adminKey), config: config)
        try await TestNode.run(config) { node in
            let admin = [("Authorization", "Bearer \(Fixtures.adminKey)")]
            let initial = try await node.request(.GET, "/api/v1/settings/formats", host: "alpha.sb.test", headers: admin)
            #expect(initial.json["dateStyle"] as? String == "medium")
            let set = try await node.request(.PUT, "/api/v1/settings/formats", host: "alpha.sb.test", headers: admin,
                                             json: #"{"dateStyle":"full","timeStyle":"medium","hourCycle":"h12"}"#)
            #expect(set.status == 200)
            #expect(set.json["hourCycle"] as? String == "h12")
            let bad = try await node.request(.PUT, "/api/v1/settings/formats", host: "alpha.sb.test", headers: admin,
                                             json: #"{"dateStyle":"tiny","timeStyle":"medium","hourCycle":"h12"}"#)
            #expect(bad.status == 400)
            let after = try await node.request(.GET, "/api/v1/settings/formats", host: "alpha.sb.test", headers: admin)
            #expect(after.json["dateStyle"] as? String == "full")
        }
    }
}
