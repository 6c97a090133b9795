import Testing
import SwitchboardCore

@Suite("Host names and slugs")
struct HostnameTests {
    @Test("Host headers normalise to lower-case names without port or trailing dot", arguments: [
        ("Demo.Localhost:8080", "demo.localhost"),
        ("help.acme.example.", "help.acme.example"),
        ("  spaced.example ", "spaced.example"),
        ("xn--bcher-kva.example", "xn--bcher-kva.example"),
    ])
    func normalizes(raw: String, expected: String) {
        #expect(Hostname.normalize(raw) == expected)
    }

    @Test("things that are not DNS names never match a tenant", arguments: [
        "", "[::1]:8080", "a..b", "-bad.example", "bad-.example", "host:port", "under_score.example",
        "x.example:", "evil.example/path", String(repeating: "a", count: 64) + ".example", "ünicode.example",
    ])
    func rejects(raw: String) {
        #expect(Hostname.normalize(raw) == nil)
    }

    @Test("slugs come only from direct subdomains of the base domain")
    func slugs() {
        #expect(Hostname.slug(of: "demo.localhost", baseDomain: "localhost") == "demo")
        #expect(Hostname.slug(of: "a.b.localhost", baseDomain: "localhost") == nil)
        #expect(Hostname.slug(of: "localhost", baseDomain: "localhost") == nil)
        #expect(Hostname.slug(of: "demolocalhost", baseDomain: "localhost") == nil)
        #expect(Slug.problem(with: "www") != nil)
        #expect(Slug.problem(with: "Acme") != nil)
        #expect(Slug.problem(with: "acme-2") == nil)
    }

    @Test("API key tokens have a fixed shape")
    func apiKeyTokens() {
        #expect(APIKeyToken("sbk_" + String(repeating: "A", count: 43)) != nil)
        #expect(APIKeyToken("sbk_short") == nil)
        #expect(APIKeyToken("xyz_" + String(repeating: "A", count: 43)) == nil)
        #expect(APIKeyToken("sbk_" + String(repeating: "A", count: 40) + "%%") == nil)
        #expect(APIKeyToken("sbk_" + String(repeating: "A", count: 43))?.description == "sbk_AAAAAA…")
    }

    @Test("email addresses normalise or are refused")
    func emails() {
        #expect(EmailAddress.normalize(" Ada@Example.COM ") == "ada@example.com")
        for bad in ["ada", "ada@", "@example.com", "ada@localhost", "a b@example.com", "a@b@example.com"] {
            #expect(EmailAddress.normalize(bad) == nil, "\(bad)")
        }
    }
}

@Suite("Manifest rules")
struct ManifestValidationTests {
    func problems(_ manifest: TenantManifest) -> [String] {
        manifest.problems(baseDomain: "localhost") { ["UTC", "Asia/Seoul"].contains($0) }.map(\.path)
    }

    @Test("a sound manifest has no problems")
    func sound() {
        let manifest = TenantManifest(
            slug: "acme", name: "Acme", locale: "ko-KR", timeZone: "Asia/Seoul",
            domains: [.init(hostname: "help.acme.example", verified: true)],
            brands: [.init(name: "Acme", isDefault: true)],
            departments: [.init(name: "Support")],
            agents: [.init(email: "a@acme.example", name: "A", password: "long enough password", permissions: .all, departments: ["Support"])],
            apiKeys: [.init(name: "k", agentEmail: "A@acme.example", permissions: [.read], secret: nil)]
        )
        #expect(problems(manifest).isEmpty)
    }

    @Test("each broken rule is reported at its field")
    func broken() {
        let manifest = TenantManifest(
            slug: "www", name: " ", locale: "klingon language", timeZone: "Nowhere/Land",
            domains: [.init(hostname: "x.localhost", verified: true), .init(hostname: "dup.example", verified: false),
                      .init(hostname: "DUP.example", verified: false)],
            brands: [.init(name: "A", isDefault: true), .init(name: "B", isDefault: true)],
            departments: [.init(name: "Support")],
            agents: [
                .init(email: "a@acme.example", name: "A", password: "short", permissions: [.read], departments: ["Sales"]),
                .init(email: "A@acme.example", name: "Twin", password: nil, permissions: [.read], departments: []),
            ],
            apiKeys: [.init(name: "k", agentEmail: "a@acme.example", permissions: .all, secret: "sbk_bad")]
        )
        #expect(Set(problems(manifest)) == [
            "slug", "name", "locale", "time_zone", "domains[0].hostname", "domains[2].hostname", "brands",
            "agents[0].password", "agents[0].departments[0]", "agents[1].email", "api_keys[0].scopes", "api_keys[0].key",
        ])
    }
}

@Suite("SQL scripts")
struct SQLScriptTests {
    @Test("statements split on semicolons outside quotes, dollar quotes and comments")
    func splits() {
        let script = """
            -- a comment; with a semicolon
            CREATE TABLE a (x text DEFAULT 'semi;colon', "we;ird" int);
            /* block; /* nested; */ still comment; */
            CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;
            DO $body$ BEGIN PERFORM 'it''s;'; END $body$;
            SELECT $1::int;
            ;;
            SELECT 'end'
            """
        let statements = SQLScript.statements(script)
        #expect(statements.count == 5)
        #expect(statements[0] == #"CREATE TABLE a (x text DEFAULT 'semi;colon', "we;ird" int)"#)
        #expect(statements[1].hasSuffix("AS $$ BEGIN RETURN 1; END $$"))
        #expect(statements[2] == "DO $body$ BEGIN PERFORM 'it''s;'; END $body$")
        #expect(statements[3] == "SELECT $1::int")
        #expect(statements[4] == "SELECT 'end'")
    }

    @Test("unterminated quotes and comments do not crash", arguments: [
        ("'open", 1), ("$$ open", 1), ("/* open", 0), ("\"open", 1), ("$tag$ x $other$", 1), ("-- only a comment", 0),
    ])
    func unterminated(script: String, count: Int) {
        #expect(SQLScript.statements(script).count == count)
    }
}
