import Foundation
import SwitchboardCore
import Testing

/// Trigger conditions and the order triggers are chosen in, without a database.
@Suite("Trigger conditions")
struct TriggerTests {
    static func ticket(
        status: Ticket.Status = .awaitingAgent, priority: Ticket.Priority = .normal, agent: Int64? = nil, labels: [String] = [],
        fields: [String: JSONValue] = [:]
    ) -> Ticket {
        Ticket(
            id: 1, ref: 1, subject: "Refund for order 1234", status: status, priority: priority, urgency: 3, departmentID: 7, agentID: agent,
            personID: 5, labels: labels, fields: fields, version: 1, createdAt: Date(), updatedAt: Date()
        )
    }

    static func set(_ triggers: [Trigger]) -> TriggerSet {
        TriggerSet(triggers.enumerated().map { (Int64($0.offset + 1), $0.element) })
    }

    static func matches(_ conditions: [TriggerCondition], any: [TriggerCondition] = [], _ facts: TriggerFacts) -> Bool {
        let set = set([Trigger(name: "t", events: [.updated], all: conditions, any: any, actions: [.set("priority", "high")])])
        #expect(set.entries.count == 1, "the trigger should check out")
        return set.entries.first?.matches(facts) == true
    }

    @Test("is, is not, contains, regular expressions and numbers compare as a person would, ignoring case")
    func comparisons() {
        let facts = TriggerFacts(
            ticket: Self.ticket(labels: ["VIP", "billing"], fields: ["plan": "Gold"]), before: nil,
            message: .init(kind: "reply", body: "Please REFUND me")
        )
        #expect(Self.matches([.init(field: "status", .is, "awaiting_agent")], facts))
        #expect(Self.matches([.init(field: "priority", .is, .array(["high", "normal"]))], facts))
        #expect(!Self.matches([.init(field: "priority", .isNot, "normal")], facts))
        #expect(Self.matches([.init(field: "labels", .is, "vip")], facts))
        #expect(Self.matches([.init(field: "labels", .notContains, "spam")], facts))
        #expect(Self.matches([.init(field: "subject", .contains, "REFUND")], facts))
        #expect(Self.matches([.init(field: "message.body", .matches, #"\brefund\b"#)], facts))
        #expect(!Self.matches([.init(field: "message.body", .matches, #"^refund"#)], facts))
        #expect(Self.matches([.init(field: "urgency", .greaterThan, 2), .init(field: "urgency", .lessThan, 4)], facts))
        #expect(Self.matches([.init(field: "fields.plan", .is, "gold")], facts))
        #expect(Self.matches([.init(field: "fields.missing", .isNotSet)], facts))
        #expect(Self.matches([.init(field: "department", .is, 7)], facts))
        #expect(Self.matches([.init(field: "agent", .isNotSet)], facts))
        // Any-group: one is enough, none is not.
        #expect(Self.matches([], any: [.init(field: "priority", .is, "urgent"), .init(field: "labels", .contains, "billing")], facts))
        #expect(!Self.matches([], any: [.init(field: "priority", .is, "urgent"), .init(field: "labels", .contains, "sales")], facts))
    }

    @Test("changed, changed to and changed from look at the ticket before the event")
    func changes() {
        let before = Self.ticket(status: .awaitingAgent, agent: nil)
        let after = Self.ticket(status: .resolved, agent: 9)
        let facts = TriggerFacts(ticket: after, before: before, message: nil)
        #expect(Self.matches([.init(field: "status", .changed)], facts))
        #expect(Self.matches([.init(field: "status", .changedTo, "resolved")], facts))
        #expect(Self.matches([.init(field: "status", .changedFrom, "awaiting_agent")], facts))
        #expect(!Self.matches([.init(field: "status", .changedTo, "closed")], facts))
        #expect(!Self.matches([.init(field: "priority", .changed)], facts))
        #expect(Self.matches([.init(field: "agent", .changed), .init(field: "agent", .is, 9)], facts))
    }

    @Test("the customer, their organisation and the clock are facts too")
    func otherFacts() {
        var facts = TriggerFacts(ticket: Self.ticket(), before: nil, message: nil)
        facts.person = Person(
            id: .init(rawValue: 5), name: "Ann", emails: ["ann@example.com"], primaryEmail: "ann@example.com", phone: nil, identities: [], locale: nil,
            timeZone: nil, organisations: [], usergroups: [], fields: ["tier": "platinum"], createdAt: Date(), updatedAt: Date()
        )
        facts.organisation = Organisation(id: 3, name: "Acme", memberCount: 1, fields: ["region": "EMEA"], createdAt: Date(), updatedAt: Date())
        facts.inBusinessHours = false
        #expect(Self.matches([.init(field: "person.fields.tier", .is, "Platinum"), .init(field: "organisation.name", .is, "acme")], facts))
        #expect(Self.matches([.init(field: "organisation.fields.region", .is, "emea")], facts))
        #expect(Self.matches([.init(field: "business_hours", .is, false)], facts))
        let set = Self.set([Trigger(name: "t", events: [.created], all: [.init(field: "person.name", .is, "Ann")], actions: [.set("urgency", 5)])])
        #expect(TriggerSet.needs(set.entries) == (person: true, organisation: false, businessHours: false))
    }

    @Test("triggers are chosen by event, actor and channel, keep their order, and bad or disabled ones are left out")
    func candidates() {
        let set = Self.set([
            Trigger(name: "any update", events: [.updated], actions: [.set("priority", "high")]),
            Trigger(name: "email replies by customers", events: [.replied], actors: [.user], channels: [.email], actions: [.set("priority", "high")]),
            Trigger(name: "off", enabled: false, events: [.updated], actions: [.set("priority", "high")]),
            Trigger(name: "bad", events: [.updated], all: [.init(field: "nonsense", .is, 1)], actions: [.set("priority", "high")]),
            Trigger(name: "new or updated", events: [.created, .updated], actions: [TicketAction(.stop)]),
        ])
        #expect(set.candidates(for: TicketEvent(kind: .updated, actor: .agent, channel: .api)).map(\.trigger.name) == ["any update", "new or updated"])
        #expect(set.candidates(for: TicketEvent(kind: .replied, actor: .user, channel: .email)).map(\.trigger.name) == ["email replies by customers"])
        #expect(set.candidates(for: TicketEvent(kind: .replied, actor: .agent, channel: .email)).isEmpty)
    }

    @Test("problems name the condition or action and say what is wrong")
    func problems() {
        let trigger = Trigger(
            name: "", events: [], all: [.init(field: "colour", .is, "red"), .init(field: "subject", .matches, "(")],
            any: [.init(field: "urgency", .greaterThan, "high")],
            actions: [.set("status", "done"), .set("agent", 1.5), TicketAction(.notify), TicketAction(.webhook, url: "ftp://example.com"),
                      TicketAction(.addLabels, labels: [String(repeating: "x", count: 65)])]
        )
        let fields = trigger.problems.map(\.field)
        #expect(fields == ["name", "events", "all[0].field", "all[1].value", "any[0].value", "actions[0].value", "actions[1].value",
                           "actions[2].to", "actions[3].url", "actions[4].labels"])
        let change = TicketAction.change([.set("priority", "urgent"), TicketAction(.addLabels, labels: ["a", "b"]), TicketAction(.removeLabels, labels: ["b"]),
                                          .set("agent", .null), .set("fields.plan", "gold")])
        #expect(change.priority == .urgent)
        #expect(change.addLabels == ["a"] && change.removeLabels == ["b"])
        #expect(change.agentID == .some(nil))
        #expect(change.fields == ["plan": "gold"])
    }
}
