#pragma once
// Money labels computed on the server: "$12,300", "€1,250.50", "¥5,000", "CHF 980". Amounts are
// integers in the currency's minor unit (cents; yen for JPY, which has none).
#include <cstdint>
#include <string>
#include <string_view>

namespace crest::common {

// Digits after the decimal point for an ISO 4217 code: 0 for JPY, KRW and the like, 3 for BHD,
// KWD, OMR, TND, JOD, 2 otherwise.
int minor_unit_digits(std::string_view currency);

// Grouped thousands; the fraction only when it is not zero; a leading "-" for negatives.
std::string money_label(std::int64_t amount_minor, std::string_view currency);

}  // namespace crest::common
