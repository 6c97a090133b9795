#include <vector>

#include <unicode/localematcher.h>
#include <unicode/locid.h>

#include "internal.h"

int32_t cicu_locale_match(const char *const *supported, int32_t supportedCount,
                          const char *const *desired, int32_t desiredCount,
                          int32_t *desiredIndex, int32_t *status) {
    UErrorCode code = (UErrorCode)*status;
    *desiredIndex = -1;
    std::vector<icu::Locale> supportedLocales;
    std::vector<icu::Locale> desiredLocales;
    for (int32_t i = 0; i < supportedCount; i++) {
        supportedLocales.push_back(icu::Locale::forLanguageTag(supported[i], code));
    }
    // A desired tag that does not parse is skipped rather than failing the whole list.
    std::vector<int32_t> desiredPositions;
    for (int32_t i = 0; i < desiredCount; i++) {
        UErrorCode tagCode = U_ZERO_ERROR;
        icu::Locale locale = icu::Locale::forLanguageTag(desired[i], tagCode);
        if (U_SUCCESS(tagCode) && !locale.isBogus()) {
            desiredLocales.push_back(locale);
            desiredPositions.push_back(i);
        }
    }
    if (U_FAILURE(code)) {
        *status = code;
        return -1;
    }
    // Without an explicit "no default", ICU answers its first supported locale
    // when nothing matches; the caller wants to apply its own default instead.
    icu::LocaleMatcher matcher = icu::LocaleMatcher::Builder()
        .setSupportedLocales(supportedLocales.begin(), supportedLocales.end())
        .setNoDefaultLocale()
        .build(code);
    if (U_FAILURE(code) || desiredLocales.empty()) {
        *status = code;
        return -1;
    }
    icu::Locale::RangeIterator<std::vector<icu::Locale>::iterator> iterator(desiredLocales.begin(),
                                                                           desiredLocales.end());
    icu::LocaleMatcher::Result result = matcher.getBestMatchResult(iterator, code);
    *status = code;
    if (U_FAILURE(code) || result.getSupportedIndex() < 0) {
        return -1;
    }
    int32_t matchedDesired = result.getDesiredIndex();
    if (matchedDesired >= 0 && matchedDesired < (int32_t)desiredPositions.size()) {
        *desiredIndex = desiredPositions[(size_t)matchedDesired];
    }
    return result.getSupportedIndex();
}
