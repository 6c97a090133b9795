import CICU

/// Facts about the ICU library in use.
public enum ICU {
    /// The library version, e.g. "72.1". Worth logging at start-up: plural
    /// rules, collation and word breaks follow the CLDR data of this version.
    public static var version: String {
        var buffer = [CChar](repeating: 0, count: 32)
        cicu_version(&buffer, Int32(buffer.count))
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
