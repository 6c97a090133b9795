import Foundation
import Testing
import SwitchboardCore

@Suite("Ticket criteria and cursors")
struct TicketCriteriaTests {
    @Test("ISO 8601 times are read with and without fractional seconds and with offsets")
    func dates() {
        #expect(Date(iso8601: "2026-01-31T00:00:00Z")?.timeIntervalSince1970 == 1_769_817_600)
        #expect(Date(iso8601: "2026-01-31T00:00:00.250Z")?.timeIntervalSince1970 == 1_769_817_600.25)
        #expect(Date(iso8601: "2026-01-31T01:00:00+01:00")?.timeIntervalSince1970 == 1_769_817_600)
        #expect(Date(iso8601: "yesterday") == nil)
        #expect(Date(iso8601: "") == nil)
    }

    @Test("cursors round-trip exactly and refuse anything the API did not give out")
    func cursors() {
        let cursor = TicketCursor(updatedAt: Date(timeIntervalSince1970: 1_769_817_600.123456), id: 42)
        #expect(TicketCursor(token: cursor.token) == cursor)
        for bad in ["", "!!", Data("9223372036854775000.1".utf8).base64EncodedString(),
                    Data("-300000000000000000.1".utf8).base64EncodedString(), Data("1.2.3".utf8).base64EncodedString(),
                    Data("12.".utf8).base64EncodedString()] {
            #expect(TicketCursor(token: bad) == nil, "\(bad)")
        }
    }

    @Test("lengths are counted as the database counts them: code points")
    func lengths() {
        let decomposed = String(repeating: "e\u{301}", count: 300)
        #expect(decomposed.count == 300)
        #expect(TicketChange(subject: decomposed).problems.map(\.field) == ["subject"])
        #expect(TicketCriteria(createdAfter: Date(timeIntervalSince1970: 10), createdBefore: Date(timeIntervalSince1970: 5)).problems.count == 1)
    }
}
