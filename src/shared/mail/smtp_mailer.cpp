#include "shared/mail/smtp_mailer.hpp"

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace crest::mail {

namespace {

void initialise_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
      throw std::runtime_error("libcurl failed to initialise");
  });
}

struct EasyDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct ListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

// The message as curl reads it for DATA (curl dot-stuffs and ends it with CRLF . CRLF).
std::size_t read_message(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* rest = static_cast<std::string_view*>(user);
  std::size_t n = std::min(size * count, rest->size());
  std::memcpy(buffer, rest->data(), n);
  rest->remove_prefix(n);
  return n;
}

template <typename Value>
void set(CURL* handle, CURLoption option, Value value) {
  if (CURLcode rc = curl_easy_setopt(handle, option, value); rc != CURLE_OK)
    throw std::runtime_error(
        fmt::format("libcurl option {} refused: {}", static_cast<int>(option), curl_easy_strerror(rc)));
}

// No reply code said 4xx or 5xx: only a URL curl cannot use is worth giving up on.
bool permanent_without_reply(CURLcode rc) {
  return rc == CURLE_UNSUPPORTED_PROTOCOL || rc == CURLE_URL_MALFORMAT;
}

}  // namespace

std::string redacted_smtp_url(const std::string& url) {
  auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return url;
  auto authority_start = scheme_end + 3;
  auto authority_end = std::min(url.find('/', authority_start), url.size());
  auto at = url.rfind('@', authority_end);
  if (at == std::string::npos || at < authority_start) return url;
  auto colon = url.find(':', authority_start);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon) + url.substr(at);
}

SmtpMailer::SmtpMailer(SmtpSettings settings) : settings_(std::move(settings)) {
  if (!settings_.url.starts_with("smtp://") && !settings_.url.starts_with("smtps://"))
    throw std::invalid_argument("an SMTP URL starts with smtp:// or smtps://");
  initialise_curl_once();
}

MailReceipt SmtpMailer::send(const MailMessage& message) {
  RenderedMessage rendered = render_message(message, settings_.from);
  std::unique_ptr<CURL, EasyDeleter> handle(curl_easy_init());
  if (!handle) throw TemporaryMailError("libcurl could not make a handle");
  std::string sender = "<" + rendered.sender + ">";
  std::unique_ptr<curl_slist, ListDeleter> recipients(
      curl_slist_append(nullptr, ("<" + rendered.recipient + ">").c_str()));
  if (!recipients) throw TemporaryMailError("out of memory");
  std::string_view rest = rendered.text;
  char error_text[CURL_ERROR_SIZE] = {};
  long timeout_ms = static_cast<long>(settings_.timeout.count());

  CURL* h = handle.get();
  set(h, CURLOPT_URL, settings_.url.c_str());
  set(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  set(h, CURLOPT_USE_SSL,
      static_cast<long>(CURLUSESSL_TRY));  // STARTTLS when offered (smtp://)
  set(h, CURLOPT_MAIL_FROM, sender.c_str());
  set(h, CURLOPT_MAIL_RCPT, recipients.get());
  set(h, CURLOPT_UPLOAD, 1L);
  set(h, CURLOPT_READFUNCTION, &read_message);
  set(h, CURLOPT_READDATA, &rest);
  set(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(rendered.text.size()));
  set(h, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  set(h, CURLOPT_TIMEOUT_MS, timeout_ms);
  set(h, CURLOPT_NOSIGNAL,
      1L);  // timeouts without SIGALRM: we run on worker threads
  set(h, CURLOPT_ERRORBUFFER, error_text);

  CURLcode rc = curl_easy_perform(h);
  if (rc == CURLE_OK) return MailReceipt{rendered.message_id, {}};

  long reply = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply);
  std::string detail = fmt::format("SMTP to {} via {} failed: {}{}", rendered.recipient, describe(),
                                   error_text[0] ? error_text : curl_easy_strerror(rc),
                                   reply ? fmt::format(" (last reply {})", reply) : std::string());
  int code = static_cast<int>(reply);
  if (code >= 500 && code < 600) throw PermanentMailError(detail, code);
  if (code >= 400 && code < 500) throw TemporaryMailError(detail, code);
  if (permanent_without_reply(rc)) throw PermanentMailError(detail);
  throw TemporaryMailError(detail);  // refused, DNS, TLS, timeout, a dropped connection
}

std::string SmtpMailer::describe() const { return redacted_smtp_url(settings_.url); }

}  // namespace crest::mail
