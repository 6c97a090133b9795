#include <unicode/ubrk.h>

#include "internal.h"

static UBreakIterator *iteratorOf(cicu_word_breaker *breaker) {
    return (UBreakIterator *)breaker;
}

cicu_word_breaker *cicu_word_breaker_open(const char *locale, int32_t *status) {
    UErrorCode code = (UErrorCode)*status;
    char id[ULOC_FULLNAME_CAPACITY];
    cicu_locale_id(locale, id, &code);
    UBreakIterator *iterator = U_SUCCESS(code) ? ubrk_open(UBRK_WORD, id, NULL, 0, &code) : NULL;
    *status = code;
    if (U_FAILURE(code)) {
        if (iterator != NULL) {
            ubrk_close(iterator);
        }
        return NULL;
    }
    return (cicu_word_breaker *)iterator;
}

void cicu_word_breaker_close(cicu_word_breaker *breaker) {
    if (breaker != NULL) {
        ubrk_close(iteratorOf(breaker));
    }
}

int32_t cicu_word_breaker_words(cicu_word_breaker *breaker, const uint16_t *text, int32_t length,
                                int32_t *ranges, int32_t rangeCapacity, int32_t *status) {
    UErrorCode code = (UErrorCode)*status;
    UBreakIterator *iterator = iteratorOf(breaker);
    ubrk_setText(iterator, text, length, &code);
    if (U_FAILURE(code)) {
        *status = code;
        return 0;
    }
    int32_t count = 0;
    int32_t start = ubrk_first(iterator);
    for (int32_t end = ubrk_next(iterator); end != UBRK_DONE; start = end, end = ubrk_next(iterator)) {
        // The rule status tells letters, numbers, kana and ideographs from
        // spaces and punctuation, which all sit below UBRK_WORD_NONE_LIMIT.
        if (ubrk_getRuleStatus(iterator) < UBRK_WORD_NONE_LIMIT) {
            continue;
        }
        if (count < rangeCapacity) {
            ranges[2 * count] = start;
            ranges[2 * count + 1] = end;
        }
        count++;
    }
    // The iterator would otherwise keep pointing into the caller's buffer.
    static const UChar empty[1] = {0};
    UErrorCode resetCode = U_ZERO_ERROR;
    ubrk_setText(iterator, empty, 0, &resetCode);
    *status = code;
    return count;
}
