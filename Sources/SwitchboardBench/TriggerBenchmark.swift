import Foundation
import SwitchboardCore

/// What choosing and testing triggers costs per ticket event: 200 enabled triggers of the
/// kinds admins write (status, priority, labels and custom fields, subject words, a regular
/// expression over the message, changes, any-groups), of which a few match.
///
///     switchboard-bench triggers [--seconds S] [--triggers N]
///
/// Prints one JSON line per event kind with the events per second and microseconds per event.
enum TriggerBenchmark {
    static func run(arguments: [String]) {
        var seconds = 2.0
        var count = 200
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            switch (argument, remaining.popFirst().flatMap(Double.init)) {
            case ("--seconds", let value?) where value > 0: seconds = value
            case ("--triggers", let value?) where value >= 1: count = Int(value)
            default:
                FileHandle.standardError.write(Data("usage: switchboard-bench triggers [--seconds S] [--triggers N]\n".utf8))
                exit(64)
            }
        }
        let set = TriggerSet((0..<count).map { (Int64($0 + 1), trigger($0)) })
        guard set.entries.count == count else {
            FileHandle.standardError.write(Data("only \(set.entries.count) of \(count) benchmark triggers check out\n".utf8))
            exit(1)
        }
        let tickets = (0..<64).map(ticket)
        let events: [(String, TicketEvent)] = [
            ("created", TicketEvent(kind: .created, actor: .agent, channel: .api)),
            ("replied", TicketEvent(kind: .replied, actor: .user, channel: .email, message: .init(kind: "reply", body: body))),
            ("updated", TicketEvent(kind: .updated, actor: .agent, channel: .api)),
        ]
        for (name, event) in events {
            var matched = 0
            var index = 0
            let clock = ContinuousClock()
            let operation = {
                let ticket = tickets[index % tickets.count]
                var event = event
                event.before = tickets[(index + 1) % tickets.count]
                let facts = TriggerFacts(ticket: ticket, before: event.before, message: event.message)
                matched += set.candidates(for: event).filter { $0.matches(facts) }.count
                index += 1
            }
            let warmUp = clock.now.advanced(by: .milliseconds(200))
            while clock.now < warmUp { operation() }
            var operations = 0
            let begin = clock.now
            let deadline = begin.advanced(by: .seconds(seconds))
            repeat {
                for _ in 0..<20 { operation() }
                operations += 20
            } while clock.now < deadline
            let elapsed = clock.now - begin
            let elapsedSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            let perEvent = elapsedSeconds / Double(operations) * 1_000_000
            print(#"{"benchmark":"triggers.\#(name)","triggers":\#(count),"events_per_sec":\#(Int((Double(operations) / elapsedSeconds).rounded())),"microseconds_per_event":\#((perEvent * 100).rounded() / 100),"matches":\#(matched)}"#)
        }
    }

    static let body = """
        Hello, I was charged twice for order 88231 and would like a refund of the second payment.
        The invoice says 49.00 EUR. Thanks, Ann
        > On Monday the shop wrote: your order has shipped
        """

    static func ticket(_ index: Int) -> Ticket {
        Ticket(
            id: Int64(index), ref: Int64(index), subject: ["Refund for order \(index)", "Password reset", "VIP: printer on fire", "Invoice question"][index % 4],
            status: Ticket.Status.allCases[index % 4], priority: Ticket.Priority.allCases[index % 4], urgency: index % 10 + 1,
            departmentID: Int64(index % 5 + 1), agentID: index % 3 == 0 ? nil : Int64(index % 7), personID: Int64(index),
            labels: index % 2 == 0 ? ["billing", "eu"] : ["hardware"], fields: ["plan": .string(["free", "pro", "enterprise"][index % 3]), "seats": .number(Double(index))],
            version: 1, createdAt: Date(), updatedAt: Date()
        )
    }

    /// The `index`th of a spread of realistic triggers.
    static func trigger(_ index: Int) -> Trigger {
        let events: [TicketEvent.Kind] = [[.created], [.replied], [.updated], [.created, .updated]][index % 4]
        var all: [TriggerCondition] = []
        var any: [TriggerCondition] = []
        switch index % 8 {
        case 0: all = [.init(field: "status", .is, "awaiting_agent"), .init(field: "priority", .is, ["high", "urgent"])]
        case 1: all = [.init(field: "subject", .contains, .string("refund \(index)"))]
        case 2: all = [.init(field: "message.body", .matches, .string(#"\border\s+\d{5}\b.*refund-\#(index)"#))]
        case 3: all = [.init(field: "fields.plan", .is, "enterprise"), .init(field: "labels", .notContains, .string("spam-\(index)"))]
        case 4: all = [.init(field: "status", .changedTo, "resolved"), .init(field: "agent", .isSet)]
        case 5: any = [.init(field: "department", .is, .number(Double(index % 5 + 1))), .init(field: "urgency", .greaterThan, 8), .init(field: "labels", .contains, .string("vip-\(index)"))]
        case 6: all = [.init(field: "fields.seats", .greaterThan, .number(Double(index))), .init(field: "priority", .isNot, "low")]
        default: all = [.init(field: "subject", .matches, .string("^(urgent|asap)-\(index)")), .init(field: "team", .isNotSet)]
        }
        return Trigger(
            name: "Trigger \(index)", events: events, all: all, any: any,
            actions: [.set("priority", "high"), TicketAction(.addLabels, labels: ["auto-\(index)"]), TicketAction(.notify, to: .assignee)]
        )
    }
}
