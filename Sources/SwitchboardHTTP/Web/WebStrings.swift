import Mustache
import SwitchboardICU

/// The language pack as templates see it: `{{t.agent.login.title}}` is the message
/// `agent.login.title` in the reader's language (falling back as the localizer does). Each
/// step of the dotted name narrows the prefix until it names a whole message.
struct WebStrings: MustacheParent, Sendable {
    let localizer: Localizer
    let index: Index
    let prefix: String

    /// Every message id and every dotted prefix of one, from the base pack.
    struct Index: Sendable {
        let messages: Set<String>
        let prefixes: Set<String>

        init(packs: LanguagePacks) {
            let ids = Set(packs[LanguagePacks.baseLocale]?.messages.keys.map { $0 } ?? [])
            var prefixes: Set<String> = []
            for id in ids {
                var parts = id.split(separator: ".").dropLast()
                while !parts.isEmpty {
                    prefixes.insert(parts.joined(separator: ".") + ".")
                    parts = parts.dropLast()
                }
            }
            self.messages = ids
            self.prefixes = prefixes
        }
    }

    init(localizer: Localizer, index: Index, prefix: String = "") {
        self.localizer = localizer
        self.index = index
        self.prefix = prefix
    }

    func child(named name: String) -> Any? {
        let id = prefix + name
        if index.messages.contains(id) { return localizer(id) }
        if index.prefixes.contains(id + ".") { return WebStrings(localizer: localizer, index: index, prefix: id + ".") }
        return nil
    }
}

extension MessageArgument {
    /// The same value as ICU's message formatter takes it (whole numbers as integers, so that
    /// plural rules see them as such).
    public var icu: SwitchboardICU.MessageArgument {
        switch self {
        case .string(let text): .string(text)
        case .number(let number): number.rounded() == number && abs(number) < 1e15 ? .integer(Int(number)) : .double(number)
        }
    }
}
