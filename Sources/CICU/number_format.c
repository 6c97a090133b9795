#include <unicode/unumberformatter.h>

#include "internal.h"

static const UNumberFormatter *formatterOf(const cicu_number_format *format) {
    return (const UNumberFormatter *)format;
}

cicu_number_format *cicu_number_format_open(const uint16_t *skeleton, int32_t length, const char *locale,
                                            int32_t *status) {
    UErrorCode code = (UErrorCode)*status;
    char id[ULOC_FULLNAME_CAPACITY];
    cicu_locale_id(locale, id, &code);
    UNumberFormatter *formatter = U_SUCCESS(code) ? unumf_openForSkeletonAndLocale(skeleton, length, id, &code) : NULL;
    *status = code;
    if (U_FAILURE(code)) {
        if (formatter != NULL) {
            unumf_close(formatter);
        }
        return NULL;
    }
    return (cicu_number_format *)formatter;
}

void cicu_number_format_close(cicu_number_format *format) {
    if (format != NULL) {
        unumf_close((UNumberFormatter *)format);
    }
}

static int32_t finish(UFormattedNumber *result, uint16_t *dest, int32_t capacity, UErrorCode code, int32_t *status) {
    int32_t length = U_SUCCESS(code) ? unumf_resultToString(result, dest, capacity, &code) : 0;
    unumf_closeResult(result);
    *status = code;
    return length;
}

int32_t cicu_number_format_double(const cicu_number_format *format, double value,
                                  uint16_t *dest, int32_t capacity, int32_t *status) {
    UErrorCode code = (UErrorCode)*status;
    UFormattedNumber *result = unumf_openResult(&code);
    if (U_FAILURE(code)) {
        *status = code;
        return 0;
    }
    unumf_formatDouble(formatterOf(format), value, result, &code);
    return finish(result, dest, capacity, code, status);
}

int32_t cicu_number_format_int64(const cicu_number_format *format, int64_t value,
                                 uint16_t *dest, int32_t capacity, int32_t *status) {
    UErrorCode code = (UErrorCode)*status;
    UFormattedNumber *result = unumf_openResult(&code);
    if (U_FAILURE(code)) {
        *status = code;
        return 0;
    }
    unumf_formatInt(formatterOf(format), value, result, &code);
    return finish(result, dest, capacity, code, status);
}
