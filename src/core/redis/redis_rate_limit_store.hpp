#pragma once
// Rate-limit counters in Redis, so that every instance sees the same counts. When Redis cannot be
// reached the store fails open (requests pass, a warning is logged at most every 10 s) or, if so
// configured, answers 503.
#include <memory>
#include <string>

#include "core/pipeline/guards.hpp"
#include "core/redis/redis_client.hpp"

namespace crest::redis {

std::shared_ptr<RateLimitStore> make_redis_rate_limit_store(std::shared_ptr<Client> client, std::string key_prefix,
                                                            bool fail_open);

}  // namespace crest::redis
