import SwitchboardCore
import Testing

/// Snippets: which language version a customer gets, and placeholders filled in.
@Suite("Snippets")
struct SnippetTests {
    let snippet = Snippet(name: "Reset", texts: ["en": "Hi {{person.first_name}}, about #{{ticket.ref}}", "ko": "{{person.name}}님, 안녕하세요", "pt-BR": "Olá"])

    @Test("the customer's language wins, then the same language elsewhere, then the tenant's, then any")
    func languages() {
        #expect(snippet.language(for: ["ko"], fallback: "en") == "ko")
        #expect(snippet.language(for: ["ko-KR"], fallback: "en") == "ko")
        #expect(snippet.language(for: ["pt_br"], fallback: "en") == "pt-BR")
        #expect(snippet.language(for: ["pt-PT"], fallback: "en") == "pt-BR")
        #expect(snippet.language(for: ["ar"], fallback: "en") == "en")
        #expect(Snippet(name: "x", texts: ["de": "Hallo"]).language(for: [], fallback: "en") == "de")
    }

    @Test("placeholders are filled in; unknown or unfinished ones never show template syntax as a value")
    func placeholders() {
        let values = ["person.first_name": "Ann", "ticket.ref": "42", "person.name": "김민준"]
        #expect(Snippet.render(snippet.texts["en"]!, values: values) == "Hi Ann, about #42")
        #expect(Snippet.render(snippet.texts["ko"]!, values: values) == "김민준님, 안녕하세요")
        #expect(Snippet.render("Dear {{ person.title }}{{person.first_name}}", values: values) == "Dear Ann")
        #expect(Snippet.render("Open {{ end", values: values) == "Open {{ end")
    }

    @Test("names, language tags and texts are checked")
    func problems() {
        let bad = Snippet(name: "", texts: ["english": "x", "ko": ""])
        #expect(bad.problems.map(\.field) == ["name", "texts.english", "texts.ko"])
        #expect(snippet.problems.isEmpty)
    }
}
