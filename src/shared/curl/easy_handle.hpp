#pragma once
// What every libcurl caller here needs (SMTP mail, S3 storage): the global init done once, owned
// handles and header lists, and options whose refusal is an exception rather than a silent no-op.
#include <curl/curl.h>

#include <memory>
#include <string>

namespace crest::curl {

void initialise_once();  // throws std::runtime_error when libcurl cannot start

struct EasyDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct ListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Easy = std::unique_ptr<CURL, EasyDeleter>;
using List = std::unique_ptr<curl_slist, ListDeleter>;

// A new handle (after initialise_once); throws std::bad_alloc when curl cannot make one.
Easy make_easy();
// Appends one "Name: value" line; throws std::bad_alloc when curl cannot.
void append(List& list, const std::string& line);

// Throws std::runtime_error naming the option curl refused.
void set_option(CURL* handle, CURLoption option, long value);
// curl_off_t is long here (static_assert in the .cpp); read, write and header callbacks share a type.
void set_option(CURL* handle, CURLoption option, curl_write_callback value);
void set_option(CURL* handle, CURLoption option, const char* value);
void set_option(CURL* handle, CURLoption option, void* value);
void set_option(CURL* handle, CURLoption option, curl_slist* value);

}  // namespace crest::curl
