#include "modules/mail/mail_module.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <mutex>

#include "core/auth/sealed_text.hpp"
#include "core/log/log.hpp"
#include "modules/mail/mail_jobs.hpp"
#include "shared/mail/async_mailer.hpp"
#include "shared/mail/mail_errors.hpp"
#include "shared/mail/mailer.hpp"

namespace crest::modules {
namespace asio = boost::asio;
namespace json = boost::json;

namespace mail {

asio::awaitable<queue::Enqueued> MailJobs::send_invitation(db::Session& tx, const InvitationMail& mail,
                                                           queue::EnqueueOptions options) {
  json::object payload{{"template", "invitation"},       {"to", mail.to},
                       {"subject", mail.subject},        {"acceptUrl", mail.sealed_accept_url},
                       {"workspaceName", mail.workspace_name}, {"role", mail.role},
                       {"expiresAt", mail.expires_at}};
  co_return co_await queue::enqueue(tx, send_, payload, std::move(options));
}

namespace {
schema::Schema mail_payload() {
  return schema::object({{"template", schema::enumeration({"invitation"})},
                         {"to", schema::string().email().max(254)},
                         {"subject", schema::string().min(1).max(998)},
                         {"acceptUrl", schema::string().min(1).max(4096)},
                         {"workspaceName", schema::string().max(200)},
                         {"role", schema::string().max(20)},
                         {"expiresAt", schema::string().max(40)}});
}

std::string invitation_text(const json::object& mail, const std::string& link) {
  return fmt::format(
      "You are invited to join {} on crest as {}.\n\nAccept the invitation:\n{}\n\nThe link works once and "
      "expires at {}. If you did not expect this mail, ignore it.\n",
      std::string_view(mail.at("workspaceName").as_string()), std::string_view(mail.at("role").as_string()), link,
      std::string_view(mail.at("expiresAt").as_string()));
}

// The mailer opens its SMTP pool on first use, in the worker: `crest serve` never sends.
class LazyMailer {
 public:
  explicit LazyMailer(Config config) : config_(std::move(config)) {}
  crest::mail::AsyncMailer& get() {
    std::call_once(once_, [this] {
      std::shared_ptr<crest::mail::Mailer> mailer = crest::mail::make_mailer(config_);
      log::info("mail goes out through " + mailer->describe());
      async_ = std::make_unique<crest::mail::AsyncMailer>(std::move(mailer));
    });
    return *async_;
  }

 private:
  Config config_;
  std::once_flag once_;
  std::unique_ptr<crest::mail::AsyncMailer> async_;
};
}  // namespace
}  // namespace mail

void MailModule::register_routes(ModuleContext& ctx) {
  auto sealer = ctx.providers.get<crest::auth::TextSealer>();  // the auth module's "outbox" sealer
  auto mailer = std::make_shared<mail::LazyMailer>(ctx.config);
  auto& send = ctx.jobs.define("mail.send")
                   .queue("mail")
                   .payload(mail::mail_payload())
                   .attempts(8)
                   .backoff(queue::Backoff::exponential(std::chrono::seconds(1), std::chrono::hours(1)))
                   .timeout(std::chrono::seconds(60))
                   .forget_payload_when_done()  // the sealed link goes once the mail is out
                   .audit("Send", "Mail")
                   .handle([sealer, mailer](queue::JobContext& job) -> asio::awaitable<json::value> {
                     const auto& payload = job.payload().as_object();
                     auto link = sealer->open(payload.at("acceptUrl").as_string());
                     if (!link) throw queue::PermanentJobError("The link cannot be unsealed: was the server secret changed?");
                     crest::mail::MailMessage message;
                     message.to = std::string(payload.at("to").as_string());
                     message.subject = std::string(payload.at("subject").as_string());
                     message.text = mail::invitation_text(payload, *link);
                     message.message_id = "<" + job.idempotency_key() + "@crest.jobs>";  // the same on every retry
                     crest::mail::MailReceipt receipt;
                     try {
                       receipt = co_await mailer->get().send(std::move(message));
                     } catch (const crest::mail::PermanentMailError& e) {
                       throw queue::PermanentJobError(e.what());  // a 5xx: no retry mends it
                     }
                     json::object result{{"messageId", receipt.message_id}};
                     if (!receipt.eml_path.empty()) {
                       result["file"] = receipt.eml_path.string();
                       log::info("mail written to a file (no CREST_SMTP_URL)",
                                 {{"jobId", job.job().id}, {"path", receipt.eml_path.string()}});
                     }
                     co_return result;
                   });
  ctx.providers.provide(std::make_shared<mail::MailJobs>(send));
}

}  // namespace crest::modules
