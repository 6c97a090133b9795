import Foundation
import Synchronization

/// All language packs, loaded once and shared; hands out `Localizer`s.
public struct LanguagePacks: Sendable {
    /// The locale every message exists in and every lookup ends with.
    public static let baseLocale = "en"

    public let packs: [String: LanguagePack]
    private let cache = FormatterCache()

    public init(_ packs: [LanguagePack]) throws(LanguagePackError) {
        var byLocale: [String: LanguagePack] = [:]
        for pack in packs {
            guard byLocale[pack.locale] == nil else { throw .duplicateLocale(pack.locale) }
            byLocale[pack.locale] = pack
        }
        guard byLocale[Self.baseLocale] != nil else { throw .missingBaseLocale(Self.baseLocale) }
        self.packs = byLocale
    }

    /// Reads every `<locale>.json` in `directory`: one flat JSON object of
    /// message ids to patterns, plus the `meta.` keys.
    public init(directory: URL) throws(LanguagePackError) {
        let files: [URL]
        do {
            // Listing a symlinked directory on Linux yields nothing unless the link is resolved first.
            files = try FileManager.default
                .contentsOfDirectory(at: directory.resolvingSymlinksInPath(), includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "json" }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        } catch {
            throw .unreadable(path: directory.path, reason: "\(error)")
        }
        var packs: [LanguagePack] = []
        for file in files {
            let name = file.deletingPathExtension().lastPathComponent
            guard let locale = LanguageTag.canonical(name) else { throw .invalidLocale(name) }
            guard locale == name else { throw .nonCanonicalFileName(path: file.path, expected: locale) }
            let entries: [String: String]
            do {
                entries = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: file))
            } catch {
                throw .unreadable(path: file.path, reason: "\(error)")
            }
            packs.append(try LanguagePack(locale: locale, entries: entries))
        }
        try self.init(packs)
    }

    public var locales: [String] {
        packs.keys.sorted()
    }

    public subscript(locale: String) -> LanguagePack? {
        packs[locale]
    }

    /// A localizer for the best pack for `requested` (most preferred first).
    public func localizer(for requested: [String], timeZone: TimeZone, tenantDefault: String? = nil) -> Localizer {
        Localizer(packs: self, requested: requested, timeZone: timeZone, tenantDefault: tenantDefault)
    }

    /// A localizer for a request's Accept-Language header.
    public func localizer(acceptLanguage header: String, timeZone: TimeZone, tenantDefault: String? = nil) -> Localizer {
        let requested = AcceptLanguage.parse(header).filter { !$0.isWildcard }.map(\.tag)
        return localizer(for: requested, timeZone: timeZone, tenantDefault: tenantDefault)
    }

    /// A localizer for a person: their own setting first, then what their
    /// browser asks for, then the tenant's default language.
    public func localizer(
        personLocale: String?,
        acceptLanguage: String?,
        timeZone: TimeZone,
        tenantDefault: String?
    ) -> Localizer {
        var requested = personLocale.map { [$0] } ?? []
        if let acceptLanguage {
            requested += AcceptLanguage.parse(acceptLanguage).filter { !$0.isWildcard }.map(\.tag)
        }
        return localizer(for: requested, timeZone: timeZone, tenantDefault: tenantDefault)
    }

    /// The compiled form of a message, shared by every localizer with the same
    /// locale and time zone, since compiling costs far more than formatting.
    func formatter(pack: String, id: String, pattern: String, locale: String, timeZone: TimeZone) -> Result<MessageFormatter, ICUError> {
        let key = FormatterCache.Key(pack: pack, id: id, locale: locale, timeZone: timeZone.identifier)
        if let cached = cache.entries.withLock({ $0[key] }) {
            return cached
        }
        let compiled: Result<MessageFormatter, ICUError>
        do {
            compiled = .success(try MessageFormatter(pattern: pattern, locale: locale, timeZone: timeZone))
        } catch {
            compiled = .failure(error)
        }
        cache.entries.withLock { entries in
            // Keys are bounded by packs × ids × zones in use; a full reset
            // keeps a pathological mix of zones from growing it without end.
            if entries.count >= FormatterCache.limit {
                entries.removeAll(keepingCapacity: true)
            }
            entries[key] = compiled
        }
        return compiled
    }
}

private final class FormatterCache: Sendable {
    struct Key: Hashable, Sendable {
        let pack: String
        let id: String
        let locale: String
        let timeZone: String
    }

    static let limit = 20_000

    let entries = Mutex<[Key: Result<MessageFormatter, ICUError>]>([:])
}
