import Foundation
import SwitchboardICU
import Testing

/// Checks the shipped packs in `Localization/` against English and against
/// the code that uses them.
@Suite("Shipped language packs")
struct LanguagePackTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .resolvingSymlinksInPath()
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()
    static let directory = repositoryRoot.appendingPathComponent("Localization", isDirectory: true)
    static let shippedLocales = ["en", "ko", "ja", "de", "ar"]
    static let rightToLeft: Set<String> = ["ar"]
    /// Keys a pack may leave out, falling back to English. None: every shipped
    /// pack is complete, and a key belongs here only with a reason.
    static let optionalKeys: Set<String> = []

    /// The files as written, metadata included.
    static func rawPacks() throws -> [String: [String: String]] {
        var packs: [String: [String: String]] = [:]
        let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
        for file in files where file.pathExtension == "json" {
            let entries = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: file))
            packs[file.deletingPathExtension().lastPathComponent] = entries
        }
        return packs
    }

    static func messages(_ entries: [String: String]) -> [String: String] {
        entries.filter { !$0.key.hasPrefix(LanguagePack.metadataPrefix) }
    }

    @Test("the shipped packs load, with direction and name")
    func load() throws {
        let packs = try LanguagePacks(directory: Self.directory)
        #expect(Set(Self.shippedLocales).isSubset(of: Set(packs.locales)))
        for locale in packs.locales {
            let pack = try #require(packs[locale])
            #expect(pack.direction == (Self.rightToLeft.contains(locale) ? .rightToLeft : .leftToRight), "\(locale)")
            #expect(!pack.languageName.isEmpty)
        }
    }

    @Test("every pack has every key English has")
    func complete() throws {
        let packs = try Self.rawPacks()
        let english = try #require(packs["en"])
        for (locale, entries) in packs {
            let missing = Set(english.keys).subtracting(entries.keys).subtracting(Self.optionalKeys)
            #expect(missing.isEmpty, "\(locale) lacks \(missing.sorted())")
        }
    }

    @Test("no pack has keys English lacks")
    func noExtraKeys() throws {
        let packs = try Self.rawPacks()
        let english = try #require(packs["en"])
        for (locale, entries) in packs {
            let extra = Set(entries.keys).subtracting(english.keys)
            #expect(extra.isEmpty, "\(locale) has \(extra.sorted()), which English lacks")
        }
    }

    @Test("every message compiles in its own locale and uses English's argument names")
    func messagesCompile() throws {
        let packs = try Self.rawPacks()
        let english = Self.messages(try #require(packs["en"]))
        for (locale, entries) in packs {
            for (id, pattern) in Self.messages(entries) {
                if let error = MessageFormatter.validate(pattern, locale: locale) {
                    Issue.record("\(locale) \(id): \(error)")
                    continue
                }
                guard let englishPattern = english[id] else { continue }
                let names = try MessagePattern(pattern).argumentNames
                let englishNames = try MessagePattern(englishPattern).argumentNames
                #expect(names == englishNames, "\(locale) \(id) has arguments \(names.sorted()), English \(englishNames.sorted())")
            }
        }
    }

    @Test("every message formats with sample arguments, leaving no placeholder behind")
    func messagesFormat() throws {
        let packs = try LanguagePacks(directory: Self.directory)
        let seoul = try #require(TimeZone(identifier: "Asia/Seoul"))
        for locale in packs.locales {
            let localizer = packs.localizer(for: [locale], timeZone: seoul)
            for (id, pattern) in try #require(packs[locale]).messages {
                // A number suits every argument kind: plural, date (as a time) and plain.
                let names = try MessagePattern(pattern).argumentNames
                let text = localizer.text(id, Dictionary(uniqueKeysWithValues: names.map { ($0, MessageArgument.integer(2)) }))
                #expect(text.issue == nil, "\(locale) \(id): \(String(describing: text.issue))")
                #expect(text.locale == locale)
                #expect(!text.text.contains("{") && !text.text.isEmpty, "\(locale) \(id): \(text.text)")
            }
        }
    }

    /// Where message ids are written: Swift string literals under Sources,
    /// and Mustache templates under Sources or Templates.
    static func sourceFiles() throws -> [(url: URL, isSwift: Bool)] {
        var found: [(URL, Bool)] = []
        for folder in ["Sources", "Templates"] {
            let root = repositoryRoot.appendingPathComponent(folder, isDirectory: true)
            guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in enumerator {
                if folder == "Sources", url.pathExtension == "swift" {
                    found.append((url, true))
                } else if url.pathExtension == "mustache" {
                    found.append((url, false))
                }
            }
        }
        return found
    }

    @Test("every string a page template names is in English's pack")
    func templateStringsExist() throws {
        let english = Self.messages(try #require(try Self.rawPacks()["en"]))
        var named: Set<String> = []
        for (url, isSwift) in try Self.sourceFiles() where !isSwift {
            let text = try String(contentsOf: url, encoding: .utf8)
            let pattern = try Regex(#"\{\{\s*t\.([a-z0-9_.]+)\s*\}\}"#)
            for match in text.matches(of: pattern) {
                named.insert(String(match.output[1].substring ?? ""))
            }
        }
        #expect(named.count > 20, "templates name \(named.count) strings")
        let missing = named.subtracting(english.keys)
        #expect(missing.isEmpty, "templates name \(missing.sorted()), which no pack has")
    }

    @Test("every key is used by the code")
    func everyKeyIsUsed() throws {
        var swiftCode: [String] = []
        var templates: [String] = []
        for (url, isSwift) in try Self.sourceFiles() {
            let text = try String(contentsOf: url, encoding: .utf8)
            if isSwift {
                // Comment lines do not count as use.
                let code = text.split(separator: "\n").filter { !$0.drop { $0 == " " }.hasPrefix("//") }
                swiftCode.append(code.joined(separator: "\n"))
            } else {
                templates.append(text)
            }
        }
        #expect(!swiftCode.isEmpty, "no sources found under \(Self.repositoryRoot.path)")
        let keys = try Self.rawPacks().values.reduce(into: Set<String>()) { $0.formUnion(Self.messages($1).keys) }
        let unused = keys.filter { key in
            !swiftCode.contains { $0.contains("\"\(key)\"") } && !templates.contains { $0.contains(key) }
        }
        #expect(unused.isEmpty, "no code uses \(unused.sorted())")
    }
}

@Suite("Loading language packs")
struct LanguagePackLoadingTests {
    /// A directory of packs, removed when the test ends.
    struct Fixture: ~Copyable {
        let directory: URL

        init(_ files: [String: String]) throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("packs-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for (name, contents) in files {
                try Data(contents.utf8).write(to: directory.appendingPathComponent(name))
            }
        }

        deinit {
            try? FileManager.default.removeItem(at: directory)
        }
    }

    static let english = #"{"meta.direction": "ltr", "meta.language_name": "English", "greeting": "Hello {name}"}"#

    @Test("a valid directory loads and ignores other files")
    func valid() throws {
        let fixture = try Fixture(["en.json": Self.english, "README.md": "not a pack"])
        let packs = try LanguagePacks(directory: fixture.directory)
        #expect(packs.locales == ["en"])
        #expect(packs["en"]?.messages == ["greeting": "Hello {name}"])
    }

    @Test("a symlinked directory loads")
    func symlinkedDirectory() throws {
        let fixture = try Fixture(["en.json": Self.english])
        let link = fixture.directory.deletingLastPathComponent().appendingPathComponent("link-\(UUID().uuidString)")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: fixture.directory)
        defer { try? FileManager.default.removeItem(at: link) }
        #expect(try LanguagePacks(directory: link).locales == ["en"])
    }

    @Test("broken packs are reported with what is wrong", arguments: [
        (["ko.json": #"{"meta.direction": "ltr", "meta.language_name": "한국어"}"#], LanguagePackError.missingBaseLocale("en")),
        (["en.json": #"{"meta.language_name": "English"}"#], .missingMetadata(locale: "en", key: "meta.direction")),
        (["en.json": #"{"meta.direction": "ltr"}"#], .missingMetadata(locale: "en", key: "meta.language_name")),
        (["en.json": #"{"meta.direction": "up", "meta.language_name": "English"}"#], .invalidDirection(locale: "en", value: "up")),
    ])
    func broken(_ files: [String: String], _ expected: LanguagePackError) throws {
        let fixture = try Fixture(files)
        #expect(throws: expected) { try LanguagePacks(directory: fixture.directory) }
    }

    @Test("unparsable messages, bad JSON and misnamed files are errors")
    func unreadable() throws {
        let badMessage = try Fixture(["en.json": #"{"meta.direction": "ltr", "meta.language_name": "English", "x": "{count, plural, one {"}"#])
        #expect {
            try LanguagePacks(directory: badMessage.directory)
        } throws: { error in
            guard case LanguagePackError.invalidMessage(locale: "en", id: "x", _) = error else { return false }
            return true
        }
        let badJSON = try Fixture(["en.json": #"{"meta.direction": 3}"#])
        #expect(throws: LanguagePackError.self) { try LanguagePacks(directory: badJSON.directory) }
        let misnamed = try Fixture(["en.json": Self.english, "ko_kr.json": Self.english])
        #expect(throws: LanguagePackError.self) { try LanguagePacks(directory: misnamed.directory) }
        #expect(throws: LanguagePackError.self) { try LanguagePacks(directory: misnamed.directory.appendingPathComponent("absent")) }
    }
}
