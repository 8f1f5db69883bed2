#include "modules/auth/jwt_authenticator.hpp"

#include "common/tenant_db.hpp"
#include "core/errors.hpp"
#include "core/util/text.hpp"
#include "modules/auth/accounts_repository.hpp"
#include "modules/auth/role_abilities.hpp"

namespace crest::modules::auth {
namespace asio = boost::asio;

namespace {
std::string_view bearer_token(const http::Request& request) {
  std::string_view header = request.header("authorization");
  if (header.size() < 8) return {};
  std::string scheme = ascii_lower(header.substr(0, 7));
  return scheme == "bearer " ? header.substr(7) : std::string_view{};
}
}  // namespace

std::optional<JwtAuthenticator::Cached> JwtAuthenticator::cached(const std::string& key) {
  std::shared_lock lock(mutex_);
  auto it = cache_.find(key);
  if (it == cache_.end() || it->second.expires <= std::chrono::steady_clock::now()) return std::nullopt;
  return it->second;
}

void JwtAuthenticator::share_through(std::shared_ptr<Broadcast> broadcast) {
  broadcast_ = std::move(broadcast);
  std::weak_ptr<JwtAuthenticator> weak = weak_from_this();
  broadcast_->listen(
      kForgetChannel,
      [weak](const std::string& user_id) {
        if (auto self = weak.lock()) self->forget_here(user_id);
      },
      [weak] {
        if (auto self = weak.lock()) self->forget_everyone_here();
      });
}

asio::awaitable<void> JwtAuthenticator::forget(std::string user_id) {
  forget_here(user_id);
  if (broadcast_) co_await broadcast_->publish(kForgetChannel, std::move(user_id));
}

void JwtAuthenticator::forget_here(const std::string& user_id) {
  std::lock_guard lock(mutex_);
  ++generation_;
  std::string prefix = user_id + "|";
  std::erase_if(cache_, [&](const auto& entry) { return entry.first.starts_with(prefix); });
}

void JwtAuthenticator::forget_everyone_here() {
  std::lock_guard lock(mutex_);
  ++generation_;
  cache_.clear();
}

asio::awaitable<std::optional<Principal>> JwtAuthenticator::authenticate(const http::Request& request) {
  std::string_view token = bearer_token(request);
  if (token.empty()) co_return std::nullopt;
  auto known = verified_.find(token);
  crest::auth::AccessClaims claims = known ? std::move(*known) : tokens_->codec().verify(token);  // 401 when bad
  if (!known) verified_.remember(token, claims);
  std::string key = claims.sub + "|" + claims.wid + "|" + claims.sid;
  auto entry = cached(key);
  if (!entry) {
    std::uint64_t generation = generation_.load();
    std::optional<std::string> role;
    common::RlsSettings settings{{"crest.user_id", claims.sub}};
    co_await common::read_once_with_rls(database_, settings, [&](db::Session& session) -> asio::awaitable<void> {
      role = co_await accounts::session_role(session, claims.sub, claims.wid, claims.sid);
    });
    if (!role) throw Unauthorized("This session has ended, or the account is no longer a member of the workspace");
    entry = Cached{*role, std::make_shared<const crest::auth::Abilities>(abilities_for(*role, claims.sub, role_rules_.get())),
                   std::chrono::steady_clock::now() + cache_ttl_};
    std::lock_guard lock(mutex_);
    if (generation_.load() == generation) {  // else a forget came in meanwhile: answer, do not keep
      if (cache_.size() > 100'000) cache_.clear();
      cache_[key] = *entry;
    }
  }
  co_return Principal{claims.sub, claims.wid, entry->role, entry->abilities};
}

}  // namespace crest::modules::auth
