#include "core/pipeline/route.hpp"

namespace crest {

RouteBuilder& RouteBuilder::summary(std::string text) { route_.summary = std::move(text); return *this; }
RouteBuilder& RouteBuilder::description(std::string text) { route_.description = std::move(text); return *this; }
RouteBuilder& RouteBuilder::operation_id(std::string id) { route_.operation_id = std::move(id); return *this; }
RouteBuilder& RouteBuilder::tag(std::string name) { route_.tags.push_back(std::move(name)); return *this; }
RouteBuilder& RouteBuilder::params(schema::Schema s) { route_.params = std::move(s); return *this; }
RouteBuilder& RouteBuilder::query(schema::Schema s) { route_.query = std::move(s); return *this; }
RouteBuilder& RouteBuilder::body(schema::Schema s) { route_.body = std::move(s); return *this; }

RouteBuilder& RouteBuilder::response(int status, schema::Schema data, std::string description) {
  route_.responses.push_back({status, std::move(data), false, std::move(description)});
  return *this;
}

RouteBuilder& RouteBuilder::response(int status, PageOf page, std::string description) {
  route_.responses.push_back({status, std::move(page.item), true, std::move(description)});
  return *this;
}

RouteBuilder& RouteBuilder::no_content(int status) {
  route_.responses.push_back({status, std::nullopt, false, "No content"});
  return *this;
}

RouteBuilder& RouteBuilder::consumes(std::string media_type) { route_.consumes = std::move(media_type); return *this; }
RouteBuilder& RouteBuilder::stream_body() { route_.streams_body = true; return *this; }
RouteBuilder& RouteBuilder::produces(std::string content_type) { route_.produces = std::move(content_type); return *this; }
RouteBuilder& RouteBuilder::public_route() { route_.is_public = true; return *this; }
RouteBuilder& RouteBuilder::hidden() { route_.hidden = true; return *this; }

RouteBuilder& RouteBuilder::can(std::string action, std::string subject) {
  route_.ability = Ability{std::move(action), std::move(subject)};
  return *this;
}

RouteBuilder& RouteBuilder::throttle(int limit, std::chrono::seconds window, ThrottleBy by) {
  route_.throttles.push_back(Throttle{limit, window, std::move(by)});
  return *this;
}

RouteBuilder& RouteBuilder::audit(std::string action, std::string subject) {
  route_.audit = AuditSpec{std::move(action), std::move(subject)};
  return *this;
}

RouteBuilder& RouteBuilder::body_limit(std::size_t bytes) { route_.body_limit = bytes; return *this; }
void RouteBuilder::handle(Handler handler) { route_.handler = std::move(handler); }

}  // namespace crest
