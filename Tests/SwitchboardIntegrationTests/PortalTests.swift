import Foundation
import Testing
import SwitchboardApp
import SwitchboardCore

/// The help-center portal over HTTP: who sees which tickets, what the forms refuse, and the
/// tenant's registration rule.
@Suite("Help-center portal")
struct PortalTests {
    static let host = "portal.sb.test"
    static let bearer = [("Authorization", "Bearer \(Fixtures.adminKey)")]

    /// A browser on the portal: the form token comes from the form cookie.
    static func customer(_ node: TestNode) -> WebClient { WebClient(node: node, host: host) }

    static func register(_ browser: WebClient, name: String, email: String, password: String = "a long enough passphrase") async throws -> HTTPResult {
        let form = try await browser.get("/register")
        let token = try #require(form.formToken)
        return try await browser.post("/register", ["_csrf": token, "name": name, "email": email, "password": password])
    }

    @Test("an account sees the tickets it opens, never others' and never notes; registering an address seen before shows nothing older")
    func visibility() async throws {
        let config = try await TestEnvironment.migratedDatabase()
        try await Fixtures.apply(Fixtures.manifest(slug: "portal", key: Fixtures.adminKey), config: config)
        try await TestNode.run(config) { node in
            // A ticket an agent opened for dana@ before she had an account.
            let older = try await node.request(.POST, "/api/v1/tickets", host: Self.host, headers: Self.bearer, json: """
                {"subject":"Old private matter","body":"Account closure","requester":{"email":"dana@example.com","name":"Dana"}}
                """)
            let olderRef = try #require(older.json["ref"] as? Int)

            // Someone registers with her address: they get an account, but not her history.
            let impostor = Self.customer(node)
            #expect(try await Self.register(impostor, name: "Not Dana", email: "dana@example.com").status == 303)
            let list = try await impostor.get("/tickets")
            #expect(list.status == 200)
            #expect(!list.body.contains("Old private matter"))
            #expect(try await impostor.get("/tickets/\(olderRef)").status == 404)

            // What the account opens itself, it sees, with replies but without notes.
            let contact = try await impostor.get("/contact")
            let token = try #require(contact.formToken)
            let sent = try await impostor.post("/contact", ["_csrf": token, "subject": "New question", "message": "Hello"])
            #expect(sent.status == 303)
            let ref = try #require(Int(sent.headers["Location"].first?.split(separator: "/").last?.split(separator: "?").first ?? ""))
            _ = try await node.request(.POST, "/api/v1/tickets/\(ref)/messages", host: Self.host, headers: Self.bearer,
                                       json: #"{"kind":"note","body":"internal remark"}"#)
            _ = try await node.request(.POST, "/api/v1/tickets/\(ref)/messages", host: Self.host, headers: Self.bearer,
                                       json: #"{"kind":"reply","body":"public answer"}"#)
            let view = try await impostor.get("/tickets/\(ref)")
            #expect(view.body.contains("public answer") && !view.body.contains("internal remark"))

            // Another customer cannot open it, nor reply to it.
            let other = Self.customer(node)
            #expect(try await Self.register(other, name: "Eve", email: "eve@example.com").status == 303)
            #expect(try await other.get("/tickets/\(ref)").status == 404)
            let otherToken = try #require(try await other.get("/contact").formToken)
            #expect(try await other.post("/tickets/\(ref)/messages", ["_csrf": otherToken, "body": "hijack"]).status == 404)

            // Signed out: sent to sign in.
            let anonymous = Self.customer(node)
            let redirected = try await anonymous.get("/tickets/\(ref)")
            #expect(redirected.status == 303 && redirected.headers["Location"].first == "/login")

            // The same address cannot register twice; the account signs in with its password only.
            #expect(try await Self.register(Self.customer(node), name: "Again", email: "dana@example.com").status == 409)
            let signIn = Self.customer(node)
            let loginToken = try #require(try await signIn.get("/login").formToken)
            #expect(try await signIn.post("/login", ["_csrf": loginToken, "email": "dana@example.com", "password": "wrong password!"]).status == 401)
            #expect(try await signIn.post("/login", ["_csrf": loginToken, "email": "dana@example.com", "password": "a long enough passphrase"]).status == 303)
            #expect(try await signIn.get("/tickets").body.contains("New question"))
        }
    }

    @Test("forms need their token; a closed portal takes no registrations; guests may still write in")
    func formsAndRegistration() async throws {
        let config = try await TestEnvironment.migratedDatabase()
        try await Fixtures.apply(Fixtures.manifest(slug: "portal", key: Fixtures.adminKey), config: config)
        try await TestNode.run(config) { node in
            let browser = Self.customer(node)
            _ = try await browser.get("/contact")
            let forged = try await browser.post("/contact", ["_csrf": "guess", "name": "G", "email": "g@example.com", "subject": "s", "message": "m"])
            #expect(forged.status == 403)

            let closed = try await node.request(.PUT, "/api/v1/settings/portal", host: Self.host, headers: Self.bearer, json: #"{"registration":"closed"}"#)
            #expect(closed.status == 200)
            let page = try await browser.get("/register")
            #expect(page.body.contains("does not take new registrations"))
            // A post made anyway (with a valid form token) is refused too.
            let formToken = try #require(try await browser.get("/contact").formToken)
            let refused = try await browser.post("/register", ["_csrf": formToken, "name": "Late", "email": "late@example.com", "password": "a long enough passphrase"])
            #expect(refused.status == 422)
            #expect(!(try await node.request(.GET, "/api/v1/people?q=late", host: Self.host, headers: Self.bearer)).body.contains("late@example.com"))

            // A guest's message still becomes a ticket for them.
            let token = try #require(try await browser.get("/contact").formToken)
            let guest = try await browser.post("/contact", ["_csrf": token, "name": "Guest <b>", "email": "guest@example.com", "subject": "Hi", "message": "Question"])
            #expect(guest.status == 303 && guest.headers["Location"].first == "/?notice=submitted")
            let tickets = try await node.request(.GET, "/api/v1/tickets?q=Question", host: Self.host, headers: Self.bearer)
            #expect(tickets.body.contains("\"subject\":\"Hi\""))
            let missing = try await browser.post("/contact", ["_csrf": token, "name": "", "email": "not-an-address", "subject": "", "message": ""])
            #expect(missing.status == 422)
            #expect(missing.body.contains("id=\"contact-email-error\"") && missing.body.contains("id=\"contact-subject-error\""))
        }
    }
}
