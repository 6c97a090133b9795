#include <unicode/ucol.h>

#include "internal.h"

/* The handle is ICU's own collator; the struct name only keeps it opaque to Swift. */
static UCollator *collatorOf(const cicu_collator *collator) {
    return (UCollator *)collator;
}

cicu_collator *cicu_collator_open(const char *locale, int32_t strength, int32_t numeric, int32_t *status) {
    UErrorCode code = (UErrorCode)*status;
    char id[ULOC_FULLNAME_CAPACITY];
    cicu_locale_id(locale, id, &code);
    UCollator *collator = U_SUCCESS(code) ? ucol_open(id, &code) : NULL;
    if (U_SUCCESS(code)) {
        ucol_setStrength(collator, (UCollationStrength)strength);
        ucol_setAttribute(collator, UCOL_NUMERIC_COLLATION, numeric ? UCOL_ON : UCOL_OFF, &code);
    }
    *status = code;
    if (U_FAILURE(code)) {
        if (collator != NULL) {
            ucol_close(collator);
        }
        return NULL;
    }
    return (cicu_collator *)collator;
}

void cicu_collator_close(cicu_collator *collator) {
    if (collator != NULL) {
        ucol_close(collatorOf(collator));
    }
}

int32_t cicu_collator_compare(const cicu_collator *collator, const uint16_t *a, int32_t aLength,
                              const uint16_t *b, int32_t bLength) {
    switch (ucol_strcoll(collatorOf(collator), a, aLength, b, bLength)) {
    case UCOL_LESS:
        return -1;
    case UCOL_GREATER:
        return 1;
    default:
        return 0;
    }
}

int32_t cicu_collator_sort_key(const cicu_collator *collator, const uint16_t *text, int32_t length,
                               uint8_t *dest, int32_t capacity) {
    return ucol_getSortKey(collatorOf(collator), text, length, dest, capacity);
}
