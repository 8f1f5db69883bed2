#pragma once
// Money labels computed on the server: "$12,300", "€1,250.50", "¥5,000", "CHF 980". Amounts are
// integers in the currency's minor unit (cents; yen for JPY, which has none).
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "core/db/result.hpp"

namespace crest::common {

// Digits after the decimal point for an ISO 4217 code: 0 for JPY, KRW and the like, 3 for BHD,
// KWD, OMR, TND, JOD, 2 otherwise.
int minor_unit_digits(std::string_view currency);

// Grouped thousands; the fraction only when it is not zero; a leading "-" for negatives.
// kMoneySumLimit reads "at least $92,233,720,368,547,758.07": a sum that large may be larger.
std::string money_label(std::int64_t amount_minor, std::string_view currency);

// Sums of amounts. A deal holds at most 10^15, so some 9,300 deals overflow int64: queries sum
// amount / 10^9 and amount % 10^9 apart (neither sum can overflow at any row count) and add the
// two back in SQL, which is exact on PostgreSQL (numeric) and on SQLite while int64 holds it
// (past that, SQLite's integer arithmetic turns REAL instead of failing). A sum is shown exact
// when it fits in int64 and as kMoneySumLimit beyond.
inline constexpr std::int64_t kMoneySumLimit = std::numeric_limits<std::int64_t>::max();
// Such a sum as the query returns it (integer, REAL, numeric text; NULL is 0), saturated.
std::int64_t money_sum(const db::Value& cell);
// a + b for non-negative amounts, saturated at kMoneySumLimit.
std::int64_t add_money(std::int64_t a, std::int64_t b);

}  // namespace crest::common
