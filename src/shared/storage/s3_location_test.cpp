#include "shared/storage/s3_location.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace crest::storage {
namespace {

TEST(S3Location, AwsByDefaultWithTheBucketInTheHostName) {
  auto location = S3Location::parse("s3://crest-files?region=eu-central-1");
  EXPECT_EQ(location.bucket, "crest-files");
  EXPECT_EQ(location.region, "eu-central-1");
  EXPECT_FALSE(location.path_style);
  EXPECT_EQ(location.object_url("exports/a.csv"), "https://crest-files.s3.eu-central-1.amazonaws.com/exports/a.csv");
  EXPECT_EQ(location.object_host(), "crest-files.s3.eu-central-1.amazonaws.com");
}

TEST(S3Location, AnEndpointWithPathStyleAndAPrefix) {
  auto location = S3Location::parse("s3://bucket/tenant-files/?endpoint=http%3A%2F%2F127.0.0.1%3A9000&path_style=1");
  EXPECT_EQ(location.scheme, "http");
  EXPECT_EQ(location.host, "127.0.0.1:9000");
  EXPECT_EQ(location.region, "us-east-1");
  EXPECT_EQ(location.prefix, "tenant-files/");
  EXPECT_EQ(location.object_url("x/y z.csv"), "http://127.0.0.1:9000/bucket/tenant-files/x/y%20z.csv");
  EXPECT_EQ(location.object_path("k"), "/bucket/tenant-files/k");
}

TEST(S3Location, RefusesWhatItCannotAddress) {
  for (const char* url : {"http://bucket", "s3://", "s3://B", "s3://ab", "s3://-bucket", "s3://bucket?endpoint=127.0.0.1:9000",
                          "s3://bucket?endpoint=ftp://host", "s3://bucket?endpoint=http://host/path",
                          "s3://bucket?path_style=yes", "s3://bucket?regoin=x", "s3://bucket?region=",
                          "s3://bucket?endpoint=%zz"})
    EXPECT_THROW(S3Location::parse(url), std::invalid_argument) << url;
}

TEST(S3Location, EncodesAsSignatureV4Wants) {
  EXPECT_EQ(aws_uri_encode("a-b_c.d~e/f g+h=i&j*k", true), "a-b_c.d~e/f%20g%2Bh%3Di%26j%2Ak");
  EXPECT_EQ(aws_uri_encode("a/b", false), "a%2Fb");
  EXPECT_EQ(aws_uri_encode("\xc3\xa9", false), "%C3%A9");
}

}  // namespace
}  // namespace crest::storage
