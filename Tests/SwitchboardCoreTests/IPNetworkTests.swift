import Testing
import SwitchboardCore

@Suite("IP networks for allow-lists")
struct IPNetworkTests {
    @Test("networks contain the addresses a person would expect", arguments: [
        ("10.0.0.0/8", "10.200.3.4", true),
        ("10.0.0.0/8", "11.0.0.1", false),
        ("192.0.2.17", "192.0.2.17", true),
        ("192.0.2.17", "192.0.2.18", false),
        ("192.0.2.0/25", "192.0.2.127", true),
        ("192.0.2.0/25", "192.0.2.128", false),
        ("0.0.0.0/0", "203.0.113.9", true),
        ("127.0.0.0/8", "::ffff:127.0.0.1", true),
        ("2001:db8::/32", "2001:db8:ffff::1", true),
        ("2001:db8::/32", "2001:db9::1", false),
        ("::1", "::1", true),
        ("::1", "127.0.0.1", false),
        ("10.0.0.0/8", "not an address", false),
    ])
    func contains(network: String, address: String, expected: Bool) throws {
        let parsed = try #require(IPNetwork(network))
        #expect(parsed.contains(address) == expected)
    }

    @Test("host bits are cleared and the form is canonical")
    func canonical() throws {
        #expect(try #require(IPNetwork("192.0.2.77/24")).description == "192.0.2.0/24")
        #expect(try #require(IPNetwork("2001:DB8::1/32")).description == "2001:db8:0:0:0:0:0:0/32")
        #expect(try #require(IPNetwork("203.0.113.5")).prefixLength == 32)
    }

    @Test("what is not a network is refused", arguments: [
        "", "10.0.0.0/33", "10.0.0/8", "10.0.0.0/", "10.0.0.0/8/8", "::/129", "1.2.3.4.5", "256.1.1.1", "example.com", "10.0.0.0/ 8",
    ])
    func refused(text: String) {
        #expect(IPNetwork(text) == nil)
    }

    @Test("a tenant with no networks allows everyone; with some, only those")
    func tenantAllowList() throws {
        var tenant = Tenant(id: Tenant.ID(1), slug: "t", name: "T", defaultLocale: "en", timeZone: "UTC")
        #expect(tenant.allowsAgents(from: "198.51.100.1"))
        #expect(tenant.allowsAgents(from: nil))
        tenant.agentNetworks = [try #require(IPNetwork("198.51.100.0/24"))]
        #expect(tenant.allowsAgents(from: "198.51.100.1"))
        #expect(!tenant.allowsAgents(from: "198.51.101.1"))
        #expect(!tenant.allowsAgents(from: nil))
    }
}
