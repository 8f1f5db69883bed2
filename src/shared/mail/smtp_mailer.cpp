#include "shared/mail/smtp_mailer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <stdexcept>

#include "shared/curl/easy_handle.hpp"

namespace crest::mail {

namespace {

// The message as curl reads it for DATA (curl dot-stuffs and ends it with CRLF . CRLF).
std::size_t read_message(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* rest = static_cast<std::string_view*>(user);
  std::size_t n = std::min(size * count, rest->size());
  std::memcpy(buffer, rest->data(), n);
  rest->remove_prefix(n);
  return n;
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
  curl::initialise_once();
}

MailReceipt SmtpMailer::send(const MailMessage& message) {
  RenderedMessage rendered = render_message(message, settings_.from);
  curl::Easy handle = curl::make_easy();
  std::string sender = "<" + rendered.sender + ">";
  curl::List recipients;
  curl::append(recipients, "<" + rendered.recipient + ">");
  std::string_view rest = rendered.text;
  char error_text[CURL_ERROR_SIZE] = {};
  long timeout_ms = static_cast<long>(settings_.timeout.count());

  CURL* h = handle.get();
  curl::set_option(h, CURLOPT_URL, settings_.url.c_str());
  curl::set_option(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl::set_option(h, CURLOPT_USE_SSL,
      static_cast<long>(CURLUSESSL_TRY));  // STARTTLS when offered (smtp://)
  curl::set_option(h, CURLOPT_MAIL_FROM, sender.c_str());
  curl::set_option(h, CURLOPT_MAIL_RCPT, recipients.get());
  curl::set_option(h, CURLOPT_UPLOAD, 1L);
  curl::set_option(h, CURLOPT_READFUNCTION, &read_message);
  curl::set_option(h, CURLOPT_READDATA, &rest);
  curl::set_option(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(rendered.text.size()));
  curl::set_option(h, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  curl::set_option(h, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl::set_option(h, CURLOPT_NOSIGNAL,
      1L);  // timeouts without SIGALRM: we run on worker threads
  curl::set_option(h, CURLOPT_ERRORBUFFER, error_text);

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
