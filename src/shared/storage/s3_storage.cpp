#include "shared/storage/s3_storage.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <exception>
#include <map>
#include <stdexcept>
#include <thread>
#include <vector>

#include "core/util/hash.hpp"
#include "shared/curl/easy_handle.hpp"

namespace crest::storage {

namespace {

constexpr std::size_t kMinimumPart = 5 * 1024 * 1024;
constexpr std::size_t kErrorBodyLimit = 64 * 1024;
const std::string kEmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

struct Call {
  std::string method = "GET";  // GET, PUT, POST, DELETE
  std::string url;
  std::vector<std::string> headers;
  std::string_view body;          // PUT and POST
  const ByteSink* sink = nullptr;  // GET: a 2xx body goes here instead of Reply::body
};

struct Reply {
  long status = 0;
  std::string body;  // error bodies and small XML answers
  std::string etag;
  std::uint64_t delivered = 0;  // bytes handed to the sink
};

struct Transfer {
  CURL* handle = nullptr;
  std::string_view upload;
  const ByteSink* sink = nullptr;
  Reply reply;
  std::exception_ptr sink_error;
};

long status_now(CURL* handle) {
  long status = 0;
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
  return status;
}

std::size_t on_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  std::size_t n = std::min(size * count, transfer->upload.size());
  std::memcpy(buffer, transfer->upload.data(), n);
  transfer->upload.remove_prefix(n);
  return n;
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  std::string_view piece(data, size * count);
  long status = status_now(transfer->handle);
  if (transfer->sink && status >= 200 && status < 300) {
    try {
      (*transfer->sink)(piece);
      transfer->reply.delivered += piece.size();
    } catch (...) {
      transfer->sink_error = std::current_exception();
      return 0;  // curl stops with CURLE_WRITE_ERROR
    }
    return piece.size();
  }
  if (transfer->reply.body.size() < kErrorBodyLimit)
    transfer->reply.body.append(piece.substr(0, kErrorBodyLimit - transfer->reply.body.size()));
  return piece.size();
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  std::string_view line(data, size * count);
  constexpr std::string_view kName = "etag:";
  if (line.size() > kName.size() &&
      std::equal(kName.begin(), kName.end(), line.begin(),
                 [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); })) {
    std::string_view value = line.substr(kName.size());
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) value.remove_suffix(1);
    transfer->reply.etag = std::string(value);
  }
  return size * count;
}

// The text of the first <tag>...</tag> in an S3 XML answer ("" when absent).
std::string xml_text(std::string_view xml, std::string_view tag) {
  std::string open = "<" + std::string(tag) + ">", close = "</" + std::string(tag) + ">";
  auto start = xml.find(open);
  if (start == std::string_view::npos) return {};
  start += open.size();
  auto end = xml.find(close, start);
  return end == std::string_view::npos ? std::string() : std::string(xml.substr(start, end - start));
}

std::string describe_failure(const Call& call, const Reply& reply) {
  std::string code = xml_text(reply.body, "Code"), message = xml_text(reply.body, "Message");
  return fmt::format("S3 {} {} answered {}{}{}", call.method, call.url.substr(0, call.url.find('?')), reply.status,
                     code.empty() ? "" : " " + code, message.empty() ? "" : ": " + message);
}

// One request, no retry: the answer, whatever its status. Throws TemporaryStorageError when none
// came whole (refused, timeout, dropped), `delivered` then telling how much reached the sink.
Reply perform(const S3Settings& settings, const Call& call, std::uint64_t& delivered) {
  curl::Easy handle = curl::make_easy();
  CURL* h = handle.get();
  Transfer transfer;
  transfer.handle = h;
  transfer.sink = call.sink;
  char error_text[CURL_ERROR_SIZE] = {};
  std::string sigv4 = "aws:amz:" + settings.location.region + ":s3";
  long timeout_ms = static_cast<long>(settings.timeout.count());

  curl::List headers;
  for (const auto& line : call.headers) curl::append(headers, line);
  if (!settings.credentials.session_token.empty())
    curl::append(headers, "x-amz-security-token: " + settings.credentials.session_token);
  // No "Expect:" line to suppress 100-continue: libcurl 7.88 signs it (empty) while leaving it out
  // of the request, and the store then computes another signature.

  curl::set_option(h, CURLOPT_URL, call.url.c_str());
  curl::set_option(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl::set_option(h, CURLOPT_AWS_SIGV4, sigv4.c_str());
  curl::set_option(h, CURLOPT_USERNAME, settings.credentials.access_key.c_str());
  curl::set_option(h, CURLOPT_PASSWORD, settings.credentials.secret_key.c_str());
  curl::set_option(h, CURLOPT_NOSIGNAL, 1L);
  curl::set_option(h, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  // Stalled: under one byte a second for the timeout. A whole transfer may take longer.
  curl::set_option(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl::set_option(h, CURLOPT_LOW_SPEED_TIME, std::max(1L, timeout_ms / 1000));
  curl::set_option(h, CURLOPT_TIMEOUT_MS, std::max(timeout_ms, 15L * 60 * 1000));
  curl::set_option(h, CURLOPT_ERRORBUFFER, error_text);
  curl::set_option(h, CURLOPT_WRITEFUNCTION, &on_body);
  curl::set_option(h, CURLOPT_WRITEDATA, static_cast<void*>(&transfer));
  curl::set_option(h, CURLOPT_HEADERFUNCTION, &on_header);
  curl::set_option(h, CURLOPT_HEADERDATA, static_cast<void*>(&transfer));
  if (call.method == "PUT") {
    transfer.upload = call.body;
    curl::set_option(h, CURLOPT_UPLOAD, 1L);
    curl::set_option(h, CURLOPT_READFUNCTION, &on_upload);
    curl::set_option(h, CURLOPT_READDATA, static_cast<void*>(&transfer));
    curl::set_option(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(call.body.size()));
  } else if (call.method == "POST") {
    curl::set_option(h, CURLOPT_POST, 1L);
    curl::set_option(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(call.body.size()));
    curl::set_option(h, CURLOPT_POSTFIELDS, call.body.empty() ? "" : call.body.data());  // NULL would read stdin
  } else if (call.method == "DELETE") {
    curl::set_option(h, CURLOPT_CUSTOMREQUEST, "DELETE");
  }
  curl::set_option(h, CURLOPT_HTTPHEADER, headers.get());

  CURLcode rc = curl_easy_perform(h);
  delivered = transfer.reply.delivered;
  if (transfer.sink_error) std::rethrow_exception(transfer.sink_error);
  if (rc != CURLE_OK) {
    std::string detail = fmt::format("S3 {} {} failed: {}", call.method, call.url.substr(0, call.url.find('?')),
                                     error_text[0] ? error_text : curl_easy_strerror(rc));
    if (rc == CURLE_URL_MALFORMAT || rc == CURLE_UNSUPPORTED_PROTOCOL) throw PermanentStorageError(detail);
    throw TemporaryStorageError(detail);
  }
  transfer.reply.status = status_now(h);
  return std::move(transfer.reply);
}

bool retryable(long status) { return status == 408 || status == 429 || status >= 500; }

// perform() until an answer that is not worth retrying; a 2xx comes back, anything else throws.
// Nothing is retried once a byte has reached the sink (it would see those bytes twice).
Reply call_with_retries(const S3Settings& settings, const Call& call, bool not_found_is_missing = false) {
  for (int attempt = 1;; ++attempt) {
    bool last = attempt >= settings.attempts;
    std::uint64_t delivered = 0;
    try {
      Reply reply = perform(settings, call, delivered);
      if (reply.status >= 200 && reply.status < 300) return reply;
      std::string detail = describe_failure(call, reply);
      if (reply.status == 404 && not_found_is_missing) throw ObjectNotFound(detail);
      if (!retryable(reply.status)) throw PermanentStorageError(detail);
      if (last) throw TemporaryStorageError(detail);
    } catch (const TemporaryStorageError&) {
      if (last || delivered > 0) throw;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100 << std::min(attempt, 6)));
  }
}

class S3Writer final : public ObjectWriter {
 public:
  S3Writer(const S3Settings& settings, std::string key, std::string content_type)
      : settings_(settings), key_(std::move(key)), content_type_(std::move(content_type)),
        url_(settings.location.object_url(key_)) {
    buffer_.reserve(std::min<std::size_t>(settings_.part_size, 1024 * 1024));
  }
  ~S3Writer() override {
    if (upload_id_.empty() || finished_) return;
    try {
      Call abort{"DELETE", url_ + "?uploadId=" + aws_uri_encode(upload_id_, false), {"x-amz-content-sha256: " + kEmptySha256}, {}, nullptr};
      std::uint64_t delivered = 0;
      perform(settings_, abort, delivered);
    } catch (...) {
      // The store forgets an abandoned upload by its own lifecycle rules; nothing is visible.
    }
  }

  void write(std::string_view bytes) override {
    if (finished_) throw std::logic_error("ObjectWriter::write after finish");
    digest_.update(bytes);
    size_ += bytes.size();
    while (!bytes.empty()) {
      std::size_t room = settings_.part_size - buffer_.size();
      std::size_t n = std::min(room, bytes.size());
      buffer_.append(bytes.substr(0, n));
      bytes.remove_prefix(n);
      if (buffer_.size() == settings_.part_size) upload_part();
    }
  }

  StoredObject finish() override {
    if (finished_) throw std::logic_error("ObjectWriter::finish twice");
    if (upload_id_.empty()) {
      Call put{"PUT", url_, {"Content-Type: " + content_type_, "x-amz-content-sha256: " + sha256_hex(buffer_)}, buffer_, nullptr};
      call_with_retries(settings_, put);
    } else {
      if (!buffer_.empty()) upload_part();
      std::string xml = "<CompleteMultipartUpload>";
      for (std::size_t i = 0; i < etags_.size(); ++i)
        xml += fmt::format("<Part><PartNumber>{}</PartNumber><ETag>{}</ETag></Part>", i + 1, etags_[i]);
      xml += "</CompleteMultipartUpload>";
      Call complete{"POST", url_ + "?uploadId=" + aws_uri_encode(upload_id_, false),
                    {"Content-Type: application/xml", "x-amz-content-sha256: " + sha256_hex(xml)}, xml, nullptr};
      Reply reply = call_with_retries(settings_, complete);
      // S3 may answer 200 and put the failure in the body.
      if (reply.body.find("<Error>") != std::string::npos)
        throw TemporaryStorageError(describe_failure(complete, reply));
    }
    finished_ = true;
    buffer_.clear();
    buffer_.shrink_to_fit();
    return {key_, size_, digest_.hex()};
  }

 private:
  void upload_part() {
    if (upload_id_.empty()) {
      Call start{"POST", url_ + "?uploads=", {"Content-Type: " + content_type_, "x-amz-content-sha256: " + kEmptySha256}, {}, nullptr};
      Reply reply = call_with_retries(settings_, start);
      upload_id_ = xml_text(reply.body, "UploadId");
      if (upload_id_.empty()) throw TemporaryStorageError("S3 started a multipart upload without an UploadId");
    }
    std::size_t number = etags_.size() + 1;
    Call part{"PUT",
              fmt::format("{}?partNumber={}&uploadId={}", url_, number, aws_uri_encode(upload_id_, false)),
              {"x-amz-content-sha256: " + sha256_hex(buffer_)},
              buffer_,
              nullptr};
    Reply reply = call_with_retries(settings_, part);
    if (reply.etag.empty()) throw TemporaryStorageError(fmt::format("S3 took part {} without an ETag", number));
    etags_.push_back(reply.etag);
    buffer_.clear();
  }

  S3Settings settings_;  // a copy: a writer may outlive nothing it points to
  std::string key_, content_type_, url_;
  std::string buffer_;
  std::string upload_id_;
  std::vector<std::string> etags_;
  bool finished_ = false;
  std::uint64_t size_ = 0;
  Sha256 digest_;
};

// A name a Content-Disposition header carries safely: ASCII letters, digits, " ._-" only.
std::string safe_file_name(std::string_view name) {
  std::string out;
  for (char c : name.substr(0, 200))
    out += (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' || c == ' ') ? c : '_';
  return out.empty() ? "download" : out;
}

}  // namespace

S3Storage::S3Storage(S3Settings settings) : settings_(std::move(settings)) {
  if (settings_.part_size < kMinimumPart) throw std::invalid_argument("an S3 part is 5 MiB or more");
  if (settings_.credentials.access_key.empty() || settings_.credentials.secret_key.empty())
    throw std::invalid_argument("S3 storage needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
  if (settings_.attempts < 1) settings_.attempts = 1;
  curl::initialise_once();
}

std::unique_ptr<ObjectWriter> S3Storage::create(const std::string& key, const std::string& content_type) {
  check_object_key(key);
  return std::make_unique<S3Writer>(settings_, key, content_type.empty() ? "application/octet-stream" : content_type);
}

void S3Storage::read(const std::string& key, const ByteSink& sink) {
  check_object_key(key);
  Call get{"GET", settings_.location.object_url(key), {"x-amz-content-sha256: " + kEmptySha256}, {}, &sink};
  call_with_retries(settings_, get, true);
}

void S3Storage::read_range(const std::string& key, std::uint64_t offset, std::uint64_t length, const ByteSink& sink) {
  check_object_key(key);
  if (length == 0) return;
  std::string range = "Range: bytes=" + std::to_string(offset) + "-" + std::to_string(offset + length - 1);
  Call get{"GET", settings_.location.object_url(key), {"x-amz-content-sha256: " + kEmptySha256, range}, {}, &sink};
  call_with_retries(settings_, get, true);
}

void S3Storage::remove(const std::string& key) {
  check_object_key(key);
  Call remove{"DELETE", settings_.location.object_url(key), {"x-amz-content-sha256: " + kEmptySha256}, {}, nullptr};
  try {
    call_with_retries(settings_, remove, true);
  } catch (const ObjectNotFound&) {
    // already gone, which is what remove() promises
  }
}

std::optional<std::string> S3Storage::download_url(const std::string& key, const DownloadOptions& options) {
  check_object_key(key);
  std::vector<std::pair<std::string, std::string>> response{
      {"response-content-disposition", "attachment; filename=\"" + safe_file_name(options.file_name) + "\""}};
  if (!options.content_type.empty()) response.emplace_back("response-content-type", options.content_type);
  return presigned_get_url(settings_.location, settings_.credentials, key, options.expires_in,
                           std::chrono::system_clock::now(), response);
}

std::optional<std::filesystem::path> S3Storage::local_file(const std::string&) { return std::nullopt; }

std::string S3Storage::describe() const { return settings_.location.describe(); }

}  // namespace crest::storage
