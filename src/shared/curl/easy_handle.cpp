#include "shared/curl/easy_handle.hpp"

#include <fmt/format.h>

#include <mutex>
#include <new>
#include <stdexcept>
#include <type_traits>

namespace crest::curl {

static_assert(std::is_same_v<curl_off_t, long>, "set_option(long) carries curl_off_t values");

void initialise_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("libcurl failed to initialise");
  });
}

Easy make_easy() {
  initialise_once();
  Easy handle(curl_easy_init());
  if (!handle) throw std::bad_alloc();
  return handle;
}

void append(List& list, const std::string& line) {
  curl_slist* grown = curl_slist_append(list.get(), line.c_str());
  if (!grown) throw std::bad_alloc();
  (void)list.release();
  list.reset(grown);
}

namespace {
template <typename Value>
void set_checked(CURL* handle, CURLoption option, Value value) {
  if (CURLcode rc = curl_easy_setopt(handle, option, value); rc != CURLE_OK)
    throw std::runtime_error(
        fmt::format("libcurl option {} refused: {}", static_cast<int>(option), curl_easy_strerror(rc)));
}
}  // namespace

void set_option(CURL* handle, CURLoption option, long value) { set_checked(handle, option, value); }
void set_option(CURL* handle, CURLoption option, curl_write_callback value) { set_checked(handle, option, value); }
void set_option(CURL* handle, CURLoption option, const char* value) { set_checked(handle, option, value); }
void set_option(CURL* handle, CURLoption option, void* value) { set_checked(handle, option, value); }
void set_option(CURL* handle, CURLoption option, curl_slist* value) { set_checked(handle, option, value); }

}  // namespace crest::curl
