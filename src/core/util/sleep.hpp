#pragma once
// A pause on the calling coroutine's event loop, for code outside src/core that must not include
// Asio's timers (a stream producer waiting before it looks again).
#include <boost/asio/awaitable.hpp>

#include <chrono>

namespace crest {

boost::asio::awaitable<void> sleep_for(std::chrono::milliseconds duration);

}  // namespace crest
