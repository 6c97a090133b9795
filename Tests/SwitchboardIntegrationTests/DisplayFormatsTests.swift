import Foundation
import Testing
import SwitchboardApp
import SwitchboardCore

@Suite("Tenant date and time formats")
struct DisplayFormatsTests {
    // 2026-07-01 14:05 UTC.
    let instant = Date(timeIntervalSince1970: 1_782_914_700)

    @Test("styles and a forced hour cycle apply in the person's locale and time zone")
    func formats() throws {
        let seoul = try #require(TimeZone(identifier: "Asia/Seoul"))
        let london = try #require(TimeZone(identifier: "Europe/London"))
        let twentyFour = try DisplayFormats(dateStyle: .short, timeStyle: .short, hourCycle: .h23)
            .dateTimeFormat(locale: "en-US", timeZone: seoul).format(instant)
        #expect(twentyFour.contains("23:05"), "\(twentyFour)")
        let twelve = try DisplayFormats(dateStyle: .short, timeStyle: .short, hourCycle: .h12)
            .dateTimeFormat(locale: "de", timeZone: london).format(instant)
        #expect(twelve.contains("3:05"), "\(twelve)")
        #expect(!twelve.contains("15:05"), "\(twelve)")
        let korean = try DisplayFormats(dateStyle: .long, timeStyle: .short, hourCycle: .locale)
            .dateTimeFormat(locale: "ko", timeZone: seoul).format(instant)
        #expect(korean.contains("2026년 7월 1일"), "\(korean)")
    }
}
