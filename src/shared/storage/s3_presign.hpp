#pragma once
// Presigned GET URLs (AWS Signature V4 in the query string): a client downloads an object straight
// from the store for a short while, without credentials of its own. libcurl signs the requests
// crest itself sends (CURLOPT_AWS_SIGV4) but cannot make a URL for someone else, so this part is
// signed here, as AWS documents it.
#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "shared/storage/s3_location.hpp"

namespace crest::storage {

struct S3Credentials {
  std::string access_key;
  std::string secret_key;
  std::string session_token;  // temporary credentials (STS); empty otherwise
};

// `extra` are further query parameters signed with the rest (response-content-disposition ...).
std::string presigned_get_url(const S3Location& location, const S3Credentials& credentials, std::string_view key,
                              std::chrono::seconds expires_in, std::chrono::system_clock::time_point now,
                              const std::vector<std::pair<std::string, std::string>>& extra = {});

}  // namespace crest::storage
