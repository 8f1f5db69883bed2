#include "shared/storage/s3_presign.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "core/util/hash.hpp"

namespace crest::storage {

std::string presigned_get_url(const S3Location& location, const S3Credentials& credentials, std::string_view key,
                              std::chrono::seconds expires_in, std::chrono::system_clock::time_point now,
                              const std::vector<std::pair<std::string, std::string>>& extra) {
  if (expires_in.count() < 1 || expires_in.count() > 604800)
    throw std::invalid_argument("a presigned URL lives from 1 second to 7 days");
  auto seconds = std::chrono::floor<std::chrono::seconds>(now);
  std::string amz_date = fmt::format("{:%Y%m%dT%H%M%SZ}", seconds);
  std::string date = amz_date.substr(0, 8);
  std::string scope = fmt::format("{}/{}/s3/aws4_request", date, location.region);

  std::vector<std::pair<std::string, std::string>> query{
      {"X-Amz-Algorithm", "AWS4-HMAC-SHA256"},
      {"X-Amz-Credential", credentials.access_key + "/" + scope},
      {"X-Amz-Date", amz_date},
      {"X-Amz-Expires", std::to_string(expires_in.count())},
      {"X-Amz-SignedHeaders", "host"},
  };
  if (!credentials.session_token.empty()) query.emplace_back("X-Amz-Security-Token", credentials.session_token);
  query.insert(query.end(), extra.begin(), extra.end());
  for (auto& [name, value] : query) {
    name = aws_uri_encode(name, false);
    value = aws_uri_encode(value, false);
  }
  std::sort(query.begin(), query.end());
  std::string canonical_query;
  for (const auto& [name, value] : query) {
    if (!canonical_query.empty()) canonical_query += '&';
    canonical_query += name + "=" + value;
  }

  std::string path = location.object_path(key);
  std::string host = location.object_host();
  std::string canonical_request =
      fmt::format("GET\n{}\n{}\nhost:{}\n\nhost\nUNSIGNED-PAYLOAD", path, canonical_query, host);
  std::string to_sign = fmt::format("AWS4-HMAC-SHA256\n{}\n{}\n{}", amz_date, scope, sha256_hex(canonical_request));
  std::string signing_key = hmac_sha256(
      hmac_sha256(hmac_sha256(hmac_sha256("AWS4" + credentials.secret_key, date), location.region), "s3"),
      "aws4_request");
  std::string signature = to_hex(hmac_sha256(signing_key, to_sign));
  return fmt::format("{}://{}{}?{}&X-Amz-Signature={}", location.scheme, host, path, canonical_query, signature);
}

}  // namespace crest::storage
