import Testing
import SwitchboardICU

@Suite("Search words")
struct SearchTextTests {
    let text = SearchText()

    @Test("words are found by ICU in every script, lower-cased and normalised, each once")
    func words() {
        #expect(text.words(in: "The Printer, the printer!") == ["the", "printer"])
        #expect(text.words(in: "비밀번호를 재설정할 수 없습니다") == ["비밀번호를", "재설정할", "수", "없습니다"])
        // Japanese has no spaces: the dictionary finds the words.
        let japanese = text.words(in: "東京都に住んでいます")
        #expect(japanese.contains("東京"))
        #expect(japanese.count >= 3)
        // Full-width letters match their ASCII forms.
        #expect(text.words(in: "ＶＡＴ") == ["vat"])
        #expect(text.words(in: "?!  …") == [])
    }

    @Test("Korean words are also indexed by their beginnings, so particles do not hide them")
    func koreanBeginnings() {
        #expect(text.indexWords(in: "비밀번호를 재설정") == ["비밀번호를", "재설정", "비밀", "비밀번", "비밀번호", "재설"])
        #expect(text.indexWords(in: "Refunds") == ["refunds"])
    }

    @Test("queries require their words, at most 32")
    func queries() {
        #expect(text.queryWords("Refund invoice") == ["refund", "invoice"])
        #expect(text.queryWords("it's") == ["it's"])
        #expect(text.queryWords("...") == nil)
        #expect(text.queryWords((1...40).map { "w\($0)" }.joined(separator: " "))?.count == 32)
    }
}
