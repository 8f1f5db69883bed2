#include "modules/auth/jwt_authenticator.hpp"

#include "common/tenant_db.hpp"
#include "core/errors.hpp"
#include "modules/auth/accounts_repository.hpp"
#include "modules/auth/role_abilities.hpp"

namespace crest::modules::auth {
namespace asio = boost::asio;

namespace {
std::string_view bearer_token(const http::Request& request) {
  std::string_view header = request.header("authorization");
  if (header.size() < 8) return {};
  std::string scheme(header.substr(0, 7));
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return scheme == "bearer " ? header.substr(7) : std::string_view{};
}
}  // namespace

std::optional<JwtAuthenticator::Cached> JwtAuthenticator::cached(const std::string& key) {
  std::shared_lock lock(mutex_);
  auto it = cache_.find(key);
  if (it == cache_.end() || it->second.expires <= std::chrono::steady_clock::now()) return std::nullopt;
  return it->second;
}

void JwtAuthenticator::forget(const std::string& user_id) {
  std::lock_guard lock(mutex_);
  std::string prefix = user_id + "|";
  std::erase_if(cache_, [&](const auto& entry) { return entry.first.starts_with(prefix); });
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
    std::optional<std::string> role;
    common::RlsSettings settings{{"crest.user_id", claims.sub}};
    co_await common::with_rls(database_, settings, false, [&](db::Session& session) -> asio::awaitable<void> {
      role = co_await accounts::session_role(session, claims.sub, claims.wid, claims.sid);
    });
    if (!role) throw Unauthorized("This session has ended, or the account is no longer a member of the workspace");
    entry = Cached{*role, std::make_shared<const crest::auth::Abilities>(abilities_for(*role, claims.sub, role_rules_.get())),
                   std::chrono::steady_clock::now() + kMembershipCacheTtl};
    std::lock_guard lock(mutex_);
    if (cache_.size() > 100'000) cache_.clear();
    cache_[key] = *entry;
  }
  co_return Principal{claims.sub, claims.wid, entry->role, entry->abilities};
}

}  // namespace crest::modules::auth
