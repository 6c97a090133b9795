import Foundation
import Hummingbird
import SwitchboardCore

/// Field checks shared by the people, organisation and CRM controllers. Each appends what is
/// wrong to `errors` and returns the cleaned value, or nil when the value was refused.
struct InputChecks {
    var errors: [Problem.FieldError] = []

    mutating func fail(_ field: String, _ message: String) {
        errors.append(.init(field: field, message: message))
    }

    /// Trimmed text of `range` characters (Unicode scalars), without NUL characters.
    mutating func text(_ raw: String, _ field: String, _ range: ClosedRange<Int>) -> String? {
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if raw.unicodeScalars.contains("\u{0}") {
            fail(field, "must not contain NUL characters")
            return nil
        }
        guard range.contains(trimmed.unicodeScalars.count) else {
            fail(field, range.lowerBound == 0 ? "must be at most \(range.upperBound) characters" : "must be \(range.lowerBound)-\(range.upperBound) characters")
            return nil
        }
        return trimmed
    }

    /// Normalised addresses without repeats, in the order given; at most `limit`.
    mutating func emails(_ raw: [String], _ field: String = "emails", limit: Int = 20) -> [String]? {
        guard raw.count <= limit else {
            fail(field, "at most \(limit) addresses")
            return nil
        }
        var emails: [String] = []
        var valid = true
        for (index, text) in raw.enumerated() {
            guard !text.unicodeScalars.contains("\u{0}"), text.unicodeScalars.count <= 254, let email = EmailAddress.normalize(text) else {
                fail("\(field)[\(index)]", "is not an email address")
                valid = false
                continue
            }
            if !emails.contains(email) { emails.append(email) }
        }
        return valid ? emails : nil
    }

    /// A BCP 47 tag; an empty string (clearing it) when `allowEmpty`.
    mutating func locale(_ raw: String, allowEmpty: Bool) -> String? {
        if raw.isEmpty, allowEmpty { return "" }
        guard raw.unicodeScalars.count <= 35, LocaleTag.isWellFormed(raw) else {
            fail("locale", "must be a language tag such as en or ko-KR")
            return nil
        }
        return raw
    }

    /// An IANA time zone; an empty string (clearing it) when `allowEmpty`.
    mutating func timeZone(_ raw: String, allowEmpty: Bool) -> String? {
        if raw.isEmpty, allowEmpty { return "" }
        guard raw.unicodeScalars.count <= 64, !raw.unicodeScalars.contains("\u{0}"), TimeZone(identifier: raw) != nil else {
            fail("timeZone", "must be an IANA time zone such as Europe/London")
            return nil
        }
        return raw
    }

    /// Digits with the usual separators (`+44 20 7946 0000`, `(555) 010-0199`), taken as sent
    /// so that the length checked is the length the API document states.
    mutating func phone(_ raw: String, allowEmpty: Bool) -> String? {
        if raw.isEmpty, allowEmpty { return "" }
        let allowed = Set("0123456789+-(). ".unicodeScalars)
        guard (1...50).contains(raw.unicodeScalars.count), raw.unicodeScalars.allSatisfy(allowed.contains),
              raw.unicodeScalars.contains(where: { ("0"..."9").contains($0) })
        else {
            fail("phone", "must be a phone number of up to 50 digits and + - ( ) . or spaces")
            return nil
        }
        return raw
    }

    /// A lower-case DNS name with at least one dot.
    mutating func domain(_ raw: String, _ field: String = "domain") -> String? {
        guard !raw.unicodeScalars.contains("\u{0}"), raw.unicodeScalars.count <= 253, let domain = Hostname.normalize(Substring(raw)),
              domain.contains(".")
        else {
            fail(field, "must be a domain name such as example.com")
            return nil
        }
        return domain
    }

    /// Throws the collected problems as one 422.
    func check() throws {
        guard errors.isEmpty else { throw Problem.validation(errors) }
    }
}

/// `limit` (1-200, default 50) and `cursor` (a `nextCursor` this API gave out) of a list request.
struct IDPage {
    var limit: Int
    var cursor: IDCursor?

    init(_ query: Parameters) throws {
        limit = try query["limit"].map { text -> Int in
            guard let value = Int(text), (1...200).contains(value) else { throw Problem.badRequest("limit must be 1-200") }
            return value
        } ?? 50
        cursor = try query["cursor"].map { text -> IDCursor in
            guard let cursor = IDCursor(token: String(text)) else { throw Problem.badRequest("cursor is not one this API gave out") }
            return cursor
        }
    }

    /// The token for the page after `items` (fetched with `limit + 1`), nil when there is none.
    func nextCursor<Item>(_ items: [Item], id: (Item) -> Int64) -> String? {
        guard items.count > limit, let last = items.prefix(limit).last else { return nil }
        return IDCursor(id: id(last)).token
    }
}

extension Parameters {
    /// An id-valued query parameter, or a 400.
    func id(_ name: String) throws -> Int64? {
        guard let text = self[Substring(name)] else { return nil }
        guard let id = Int64(text) else { throw Problem.badRequest("\(name) must be an id") }
        return id
    }
}
