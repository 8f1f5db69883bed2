#pragma once
// Runs a coroutine to completion on a private event loop, for start-up and CLI work outside the
// server. Whatever it creates on that loop (database connections) must not outlive the call.
#include <boost/asio/awaitable.hpp>

namespace crest {

void run_to_completion(boost::asio::awaitable<void> work);

}  // namespace crest
