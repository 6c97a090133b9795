#include <string.h>

#include <unicode/ucal.h>

#include "internal.h"

void cicu_locale_id(const char *tag, char dest[ULOC_FULLNAME_CAPACITY], UErrorCode *status) {
    if (U_FAILURE(*status)) {
        return;
    }
    int32_t parsed = 0;
    int32_t tagLength = (int32_t)strlen(tag);
    int32_t length = uloc_forLanguageTag(tag, dest, ULOC_FULLNAME_CAPACITY, &parsed, status);
    if (U_FAILURE(*status)) {
        return;
    }
    // A partial parse means trailing garbage, which ICU would otherwise drop without a word.
    if (parsed != tagLength || length >= ULOC_FULLNAME_CAPACITY || *status == U_STRING_NOT_TERMINATED_WARNING) {
        *status = U_ILLEGAL_ARGUMENT_ERROR;
    }
}

int32_t cicu_locale_canonical_tag(const char *tag, char *dest, int32_t capacity, int32_t *status) {
    UErrorCode code = (UErrorCode)*status;
    char id[ULOC_FULLNAME_CAPACITY];
    cicu_locale_id(tag, id, &code);
    int32_t length = 0;
    if (U_SUCCESS(code)) {
        length = uloc_toLanguageTag(id, dest, capacity, /* strict */ 1, &code);
    }
    *status = code;
    return length;
}

void cicu_check_zone(const UChar *zone, int32_t zoneLength, UErrorCode *status) {
    if (U_FAILURE(*status)) {
        return;
    }
    UChar canonical[128];
    UBool isSystemID = 0;
    ucal_getCanonicalTimeZoneID(zone, zoneLength, canonical, 128, &isSystemID, status);
    if (U_FAILURE(*status)) {
        *status = U_ILLEGAL_ARGUMENT_ERROR;
    }
}

void cicu_time_zone_check(const uint16_t *zone, int32_t zoneLength, int32_t *status) {
    UErrorCode code = (UErrorCode)*status;
    cicu_check_zone(zone, zoneLength, &code);
    *status = code;
}
