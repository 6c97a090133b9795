import SwitchboardICU
import Testing

@Suite("Word breaking for search")
struct WordBreakerTests {
    // Expected tokens are what ICU 72's dictionaries give, checked by eye.
    @Test("text is split into words", arguments: [
        // Korean breaks at spaces; particles stay on their word.
        ("ko", "서울특별시에서 비밀번호를 재설정했습니다", ["서울특별시에서", "비밀번호를", "재설정했습니다"]),
        // Japanese has no spaces: ICU's dictionary finds the words.
        ("ja", "サポートチームがすぐに返信します。", ["サポート", "チーム", "が", "すぐ", "に", "返信", "し", "ます"]),
        ("zh", "请尽快回复我的邮件。", ["请", "尽快", "回复", "我的", "邮件"]),
        ("zh-Hant", "請盡快回覆我的郵件。", ["請", "盡快", "回覆", "我的", "郵件"]),
        ("th", "กรุณาติดต่อฝ่ายบริการลูกค้า", ["กรุณา", "ติดต่อ", "ฝ่าย", "บริการ", "ลูกค้า"]),
        ("en", "Hello, world! It's 3.5 o'clock.", ["Hello", "world", "It's", "3.5", "o'clock"]),
        ("en", "Ticket #123: 로그인 오류 (ログイン)", ["Ticket", "123", "로그인", "오류", "ログイン"]),
    ])
    func words(_ locale: String, _ text: String, _ expected: [String]) throws {
        #expect(try WordBreaker(locale: locale).words(in: text) == expected)
    }

    @Test("nothing but spaces and punctuation gives no words")
    func noWords() throws {
        let breaker = try WordBreaker(locale: "en")
        #expect(try breaker.words(in: "") == [])
        #expect(try breaker.words(in: "  ... !!! ,,, — ") == [])
    }

    @Test("one breaker serves many tasks at once")
    func concurrentUse() async throws {
        let breaker = try WordBreaker(locale: "ja")
        let expected = try breaker.words(in: "サポートチームがすぐに返信します。")
        try await withThrowingTaskGroup(of: [String].self) { group in
            for _ in 0..<32 {
                group.addTask { try breaker.words(in: "サポートチームがすぐに返信します。") }
            }
            for try await words in group {
                #expect(words == expected)
            }
        }
    }
}
