#include <stdlib.h>
#include <stdio.h>

#include <unicode/upluralrules.h>
#include <unicode/unumberformatter.h>
#include <unicode/ustring.h>

#include "internal.h"

struct cicu_plural_rules {
    UPluralRules *rules;
    char locale[ULOC_FULLNAME_CAPACITY];
};

cicu_plural_rules *cicu_plural_rules_open(const char *locale, int32_t ordinal, int32_t *status) {
    UErrorCode code = (UErrorCode)*status;
    cicu_plural_rules *result = calloc(1, sizeof(cicu_plural_rules));
    if (result == NULL) {
        *status = U_MEMORY_ALLOCATION_ERROR;
        return NULL;
    }
    cicu_locale_id(locale, result->locale, &code);
    if (U_SUCCESS(code)) {
        result->rules = uplrules_openForType(result->locale, ordinal ? UPLURAL_TYPE_ORDINAL : UPLURAL_TYPE_CARDINAL, &code);
    }
    *status = code;
    if (U_FAILURE(code)) {
        cicu_plural_rules_close(result);
        return NULL;
    }
    return result;
}

void cicu_plural_rules_close(cicu_plural_rules *rules) {
    if (rules == NULL) {
        return;
    }
    if (rules->rules != NULL) {
        uplrules_close(rules->rules);
    }
    free(rules);
}

int32_t cicu_plural_rules_select(const cicu_plural_rules *rules, double number, int32_t fractionDigits,
                                 char *dest, int32_t capacity, int32_t *status) {
    UErrorCode code = (UErrorCode)*status;
    UChar keyword[32];
    int32_t length = 0;
    if (fractionDigits < 0) {
        length = uplrules_select(rules->rules, number, keyword, 32, &code);
    } else {
        // Plural operands count visible fraction digits, which only a formatted number carries.
        char skeleton[48];
        UChar skeletonText[48];
        if (fractionDigits == 0) {
            snprintf(skeleton, sizeof skeleton, "precision-integer");
        } else {
            int32_t digits = fractionDigits > 20 ? 20 : fractionDigits;
            int32_t n = snprintf(skeleton, sizeof skeleton, ".");
            for (int32_t i = 0; i < digits; i++) {
                skeleton[n++] = '0';
            }
            skeleton[n] = 0;
        }
        u_uastrcpy(skeletonText, skeleton);
        UNumberFormatter *formatter = unumf_openForSkeletonAndLocale(skeletonText, -1, rules->locale, &code);
        UFormattedNumber *formatted = unumf_openResult(&code);
        unumf_formatDouble(formatter, number, formatted, &code);
        length = uplrules_selectFormatted(rules->rules, formatted, keyword, 32, &code);
        if (formatted != NULL) {
            unumf_closeResult(formatted);
        }
        if (formatter != NULL) {
            unumf_close(formatter);
        }
    }
    if (U_FAILURE(code)) {
        *status = code;
        return 0;
    }
    // Keywords are ASCII ("zero" ... "other").
    int32_t i = 0;
    for (; i < length && i < capacity; i++) {
        dest[i] = (char)keyword[i];
    }
    if (length < capacity) {
        dest[length] = 0;
    } else {
        code = U_BUFFER_OVERFLOW_ERROR;
    }
    *status = code;
    return length;
}
