#include <string.h>

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>

#include "internal.h"

int32_t cicu_charset_canonical_name(const char *label, char *dest, int32_t capacity, int32_t *status) {
    UErrorCode code = (UErrorCode)*status;
    // ucnv_open reads an empty name as "the platform default", which is not what a label means.
    if (label[0] == 0) {
        *status = U_ILLEGAL_ARGUMENT_ERROR;
        return 0;
    }
    UConverter *converter = ucnv_open(label, &code);
    if (U_FAILURE(code)) {
        *status = U_ILLEGAL_ARGUMENT_ERROR;
        return 0;
    }
    const char *name = ucnv_getName(converter, &code);
    int32_t length = 0;
    if (U_SUCCESS(code)) {
        length = (int32_t)strlen(name);
        if (length < capacity) {
            memcpy(dest, name, (size_t)length + 1);
        } else {
            code = U_BUFFER_OVERFLOW_ERROR;
        }
    }
    ucnv_close(converter);
    *status = code;
    return length;
}

/*
 * ICU's default substitution writes U+001A (ASCII SUB) for some converters,
 * which a reader would never notice; mail wants the visible U+FFFD everywhere.
 */
static void replaceWithFFFD(const void *context, UConverterToUnicodeArgs *args, const char *codeUnits,
                            int32_t length, UConverterCallbackReason reason, UErrorCode *status) {
    (void)context;
    (void)codeUnits;
    (void)length;
    if (reason > UCNV_IRREGULAR) {
        return;
    }
    static const UChar replacement = 0xFFFD;
    *status = U_ZERO_ERROR;
    ucnv_cbToUWriteUChars(args, &replacement, 1, 0, status);
}

int32_t cicu_charset_decode(const char *charset, const uint8_t *source, int32_t length,
                            uint8_t *dest, int32_t capacity, int32_t *status) {
    UErrorCode code = (UErrorCode)*status;
    UConverter *converter = ucnv_open(charset, &code);
    if (U_FAILURE(code)) {
        *status = code;
        return 0;
    }
    ucnv_setToUCallBack(converter, replaceWithFFFD, NULL, NULL, NULL, &code);
    int32_t written = ucnv_toAlgorithmic(UCNV_UTF8, converter, (char *)dest, capacity,
                                         (const char *)source, length, &code);
    ucnv_close(converter);
    *status = code;
    return written;
}

int32_t cicu_charset_encode(const char *charset, const uint8_t *source, int32_t length,
                            uint8_t *dest, int32_t capacity, int32_t *status) {
    UErrorCode code = (UErrorCode)*status;
    UConverter *converter = ucnv_open(charset, &code);
    if (U_FAILURE(code)) {
        *status = code;
        return 0;
    }
    // Substituting '?' would lose text silently; the caller picks another charset instead.
    ucnv_setFromUCallBack(converter, UCNV_FROM_U_CALLBACK_STOP, NULL, NULL, NULL, &code);
    int32_t written = ucnv_fromAlgorithmic(converter, UCNV_UTF8, (char *)dest, capacity,
                                           (const char *)source, length, &code);
    ucnv_close(converter);
    *status = code;
    return written;
}
