#include <unicode/ureldatefmt.h>

#include "internal.h"

cicu_relative_format *cicu_relative_format_open(const char *locale, int32_t width, int32_t *status) {
    UErrorCode code = (UErrorCode)*status;
    char id[ULOC_FULLNAME_CAPACITY];
    cicu_locale_id(locale, id, &code);
    if (width < CICU_WIDTH_LONG || width > CICU_WIDTH_NARROW) {
        code = U_ILLEGAL_ARGUMENT_ERROR;
    }
    URelativeDateTimeFormatter *format = U_SUCCESS(code)
        ? ureldatefmt_open(id, NULL, (UDateRelativeDateTimeFormatterStyle)width, UDISPCTX_CAPITALIZATION_NONE, &code)
        : NULL;
    *status = code;
    if (U_FAILURE(code)) {
        if (format != NULL) {
            ureldatefmt_close(format);
        }
        return NULL;
    }
    return (cicu_relative_format *)format;
}

void cicu_relative_format_close(cicu_relative_format *format) {
    if (format != NULL) {
        ureldatefmt_close((URelativeDateTimeFormatter *)format);
    }
}

int32_t cicu_relative_format_format(const cicu_relative_format *format, double offset, int32_t unit, int32_t numeric,
                                    uint16_t *dest, int32_t capacity, int32_t *status) {
    UErrorCode code = (UErrorCode)*status;
    URelativeDateTimeUnit icuUnit;
    switch (unit) {
    case CICU_UNIT_YEAR: icuUnit = UDAT_REL_UNIT_YEAR; break;
    case CICU_UNIT_MONTH: icuUnit = UDAT_REL_UNIT_MONTH; break;
    case CICU_UNIT_WEEK: icuUnit = UDAT_REL_UNIT_WEEK; break;
    case CICU_UNIT_DAY: icuUnit = UDAT_REL_UNIT_DAY; break;
    case CICU_UNIT_HOUR: icuUnit = UDAT_REL_UNIT_HOUR; break;
    case CICU_UNIT_MINUTE: icuUnit = UDAT_REL_UNIT_MINUTE; break;
    case CICU_UNIT_SECOND: icuUnit = UDAT_REL_UNIT_SECOND; break;
    default:
        *status = U_ILLEGAL_ARGUMENT_ERROR;
        return 0;
    }
    const URelativeDateTimeFormatter *formatter = (const URelativeDateTimeFormatter *)format;
    int32_t length = numeric
        ? ureldatefmt_formatNumeric(formatter, offset, icuUnit, dest, capacity, &code)
        : ureldatefmt_format(formatter, offset, icuUnit, dest, capacity, &code);
    *status = code;
    return length;
}
