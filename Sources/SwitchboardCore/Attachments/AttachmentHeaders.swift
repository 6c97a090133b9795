import Foundation

/// Names and types of uploaded files, as clients send them and as downloads announce them.
public enum AttachmentHeaders {
    /// The longest file name kept, in characters (Unicode scalars, as PostgreSQL counts).
    public static let maxFilenameLength = 255

    /// Why a file name cannot be used.
    public enum FilenameProblem: Error, Sendable, Hashable {
        case empty, tooLong, controlCharacters

        public var message: String {
            switch self {
            case .empty: "must name a file"
            case .tooLong: "must be at most \(AttachmentHeaders.maxFilenameLength) characters"
            case .controlCharacters: "must not contain control characters"
            }
        }
    }

    /// The name to keep for an uploaded file: its last path component (a client's directories
    /// are none of our business, and a name must never act as a path), without surrounding
    /// spaces. Control characters (NUL included) refuse it rather than being dropped, and the
    /// length limit applies to the name as sent.
    public static func filename(_ raw: String) -> Result<String, FilenameProblem> {
        if raw.unicodeScalars.contains(where: isControl) { return .failure(.controlCharacters) }
        if raw.unicodeScalars.count > maxFilenameLength { return .failure(.tooLong) }
        let base = raw.split(omittingEmptySubsequences: false) { $0 == "/" || $0 == "\\" }.last.map(String.init) ?? ""
        let name = base.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.contains(where: { $0 != "." }) else { return .failure(.empty) }
        return .success(name)
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}"
    }

    /// The media type to store for a `Content-Type` header: `type/subtype` in lower case, with
    /// its `charset` when it names one; `application/octet-stream` when there is no type or it
    /// is not one. Other parameters are dropped: downloads repeat the type as stored.
    public static func mediaType(_ header: String?) -> String {
        let fallback = "application/octet-stream"
        guard let header, header.utf8.count <= 255 else { return fallback }
        let parts = header.split(separator: ";", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let essence = parts[0].lowercased()
        let halves = essence.split(separator: "/", omittingEmptySubsequences: false)
        guard halves.count == 2, halves.allSatisfy(isToken) else { return fallback }
        for parameter in parts.dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == "charset" else { continue }
            let charset = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            if isToken(charset[...]) { return essence + "; charset=" + charset.lowercased() }
        }
        return essence
    }

    static func isToken(_ text: Substring) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy(isTokenCharacter)
    }

    /// RFC 9110 `token` characters.
    static func isTokenCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
            || "!#$%&'*+-.^_`|~".unicodeScalars.contains(scalar))
    }

    /// The file name in a `Content-Disposition` request header: `filename*` (RFC 5987,
    /// UTF-8 or ISO-8859-1) wins over `filename`, as RFC 6266 says.
    public static func filename(contentDisposition header: String) -> String? {
        var plain: String?
        var extended: String?
        for parameter in parameters(header) {
            switch parameter.name {
            case "filename*": extended = extended ?? decodeExtended(parameter.value)
            case "filename": plain = plain ?? parameter.value
            default: continue
            }
        }
        return extended ?? plain
    }

    /// `name=value` pairs after the disposition type; quoted values unquoted.
    static func parameters(_ header: String) -> [(name: String, value: String)] {
        var result: [(String, String)] = []
        var scalars = Substring(header).unicodeScalars[...]
        // Skip the disposition type.
        guard let firstSemicolon = scalars.firstIndex(of: ";") else { return [] }
        scalars = scalars[scalars.index(after: firstSemicolon)...]
        while !scalars.isEmpty {
            scalars = scalars.drop { $0 == " " || $0 == "\t" }
            let nameEnd = scalars.firstIndex { $0 == "=" || $0 == ";" } ?? scalars.endIndex
            let name = String(String.UnicodeScalarView(scalars[..<nameEnd])).trimmingCharacters(in: .whitespaces).lowercased()
            scalars = scalars[nameEnd...]
            guard scalars.first == "=" else {
                scalars = scalars.dropFirst()
                continue
            }
            scalars = scalars.dropFirst().drop { $0 == " " || $0 == "\t" }
            var value = String.UnicodeScalarView()
            if scalars.first == "\"" {
                scalars = scalars.dropFirst()
                while let scalar = scalars.first, scalar != "\"" {
                    scalars = scalars.dropFirst()
                    if scalar == "\\", let escaped = scalars.first {
                        value.append(escaped)
                        scalars = scalars.dropFirst()
                    } else {
                        value.append(scalar)
                    }
                }
                scalars = scalars.dropFirst()
                scalars = scalars.drop { $0 != ";" }
            } else {
                let end = scalars.firstIndex(of: ";") ?? scalars.endIndex
                value.append(contentsOf: scalars[..<end])
                scalars = scalars[end...]
            }
            scalars = scalars.dropFirst()
            result.append((name, String(value).trimmingCharacters(in: .whitespaces)))
        }
        return result
    }

    /// `charset'language'percent-encoded` (RFC 5987).
    static func decodeExtended(_ value: String) -> String? {
        let parts = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        var bytes: [UInt8] = []
        var utf8 = parts[2].utf8[...]
        while let byte = utf8.first {
            utf8 = utf8.dropFirst()
            if byte == UInt8(ascii: "%") {
                guard utf8.count >= 2, let decoded = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) else { return nil }
                bytes.append(decoded)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        switch parts[0].lowercased() {
        case "utf-8": return String(validating: bytes, as: UTF8.self)
        case "iso-8859-1": return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        default: return nil
        }
    }

    /// `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266): an ASCII fallback for old
    /// clients, and the exact name percent-encoded for the rest.
    public static func contentDisposition(filename: String) -> String {
        let fallback = String(String.UnicodeScalarView(filename.unicodeScalars.map { scalar -> Unicode.Scalar in
            guard scalar.isASCII, !isControl(scalar), scalar != "\"", scalar != "\\", scalar != "%" else { return "_" }
            return scalar
        }))
        return "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(percentEncoded(filename))"
    }

    /// RFC 5987 `attr-char`s as they are, every other byte of the UTF-8 as `%XX`.
    static func percentEncoded(_ text: String) -> String {
        let attrChars = Set("!#$&+-.^_`|~".utf8)
        var encoded = ""
        for byte in text.utf8 {
            let scalar = Unicode.Scalar(byte)
            if (scalar.isASCII && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)))
                || attrChars.contains(byte) {
                encoded.unicodeScalars.append(scalar)
            } else {
                encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return encoded
    }

    /// Whether an `If-None-Match` header names `etag` (weak comparison, as RFC 9110 asks for
    /// this header), or is `*`.
    public static func ifNoneMatch(_ header: String, matches etag: String) -> Bool {
        func opaque(_ tag: Substring) -> Substring {
            var tag = tag.trimmingCharacters(in: .whitespaces)[...]
            if tag.hasPrefix("W/") { tag = tag.dropFirst(2) }
            return tag
        }
        let wanted = opaque(etag[...])
        return header.split(separator: ",").contains { candidate in
            let tag = opaque(candidate)
            return tag == "*" || tag == wanted
        }
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
