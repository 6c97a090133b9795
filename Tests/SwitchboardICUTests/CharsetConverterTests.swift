import SwitchboardICU
import Testing

@Suite("Charset conversion for mail")
struct CharsetConverterTests {
    struct Sample: Sendable, CustomTestStringConvertible {
        let charset: String
        let text: String
        /// Expected bytes for the start of `text`, from the charset's published table.
        let knownPrefix: [UInt8]

        init(_ charset: String, _ text: String, _ knownPrefix: [UInt8] = []) {
            self.charset = charset
            self.text = text
            self.knownPrefix = knownPrefix
        }

        var testDescription: String {
            charset
        }
    }

    static let samples: [Sample] = [
        Sample("EUC-KR", "가나다 비밀번호를 재설정했습니다.", [0xB0, 0xA1, 0xB3, 0xAA, 0xB4, 0xD9]),
        Sample("ks_c_5601-1987", "안녕하세요, 고객님.", [0xBE, 0xC8]),
        Sample("ISO-2022-JP", "あいう、パスワードを再設定しました。", [0x1B, 0x24, 0x42, 0x24, 0x22]),
        Sample("Shift_JIS", "あいう、日本語のテキスト ｶﾀｶﾅ", [0x82, 0xA0, 0x82, 0xA2]),
        Sample("GB18030", "简体中文：密码已重置。€ 😀", [0xBC, 0xF2]),
        Sample("Big5", "繁體中文：密碼已重設。", [0xC1, 0x63]),
        Sample("KOI8-R", "Привет, мир! Пароль сброшен.", [0xF0, 0xD2]),
        Sample("windows-1250", "Příliš žluťoučký kůň úpěl ďábelské ódy", [0x50, 0xF8]),
        Sample("windows-1251", "Привет, мир! Пароль сброшен.", [0xCF, 0xF0]),
        Sample("windows-1252", "Café, naïve façade — “quotes” €5", [0x43, 0x61, 0x66, 0xE9]),
        Sample("windows-1253", "Καλημέρα κόσμε", [0xCA, 0xE1]),
        Sample("windows-1254", "Şişli ığdır çalışıyor", [0xDE, 0x69, 0xFE]),
        Sample("windows-1255", "שלום עולם", [0xF9, 0xEC]),
        Sample("windows-1256", "مرحبا بالعالم", [0xE3, 0xD1]),
        Sample("windows-1257", "Ąžuolas, šaltinis, ūkis", [0xC0, 0xFE]),
        // Vietnamese in code page 1258 writes tones as combining marks.
        Sample("windows-1258", "Ti\u{EA}\u{0301}ng Vi\u{EA}\u{0323}t", [0x54, 0x69, 0xEA, 0xEC]),
        Sample("ISO-8859-1", "Ça va? Où est la fenêtre? Größe", [0xC7, 0x61]),
        Sample("ISO-8859-2", "Zażółć gęślą jaźń", [0x5A, 0x61, 0xBF]),
        Sample("ISO-8859-3", "Ĉu vi parolas? ĝ ĥ ĵ ŝ ŭ ħ", [0xC6, 0x75]),
        Sample("ISO-8859-4", "Ā ē ī ū ķ ļ ņ ŗ", [0xC0]),
        Sample("ISO-8859-5", "Привет мир", [0xBF, 0xE0]),
        Sample("ISO-8859-6", "مرحبا", [0xE5, 0xD1]),
        Sample("ISO-8859-7", "Καλημέρα κόσμε", [0xCA, 0xE1]),
        Sample("ISO-8859-8", "שלום עולם", [0xF9, 0xEC]),
        Sample("ISO-8859-9", "Şişli ığdır çalışıyor", [0xDE, 0x69, 0xFE]),
        Sample("ISO-8859-10", "Þórður Ŋ ŋ ā đ", [0xDE, 0xF3]),
        Sample("ISO-8859-11", "สวัสดีครับ", [0xCA, 0xC7]),
        Sample("ISO-8859-13", "Ąžuolas, ūkis, ģimene", [0xC0, 0xFE]),
        Sample("ISO-8859-14", "Ŵ ŵ Ŷ ŷ ẁ ẃ", [0xD0]),
        Sample("ISO-8859-15", "€ Œuvre Šárka Žofie Ÿ", [0xA4, 0x20, 0xBC]),
        Sample("ISO-8859-16", "Știință și țară, Ă ă €", [0xAA, 0x74, 0x69, 0x69, 0x6E, 0xFE]),
    ]

    /// Charsets where every byte is one character.
    static let singleByte: Set<String> = Set(samples.map(\.charset).filter {
        $0.hasPrefix("windows-") || $0.hasPrefix("ISO-8859-") || $0 == "KOI8-R"
    })

    @Test("round trip through the charset", arguments: samples)
    func roundTrip(_ sample: Sample) throws {
        let converter = try CharsetConverter(charset: sample.charset)
        let bytes = try converter.encode(sample.text)
        #expect(Array(bytes.prefix(sample.knownPrefix.count)) == sample.knownPrefix)
        let decoded = try converter.decode(bytes)
        #expect(Array(decoded.unicodeScalars) == Array(sample.text.unicodeScalars))
    }

    @Test("ISO-2022-JP output is 7-bit and ends back in ASCII")
    func iso2022IsSevenBit() throws {
        let bytes = try CharsetConverter(charset: "ISO-2022-JP").encode("件名：パスワード")
        #expect(bytes.allSatisfy { $0 < 0x80 })
        #expect(Array(bytes.suffix(3)) == [0x1B, 0x28, 0x42])
    }

    @Test("labels as written in MIME headers", arguments: [
        ("\"EUC-KR\"", "가", [0xB0, 0xA1] as [UInt8]),
        ("euc-kr", "가", [0xB0, 0xA1]),
        ("KS_C_5601-1987", "가", [0xB0, 0xA1]),
        ("x-sjis", "あ", [0x82, 0xA0]),
        ("SJIS", "あ", [0x82, 0xA0]),
        ("csISO2022JP", "あ", [0x1B, 0x24, 0x42, 0x24, 0x22, 0x1B, 0x28, 0x42]),
        ("gb2312", "中", [0xD6, 0xD0]),
        ("GBK", "中", [0xD6, 0xD0]),
        ("big5", "中", [0xA4, 0xA4]),
        ("cp1252", "é", [0xE9]),
        ("latin1", "é", [0xE9]),
        ("ISO_8859-1", "é", [0xE9]),
        ("iso8859-2", "ł", [0xB3]),
        ("Windows-1251", "Я", [0xDF]),
        ("koi8-r", "Я", [0xF1]),
        ("latin10", "ș", [0xBA]),
        (" utf-8 ", "é", [0xC3, 0xA9]),
        ("UTF8", "é", [0xC3, 0xA9]),
    ])
    func mimeLabels(_ label: String, _ text: String, _ bytes: [UInt8]) throws {
        let converter = try CharsetConverter(charset: label)
        #expect(try converter.decode(bytes) == text)
        #expect(try converter.encode(text) == bytes)
    }

    @Test("unknown charsets are an error value", arguments: ["x-unknown", "", "  ", "iso-8859-99", "utf-8,swaplfnl", "unicode-1-1-utf-8;"])
    func unknownCharset(_ label: String) {
        #expect(throws: CharsetError.unknownCharset(label)) { try CharsetConverter(charset: label) }
        #expect(throws: CharsetError.unknownCharset(label)) { try CharsetConverter.decode([0x41], charset: label) }
    }

    @Test("text the charset cannot hold is reported, not replaced with '?'")
    func unrepresentable() throws {
        let converter = try CharsetConverter(charset: "EUC-KR")
        #expect(throws: CharsetError.unrepresentable(charset: converter.name)) { try converter.encode("한국어 😀") }
        #expect(throws: CharsetError.self) { try CharsetConverter(charset: "ISO-8859-16").encode("日本") }
    }

    @Test("malformed bytes become U+FFFD", arguments: [
        ("EUC-KR", [0xB0, 0xA1, 0xFF, 0x41, 0xB0] as [UInt8], "가\u{FFFD}A\u{FFFD}"),
        ("EUC-KR", [0x80, 0x41], "\u{FFFD}A"),
        ("Big5", [0xA4, 0xA4, 0xFF, 0x41], "中\u{FFFD}A"),
        ("Shift_JIS", [0x82, 0xA0, 0xFF, 0x41, 0x82], "あ\u{FFFD}A\u{FFFD}"),
        ("ISO-2022-JP", [0x1B, 0x24, 0x42, 0x30, 0x21, 0xFF, 0x1B], "亜\u{FFFD}\u{FFFD}"),
        ("GB18030", [0xD6, 0xD0, 0x80, 0x41], "中\u{FFFD}A"),
        ("UTF-8", [0x41, 0xC3, 0x28, 0xFF], "A\u{FFFD}(\u{FFFD}"),
        ("windows-1253", [0xD2, 0x41], "\u{FFFD}A"),
        ("ISO-8859-3", [0xA5, 0x41], "\u{FFFD}A"),
    ])
    func malformedBytes(_ charset: String, _ bytes: [UInt8], _ expected: String) throws {
        let decoded = try CharsetConverter(charset: charset).decode(bytes)
        #expect(Array(decoded.unicodeScalars) == Array(expected.unicodeScalars))
    }

    @Test("random bytes decode in every charset without loss of what came before", arguments: samples)
    func randomBytes(_ sample: Sample) throws {
        let converter = try CharsetConverter(charset: sample.charset)
        let prefix = try converter.encode(sample.text)
        let expectedPrefix = Array(sample.text.unicodeScalars)
        var random = SplitMix64(seed: UInt64(truncatingIfNeeded: sample.charset.utf8.reduce(0) { $0 &* 31 &+ Int($1) }))
        for round in 0..<300 {
            let garbage = (0..<(round % 97)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let decoded = try converter.decode(garbage)
            // ICU's own substitute for some charsets is U+001A, which nobody would notice.
            #expect(!decoded.unicodeScalars.contains("\u{1A}") || garbage.contains(0x1A))
            if Self.singleByte.contains(sample.charset) {
                #expect(decoded.unicodeScalars.count == garbage.count)
            }
            let continued = try converter.decode(prefix + garbage)
            #expect(Array(continued.unicodeScalars.prefix(expectedPrefix.count)) == expectedPrefix)
        }
    }

    @Test("ASCII control characters survive Shift_JIS both ways")
    func shiftJISControls() throws {
        let converter = try CharsetConverter(charset: "Shift_JIS")
        let bytes: [UInt8] = [0x1A, 0x1C, 0x7F, 0x41, 0x82, 0xA0]
        let text = "\u{1A}\u{1C}\u{7F}Aあ"
        #expect(Array(try converter.decode(bytes).unicodeScalars) == Array(text.unicodeScalars))
        #expect(try converter.encode(text) == bytes)
    }

    @Test("empty input and input in every byte value")
    func edgeInputs() throws {
        for sample in Self.samples {
            let converter = try CharsetConverter(charset: sample.charset)
            #expect(try converter.decode([]) == "")
            #expect(try converter.encode("") == [])
            _ = try converter.decode((0...255).map { UInt8($0) })
        }
    }
}

/// A small deterministic generator, so a failing random case can be replayed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
