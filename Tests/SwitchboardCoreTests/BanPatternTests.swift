import Testing
import SwitchboardCore

@Suite("Ban patterns")
struct BanPatternTests {
    @Test("addresses, address patterns, IP addresses and networks are told apart and cleaned")
    func parsing() throws {
        #expect(try BanPattern.parse(" Someone@Spam.Example ").get() == BanPattern(kind: .email, pattern: "someone@spam.example"))
        #expect(try BanPattern.parse("*@SPAM.example").get() == BanPattern(kind: .email, pattern: "*@spam.example"))
        #expect(try BanPattern.parse("*@*.spam.example").get().kind == .email)
        #expect(try BanPattern.parse("203.0.113.7").get() == BanPattern(kind: .ip, pattern: "203.0.113.7"))
        #expect(try BanPattern.parse("203.0.113.0/24").get().kind == .ip)
        #expect(try BanPattern.parse("2001:DB8::/32").get() == BanPattern(kind: .ip, pattern: "2001:db8::/32"))
    }

    @Test("patterns that would ban everyone or are not addresses are refused")
    func refused() {
        for bad in ["", "*", "*@*", "*@com", "@spam.example", "someone@", "a b@spam.example", "203.0.113.0/33", "203.0.113", "10.0.0.0/",
                    "::1/129", "not-an-ip", "10.0.0.1/ 8", String(repeating: "a", count: 290) + "@spam.example"] {
            #expect((try? BanPattern.parse(bad).get()) == nil, "\(bad)")
        }
    }

    @Test("the LIKE pattern escapes LIKE's own wildcards and turns * into %")
    func likePattern() throws {
        #expect(try BanPattern.parse("*@spam.example").get().likePattern == "%@spam.example")
        #expect(try BanPattern.parse("first_last%@x.example").get().likePattern == #"first\_last\%@x.example"#)
        #expect(try BanPattern.parse("10.0.0.0/8").get().likePattern == nil)
    }

    @Test("id cursors round-trip and refuse anything the API did not give out")
    func cursors() {
        #expect(IDCursor(token: IDCursor(id: 42).token) == IDCursor(id: 42))
        for bad in ["", "!!", "aWQuLTE=", "MTI="] { #expect(IDCursor(token: bad) == nil, "\(bad)") }
    }
}
