import Foundation
import SwitchboardCore
import Testing

private typealias F = BusinessHoursFixture

/// SLA clocks against a London office (09:00-17:00 on weekdays) with Easter Monday 2027 off,
/// checked at chosen moments: the times are the ones a person with a diary would work out.
@Suite("SLA clocks")
struct SLATests {
    static let zone = "Europe/London"
    static let hour: TimeInterval = 3600

    static func evaluator() throws -> SLAEvaluator {
        SLAEvaluator(calendar: try F.nineToFive(in: zone, holidays: [try Holiday(date: "2027-03-29", name: "Easter Monday")]))
    }

    static func at(_ text: String) throws -> Date { try F.local(text, in: zone) }

    static func status(_ target: SLAPolicy.Target, _ limit: SLAPolicy.Limit, _ events: [SLAEvent], now: String) throws -> SLAStatus {
        let policy = SLAPolicy(name: "Standard", limits: [target: limit])
        return try #require(try evaluator().evaluate(policy, events: events, now: try at(now)).first)
    }

    @Test("a first response due over a weekend, a clock change and a bank holiday falls on Tuesday at noon")
    func overWeekendHolidayAndDST() throws {
        // Friday 16:00 GMT; four working hours: one on Friday, none on the weekend (when the
        // clocks go forward) or on Easter Monday, three on Tuesday morning, in BST.
        let events: [SLAEvent] = [.created(try Self.at("2027-03-26 16:00"))]
        let limit = SLAPolicy.Limit(warning: 3 * Self.hour, failure: 4 * Self.hour)
        let friday = try Self.status(.firstResponse, limit, events, now: "2027-03-26 16:30")
        #expect(friday.phase == .running)
        #expect(friday.elapsed == 0.5 * Self.hour)
        #expect(F.wallClock(friday.failureAt, in: Self.zone) == "2027-03-30 12:00 +01:00")
        #expect(F.wallClock(friday.warningAt, in: Self.zone) == "2027-03-30 11:00 +01:00")

        let amber = try Self.status(.firstResponse, limit, events, now: "2027-03-30 11:30")
        #expect(amber.phase == .warning)
        #expect(amber.elapsed == 3.5 * Self.hour)
        #expect(F.wallClock(amber.failureAt, in: Self.zone) == "2027-03-30 12:00 +01:00")

        let red = try Self.status(.firstResponse, limit, events, now: "2027-03-30 13:00")
        #expect(red.phase == .failed)
        #expect(F.wallClock(red.completedAt, in: Self.zone) == "2027-03-30 12:00 +01:00")
        #expect(red.failureAt == nil)

        let answered = events + [.agentReply(try Self.at("2027-03-30 10:00"))]
        let met = try Self.status(.firstResponse, limit, answered, now: "2027-03-30 13:00")
        #expect(met.phase == .met)
        #expect(met.elapsed == 2 * Self.hour)
        #expect(F.wallClock(met.completedAt, in: Self.zone) == "2027-03-30 10:00 +01:00")
    }

    @Test("waiting on the customer pauses resolution; resolving meets it; reopening runs the same clock on")
    func pausingAndReopening() throws {
        let limit = SLAPolicy.Limit(failure: 8 * Self.hour)
        var events: [SLAEvent] = [
            .created(try Self.at("2027-03-22 09:00")),
            .status(.awaitingUser, try Self.at("2027-03-22 11:00")),
            .customerMessage(try Self.at("2027-03-23 14:00")),
            .status(.awaitingAgent, try Self.at("2027-03-23 14:00")),
        ]
        let paused = try Self.status(.resolution, limit, events, now: "2027-03-22 15:00")
        #expect(paused.phase == .paused)
        #expect(paused.elapsed == 2 * Self.hour)
        #expect(paused.failureAt == nil)

        // Two hours on Monday, three on Tuesday afternoon, three more on Wednesday morning.
        let running = try Self.status(.resolution, limit, events, now: "2027-03-24 10:00")
        #expect(running.phase == .running)
        #expect(running.elapsed == 6 * Self.hour)
        #expect(F.wallClock(running.failureAt, in: Self.zone) == "2027-03-24 12:00 +00:00")

        events.append(.status(.resolved, try Self.at("2027-03-24 11:00")))
        let met = try Self.status(.resolution, limit, events, now: "2027-03-24 16:00")
        #expect(met.phase == .met)
        #expect(met.elapsed == 7 * Self.hour)

        events.append(.status(.awaitingAgent, try Self.at("2027-03-25 09:00")))
        let reopened = try Self.status(.resolution, limit, events, now: "2027-03-25 09:30")
        #expect(reopened.phase == .running)
        #expect(F.wallClock(reopened.failureAt, in: Self.zone) == "2027-03-25 10:00 +00:00")
        let late = try Self.status(.resolution, limit, events, now: "2027-03-25 12:00")
        #expect(late.phase == .failed)
        #expect(F.wallClock(late.completedAt, in: Self.zone) == "2027-03-25 10:00 +00:00")
    }

    @Test("each customer message after an answer starts a new next-response clock")
    func nextResponses() throws {
        let limit = SLAPolicy.Limit(failure: 2 * Self.hour)
        var events: [SLAEvent] = [
            .created(try Self.at("2027-03-22 09:00")),
            .agentReply(try Self.at("2027-03-22 09:30")),
        ]
        #expect(try Self.status(.nextResponse, limit, events, now: "2027-03-22 09:45").phase == .paused)
        events += [.customerMessage(try Self.at("2027-03-22 10:00")), .agentReply(try Self.at("2027-03-22 11:00"))]
        let first = try Self.status(.nextResponse, limit, events, now: "2027-03-22 12:00")
        #expect(first.phase == .met)
        #expect(first.elapsed == Self.hour)
        events.append(.customerMessage(try Self.at("2027-03-22 16:00")))
        let overnight = try Self.status(.nextResponse, limit, events, now: "2027-03-23 09:30")
        #expect(overnight.phase == .running)
        #expect(overnight.elapsed == 1.5 * Self.hour)
        #expect(F.wallClock(overnight.failureAt, in: Self.zone) == "2027-03-23 10:00 +00:00")
        #expect(try Self.status(.nextResponse, limit, events, now: "2027-03-23 10:00").phase == .failed)
    }

    @Test("total user waiting adds up every stretch spent awaiting an agent, and nothing else")
    func totalWaiting() throws {
        let limit = SLAPolicy.Limit(warning: 3 * Self.hour, failure: 4 * Self.hour)
        let events: [SLAEvent] = [
            .created(try Self.at("2027-03-22 09:00")),
            .status(.awaitingUser, try Self.at("2027-03-22 10:00")),
            .status(.awaitingAgent, try Self.at("2027-03-22 13:00")),
            .status(.pending, try Self.at("2027-03-22 14:30")),
            .status(.awaitingAgent, try Self.at("2027-03-23 09:00")),
        ]
        let status = try Self.status(.totalUserWaiting, limit, events, now: "2027-03-23 10:00")
        #expect(status.elapsed == 3.5 * Self.hour)
        #expect(status.phase == .warning)
        #expect(F.wallClock(status.failureAt, in: Self.zone) == "2027-03-23 10:30 +00:00")
        // Several targets at once, each on its own clock.
        let policy = SLAPolicy(name: "Gold", limits: [.firstResponse: limit, .totalUserWaiting: limit])
        #expect(try Self.evaluator().evaluate(policy, events: events, now: try Self.at("2027-03-23 10:00")).map(\.target) == [.firstResponse, .totalUserWaiting])
    }
}
