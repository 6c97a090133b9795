/// Turns message ids into text in the caller's language. The HTTP layer depends only on this;
/// the application wires in the ICU language packs.
public protocol MessageCatalog: Sendable {
    /// The language is chosen from the person's own setting, then the `Accept-Language` header,
    /// then the tenant's default.
    func message(_ id: String, arguments: [String: MessageArgument], language: LanguagePreference) -> String
}

public struct LanguagePreference: Sendable, Hashable {
    public var personLocale: String?
    public var acceptLanguage: String?
    public var tenantLocale: String?

    public init(personLocale: String? = nil, acceptLanguage: String? = nil, tenantLocale: String? = nil) {
        self.personLocale = personLocale
        self.acceptLanguage = acceptLanguage
        self.tenantLocale = tenantLocale
    }
}
