import Foundation
import SwitchboardCore
import Testing

/// Laws the arithmetic must obey for any calendar and any instant, checked on a few hundred
/// random calendars each. Every case is replayable from the seed in its failure message.
@Suite("Business calendar properties")
struct BusinessCalendarPropertyTests {
    static let cases = 300
    static let tolerance = 1e-6

    /// Business durations from a few seconds to about a working year.
    static func duration(_ rng: inout SplitMix64) -> TimeInterval {
        let scale = RandomCalendars.pick([60, 3600, 8 * 3600, 40 * 3600, 2000 * 3600] as [TimeInterval], &rng)
        return Double.random(in: 0.001...scale, using: &rng)
    }

    static func forEachCase(_ seed: UInt64, _ body: (inout SplitMix64, BusinessCalendar, Comment) throws -> Void) rethrows {
        for index in 0..<cases {
            var rng = SplitMix64(seed: seed &+ UInt64(index))
            let calendar = RandomCalendars.calendar(&rng)
            let note = Comment(rawValue: "seed \(seed &+ UInt64(index)), zone \(calendar.timeZoneIdentifier)")
            try body(&rng, calendar, note)
        }
    }

    @Test("adding a duration and measuring it back gives the duration")
    func addThenMeasure() throws {
        try Self.forEachCase(0xADD) { rng, calendar, note in
            let start = RandomCalendars.instant(&rng, in: calendar.timeZone)
            let duration = Self.duration(&rng)
            let end = try #require(calendar.add(duration, to: start), note)
            #expect(abs(calendar.businessTime(from: start, to: end) - duration) < Self.tolerance, note)
        }
    }

    @Test("an addition lands in working time or at the very end of it, and no earlier than needed")
    func additionLandsInWorkingTime() throws {
        try Self.forEachCase(0x1A4D) { rng, calendar, note in
            let start = RandomCalendars.instant(&rng, in: calendar.timeZone)
            let duration = Self.duration(&rng)
            let end = try #require(calendar.add(duration, to: start), note)
            let justBefore = end.addingTimeInterval(-0.001)
            #expect(calendar.isOpen(at: end) || calendar.isOpen(at: justBefore), note)
            #expect(calendar.businessTime(from: start, to: justBefore) < duration, note)
        }
    }

    @Test("the next opening is open, and nothing is open before it")
    func nextOpening() throws {
        try Self.forEachCase(0x0BE4) { rng, calendar, note in
            let start = RandomCalendars.instant(&rng, in: calendar.timeZone)
            let opening = try #require(calendar.nextOpening(after: start), note)
            #expect(opening >= start, note)
            #expect(calendar.isOpen(at: opening), note)
            #expect(calendar.businessTime(from: start, to: opening) == 0, note)
            #expect(calendar.isOpen(at: start) == (opening == start), note)
        }
    }

    @Test("business time over consecutive spans adds up")
    func additive() {
        Self.forEachCase(0xADD1) { rng, calendar, note in
            let instants = (0..<3).map { _ in RandomCalendars.instant(&rng, in: calendar.timeZone) }.sorted()
            let (first, middle, last) = (instants[0], instants[1], instants[2])
            let whole = calendar.businessTime(from: first, to: last)
            let parts = calendar.businessTime(from: first, to: middle) + calendar.businessTime(from: middle, to: last)
            #expect(abs(whole - parts) < Self.tolerance, note)
            #expect(whole <= last.timeIntervalSince(first) + Self.tolerance, note)
            #expect(calendar.businessTime(from: last, to: first) == 0, note)
        }
    }

    @Test("business time and additions only grow")
    func monotonic() throws {
        try Self.forEachCase(0x3040) { rng, calendar, note in
            let start = RandomCalendars.instant(&rng, in: calendar.timeZone)
            let ends = [RandomCalendars.instant(&rng, in: calendar.timeZone), RandomCalendars.instant(&rng, in: calendar.timeZone)].sorted()
            #expect(calendar.businessTime(from: start, to: ends[0]) <= calendar.businessTime(from: start, to: ends[1]), note)

            let durations = [Self.duration(&rng), Self.duration(&rng)].sorted()
            let early = try #require(calendar.add(durations[0], to: start), note)
            let late = try #require(calendar.add(durations[1], to: start), note)
            #expect(early <= late, note)
        }
    }

    @Test("the fast arithmetic agrees with a literal reading of the rules around DST transitions")
    func agreesWithReference() {
        Self.forEachCase(0x4EF) { rng, calendar, note in
            let reference = ReferenceCalendar(calendar)
            let start = RandomCalendars.instant(&rng, in: calendar.timeZone)
            let end = start.addingTimeInterval(Double.random(in: 0...(6 * 86_400), using: &rng))
            let expected = reference.businessTime(from: start, to: end)
            #expect(abs(calendar.businessTime(from: start, to: end) - expected) < Self.tolerance, note)
            for probe in [start, end, RandomCalendars.instant(&rng, in: calendar.timeZone)] {
                #expect(calendar.isOpen(at: probe) == reference.isOpen(at: probe), "\(note.rawValue) at \(probe)")
            }
        }
    }

    @Test("a calendar open around the clock counts real time")
    func aroundTheClock() throws {
        var rng = SplitMix64(seed: 0x24_07)
        for zone in RandomCalendars.zones {
            let calendar = try BusinessCalendar(timeZone: zone, week: .alwaysOpen)
            for _ in 0..<25 {
                let start = RandomCalendars.instant(&rng, in: calendar.timeZone)
                let duration = Self.duration(&rng)
                let end = try #require(calendar.add(duration, to: start))
                #expect(abs(end.timeIntervalSince(start) - duration) < Self.tolerance, "\(zone)")
                #expect(calendar.isOpen(at: start), "\(zone)")
                #expect(abs(calendar.businessTime(from: start, to: end) - duration) < Self.tolerance, "\(zone)")
            }
        }
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        #expect(BusinessCalendar.alwaysOpen.add(86_400 * 365, to: start) == start.addingTimeInterval(86_400 * 365))
    }
}
