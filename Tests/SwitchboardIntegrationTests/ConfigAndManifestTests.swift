import Foundation
import Testing
import SwitchboardApp
import SwitchboardCore
import SwitchboardPostgres

@Suite("Configuration and manifests")
struct ConfigAndManifestTests {
    @Test("invalid settings name the setting and the reason", arguments: [
        ("SB_PORT", "eighty", "SB_PORT=\"eighty\": must be a whole number"),
        ("SB_PORT", "70000", "SB_PORT=\"70000\""),
        ("SB_DATABASE_URL", "mysql://x", "SB_DATABASE_URL"),
        ("SB_REDIS_URL", "localhost:6379", "SB_REDIS_URL"),
        ("SB_BASE_DOMAIN", "not a domain", "SB_BASE_DOMAIN"),
        ("SB_LOG_LEVEL", "loud", "SB_LOG_LEVEL"),
        ("SB_WORKERS", "maybe", "SB_WORKERS=\"maybe\": must be on or off"),
        ("SB_PLATFORM_TOKEN", "short", "SB_PLATFORM_TOKEN"),
    ])
    func invalidConfig(setting: String, value: String, expected: String) throws {
        let error = #expect(throws: ConfigError.self) { try AppConfig.load(environment: [setting: value]) }
        #expect(error?.description.contains(expected) == true, "\(error?.description ?? "")")
    }

    @Test("the defaults work with ops/dev")
    func defaults() throws {
        let config = try AppConfig.load(environment: [:])
        #expect(config.port == 8080)
        #expect(config.baseDomain == "localhost")
        #expect(config.database.username == "switchboard_app")
        #expect(config.migrationDatabase.username == "switchboard")
        #expect(config.workers)
    }

    @Test("the binary reports invalid configuration in one line and exits non-zero")
    func binaryRejectsConfig() async throws {
        let result = try await NodeProcess.runToCompletion(["serve"], environment: ["SB_PORT": "eighty"])
        #expect(result.status != 0)
        let lines = result.output.split(separator: "\n")
        #expect(lines.count == 1, "\(result.output)")
        #expect(result.output.contains("SB_PORT"))
    }

    @Test("a malformed manifest reports file, line and field", arguments: [
        ("slug: demo\nname: [unclosed\n", 3, ""),  // libyaml notices the open bracket at the end of input
        ("slug: demo\nname: Demo\nagents:\n  - email: not-an-email\n    name: A\n", 4, "agents[0].email"),
        ("slug: demo\nname: Demo\ncolour: blue\n", 3, "colour"),
        ("slug: demo\nname: Demo\ntime_zone: Mars/Olympus\n", 3, "time_zone"),
        ("slug: demo\nname: Demo\nagents:\n  - email: a@b.example\n    name: A\n    scopes: [root]\n", 6, "agents[0].scopes"),
        ("slug: Bad Slug\nname: Demo\n", 1, "slug"),
        ("slug: demo\nname: Demo\napi_keys:\n  - name: k\n    agent: ghost@x.example\n", 5, "api_keys[0].agent"),
    ])
    func malformedManifest(yaml: String, line: Int, field: String) async throws {
        let config = try await TestEnvironment.migratedDatabase()
        let node = SwitchboardNode(config: config, logger: TestEnvironment.logger)
        let tenants = try await Fixtures.withRunning(node.database) {
            let failure = await #expect(throws: ManifestParser.Failure.self) {
                let parsed = try ManifestParser.parse(yaml, file: "Tenants/broken.yaml")
                _ = try await node.manifestApplier.apply(parsed, file: "Tenants/broken.yaml")
            }
            let text = failure?.description ?? ""
            #expect(text.hasPrefix("Tenants/broken.yaml:\(line): \(field)"), "\(text)")
            return try await node.database.directory.listTenants()
        }
        // Nothing was created.
        #expect(tenants.isEmpty)
    }

    @Test("applying twice changes nothing; a failure halfway leaves nothing half-applied")
    func idempotentAndAtomic() async throws {
        let config = try await TestEnvironment.migratedDatabase()
        let manifest = Fixtures.manifest(slug: "omega", key: Fixtures.adminKey, domains: [.init(hostname: "help.omega.example", verified: true)])
        let first = try await Fixtures.apply(manifest, config: config)
        #expect(first.createdTenant)
        let second = try await Fixtures.apply(manifest, config: config)
        #expect(!second.changed, "\(second.changes)")

        // A second tenant that claims omega's domain fails at the database, after its tenant row
        // and agents were written in the transaction: all of it must roll back.
        let thief = Fixtures.manifest(slug: "thief", key: Fixtures.otherKey, domains: [.init(hostname: "help.omega.example", verified: true)])
        await #expect(throws: ManifestParser.Failure.self) { try await Fixtures.apply(thief, config: config) }
        let database = Database(configuration: config.database, logger: TestEnvironment.logger)
        let tenants = try await Fixtures.withRunning(database) { try await database.directory.listTenants() }
        #expect(tenants.map(\.slug) == ["omega"])
    }

    @Test("the shipped manifests parse and validate")
    func shippedManifests() throws {
        for name in ["demo.yaml", "example-acme.yaml"] {
            let url = TestEnvironment.repositoryRoot.appendingPathComponent("Tenants/\(name)")
            let parsed = try ManifestParser.parse(try String(contentsOf: url, encoding: .utf8), file: name)
            #expect(parsed.manifest.problems(baseDomain: "localhost") { TimeZone(identifier: $0) != nil }.isEmpty, "\(name)")
        }
    }
}

@Suite("Passwords")
struct PasswordTests {
    @Test("scrypt hashes verify, carry their parameters, and reject wrong passwords and garbage")
    func scrypt() throws {
        let hasher = PasswordHasher(logN: 10, blockSize: 8, parallelism: 1)
        let hash = try hasher.hash("correct horse battery")
        #expect(hash.hasPrefix("$scrypt$ln=10,r=8,p=1$"))
        #expect(hasher.verify("correct horse battery", against: hash))
        #expect(!hasher.verify("correct horse batterY", against: hash))
        #expect(try hasher.hash("correct horse battery") != hash, "salted")
        // Hashes made at another cost still verify.
        #expect(PasswordHasher.owasp.verify("correct horse battery", against: hash))
        for garbage in ["", "$scrypt$", "$scrypt$ln=99,r=8,p=1$AAAA$AAAA", "plain", "$bcrypt$x$y$z"] {
            #expect(!hasher.verify("x", against: garbage))
        }
    }
}
