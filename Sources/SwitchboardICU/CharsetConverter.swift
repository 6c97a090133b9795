import CICU

/// Converts between a charset named in mail (a MIME `charset=` label) and Unicode.
///
/// Decoding never fails on bad input: malformed or unmapped bytes become
/// U+FFFD, so one broken byte costs one character, not the message.
public struct CharsetConverter: Sendable, Hashable {
    /// The label as given, without surrounding quotes or spaces.
    public let label: String
    /// The converter used to encode: exactly the charset the label names.
    public let name: String
    /// The converter used to decode, which may be a superset of `name`.
    public let decoderName: String

    public init(charset label: String) throws(CharsetError) {
        let trimmed = Self.trim(label)
        self.label = trimmed
        guard !trimmed.isEmpty, trimmed.utf8.count <= 64, trimmed.utf8.allSatisfy(Self.isLabelByte) else {
            throw .unknownCharset(label)
        }
        let key = Self.comparisonKey(trimmed)
        if ISO8859_16.labels.contains(key) {
            name = ISO8859_16.name
            decoderName = ISO8859_16.name
            return
        }
        guard let exact = Self.icuName(trimmed) else {
            throw .unknownCharset(label)
        }
        name = exact
        decoderName = Self.decodingSupersets[key].flatMap(Self.icuName) ?? exact
    }

    /// Decodes in one step, for a label read from a header.
    public static func decode(_ bytes: some Collection<UInt8>, charset: String) throws(CharsetError) -> String {
        try CharsetConverter(charset: charset).decode(bytes)
    }

    public func decode(_ bytes: some Collection<UInt8>) throws(CharsetError) -> String {
        let source = Array(bytes)
        if decoderName == ISO8859_16.name {
            return ISO8859_16.decode(source)
        }
        guard source.count <= Self.maximumInput else {
            throw .conversionFailed(charset: decoderName, ICUError(code: ICUError.illegalArgument, operation: "decoding \(source.count) bytes"))
        }
        let converter = decoderName
        do {
            // One input byte yields at most one UTF-16 unit, three bytes of UTF-8.
            let utf8 = try preflighted(UInt8.self, capacity: source.count * 3 + 16, "decoding \(converter)") { buffer, capacity, status in
                cicu_charset_decode(converter, source, Int32(source.count), buffer, capacity, &status)
            }
            let text = String(decoding: utf8, as: UTF8.self)
            guard let fixes = Self.decodingFixes[converter] else { return text }
            return String(String.UnicodeScalarView(text.unicodeScalars.map { fixes[$0] ?? $0 }))
        } catch {
            throw .conversionFailed(charset: converter, error)
        }
    }

    /// The text in this charset. Throws `unrepresentable` rather than
    /// substituting "?", so a caller can fall back to UTF-8.
    public func encode(_ text: String) throws(CharsetError) -> [UInt8] {
        if name == ISO8859_16.name {
            guard let bytes = ISO8859_16.encode(text) else { throw .unrepresentable(charset: name) }
            return bytes
        }
        let source: [UInt8]
        if let fixes = Self.encodingFixes[name] {
            source = Array(String(String.UnicodeScalarView(text.unicodeScalars.map { fixes[$0] ?? $0 })).utf8)
        } else {
            source = Array(text.utf8)
        }
        guard source.count <= Self.maximumInput else {
            throw .conversionFailed(charset: name, ICUError(code: ICUError.illegalArgument, operation: "encoding \(source.count) bytes"))
        }
        let converter = name
        do {
            return try preflighted(UInt8.self, capacity: source.count * 2 + 16, "encoding \(converter)") { buffer, capacity, status in
                cicu_charset_encode(converter, source, Int32(source.count), buffer, capacity, &status)
            }
        } catch where error.code == ICUError.invalidCharFound {
            throw .unrepresentable(charset: name)
        } catch {
            throw .conversionFailed(charset: name, error)
        }
    }

    /// Keeps the output size within ICU's 32-bit lengths.
    private static let maximumInput = Int(Int32.max / 4)

    /// Mail agents label text with a charset narrower than what they write:
    /// "EUC-KR" mail carries Windows code page 949 Hangul, "ISO-8859-1" mail
    /// carries Windows-1252 quotes and dashes, "GB2312" carries GBK. Decoding
    /// with the superset reads all of it, as browsers do (WHATWG Encoding
    /// Standard); encoding stays with the named charset.
    private static let decodingSupersets: [String: String] = {
        var table: [String: String] = [:]
        let groups: [(String, [String])] = [
            ("windows-949", ["euckr", "cseuckr", "xeuckr", "ksc56011987", "ksc5601", "ksc56011989", "isoir149", "korean"]),
            ("windows-31j", ["shiftjis", "sjis", "xsjis", "mskanji", "csshiftjis"]),
            ("GB18030", ["gb2312", "csgb2312", "gbk", "xgbk", "cp936", "windows936", "euccn", "chinese"]),
            ("windows-1252", ["iso88591", "iso885911987", "latin1", "l1", "csisolatin1", "isoir100", "cp819", "ibm819",
                              "usascii", "ascii", "ansix341968", "csascii", "us"]),
            ("windows-1254", ["iso88599", "iso885991989", "latin5", "l5", "csisolatin5", "isoir148"]),
            ("windows-874", ["iso885911", "tis620", "xiso885911", "thai8"]),
        ]
        for (superset, labels) in groups {
            for label in labels {
                table[label] = superset
            }
        }
        return table
    }()

    /// Corrections to what some of ICU's tables produce, by converter.
    ///
    /// Microsoft's tables for code pages 949 and 950 give the two bytes that
    /// start no character (0x80, 0xFF) "best fit" mappings to an invisible
    /// control and a private-use character. They are errors in the charsets
    /// the labels name, and no two-byte sequence maps to these code points,
    /// so they become U+FFFD like any other bad byte.
    ///
    /// IBM's Shift_JIS table, which ICU uses for Shift_JIS and windows-31j,
    /// trades three control characters as IBM PCs did (0x1A is U+001C, 0x1C
    /// is U+007F, 0x7F is U+001A). Mail means the ASCII ones. None of these
    /// bytes can be the second byte of a character, so the swap is exact.
    private static let decodingFixes: [String: [Unicode.Scalar: Unicode.Scalar]] = [
        "windows-949-2000": ["\u{80}": "\u{FFFD}", "\u{F8F7}": "\u{FFFD}"],
        "windows-950-2000": ["\u{80}": "\u{FFFD}", "\u{F8F8}": "\u{FFFD}"],
        "ibm-943_P15A-2003": ["\u{1C}": "\u{1A}", "\u{7F}": "\u{1C}", "\u{1A}": "\u{7F}"],
    ]

    private static let encodingFixes: [String: [Unicode.Scalar: Unicode.Scalar]] = [
        "ibm-943_P15A-2003": ["\u{1A}": "\u{1C}", "\u{1C}": "\u{7F}", "\u{7F}": "\u{1A}"],
    ]

    private static func icuName(_ label: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 96)
        var status: Int32 = 0
        let length = cicu_charset_canonical_name(label, &buffer, Int32(buffer.count), &status)
        guard status <= 0, length > 0, Int(length) < buffer.count else { return nil }
        return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func trim(_ label: String) -> String {
        let unwanted: Set<Character> = [" ", "\t", "\r", "\n", "\"", "'"]
        let characters = Array(label)
        guard let first = characters.firstIndex(where: { !unwanted.contains($0) }),
              let last = characters.lastIndex(where: { !unwanted.contains($0) })
        else { return "" }
        return String(characters[first...last])
    }

    /// ICU reads "," in a converter name as the start of options, so labels
    /// from outside are held to the characters real charset names use.
    private static func isLabelByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"),
             UInt8(ascii: "+"), UInt8(ascii: "("), UInt8(ascii: ")"):
            return true
        default:
            return false
        }
    }

    /// Case and punctuation do not distinguish charset names ("ISO_8859-1" is "iso88591").
    private static func comparisonKey(_ label: String) -> String {
        String(String.UnicodeScalarView(label.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }))
    }
}
