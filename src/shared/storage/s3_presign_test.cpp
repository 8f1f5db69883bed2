#include "shared/storage/s3_presign.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace crest::storage {
namespace {

using namespace std::chrono;

// AWS's own example ("Authenticating Requests: Using Query Parameters", Signature Version 4):
// examplebucket/test.txt for 86400 s from 2013-05-24T00:00:00Z with the documentation's keys.
TEST(S3Presign, MatchesTheExampleAwsDocuments) {
  S3Location location;
  location.bucket = "examplebucket";
  location.host = "s3.amazonaws.com";
  location.region = "us-east-1";
  S3Credentials credentials{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""};
  sys_days day = year{2013} / May / 24;
  std::string url = presigned_get_url(location, credentials, "test.txt", seconds(86400), day);
  EXPECT_EQ(url,
            "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
            "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
            "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
}

TEST(S3Presign, SignsExtraParametersAndTheSessionTokenInOrder) {
  S3Location location = S3Location::parse("s3://files?endpoint=http://127.0.0.1:9000&path_style=1&region=eu-west-1");
  S3Credentials credentials{"AK", "SECRET", "TOKEN/+="};
  sys_days day = year{2026} / December / 2;
  std::string url = presigned_get_url(location, credentials, "a b/c.csv", seconds(60), day,
                                      {{"response-content-disposition", "attachment; filename=\"c.csv\""}});
  EXPECT_TRUE(url.starts_with("http://127.0.0.1:9000/files/a%20b/c.csv?X-Amz-Algorithm=AWS4-HMAC-SHA256&"));
  EXPECT_NE(url.find("&X-Amz-Security-Token=TOKEN%2F%2B%3D&"), std::string::npos);
  // Sorted by name: upper-case X-Amz-* before lower-case response-*.
  EXPECT_LT(url.find("X-Amz-SignedHeaders"), url.find("response-content-disposition=attachment%3B%20filename%3D%22c.csv%22"));
  EXPECT_NE(url.find("&X-Amz-Signature="), std::string::npos);
  // Another second, another signature.
  EXPECT_NE(url, presigned_get_url(location, credentials, "a b/c.csv", seconds(60), day + seconds(1)));
}

TEST(S3Presign, RefusesLifetimesS3Refuses) {
  S3Location location = S3Location::parse("s3://files");
  S3Credentials credentials{"AK", "SECRET", ""};
  auto now = system_clock::now();
  EXPECT_THROW(presigned_get_url(location, credentials, "k", seconds(0), now), std::invalid_argument);
  EXPECT_THROW(presigned_get_url(location, credentials, "k", seconds(604801), now), std::invalid_argument);
  EXPECT_NO_THROW(presigned_get_url(location, credentials, "k", seconds(604800), now));
}

}  // namespace
}  // namespace crest::storage
