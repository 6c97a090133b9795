import Foundation
import SwitchboardCore

/// One line of an export, and of an import: a JSON object whose `type` says what it is.
/// Records name what they refer to by name or address, not by id, so a file moves between
/// helpdesks; an export writes them in the order an import needs them.
enum TransferRecord: Sendable {
    case department(DepartmentRecord)
    case substatus(SubstatusRecord)
    case customField(CustomFieldRecord)
    case team(TeamRecord)
    case agent(AgentRecord)
    case organisation(OrganisationRecord)
    case person(PersonRecord)
    case ticket(TicketRecord)
    /// The last line of an export: how many records came before it.
    case end

    struct DepartmentRecord: Codable, Sendable {
        var type = "department"
        var name: String
    }

    struct SubstatusRecord: Codable, Sendable {
        var type = "substatus"
        var status: Ticket.Status
        var name: String
        var position: Int?
    }

    /// A field definition, as `POST /api/v1/custom-fields` takes it.
    struct CustomFieldRecord: Codable, Sendable {
        var type = "custom_field"
        var field: CustomFieldController.FieldInput
    }

    struct TeamRecord: Codable, Sendable {
        var type = "team"
        var name: String
        /// Agent addresses.
        var members: [String]?
    }

    struct AgentRecord: Codable, Sendable {
        var type = "agent"
        var email: String
        var name: String
        var scopes: [String]?
        var active: Bool?
    }

    struct OrganisationRecord: Codable, Sendable {
        var type = "organisation"
        var name: String
        var fields: [String: JSONValue]?
    }

    struct PersonRecord: Codable, Sendable {
        var type = "person"
        var name: String
        var emails: [String]?
        var phone: String?
        var locale: String?
        var timeZone: String?
        /// Organisation names, the primary first; missing ones are created.
        var organisations: [String]?
        var fields: [String: JSONValue]?
    }

    struct TicketRecord: Codable, Sendable {
        var type = "ticket"
        /// The reference it had; an import gives it a new one.
        var ref: Int64?
        var subject: String
        var status: Ticket.Status?
        /// A sub-status name under `status`.
        var substatus: String?
        var priority: Ticket.Priority?
        var urgency: Int?
        /// Names and addresses, as in the other records.
        var department: String?
        var agent: String?
        var team: String?
        /// The customer's address; a person with it is found or created.
        var person: String?
        var labels: [String]?
        var fields: [String: JSONValue]?
        var createdAt: Date?
        var updatedAt: Date?
        var messages: [MessageRecord]
    }

    struct MessageRecord: Codable, Sendable {
        /// `reply` or `note`.
        var kind: String?
        var body: String
        /// The author: an agent's address, or the customer's.
        var agent: String?
        var person: String?
        var createdAt: Date?
    }

    private struct Kind: Decodable {
        var type: String
    }

    enum Failure: Error {
        case unknownType(String)
    }

    static func decode(_ line: Data, with decoder: JSONDecoder) throws -> TransferRecord {
        switch try decoder.decode(Kind.self, from: line).type {
        case "department": .department(try decoder.decode(DepartmentRecord.self, from: line))
        case "substatus": .substatus(try decoder.decode(SubstatusRecord.self, from: line))
        case "custom_field": .customField(try decoder.decode(CustomFieldRecord.self, from: line))
        case "team": .team(try decoder.decode(TeamRecord.self, from: line))
        case "agent": .agent(try decoder.decode(AgentRecord.self, from: line))
        case "organisation": .organisation(try decoder.decode(OrganisationRecord.self, from: line))
        case "person": .person(try decoder.decode(PersonRecord.self, from: line))
        case "ticket": .ticket(try decoder.decode(TicketRecord.self, from: line))
        case "end": .end
        case let other: throw Failure.unknownType(other)
        }
    }

    /// Times in ISO 8601, UTC, to the microsecond PostgreSQL keeps, so that an export read back
    /// gives exactly the times it was made from.
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(text(date))
        }
        return encoder
    }

    /// `2026-01-31T09:30:00.123456Z`, the fraction left out when it is zero.
    static func text(_ date: Date) -> String {
        let micros = (date.timeIntervalSince1970 * 1_000_000).rounded()
        var seconds = Int64(micros / 1_000_000)
        var fraction = Int64(micros) - seconds * 1_000_000
        if fraction < 0 {
            fraction += 1_000_000
            seconds -= 1
        }
        let whole = Date(timeIntervalSince1970: Double(seconds)).formatted(Date.ISO8601FormatStyle())
        guard fraction != 0 else { return whole }
        let digits = String(fraction)
        return whole.dropLast() + "." + String(repeating: "0", count: 6 - digits.count) + digits + "Z"
    }

    nonisolated(unsafe) private static let fraction = /\.([0-9]{1,9})/

    /// An ISO 8601 time with an offset; fractions of a second are read digit by digit (to the
    /// microsecond), not through floating point.
    static func date(_ text: String) -> Date? {
        guard let date = Date(iso8601: text) else { return nil }
        guard let match = text.firstMatch(of: fraction) else { return date }
        guard let whole = Date(iso8601: text.replacingCharacters(in: match.range, with: "")) else { return nil }
        let digits = String(match.1.prefix(6))
        let micros = Int64(digits + String(repeating: "0", count: 6 - digits.count)) ?? 0
        return whole.addingTimeInterval(Double(micros) / 1_000_000)
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = date(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO 8601 time with an offset")
            }
            return date
        }
        return decoder
    }
}
