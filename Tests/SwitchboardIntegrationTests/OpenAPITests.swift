import Foundation
import Testing
import SwitchboardApp

/// The OpenAPI document and the router describe the same API: every route is documented and
/// every documented operation exists. schemathesis (in `ops/test`) then checks the answers.
@Suite("OpenAPI document")
struct OpenAPITests {
    @Test("served without credentials, and in step with the router, operation for operation")
    func matchesRouter() async throws {
        let config = try await TestEnvironment.migratedDatabase()
        try await Fixtures.apply(PermissionProbeTests.alphaManifest(), config: config)
        let routes = Set(try PermissionProbeTests.apiRoutes(config).filter { !$0.path.hasPrefix("/api/v1/platform") }
            .map { "\($0.method.rawValue) \($0.path)" })
        try await TestNode.run(config) { node in
            let response = try await node.request(.GET, "/api/v1/openapi.json")
            #expect(response.status == 200)
            #expect(response.headers["Content-Type"].first == "application/json")
            #expect(response.json["openapi"] as? String == "3.1.0")
            let paths = try #require(response.json["paths"] as? [String: [String: Any]])
            var documented: Set<String> = []
            for (path, item) in paths {
                for method in item.keys where ["get", "post", "put", "patch", "delete"].contains(method) {
                    documented.insert("\(method.uppercased()) \(path)")
                }
            }
            #expect(routes.subtracting(documented).isEmpty, "undocumented: \(routes.subtracting(documented).sorted())")
            #expect(documented.subtracting(routes).isEmpty, "documented but missing: \(documented.subtracting(routes).sorted())")

            // A method the path does not have: 405 with the ones it does.
            let wrong = try await node.request(.PUT, "/api/v1/tickets", host: "alpha.sb.test",
                                               headers: PermissionProbeTests.admin, json: "{}")
            #expect(wrong.status == 405)
            #expect(wrong.headers["Allow"].first == "GET, POST")
            let unknown = try await node.request(.GET, "/api/v1/nothing-here", host: "alpha.sb.test", headers: PermissionProbeTests.admin)
            #expect(unknown.status == 404)
        }
    }
}
