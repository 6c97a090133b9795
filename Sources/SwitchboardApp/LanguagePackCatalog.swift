import Foundation
import SwitchboardHTTP
import SwitchboardICU

/// Message texts from the ICU language packs in `Localization/`.
struct LanguagePackCatalog: MessageCatalog {
    let packs: LanguagePacks

    init(packs: LanguagePacks) {
        self.packs = packs
    }

    func message(_ id: String, arguments: [String: SwitchboardHTTP.MessageArgument], language: LanguagePreference) -> String {
        let localizer = packs.localizer(
            personLocale: language.personLocale, acceptLanguage: language.acceptLanguage, timeZone: .gmt,
            tenantDefault: language.tenantLocale
        )
        return localizer.text(id, arguments.mapValues(\.icu)).text
    }
}
