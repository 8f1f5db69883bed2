#include "shared/storage/s3_location.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "core/util/percent_encoding.hpp"

namespace crest::storage {

std::string aws_uri_encode(std::string_view text, bool keep_slash) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '_' || c == '.' || c == '~';
    if (unreserved || (keep_slash && c == '/')) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kDigits[c >> 4];
      out += kDigits[c & 0xf];
    }
  }
  return out;
}

namespace {

bool valid_bucket(std::string_view bucket) {
  if (bucket.size() < 3 || bucket.size() > 63) return false;
  for (char c : bucket)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) return false;
  return bucket.front() != '-' && bucket.front() != '.' && bucket.back() != '-' && bucket.back() != '.';
}

bool valid_host(std::string_view host) {
  if (host.empty()) return false;
  for (char c : host)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
          c == ':' || c == '[' || c == ']'))
      return false;
  return true;
}

}  // namespace

S3Location S3Location::parse(std::string_view url) {
  if (!url.starts_with("s3://")) throw std::invalid_argument("must start with s3://");
  std::string_view rest = url.substr(5);
  std::string_view query;
  if (auto q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  S3Location location;
  auto slash = rest.find('/');
  location.bucket = std::string(rest.substr(0, slash));
  if (!valid_bucket(location.bucket))
    throw std::invalid_argument("names a bucket of 3-63 lower-case letters, digits, '-' and '.'");
  if (slash != std::string_view::npos) {
    std::string prefix(rest.substr(slash + 1));
    while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
    if (!prefix.empty()) location.prefix = prefix + "/";
  }
  std::string endpoint;
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    auto eq = pair.find('=');
    std::string name(pair.substr(0, eq));
    auto value = try_percent_decode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1), true);
    if (!value) throw std::invalid_argument(fmt::format("has a badly encoded value for {}", name));
    if (name == "region") {
      if (value->empty()) throw std::invalid_argument("has an empty region");
      location.region = *value;
    } else if (name == "endpoint") {
      endpoint = *value;
    } else if (name == "path_style") {
      if (*value != "0" && *value != "1" && *value != "true" && *value != "false")
        throw std::invalid_argument("path_style is 1 or 0");
      location.path_style = *value == "1" || *value == "true";
    } else if (!name.empty()) {
      throw std::invalid_argument(fmt::format("has an unknown parameter '{}' (region, endpoint, path_style)", name));
    }
  }
  if (endpoint.empty()) {
    location.host = "s3." + location.region + ".amazonaws.com";
  } else {
    auto scheme_end = endpoint.find("://");
    if (scheme_end == std::string::npos) throw std::invalid_argument("endpoint is a URL: http://host:port");
    location.scheme = endpoint.substr(0, scheme_end);
    if (location.scheme != "http" && location.scheme != "https")
      throw std::invalid_argument("endpoint is http:// or https://");
    location.host = endpoint.substr(scheme_end + 3);
    while (!location.host.empty() && location.host.back() == '/') location.host.pop_back();
    if (!valid_host(location.host)) throw std::invalid_argument("endpoint names a host (and a port), no path");
  }
  return location;
}

std::string S3Location::object_host() const { return path_style ? host : bucket + "." + host; }

std::string S3Location::object_path(std::string_view key) const {
  std::string encoded = aws_uri_encode(prefix + std::string(key), true);
  return path_style ? "/" + bucket + "/" + encoded : "/" + encoded;
}

std::string S3Location::object_url(std::string_view key) const {
  return scheme + "://" + object_host() + object_path(key);
}

std::string S3Location::describe() const {
  return fmt::format("s3://{}/{} at {}://{}", bucket, prefix, scheme, host);
}

}  // namespace crest::storage
