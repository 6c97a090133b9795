#include <unicode/udat.h>
#include <unicode/udatpg.h>

#include "internal.h"

cicu_date_format *cicu_date_format_open(const char *locale, const uint16_t *zone, int32_t zoneLength,
                                        int32_t dateStyle, int32_t timeStyle,
                                        const uint16_t *skeleton, int32_t skeletonLength, int32_t *status) {
    UErrorCode code = (UErrorCode)*status;
    char id[ULOC_FULLNAME_CAPACITY];
    cicu_locale_id(locale, id, &code);
    cicu_check_zone(zone, zoneLength, &code);
    UDateFormat *format = NULL;
    if (U_SUCCESS(code) && skeleton != NULL) {
        // The generator picks the locale's own order and punctuation for the requested fields.
        UDateTimePatternGenerator *generator = udatpg_open(id, &code);
        UChar pattern[256];
        int32_t patternLength = udatpg_getBestPattern(generator, skeleton, skeletonLength, pattern, 256, &code);
        if (generator != NULL) {
            udatpg_close(generator);
        }
        format = udat_open(UDAT_PATTERN, UDAT_PATTERN, id, zone, zoneLength, pattern, patternLength, &code);
    } else if (U_SUCCESS(code)) {
        format = udat_open((UDateFormatStyle)timeStyle, (UDateFormatStyle)dateStyle, id, zone, zoneLength,
                           NULL, -1, &code);
    }
    *status = code;
    if (U_FAILURE(code)) {
        if (format != NULL) {
            udat_close(format);
        }
        return NULL;
    }
    return (cicu_date_format *)format;
}

void cicu_date_format_close(cicu_date_format *format) {
    if (format != NULL) {
        udat_close((UDateFormat *)format);
    }
}

int32_t cicu_date_format_format(const cicu_date_format *format, double millisecondsSince1970,
                                uint16_t *dest, int32_t capacity, int32_t *status) {
    UErrorCode code = (UErrorCode)*status;
    int32_t length = udat_format((const UDateFormat *)format, millisecondsSince1970, dest, capacity, NULL, &code);
    *status = code;
    return length;
}
