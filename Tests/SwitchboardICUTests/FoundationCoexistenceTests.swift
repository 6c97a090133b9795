import Foundation
import SwitchboardICU
import Testing

/// Foundation on Linux carries its own ICU. This binary links both, so these
/// checks use each in turn and at once, where a clash of symbols would show.
@Suite("System ICU alongside Foundation's")
struct FoundationCoexistenceTests {
    static let seoul = TimeZone(identifier: "Asia/Seoul")!
    static let instant = Date(timeIntervalSince1970: 1_741_000_000)

    @Test("the wrappers use the system ICU")
    func systemICU() {
        #expect(ICU.version.hasPrefix("72."))
    }

    @Test("Foundation's formatting and the wrappers agree, used alternately")
    func alternating() throws {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "ko_KR")
        formatter.timeZone = Self.seoul
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        for _ in 0..<3 {
            #expect(formatter.string(from: Self.instant) == "2025-03-03 20:06")
            #expect(try DateTimeFormat(locale: "ko", timeZone: Self.seoul, skeleton: "yMMMd").format(Self.instant) == "2025년 3월 3일")
            #expect(1234.5.formatted(.number.locale(Locale(identifier: "de_DE"))) == "1.234,5")
            #expect(try NumberFormat(locale: "de").format(1234.5) == "1.234,5")
            #expect("Äpfel".compare("Zebra", locale: Locale(identifier: "de")) == .orderedAscending)
            #expect(try Collator(locale: "de").compare("Äpfel", "Zebra") == .orderedAscending)
        }
    }

    @Test("both at once from many tasks")
    func concurrent() async throws {
        let collator = try Collator(locale: "ko")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<32 {
                group.addTask {
                    if index.isMultiple(of: 2) {
                        let style = Date.FormatStyle(date: .abbreviated, time: .shortened, locale: Locale(identifier: "ja_JP"), timeZone: Self.seoul)
                        #expect(Self.instant.formatted(style).contains("2025"))
                    } else {
                        #expect(collator.sorted(["하늘", "가나"]) == ["가나", "하늘"])
                        let formatter = try MessageFormatter(pattern: "{n, plural, other {# 건}}", locale: "ko")
                        let text = try formatter.format(["n": .integer(index)])
                        #expect(text == "\(index) 건")
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}
