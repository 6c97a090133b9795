#include <memory>
#include <vector>

#include <unicode/fieldpos.h>
#include <unicode/fmtable.h>
#include <unicode/measfmt.h>
#include <unicode/measunit.h>
#include <unicode/measure.h>

#include "internal.h"

// MeasureFormat (C++ only) joins several units the way the language does
// ("2 hours, 5 minutes", "2시간 5분") and knows the numeric "2:05" form.
struct cicu_duration_format {
    std::unique_ptr<icu::MeasureFormat> format;
};

cicu_duration_format *cicu_duration_format_open(const char *locale, int32_t width, int32_t *status) {
    UErrorCode code = (UErrorCode)*status;
    char id[ULOC_FULLNAME_CAPACITY];
    cicu_locale_id(locale, id, &code);
    UMeasureFormatWidth measureWidth;
    switch (width) {
    case CICU_WIDTH_LONG: measureWidth = UMEASFMT_WIDTH_WIDE; break;
    case CICU_WIDTH_SHORT: measureWidth = UMEASFMT_WIDTH_SHORT; break;
    case CICU_WIDTH_NARROW: measureWidth = UMEASFMT_WIDTH_NARROW; break;
    case CICU_WIDTH_NUMERIC: measureWidth = UMEASFMT_WIDTH_NUMERIC; break;
    default: code = U_ILLEGAL_ARGUMENT_ERROR; break;
    }
    if (U_FAILURE(code)) {
        *status = code;
        return nullptr;
    }
    std::unique_ptr<cicu_duration_format> result(new cicu_duration_format());
    result->format.reset(new icu::MeasureFormat(icu::Locale(id), measureWidth, code));
    *status = code;
    return U_SUCCESS(code) ? result.release() : nullptr;
}

void cicu_duration_format_close(cicu_duration_format *format) {
    delete format;
}

static icu::MeasureUnit *createUnit(int32_t unit, UErrorCode &code) {
    switch (unit) {
    case CICU_UNIT_YEAR: return icu::MeasureUnit::createYear(code);
    case CICU_UNIT_MONTH: return icu::MeasureUnit::createMonth(code);
    case CICU_UNIT_WEEK: return icu::MeasureUnit::createWeek(code);
    case CICU_UNIT_DAY: return icu::MeasureUnit::createDay(code);
    case CICU_UNIT_HOUR: return icu::MeasureUnit::createHour(code);
    case CICU_UNIT_MINUTE: return icu::MeasureUnit::createMinute(code);
    case CICU_UNIT_SECOND: return icu::MeasureUnit::createSecond(code);
    default:
        code = U_ILLEGAL_ARGUMENT_ERROR;
        return nullptr;
    }
}

int32_t cicu_duration_format_format(const cicu_duration_format *format, const int32_t *units, const double *amounts,
                                    int32_t count, uint16_t *dest, int32_t capacity, int32_t *status) {
    UErrorCode code = (UErrorCode)*status;
    std::vector<icu::Measure> measures;
    measures.reserve((size_t)count);
    for (int32_t i = 0; i < count && U_SUCCESS(code); i++) {
        icu::MeasureUnit *unit = createUnit(units[i], code);
        if (U_FAILURE(code)) {
            delete unit;
            break;
        }
        measures.emplace_back(icu::Formattable(amounts[i]), unit, code);
    }
    icu::UnicodeString result;
    if (U_SUCCESS(code)) {
        icu::FieldPosition position(icu::FieldPosition::DONT_CARE);
        format->format->formatMeasures(measures.data(), (int32_t)measures.size(), result, position, code);
    }
    if (U_FAILURE(code)) {
        *status = code;
        return 0;
    }
    int32_t length = result.extract(reinterpret_cast<UChar *>(dest), capacity, code);
    *status = code;
    return length;
}
