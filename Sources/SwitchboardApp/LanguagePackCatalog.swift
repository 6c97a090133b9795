import Foundation
import SwitchboardHTTP

/// Message texts from the ICU language packs in `Localization/`.
struct LanguagePackCatalog: MessageCatalog {
    init(directory: URL) throws {}

    func message(_ id: String, arguments: [String: SwitchboardHTTP.MessageArgument], language: LanguagePreference) -> String {
        id
    }
}
