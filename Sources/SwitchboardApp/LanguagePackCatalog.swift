import Foundation
import SwitchboardHTTP
import SwitchboardICU

/// Message texts from the ICU language packs in `Localization/`.
struct LanguagePackCatalog: MessageCatalog {
    let packs: LanguagePacks

    init(directory: URL) throws {
        self.packs = try LanguagePacks(directory: directory)
    }

    func message(_ id: String, arguments: [String: SwitchboardHTTP.MessageArgument], language: LanguagePreference) -> String {
        let localizer = packs.localizer(
            personLocale: language.personLocale, acceptLanguage: language.acceptLanguage, timeZone: .gmt,
            tenantDefault: language.tenantLocale
        )
        var icuArguments: [String: SwitchboardICU.MessageArgument] = [:]
        for (name, value) in arguments {
            switch value {
            case .string(let text): icuArguments[name] = .string(text)
            case .number(let number):
                icuArguments[name] = number.rounded() == number && abs(number) < 1e15 ? .integer(Int(number)) : .double(number)
            }
        }
        return localizer.text(id, icuArguments).text
    }
}
