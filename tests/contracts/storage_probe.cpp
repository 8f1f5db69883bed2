// crest's S3 driver as a command for tests/node/s3_interop.mjs, which checks it against the
// official @aws-sdk/client-s3. The store comes from CREST_STORAGE_URL and AWS_* as in production.
//   crest_storage_probe put KEY SIZE SEED   writes SIZE pattern bytes in 64 KiB pieces, prints
//                                           {"size":..,"sha256":..}
//   crest_storage_probe read KEY            prints the same of the object read back
//   crest_storage_probe url KEY NAME        prints a presigned download URL
#include <boost/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>

#include "core/config/config.hpp"
#include "core/util/hash.hpp"
#include "shared/storage/storage.hpp"

namespace {

std::string pattern_piece(std::uint64_t& x, std::size_t size) {
  std::string out(size, '\0');
  for (auto& c : out) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    c = static_cast<char>(x >> 56);
  }
  return out;
}

void print(std::uint64_t size, const std::string& sha256) {
  std::cout << boost::json::serialize(boost::json::object{{"size", size}, {"sha256", sha256}}) << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  try {
    if (argc < 3) throw std::invalid_argument("usage: crest_storage_probe put KEY SIZE SEED | read KEY | url KEY NAME");
    auto config = crest::load_config(crest::read_environment("/nonexistent/.env"));
    auto storage = crest::storage::make_storage(config);
    std::string command = argv[1], key = argv[2];
    if (command == "put" && argc == 5) {
      std::uint64_t remaining = std::stoull(argv[3]), x = std::stoull(argv[4]);
      auto writer = storage->create(key, "application/octet-stream");
      while (remaining > 0) {
        std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(remaining, 64 * 1024));
        writer->write(pattern_piece(x, n));
        remaining -= n;
      }
      auto stored = writer->finish();
      print(stored.size, stored.sha256);
    } else if (command == "read") {
      crest::Sha256 digest;
      std::uint64_t size = 0;
      storage->read(key, [&](std::string_view piece) {
        digest.update(piece);
        size += piece.size();
      });
      print(size, digest.hex());
    } else if (command == "url" && argc == 4) {
      auto url = storage->download_url(key, {argv[3], "text/csv", std::chrono::seconds(60)});
      std::cout << url.value_or("") << "\n";
    } else {
      throw std::invalid_argument("unknown command " + command);
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "crest_storage_probe: " << e.what() << "\n";
    return 1;
  }
}
