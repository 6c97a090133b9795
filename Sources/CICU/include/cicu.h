#ifndef SWITCHBOARD_CICU_H
#define SWITCHBOARD_CICU_H

/*
 * The system ICU behind plain C types.
 *
 * Foundation on Linux carries its own ICU, and a Swift module that sees both
 * sets of ICU headers does not compile. So this header never includes ICU:
 * strings cross as UTF-16 code units (uint16_t) or UTF-8 bytes, handles are
 * opaque structs, and status values are ICU's UErrorCode numbers carried in
 * an int32_t (greater than zero means failure, zero or less means success).
 *
 * Functions that produce text follow ICU's preflighting convention: they write
 * at most `capacity` units to `dest` and return the full length; when the
 * buffer is too small the status is CICU_BUFFER_OVERFLOW and the caller
 * retries with a larger buffer.
 *
 * Locales are BCP 47 tags ("ko-KR", "de-u-co-phonebk"); time zones are IANA
 * ids in UTF-16. None of the handles are safe for concurrent use: callers
 * serialise access to each handle.
 */

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Status values, as int32_t (checked against ICU's own constants when this target compiles). */
#define CICU_ZERO_ERROR 0
#define CICU_ILLEGAL_ARGUMENT 1
#define CICU_INVALID_CHAR_FOUND 10
#define CICU_BUFFER_OVERFLOW 15

/* ICU's symbolic name for a status value, e.g. "U_PATTERN_SYNTAX_ERROR". */
const char *cicu_error_name(int32_t status);

/* The version of the ICU library in use, e.g. "72.1". */
void cicu_version(char *dest, int32_t capacity);

/* ---- Locales ------------------------------------------------------------ */

/* Canonical BCP 47 form of a tag ("KO_kr" -> "ko-KR"); illegal argument when it is not a well-formed tag. */
int32_t cicu_locale_canonical_tag(const char *tag, char *dest, int32_t capacity, int32_t *status);

/*
 * Best of `supported` for a user who wants `desired` (most preferred first),
 * by CLDR's locale distance. Returns the index into `supported`, or -1 when
 * nothing is close enough; `desiredIndex` receives the desired entry that matched.
 */
int32_t cicu_locale_match(const char *const *supported, int32_t supportedCount,
                          const char *const *desired, int32_t desiredCount,
                          int32_t *desiredIndex, int32_t *status);

/* ---- Plural rules ------------------------------------------------------- */

typedef struct cicu_plural_rules cicu_plural_rules;

cicu_plural_rules *cicu_plural_rules_open(const char *locale, int32_t ordinal, int32_t *status);
void cicu_plural_rules_close(cicu_plural_rules *rules);

/*
 * Writes the category keyword ("one", "few", ...) for `number`. With
 * `fractionDigits` >= 0 the number is first rounded to exactly that many
 * visible fraction digits, which matters for rules that look at them
 * ("1" is "one" in English, "1.0" is "other").
 */
int32_t cicu_plural_rules_select(const cicu_plural_rules *rules, double number, int32_t fractionDigits,
                                 char *dest, int32_t capacity, int32_t *status);

/* ---- Message patterns --------------------------------------------------- */

/*
 * Parses an ICU MessageFormat pattern and writes the names of all its
 * arguments, nested ones included, each followed by a U+0000. On a syntax
 * error `errorOffset` receives the UTF-16 offset of the problem.
 */
int32_t cicu_message_pattern_argument_names(const uint16_t *pattern, int32_t length,
                                            uint16_t *dest, int32_t capacity,
                                            int32_t *errorOffset, int32_t *status);

typedef struct cicu_message_format cicu_message_format;

#define CICU_ARGUMENT_STRING 0
#define CICU_ARGUMENT_INTEGER 1
#define CICU_ARGUMENT_DOUBLE 2
#define CICU_ARGUMENT_DATE 3

/*
 * One named argument. Names and string values are ranges of the UTF-16
 * `text` buffer passed alongside, so a call needs no nested buffers.
 */
typedef struct cicu_message_argument {
    int32_t name_start;
    int32_t name_length;
    int32_t kind;
    int32_t text_start;
    int32_t text_length;
    int64_t integer;
    /* The double value, or for dates milliseconds since 1970-01-01 UTC. */
    double number;
} cicu_message_argument;

/* Compiles a pattern for a locale; date and time arguments format in `zone`. */
cicu_message_format *cicu_message_format_open(const uint16_t *pattern, int32_t length, const char *locale,
                                              const uint16_t *zone, int32_t zoneLength,
                                              int32_t *errorOffset, int32_t *status);
void cicu_message_format_close(cicu_message_format *format);
int32_t cicu_message_format_format(cicu_message_format *format, const uint16_t *text,
                                   const cicu_message_argument *arguments, int32_t count,
                                   uint16_t *dest, int32_t capacity, int32_t *status);

/* ---- Collation ---------------------------------------------------------- */

typedef struct cicu_collator cicu_collator;

#define CICU_STRENGTH_PRIMARY 0
#define CICU_STRENGTH_SECONDARY 1
#define CICU_STRENGTH_TERTIARY 2
#define CICU_STRENGTH_QUATERNARY 3
#define CICU_STRENGTH_IDENTICAL 15

cicu_collator *cicu_collator_open(const char *locale, int32_t strength, int32_t numeric, int32_t *status);
void cicu_collator_close(cicu_collator *collator);
/* -1, 0 or 1. */
int32_t cicu_collator_compare(const cicu_collator *collator, const uint16_t *a, int32_t aLength,
                              const uint16_t *b, int32_t bLength);
/* Writes a zero-terminated sort key and returns its full length (terminator included). */
int32_t cicu_collator_sort_key(const cicu_collator *collator, const uint16_t *text, int32_t length,
                               uint8_t *dest, int32_t capacity);

/* ---- Word breaking ------------------------------------------------------ */

typedef struct cicu_word_breaker cicu_word_breaker;

cicu_word_breaker *cicu_word_breaker_open(const char *locale, int32_t *status);
void cicu_word_breaker_close(cicu_word_breaker *breaker);

/*
 * Finds the words of `text` (letters, numbers, kana, ideographs; never spaces
 * or punctuation) and writes each as a UTF-16 [start, end) pair into `ranges`.
 * Returns the number of words, which may exceed `rangeCapacity` pairs.
 */
int32_t cicu_word_breaker_words(cicu_word_breaker *breaker, const uint16_t *text, int32_t length,
                                int32_t *ranges, int32_t rangeCapacity, int32_t *status);

/* ---- Charset conversion ------------------------------------------------- */

/* ICU's canonical converter name for a charset label or alias; illegal argument when ICU knows none. */
int32_t cicu_charset_canonical_name(const char *label, char *dest, int32_t capacity, int32_t *status);

/* Bytes in `charset` to UTF-8; malformed or unmapped input becomes U+FFFD. */
int32_t cicu_charset_decode(const char *charset, const uint8_t *source, int32_t length,
                            uint8_t *dest, int32_t capacity, int32_t *status);

/*
 * UTF-8 to bytes in `charset`. A character the charset cannot represent stops
 * the conversion with CICU_INVALID_CHAR_FOUND.
 */
int32_t cicu_charset_encode(const char *charset, const uint8_t *source, int32_t length,
                            uint8_t *dest, int32_t capacity, int32_t *status);

/* ---- Numbers ------------------------------------------------------------ */

typedef struct cicu_number_format cicu_number_format;

/* `skeleton` is an ICU number skeleton ("percent", "currency/EUR", ""), in UTF-16. */
cicu_number_format *cicu_number_format_open(const uint16_t *skeleton, int32_t length, const char *locale,
                                            int32_t *status);
void cicu_number_format_close(cicu_number_format *format);
int32_t cicu_number_format_double(const cicu_number_format *format, double value,
                                  uint16_t *dest, int32_t capacity, int32_t *status);
int32_t cicu_number_format_int64(const cicu_number_format *format, int64_t value,
                                 uint16_t *dest, int32_t capacity, int32_t *status);

/* ---- Dates and times ---------------------------------------------------- */

typedef struct cicu_date_format cicu_date_format;

#define CICU_DATE_STYLE_NONE (-1)
#define CICU_DATE_STYLE_FULL 0
#define CICU_DATE_STYLE_LONG 1
#define CICU_DATE_STYLE_MEDIUM 2
#define CICU_DATE_STYLE_SHORT 3

/* By styles, or (when `skeleton` is not null) by the locale's best pattern for a skeleton such as "yMMMdjm". */
cicu_date_format *cicu_date_format_open(const char *locale, const uint16_t *zone, int32_t zoneLength,
                                        int32_t dateStyle, int32_t timeStyle,
                                        const uint16_t *skeleton, int32_t skeletonLength, int32_t *status);
void cicu_date_format_close(cicu_date_format *format);
int32_t cicu_date_format_format(const cicu_date_format *format, double millisecondsSince1970,
                                uint16_t *dest, int32_t capacity, int32_t *status);

/* Illegal argument when ICU does not know the zone. */
void cicu_time_zone_check(const uint16_t *zone, int32_t zoneLength, int32_t *status);

/* ---- Relative times and durations --------------------------------------- */

#define CICU_WIDTH_LONG 0
#define CICU_WIDTH_SHORT 1
#define CICU_WIDTH_NARROW 2
/* Durations only: "1:05:00". */
#define CICU_WIDTH_NUMERIC 3

#define CICU_UNIT_YEAR 0
#define CICU_UNIT_MONTH 1
#define CICU_UNIT_WEEK 2
#define CICU_UNIT_DAY 3
#define CICU_UNIT_HOUR 4
#define CICU_UNIT_MINUTE 5
#define CICU_UNIT_SECOND 6

typedef struct cicu_relative_format cicu_relative_format;

cicu_relative_format *cicu_relative_format_open(const char *locale, int32_t width, int32_t *status);
void cicu_relative_format_close(cicu_relative_format *format);
/* "in 2 days", "3 hours ago"; unless `numeric`, phrases such as "yesterday" where the language has them. */
int32_t cicu_relative_format_format(const cicu_relative_format *format, double offset, int32_t unit, int32_t numeric,
                                    uint16_t *dest, int32_t capacity, int32_t *status);

typedef struct cicu_duration_format cicu_duration_format;

cicu_duration_format *cicu_duration_format_open(const char *locale, int32_t width, int32_t *status);
void cicu_duration_format_close(cicu_duration_format *format);
/* "2 hours, 5 minutes": one amount per unit, largest unit first. */
int32_t cicu_duration_format_format(const cicu_duration_format *format, const int32_t *units, const double *amounts,
                                    int32_t count, uint16_t *dest, int32_t capacity, int32_t *status);

#ifdef __cplusplus
}
#endif

#endif
