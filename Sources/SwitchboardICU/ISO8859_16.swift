/// ISO-8859-16 (Latin-10: Romanian, Polish, Croatian and others), which ICU's
/// standard data does not include. Bytes below 0xA0 are the same as in
/// ISO-8859-1; the table holds the code points of 0xA0 to 0xFF, per
/// ISO/IEC 8859-16:2001.
enum ISO8859_16 {
    static let name = "ISO-8859-16"

    /// Labels as written in MIME headers, compared the way ICU compares
    /// converter names: case and punctuation ignored.
    static let labels: Set<String> = [
        "iso885916", "iso8859162001", "latin10", "l10", "isoir226", "csiso885916",
    ]

    private static let upperHalf: [UInt16] = [
        0x00A0, 0x0104, 0x0105, 0x0141, 0x20AC, 0x201E, 0x0160, 0x00A7,
        0x0161, 0x00A9, 0x0218, 0x00AB, 0x0179, 0x00AD, 0x017A, 0x017B,
        0x00B0, 0x00B1, 0x010C, 0x0142, 0x017D, 0x201D, 0x00B6, 0x00B7,
        0x017E, 0x010D, 0x0219, 0x00BB, 0x0152, 0x0153, 0x0178, 0x017C,
        0x00C0, 0x00C1, 0x00C2, 0x0102, 0x00C4, 0x0106, 0x00C6, 0x00C7,
        0x00C8, 0x00C9, 0x00CA, 0x00CB, 0x00CC, 0x00CD, 0x00CE, 0x00CF,
        0x0110, 0x0143, 0x00D2, 0x00D3, 0x00D4, 0x0150, 0x00D6, 0x015A,
        0x0170, 0x00D9, 0x00DA, 0x00DB, 0x00DC, 0x0118, 0x021A, 0x00DF,
        0x00E0, 0x00E1, 0x00E2, 0x0103, 0x00E4, 0x0107, 0x00E6, 0x00E7,
        0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x00EC, 0x00ED, 0x00EE, 0x00EF,
        0x0111, 0x0144, 0x00F2, 0x00F3, 0x00F4, 0x0151, 0x00F6, 0x015B,
        0x0171, 0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x0119, 0x021B, 0x00FF,
    ]

    private static let encoding: [Unicode.Scalar: UInt8] = {
        var table: [Unicode.Scalar: UInt8] = [:]
        for byte in UInt8(0)..<0xA0 {
            table[Unicode.Scalar(byte)] = byte
        }
        for (offset, codePoint) in upperHalf.enumerated() {
            if let scalar = Unicode.Scalar(codePoint) {
                table[scalar] = UInt8(0xA0 + offset)
            }
        }
        return table
    }()

    /// Every byte is defined, so decoding cannot fail.
    static func decode(_ bytes: [UInt8]) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            let codePoint = byte < 0xA0 ? UInt16(byte) : upperHalf[Int(byte) - 0xA0]
            scalars.append(Unicode.Scalar(codePoint) ?? "\u{FFFD}")
        }
        return String(scalars)
    }

    /// Nil when the text has a character outside the charset.
    static func encode(_ text: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            guard let byte = encoding[scalar] else { return nil }
            bytes.append(byte)
        }
        return bytes
    }
}
