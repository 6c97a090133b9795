#include <memory>
#include <string>
#include <vector>

#include <unicode/datefmt.h>
#include <unicode/fmtable.h>
#include <unicode/messagepattern.h>
#include <unicode/msgfmt.h>
#include <unicode/smpdtfmt.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include "internal.h"

namespace {

// ICU's MessageFormat creates the formatters for date and time arguments in
// the process's default time zone, nested ones included, and offers no way to
// reach them. So each such argument is cut out of the pattern before ICU sees
// it, replaced by a plain placeholder argument, and formatted here with a
// formatter that carries the requested zone.
struct DateArgument {
    icu::UnicodeString name;
    icu::UnicodeString placeholder;
    std::unique_ptr<icu::DateFormat> format;
};

struct Replacement {
    int32_t start;
    int32_t limit;
    icu::UnicodeString placeholder;
};

// Mirrors MessageFormat's own reading of a date or time argument's style.
icu::DateFormat *createDateFormat(bool isTime, const icu::UnicodeString &rawStyle, const icu::Locale &locale,
                                  UErrorCode &code) {
    icu::UnicodeString style(rawStyle);
    style.trim();
    if (style.startsWith(u"::")) {
        return icu::DateFormat::createInstanceForSkeleton(style.tempSubString(2), locale, code);
    }
    icu::UnicodeString keyword(style);
    keyword.toLower(icu::Locale::getRoot());
    icu::DateFormat::EStyle dateStyle;
    if (keyword.isEmpty() || keyword == u"medium") {
        dateStyle = icu::DateFormat::kMedium;
    } else if (keyword == u"short") {
        dateStyle = icu::DateFormat::kShort;
    } else if (keyword == u"long") {
        dateStyle = icu::DateFormat::kLong;
    } else if (keyword == u"full") {
        dateStyle = icu::DateFormat::kFull;
    } else {
        icu::DateFormat *format = new icu::SimpleDateFormat(style, locale, code);
        if (U_FAILURE(code)) {
            delete format;
            return nullptr;
        }
        return format;
    }
    icu::DateFormat *format = isTime ? icu::DateFormat::createTimeInstance(dateStyle, locale)
                                     : icu::DateFormat::createDateInstance(dateStyle, locale);
    if (format == nullptr && U_SUCCESS(code)) {
        code = U_MISSING_RESOURCE_ERROR;
    }
    return format;
}

bool contains(const std::vector<icu::UnicodeString> &names, const icu::UnicodeString &name) {
    for (const icu::UnicodeString &candidate : names) {
        if (candidate == name) {
            return true;
        }
    }
    return false;
}

}  // namespace

struct cicu_message_format {
    icu::Locale locale;
    std::unique_ptr<icu::TimeZone> zone;
    std::unique_ptr<icu::MessageFormat> format;
    std::vector<DateArgument> dates;
    // Arguments without a type ("{when}") format a date the way ICU would,
    // short date and time, but in the requested zone.
    std::vector<icu::UnicodeString> untypedNames;
    std::unique_ptr<icu::DateFormat> untypedDateFormat;
};

cicu_message_format *cicu_message_format_open(const uint16_t *pattern, int32_t length, const char *locale,
                                              const uint16_t *zone, int32_t zoneLength,
                                              int32_t *errorOffset, int32_t *status) {
    UErrorCode code = (UErrorCode)*status;
    *errorOffset = -1;
    char localeID[ULOC_FULLNAME_CAPACITY];
    cicu_locale_id(locale, localeID, &code);
    cicu_check_zone(reinterpret_cast<const UChar *>(zone), zoneLength, &code);
    if (U_FAILURE(code)) {
        *status = code;
        return nullptr;
    }
    std::unique_ptr<cicu_message_format> result(new cicu_message_format());
    result->locale = icu::Locale(localeID);
    result->zone.reset(icu::TimeZone::createTimeZone(
        icu::UnicodeString(reinterpret_cast<const UChar *>(zone), zoneLength)));

    icu::UnicodeString text(reinterpret_cast<const UChar *>(pattern), length);
    UParseError parseError = {};
    icu::MessagePattern parsed(text, &parseError, code);
    if (U_FAILURE(code)) {
        *errorOffset = parseError.offset;
        *status = code;
        return nullptr;
    }

    std::vector<Replacement> replacements;
    for (int32_t i = 0; i < parsed.countParts(); i++) {
        const icu::MessagePattern::Part &part = parsed.getPart(i);
        if (part.getType() != UMSGPAT_PART_TYPE_ARG_START) {
            continue;
        }
        icu::UnicodeString name = parsed.getSubstring(parsed.getPart(i + 1));
        if (part.getArgType() == UMSGPAT_ARG_TYPE_NONE) {
            if (!contains(result->untypedNames, name)) {
                result->untypedNames.push_back(name);
            }
            continue;
        }
        if (part.getArgType() != UMSGPAT_ARG_TYPE_SIMPLE) {
            continue;
        }
        icu::UnicodeString type = parsed.getSubstring(parsed.getPart(i + 2));
        bool isDate = type.caseCompare(u"date", U_FOLD_CASE_DEFAULT) == 0;
        bool isTime = type.caseCompare(u"time", U_FOLD_CASE_DEFAULT) == 0;
        if (!isDate && !isTime) {
            continue;
        }
        int32_t limitIndex = parsed.getLimitPartIndex(i);
        icu::UnicodeString style;
        if (i + 3 < limitIndex && parsed.getPartType(i + 3) == UMSGPAT_PART_TYPE_ARG_STYLE) {
            style = parsed.getSubstring(parsed.getPart(i + 3));
        }
        std::unique_ptr<icu::DateFormat> format(createDateFormat(isTime, style, result->locale, code));
        if (U_FAILURE(code)) {
            *errorOffset = part.getIndex();
            *status = code;
            return nullptr;
        }
        format->setTimeZone(*result->zone);
        icu::UnicodeString placeholder(u"cicu_date_");
        placeholder.append(icu::UnicodeString(std::to_string(result->dates.size()).c_str(), -1, US_INV));
        replacements.push_back({part.getIndex(), parsed.getPart(limitIndex).getLimit(), placeholder});
        result->dates.push_back({name, placeholder, std::move(format)});
    }

    icu::UnicodeString rewritten;
    int32_t position = 0;
    for (const Replacement &replacement : replacements) {
        rewritten.append(text, position, replacement.start - position);
        rewritten.append(u'{').append(replacement.placeholder).append(u'}');
        position = replacement.limit;
    }
    rewritten.append(text, position, text.length() - position);

    // ICU leaves the offset alone for errors that are not about syntax (an unknown argument type).
    parseError.offset = -1;
    result->format.reset(new icu::MessageFormat(rewritten, result->locale, parseError, code));
    if (U_FAILURE(code)) {
        // Offsets after a replacement no longer match the caller's text; report them only when none happened.
        *errorOffset = replacements.empty() ? parseError.offset : -1;
        *status = code;
        return nullptr;
    }
    *status = code;
    return result.release();
}

void cicu_message_format_close(cicu_message_format *format) {
    delete format;
}

int32_t cicu_message_format_format(cicu_message_format *format, const uint16_t *text,
                                   const cicu_message_argument *arguments, int32_t count,
                                   uint16_t *dest, int32_t capacity, int32_t *status) {
    UErrorCode code = (UErrorCode)*status;
    const UChar *characters = reinterpret_cast<const UChar *>(text);
    std::vector<icu::UnicodeString> names;
    std::vector<icu::Formattable> values;
    names.reserve((size_t)count + format->dates.size());
    values.reserve((size_t)count + format->dates.size());

    for (int32_t i = 0; i < count && U_SUCCESS(code); i++) {
        const cicu_message_argument &argument = arguments[i];
        icu::UnicodeString name(characters + argument.name_start, argument.name_length);
        if (argument.kind == CICU_ARGUMENT_STRING) {
            values.emplace_back(icu::UnicodeString(characters + argument.text_start, argument.text_length));
        } else if (argument.kind == CICU_ARGUMENT_INTEGER) {
            values.emplace_back((int64_t)argument.integer);
        } else if (argument.kind == CICU_ARGUMENT_DOUBLE) {
            values.emplace_back(argument.number);
        } else if (argument.kind == CICU_ARGUMENT_DATE) {
            if (contains(format->untypedNames, name)) {
                if (!format->untypedDateFormat) {
                    format->untypedDateFormat.reset(icu::DateFormat::createDateTimeInstance(
                        icu::DateFormat::kShort, icu::DateFormat::kShort, format->locale));
                    if (!format->untypedDateFormat) {
                        code = U_MISSING_RESOURCE_ERROR;
                        break;
                    }
                    format->untypedDateFormat->setTimeZone(*format->zone);
                }
                icu::UnicodeString formatted;
                format->untypedDateFormat->format((UDate)argument.number, formatted);
                values.emplace_back(formatted);
            } else {
                values.emplace_back((UDate)argument.number, icu::Formattable::kIsDate);
            }
        } else {
            code = U_ILLEGAL_ARGUMENT_ERROR;
            break;
        }
        names.push_back(name);
    }

    for (const DateArgument &date : format->dates) {
        if (U_FAILURE(code)) {
            break;
        }
        const cicu_message_argument *supplied = nullptr;
        for (int32_t i = 0; i < count; i++) {
            if (names[(size_t)i] == date.name) {
                supplied = &arguments[i];
                break;
            }
        }
        icu::UnicodeString formatted;
        if (supplied == nullptr) {
            // What ICU itself shows for an argument nobody supplied.
            formatted.append(u'{').append(date.name).append(u'}');
        } else if (supplied->kind == CICU_ARGUMENT_DATE || supplied->kind == CICU_ARGUMENT_DOUBLE) {
            date.format->format((UDate)supplied->number, formatted);
        } else if (supplied->kind == CICU_ARGUMENT_INTEGER) {
            date.format->format((UDate)supplied->integer, formatted);
        } else {
            code = U_ILLEGAL_ARGUMENT_ERROR;
            break;
        }
        names.push_back(date.placeholder);
        values.emplace_back(formatted);
    }

    if (U_FAILURE(code)) {
        *status = code;
        return 0;
    }
    icu::UnicodeString result;
    format->format->format(names.data(), values.data(), (int32_t)names.size(), result, code);
    if (U_FAILURE(code)) {
        *status = code;
        return 0;
    }
    int32_t length = result.extract(reinterpret_cast<UChar *>(dest), capacity, code);
    *status = code;
    return length;
}
