#include <vector>

#include <unicode/messagepattern.h>
#include <unicode/unistr.h>

#include "internal.h"

int32_t cicu_message_pattern_argument_names(const uint16_t *pattern, int32_t length,
                                            uint16_t *dest, int32_t capacity,
                                            int32_t *errorOffset, int32_t *status) {
    UErrorCode code = (UErrorCode)*status;
    UParseError parseError = {};
    *errorOffset = -1;
    icu::UnicodeString text(reinterpret_cast<const UChar *>(pattern), length);
    icu::MessagePattern parsed(text, &parseError, code);
    if (U_FAILURE(code)) {
        *errorOffset = parseError.offset;
        *status = code;
        return 0;
    }
    std::vector<icu::UnicodeString> names;
    for (int32_t i = 0; i < parsed.countParts(); i++) {
        UMessagePatternPartType type = parsed.getPartType(i);
        if (type != UMSGPAT_PART_TYPE_ARG_NAME && type != UMSGPAT_PART_TYPE_ARG_NUMBER) {
            continue;
        }
        icu::UnicodeString name = parsed.getSubstring(parsed.getPart(i));
        bool seen = false;
        for (const icu::UnicodeString &existing : names) {
            if (existing == name) {
                seen = true;
                break;
            }
        }
        if (!seen) {
            names.push_back(name);
        }
    }
    icu::UnicodeString joined;
    for (const icu::UnicodeString &name : names) {
        joined.append(name).append((UChar)0);
    }
    int32_t written = joined.extract(reinterpret_cast<UChar *>(dest), capacity, code);
    *status = code;
    return written;
}
