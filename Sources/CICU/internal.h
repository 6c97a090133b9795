#ifndef SWITCHBOARD_CICU_INTERNAL_H
#define SWITCHBOARD_CICU_INTERNAL_H

/* Shared by the implementation files only; this is where ICU's headers come in. */

#include <unicode/utypes.h>
#include <unicode/uloc.h>

#include "include/cicu.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * ICU's C functions accept their own locale ids ("zh_Hant_TW@collation=stroke"),
 * not BCP 47. Converting here means "de-u-co-phonebk" keeps its extension and
 * a malformed tag is rejected instead of silently meaning the root locale.
 */
void cicu_locale_id(const char *tag, char dest[ULOC_FULLNAME_CAPACITY], UErrorCode *status);

/* Rejects zone ids ICU does not know, which it would otherwise treat as GMT. */
void cicu_check_zone(const UChar *zone, int32_t zoneLength, UErrorCode *status);

#ifdef __cplusplus
}
#endif

#endif
