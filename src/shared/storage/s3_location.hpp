#pragma once
// Where an S3-compatible store is and how to address it, from CREST_STORAGE_URL:
//   s3://bucket[/prefix]?region=eu-west-1&endpoint=http://127.0.0.1:9000&path_style=1
// No endpoint: AWS itself (https://s3.<region>.amazonaws.com). path_style=1 puts the bucket in the
// path (MinIO, s3rver, most self-hosted stores); otherwise in the host name, as AWS prefers.
#include <string>
#include <string_view>

namespace crest::storage {

struct S3Location {
  std::string bucket;
  std::string prefix;       // "" or "exports/" : prepended to every key
  std::string region = "us-east-1";
  std::string scheme = "https";
  std::string host;         // "s3.us-east-1.amazonaws.com", "127.0.0.1:9000"
  bool path_style = false;

  // Throws std::invalid_argument naming what is wrong.
  static S3Location parse(std::string_view url);
  // "http://127.0.0.1:9000/bucket/prefix/key" or "https://bucket.s3.eu-west-1.amazonaws.com/key",
  // the key's segments percent-encoded as SigV4 wants them.
  std::string object_url(std::string_view key) const;
  // The Host header object_url's requests carry.
  std::string object_host() const;
  // The path of object_url, encoded.
  std::string object_path(std::string_view key) const;
  std::string describe() const;
};

// RFC 3986 percent-encoding of everything but unreserved characters (and '/' when asked), as
// AWS Signature V4 canonicalises URIs and query strings.
std::string aws_uri_encode(std::string_view text, bool keep_slash);

}  // namespace crest::storage
