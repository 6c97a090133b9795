import Foundation
import SwitchboardICU

/// ICU message formatting as a ticket list does it for every row: a plural
/// and a date in the viewer's locale and time zone.
///
///     switchboard-bench message-format [--seconds 3] [--locale en-US]
///                                      [--time-zone America/New_York] [--packs Localization]
///
/// Prints one JSON line. `ops_per_sec` is one compiled pattern formatted
/// with changing arguments; `localizer_ops_per_sec` is the `time.updated_at`
/// message looked up by id through a `Localizer` (pack lookup and cache
/// included), when the language packs can be read.
enum MessageFormatBenchmark {
    static let pattern = "{count, plural, one {# new reply} other {# new replies}} · "
        + "Updated {when, date, medium} at {when, time, short}"

    struct Options {
        var seconds = 3.0
        var locale = "en-US"
        var timeZone = "America/New_York"
        var packs = "Localization"
    }

    struct Report: Encodable {
        let benchmark = "message-format"
        let locale: String
        let timeZone: String
        let icuVersion: String
        let seconds: Double
        let iterations: Int
        let opsPerSec: Double
        let localizerIterations: Int?
        let localizerOpsPerSec: Double?
        let sample: String
        let localizerSample: String?

        enum CodingKeys: String, CodingKey {
            case benchmark, locale, seconds, iterations, sample
            case timeZone = "time_zone"
            case icuVersion = "icu_version"
            case opsPerSec = "ops_per_sec"
            case localizerIterations = "localizer_iterations"
            case localizerOpsPerSec = "localizer_ops_per_sec"
            case localizerSample = "localizer_sample"
        }
    }

    static func run(arguments: [String]) {
        do {
            let report = try measure(parse(arguments))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } catch {
            FileHandle.standardError.write(Data("message-format: \(error)\n".utf8))
            exit(1)
        }
    }

    struct UsageError: Error, CustomStringConvertible {
        let description: String
    }

    static func parse(_ arguments: [String]) throws -> Options {
        var options = Options()
        var remaining = arguments[...]
        while let flag = remaining.popFirst() {
            guard let value = remaining.popFirst() else {
                throw UsageError(description: "\(flag) needs a value")
            }
            switch flag {
            case "--seconds":
                guard let seconds = Double(value), seconds > 0 else {
                    throw UsageError(description: "--seconds wants a positive number, not \(value)")
                }
                options.seconds = seconds
            case "--locale": options.locale = value
            case "--time-zone": options.timeZone = value
            case "--packs": options.packs = value
            default: throw UsageError(description: "unknown option \(flag)")
            }
        }
        return options
    }

    static func measure(_ options: Options) throws -> Report {
        guard let timeZone = TimeZone(identifier: options.timeZone) else {
            throw UsageError(description: "unknown time zone \(options.timeZone)")
        }
        let formatter = try MessageFormatter(pattern: pattern, locale: options.locale, timeZone: timeZone)
        // A fixed start keeps runs comparable; each iteration moves the date
        // and count so nothing can be reused between calls.
        let start = Date(timeIntervalSince1970: 1_741_000_000)
        let arguments: (Int) -> [String: MessageArgument] = { iteration in
            ["count": .integer(iteration % 7), "when": .date(start.addingTimeInterval(Double(iteration * 61)))]
        }
        let sample = try formatter.format(arguments(1))
        let direct = try loop(seconds: options.seconds) { iteration in
            try formatter.format(arguments(iteration)).utf8.count
        }

        var localizerResult: (iterations: Int, opsPerSecond: Double)?
        var localizerSample: String?
        let packs: LanguagePacks?
        do {
            packs = try LanguagePacks(directory: URL(fileURLWithPath: options.packs, isDirectory: true))
        } catch {
            packs = nil
            FileHandle.standardError.write(Data("message-format: skipping the localizer run: \(error)\n".utf8))
        }
        if let packs {
            let localizer = packs.localizer(for: [options.locale], timeZone: timeZone)
            localizerSample = try localizer.strictText("time.updated_at", ["when": .date(start)])
            localizerResult = try loop(seconds: options.seconds) { iteration in
                localizer.text("time.updated_at", ["when": .date(start.addingTimeInterval(Double(iteration * 61)))]).text.utf8.count
            }
        }

        return Report(
            locale: options.locale,
            timeZone: options.timeZone,
            icuVersion: ICU.version,
            seconds: options.seconds,
            iterations: direct.iterations,
            opsPerSec: direct.opsPerSecond.rounded(),
            localizerIterations: localizerResult?.iterations,
            localizerOpsPerSec: localizerResult?.opsPerSecond.rounded(),
            sample: sample,
            localizerSample: localizerSample
        )
    }

    /// Runs `body` in batches until `seconds` have passed, after a short warm-up.
    static func loop(seconds: Double, _ body: (Int) throws -> Int) throws -> (iterations: Int, opsPerSecond: Double) {
        var checksum = 0
        for iteration in 0..<1_000 {
            checksum &+= try body(iteration)
        }
        let clock = ContinuousClock()
        let began = clock.now
        let budget = Duration.milliseconds(Int64(seconds * 1_000))
        var iterations = 0
        repeat {
            for _ in 0..<500 {
                checksum &+= try body(iterations)
                iterations += 1
            }
        } while clock.now - began < budget
        let elapsed = clock.now - began
        guard checksum != 0 else {
            throw UsageError(description: "formatting produced only empty strings")
        }
        let elapsedSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return (iterations, Double(iterations) / elapsedSeconds)
    }
}
