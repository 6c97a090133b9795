import Testing
import SwitchboardCore

@Suite("Attachment names and headers")
struct AttachmentHeadersTests {
    @Test("file names lose their directories and surrounding spaces; control characters and empty names are refused")
    func filenames() throws {
        #expect(try AttachmentHeaders.filename(" report.pdf ").get() == "report.pdf")
        #expect(try AttachmentHeaders.filename("C:\\Users\\kim\\사진 1.jpg").get() == "사진 1.jpg")
        #expect(try AttachmentHeaders.filename("../../etc/passwd").get() == "passwd")
        #expect(try AttachmentHeaders.filename(".profile").get() == ".profile")
        #expect(AttachmentHeaders.filename("a\u{0}b") == .failure(.controlCharacters))
        #expect(AttachmentHeaders.filename("a\nb") == .failure(.controlCharacters))
        #expect(AttachmentHeaders.filename("a\u{85}b") == .failure(.controlCharacters))
        for empty in ["", "   ", "dir/", "..", "a/..", "\\"] {
            #expect(AttachmentHeaders.filename(empty) == .failure(.empty), "\(empty)")
        }
        #expect(AttachmentHeaders.filename(String(repeating: "가", count: 255)).map(\.count) == .success(255))
        #expect(AttachmentHeaders.filename(String(repeating: "가", count: 256)) == .failure(.tooLong))
    }

    @Test("media types keep type, subtype and charset; anything else becomes application/octet-stream")
    func mediaTypes() {
        #expect(AttachmentHeaders.mediaType("Image/PNG") == "image/png")
        #expect(AttachmentHeaders.mediaType("text/plain; charset=\"UTF-8\"; format=flowed") == "text/plain; charset=utf-8")
        #expect(AttachmentHeaders.mediaType("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
            == "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        for bad: String? in [nil, "", "text", "text/", "/plain", "text/plain/x", "text /plain", "tëxt/plain", "text/plain\r\nX: y"] {
            #expect(AttachmentHeaders.mediaType(bad) == "application/octet-stream", "\(bad ?? "nil")")
        }
    }

    @Test("Content-Disposition: filename* (RFC 5987) wins over filename; quoted strings are unescaped")
    func contentDispositionParsing() {
        #expect(AttachmentHeaders.filename(contentDisposition: #"attachment; filename="a \"b\".txt""#) == #"a "b".txt"#)
        #expect(AttachmentHeaders.filename(contentDisposition: "attachment; filename=plain.txt") == "plain.txt")
        #expect(AttachmentHeaders.filename(contentDisposition: #"attachment; filename="x.txt"; filename*=UTF-8''%E2%82%AC%20rates.txt"#) == "€ rates.txt")
        #expect(AttachmentHeaders.filename(contentDisposition: "attachment; FILENAME*=iso-8859-1'en'%A3%20rates.txt") == "£ rates.txt")
        #expect(AttachmentHeaders.filename(contentDisposition: #"form-data; name="file"; filename="semi;colon.txt""#) == "semi;colon.txt")
        // A broken extended value falls back to the plain one.
        #expect(AttachmentHeaders.filename(contentDisposition: "attachment; filename*=UTF-8''%ZZ; filename=ok.txt") == "ok.txt")
        #expect(AttachmentHeaders.filename(contentDisposition: "attachment; filename*=UTF-8''%FF") == nil)
        #expect(AttachmentHeaders.filename(contentDisposition: "attachment") == nil)
        #expect(AttachmentHeaders.filename(contentDisposition: "inline; size=3") == nil)
    }

    @Test("downloads name the file for every client: an ASCII fallback and the exact UTF-8 name; the two agree when parsed back")
    func contentDispositionFormatting() {
        #expect(AttachmentHeaders.contentDisposition(filename: "report.pdf") == #"attachment; filename="report.pdf"; filename*=UTF-8''report.pdf"#)
        #expect(AttachmentHeaders.contentDisposition(filename: "100% \"€\".txt")
            == #"attachment; filename="100_ ___.txt"; filename*=UTF-8''100%25%20%22%E2%82%AC%22.txt"#)
        for name in ["사진 1.jpg", "a;b=c.txt", "quote\"and\\slash.txt", "emoji 🎉.png", "日本語のファイル名.docx", "'single'.txt"] {
            let header = AttachmentHeaders.contentDisposition(filename: name)
            #expect(header.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 0x20 }, "\(header)")
            #expect(AttachmentHeaders.filename(contentDisposition: header) == name, "\(header)")
        }
    }

    @Test("If-None-Match matches strong and weak forms, lists and *")
    func ifNoneMatch() {
        let etag = "\"abc\""
        #expect(AttachmentHeaders.ifNoneMatch("\"abc\"", matches: etag))
        #expect(AttachmentHeaders.ifNoneMatch("W/\"abc\"", matches: etag))
        #expect(AttachmentHeaders.ifNoneMatch("\"x\", \"abc\"", matches: etag))
        #expect(AttachmentHeaders.ifNoneMatch("*", matches: etag))
        #expect(!AttachmentHeaders.ifNoneMatch("\"abcd\"", matches: etag))
        #expect(!AttachmentHeaders.ifNoneMatch("abc", matches: etag))
        #expect(!AttachmentHeaders.ifNoneMatch("", matches: etag))
    }
}
