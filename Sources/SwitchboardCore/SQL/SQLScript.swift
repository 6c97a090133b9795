/// Splits a SQL script into statements the way PostgreSQL reads it: `;` ends a statement
/// except inside quotes ('...', "..."), dollar quotes ($$...$$, $tag$...$tag$) and comments
/// (-- and nested /* */). Needed because the extended query protocol takes one statement at a time.
public enum SQLScript {
    public static func statements(_ script: String) -> [String] {
        let chars = Array(script.unicodeScalars)
        var statements: [String] = []
        var current = String.UnicodeScalarView()
        var index = 0
        var hasContent = false

        func flush() {
            let text = String(String(current)[...].trimmingWhitespace())
            if hasContent, !text.isEmpty { statements.append(text) }
            current = String.UnicodeScalarView()
            hasContent = false
        }
        func take(_ count: Int) {
            for offset in 0..<count where index + offset < chars.count { current.append(chars[index + offset]) }
            index += count
        }
        func starts(with text: String, at position: Int) -> Bool {
            let scalars = Array(text.unicodeScalars)
            guard position + scalars.count <= chars.count else { return false }
            return Array(chars[position..<position + scalars.count]) == scalars
        }

        while index < chars.count {
            let c = chars[index]
            if c == "-", index + 1 < chars.count, chars[index + 1] == "-" {
                // Line comments are dropped: they are not part of any statement.
                while index < chars.count, chars[index] != "\n" { index += 1 }
            } else if c == "/", index + 1 < chars.count, chars[index + 1] == "*" {
                var depth = 0
                repeat {
                    if starts(with: "/*", at: index) { depth += 1; index += 2 }
                    else if starts(with: "*/", at: index) { depth -= 1; index += 2 }
                    else { index += 1 }
                } while depth > 0 && index < chars.count
                current.append(" ")
            } else if c == "'" || c == "\"" {
                hasContent = true
                take(1)
                while index < chars.count {
                    if chars[index] == c {
                        // A doubled quote is an escaped quote, not the end.
                        if index + 1 < chars.count, chars[index + 1] == c { take(2); continue }
                        take(1)
                        break
                    }
                    take(1)
                }
            } else if c == "$", let tag = dollarTag(chars, at: index) {
                hasContent = true
                take(tag.count)
                while index < chars.count, !starts(with: tag, at: index) { take(1) }
                take(tag.count)
            } else if c == ";" {
                index += 1
                flush()
            } else {
                if !c.properties.isWhitespace { hasContent = true }
                take(1)
            }
        }
        flush()
        return statements
    }

    /// `$$` or `$tag$` starting at `index` (a tag is an identifier; `$1` is a parameter).
    private static func dollarTag(_ chars: [Unicode.Scalar], at index: Int) -> String? {
        var end = index + 1
        while end < chars.count, chars[end] != "$" {
            let c = chars[end]
            let isIdentifier = c == "_" || c.properties.isAlphabetic || (end > index + 1 && ("0"..."9").contains(c))
            guard isIdentifier else { return nil }
            end += 1
        }
        guard end < chars.count else { return nil }
        return String(String.UnicodeScalarView(chars[index...end]))
    }
}
