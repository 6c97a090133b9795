#include <unicode/uversion.h>
#include <unicode/ucol.h>
#include <unicode/udat.h>
#include <unicode/ureldatefmt.h>

#include "internal.h"

/* The public header repeats these numbers so that Swift never needs ICU's headers. */
_Static_assert(CICU_ZERO_ERROR == U_ZERO_ERROR, "status mismatch");
_Static_assert(CICU_ILLEGAL_ARGUMENT == U_ILLEGAL_ARGUMENT_ERROR, "status mismatch");
_Static_assert(CICU_INVALID_CHAR_FOUND == U_INVALID_CHAR_FOUND, "status mismatch");
_Static_assert(CICU_BUFFER_OVERFLOW == U_BUFFER_OVERFLOW_ERROR, "status mismatch");
_Static_assert(CICU_STRENGTH_PRIMARY == UCOL_PRIMARY, "strength mismatch");
_Static_assert(CICU_STRENGTH_SECONDARY == UCOL_SECONDARY, "strength mismatch");
_Static_assert(CICU_STRENGTH_TERTIARY == UCOL_TERTIARY, "strength mismatch");
_Static_assert(CICU_STRENGTH_QUATERNARY == UCOL_QUATERNARY, "strength mismatch");
_Static_assert(CICU_STRENGTH_IDENTICAL == UCOL_IDENTICAL, "strength mismatch");
_Static_assert(CICU_DATE_STYLE_NONE == UDAT_NONE, "date style mismatch");
_Static_assert(CICU_DATE_STYLE_FULL == UDAT_FULL, "date style mismatch");
_Static_assert(CICU_DATE_STYLE_LONG == UDAT_LONG, "date style mismatch");
_Static_assert(CICU_DATE_STYLE_MEDIUM == UDAT_MEDIUM, "date style mismatch");
_Static_assert(CICU_DATE_STYLE_SHORT == UDAT_SHORT, "date style mismatch");
_Static_assert(CICU_WIDTH_LONG == UDAT_STYLE_LONG, "width mismatch");
_Static_assert(CICU_WIDTH_SHORT == UDAT_STYLE_SHORT, "width mismatch");
_Static_assert(CICU_WIDTH_NARROW == UDAT_STYLE_NARROW, "width mismatch");

const char *cicu_error_name(int32_t status) {
    return u_errorName((UErrorCode)status);
}

void cicu_version(char *dest, int32_t capacity) {
    UVersionInfo version;
    char text[U_MAX_VERSION_STRING_LENGTH];
    u_getVersion(version);
    u_versionToString(version, text);
    if (capacity <= 0) {
        return;
    }
    int32_t i = 0;
    for (; i < capacity - 1 && text[i] != 0; i++) {
        dest[i] = text[i];
    }
    dest[i] = 0;
}
