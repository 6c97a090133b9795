import Foundation
import SwitchboardCore

/// Throughput of business-hours arithmetic over year-long spans, the shape of an SLA engine
/// recomputing due dates: a 09:00–17:00 weekday calendar in New York with a year of holidays.
///
///     switchboard-bench business-hours [--seconds S]
///
/// Prints one JSON line per operation, `{"benchmark":"business-hours.add","ops_per_sec":...}`,
/// after running each for `S` seconds (default 2) following a short warm-up.
enum BusinessHoursBenchmark {
    static func run(arguments: [String]) {
        var seconds = 2.0
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            guard argument == "--seconds", let value = remaining.popFirst().flatMap(Double.init), value > 0 else {
                FileHandle.standardError.write(Data("usage: switchboard-bench business-hours [--seconds S]\n".utf8))
                exit(64)
            }
            seconds = value
        }

        let calendar: BusinessCalendar
        do {
            calendar = try BusinessCalendar(json: Data(calendarJSON.utf8))
        } catch {
            FileHandle.standardError.write(Data("business-hours benchmark calendar rejected: \(error)\n".utf8))
            exit(1)
        }

        // Starts spread over 2026 at uneven minutes, so they fall in and out of working hours.
        let yearStart = Date(timeIntervalSince1970: 1_767_243_600) // 2026-01-01T00:00-05:00
        let year: TimeInterval = 365 * 86_400
        let starts = (0..<1_000).map { index in
            yearStart.addingTimeInterval(TimeInterval((index * 7_919 * 61) % Int(year)))
        }
        let businessYear: TimeInterval = 2_000 * 3_600

        measure("business-hours.add", seconds: seconds, starts: starts) { start in
            calendar.add(businessYear, to: start)?.timeIntervalSinceReferenceDate ?? .nan
        }
        measure("business-hours.business-time", seconds: seconds, starts: starts) { start in
            calendar.businessTime(from: start, to: start.addingTimeInterval(year))
        }
        measure("business-hours.is-open", seconds: seconds, starts: starts) { start in
            calendar.isOpen(at: start) ? 1 : 0
        }
    }

    /// Runs `operation` over `starts` in turn until `seconds` have passed and prints the rate.
    /// The results are summed and printed so the work cannot be optimised away.
    private static func measure(_ name: String, seconds: Double, starts: [Date], _ operation: (Date) -> Double) {
        let clock = ContinuousClock()
        var checksum = 0.0
        var index = 0
        let warmUpEnd = clock.now.advanced(by: .milliseconds(200))
        while clock.now < warmUpEnd {
            checksum += operation(starts[index % starts.count])
            index += 1
        }

        var operations = 0
        let begin = clock.now
        let deadline = begin.advanced(by: .seconds(seconds))
        repeat {
            for _ in 0..<50 {
                checksum += operation(starts[index % starts.count])
                index += 1
            }
            operations += 50
        } while clock.now < deadline
        let elapsed = clock.now - begin
        let elapsedSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let rate = Double(operations) / elapsedSeconds
        print(#"{"benchmark":"\#(name)","ops_per_sec":\#(Int(rate.rounded())),"operations":\#(operations),"seconds":\#((elapsedSeconds * 1000).rounded() / 1000),"checksum":\#(checksum.isFinite ? checksum : -1)}"#)
    }

    private static let calendarJSON = """
        {
          "timeZone": "America/New_York",
          "week": {
            "mon": [{"start": "09:00", "end": "17:00"}],
            "tue": [{"start": "09:00", "end": "17:00"}],
            "wed": [{"start": "09:00", "end": "17:00"}],
            "thu": [{"start": "09:00", "end": "17:00"}],
            "fri": [{"start": "09:00", "end": "17:00"}]
          },
          "holidays": [
            {"month": 1, "day": 1, "recurring": true, "name": "New Year's Day"},
            {"month": 6, "day": 19, "recurring": true, "name": "Juneteenth"},
            {"month": 7, "day": 4, "recurring": true, "name": "Independence Day"},
            {"month": 11, "day": 11, "recurring": true, "name": "Veterans Day"},
            {"month": 12, "day": 24, "recurring": true, "name": "Christmas Eve", "hours": [{"start": "09:00", "end": "13:00"}]},
            {"month": 12, "day": 25, "recurring": true, "name": "Christmas Day"},
            {"date": "2026-01-19", "name": "Martin Luther King Jr. Day"},
            {"date": "2026-02-16", "name": "Presidents' Day"},
            {"date": "2026-05-25", "name": "Memorial Day"},
            {"date": "2026-09-07", "name": "Labor Day"},
            {"date": "2026-10-12", "name": "Columbus Day"},
            {"date": "2026-11-26", "name": "Thanksgiving"},
            {"date": "2026-11-27", "name": "Day after Thanksgiving"},
            {"date": "2027-01-18", "name": "Martin Luther King Jr. Day"},
            {"date": "2027-02-15", "name": "Presidents' Day"},
            {"date": "2027-05-31", "name": "Memorial Day"},
            {"date": "2027-09-06", "name": "Labor Day"},
            {"date": "2027-10-11", "name": "Columbus Day"},
            {"date": "2027-11-25", "name": "Thanksgiving"},
            {"date": "2027-11-26", "name": "Day after Thanksgiving"}
          ]
        }
        """
}
