#include "common/presenters/money.hpp"

#include <array>
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
  return amount_minor < 0 ? "-" + label : label;
}

}  // namespace crest::common
