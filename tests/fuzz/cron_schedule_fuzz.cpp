// Cron expressions, as a module (or a deployment's configuration) writes them. Whatever does not
// parse is an InvalidSchedule, never a crash; whatever parses fires in strictly increasing order
// and never loops: ten fires from a fixed instant, in a zone the first byte picks.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/cron/cron_schedule.hpp"
#include "property.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static constexpr const char* kZones[] = {"UTC", "Europe/Berlin", "Australia/Lord_Howe", "America/Santiago",
                                           "Asia/Kolkata", "America/Havana"};
  const char* zone = kZones[data[0] % std::size(kZones)];
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  std::optional<crest::cron::CronSchedule> schedule;
  try {
    schedule = crest::cron::CronSchedule::parse(text, zone);
  } catch (const crest::cron::InvalidSchedule&) {
    return 0;
  }
  // 2026-03-28T12:00:00Z: the Berlin spring-forward is a day ahead.
  std::chrono::sys_seconds t{std::chrono::seconds(1'774'699'200)};
  for (int i = 0; i < 10; ++i) {
    auto next = schedule->next_after(t);
    if (!next) break;
    crest::fuzz::require(*next > t, "each fire is after the one before");
    t = *next;
  }
  return 0;
}
