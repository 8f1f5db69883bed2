#include "common/presenters/money.hpp"

#include <array>
#include <charconv>
#include <stdexcept>
#include <utility>

namespace crest::common {

namespace {
constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kSymbols{{
    {"USD", "$"}, {"EUR", "€"}, {"GBP", "£"}, {"JPY", "¥"}, {"INR", "₹"}, {"CAD", "CA$"}, {"AUD", "A$"}, {"BRL", "R$"},
}};

std::string grouped(std::uint64_t value) {
  std::string digits = std::to_string(value);
  std::string out;
  int since_group = 0;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (since_group == 3) {
      out.insert(out.begin(), ',');
      since_group = 0;
    }
    out.insert(out.begin(), *it);
    ++since_group;
  }
  return out;
}
}  // namespace

int minor_unit_digits(std::string_view currency) {
  for (std::string_view none : {"JPY", "KRW", "VND", "CLP", "ISK", "HUF", "XOF", "XAF"})
    if (currency == none) return 0;
  for (std::string_view three : {"BHD", "KWD", "OMR", "TND", "JOD"})
    if (currency == three) return 3;
  return 2;
}

std::string money_label(std::int64_t amount_minor, std::string_view currency) {
  int digits = minor_unit_digits(currency);
  std::uint64_t scale = 1;
  for (int i = 0; i < digits; ++i) scale *= 10;
  // Magnitude without overflow for INT64_MIN.
  std::uint64_t magnitude = amount_minor < 0 ? std::uint64_t(0) - static_cast<std::uint64_t>(amount_minor)
                                             : static_cast<std::uint64_t>(amount_minor);
  std::string number = grouped(magnitude / scale);
  if (std::uint64_t fraction = magnitude % scale; fraction != 0) {
    std::string part = std::to_string(fraction);
    number += "." + std::string(static_cast<std::size_t>(digits) - part.size(), '0') + part;
  }
  std::string symbol;
  for (const auto& [code, sign] : kSymbols)
    if (code == currency) symbol = std::string(sign);
  std::string label = symbol.empty() ? std::string(currency) + " " + number : symbol + number;
  if (amount_minor == kMoneySumLimit) return "at least " + label;
  return amount_minor < 0 ? "-" + label : label;
}

std::int64_t money_sum(const db::Value& cell) {
  if (auto* integer = std::get_if<std::int64_t>(&cell)) return *integer;
  if (auto* real = std::get_if<double>(&cell)) {
    // SQLite made it REAL because it overflowed int64 (2^63 is exact as a double).
    if (*real >= 9223372036854775808.0) return kMoneySumLimit;
    if (*real <= -9223372036854775808.0) return std::numeric_limits<std::int64_t>::min();
    return static_cast<std::int64_t>(*real);
  }
  if (auto* text = std::get_if<std::string>(&cell)) {
    std::int64_t out = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), out);
    if (ec == std::errc::result_out_of_range)
      return text->starts_with('-') ? std::numeric_limits<std::int64_t>::min() : kMoneySumLimit;
    if (ec == std::errc() && end == text->data() + text->size()) return out;
    throw std::logic_error("a money sum is not a number: " + *text);
  }
  return 0;  // NULL: the sum of no rows
}

std::int64_t add_money(std::int64_t a, std::int64_t b) {
  std::int64_t sum = 0;
  if (__builtin_add_overflow(a, b, &sum)) return kMoneySumLimit;
  return sum;
}

}  // namespace crest::common
