#include "intake/webhook_handler.hpp"

#include <optional>

#include <spdlog/spdlog.h>

#include "intake/envelope.hpp"
#include "intake/signature.hpp"
#include "intake/strict_json.hpp"
#include "util/xxh128.hpp"

namespace autofixd::intake {
namespace {

std::string_view handling_name(Handling h) {
  switch (h) {
    case Handling::evaluate:
      return "evaluate";
    case Handling::advance:
      return "advance";
    case Handling::ignore:
      return "ignore";
  }
  return "ignore";
}

// Request-ID is echoed in logs; keep only characters that cannot forge a line.
bool plausible_request_id(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

// Empty list = any installation. UUIDs in the list are lowercase already.
bool installation_allowed(const std::vector<std::string>& allowed, std::string_view uuid) {
  if (allowed.empty()) return true;
  for (const std::string& entry : allowed) {
    if (http::iequals(entry, uuid)) return true;
  }
  return false;
}

// A second copy of a header the decision rests on would let a proxy and the
// daemon read different values; refuse rather than pick one.
std::optional<std::string_view> duplicated_sentry_header(const http::Request& request) {
  for (const std::string_view name :
       {"Sentry-Hook-Signature", "Sentry-Hook-Timestamp", "Sentry-Hook-Resource", "Request-ID"}) {
    std::size_t seen = 0;
    for (const auto& [key, value] : request.headers) seen += http::iequals(key, name) ? 1 : 0;
    if (seen > 1) return name;
  }
  return std::nullopt;
}

// 503 with Retry-After: the delivery was not stored, and Sentry's retry may be.
http::Response retry_later(std::string_view code, std::string_view message) {
  auto response = http::json_error(503, code, message);
  response.headers.emplace_back("Retry-After", "5");
  return response;
}

}  // namespace

WebhookHandler::WebhookHandler(const config::ServerConfig& config, store::AsyncStore& store,
                               const Clock& clock, ProcessorLink processor)
    : config_(config), store_(store), clock_(clock), processor_(std::move(processor)) {}

http::Response WebhookHandler::unauthorized(const http::Request& request, std::string_view why) {
  ++stats_.unauthorized;
  spdlog::warn("webhook from {} refused: {}", request.remote, why);
  return http::json_error(401, "unauthorized", why);
}

std::optional<http::Rejection> WebhookHandler::check_head(const http::Head& head) {
  std::string why;
  if (head.field("Sentry-Hook-Signature").empty()) {
    why = "missing Sentry-Hook-Signature header";
  } else if (auto fresh = check_timestamp(head.field("Sentry-Hook-Timestamp"), clock_.now(),
                                          config_.timestamp_tolerance);
             !fresh) {
    why = fresh.error().message;
  } else {
    return std::nullopt;
  }
  ++stats_.unauthorized;
  spdlog::warn("webhook refused before its body was read: {}", why);
  return http::Rejection{401, "unauthorized", why};
}

net::awaitable<http::Response> WebhookHandler::handle(http::Request request) {
  if (const auto twice = duplicated_sentry_header(request)) {
    ++stats_.malformed;
    co_return http::json_error(400, "duplicate_header",
                               "header " + std::string(*twice) + " sent more than once");
  }
  const auto signature = request.header("Sentry-Hook-Signature");
  if (signature.empty()) co_return unauthorized(request, "missing Sentry-Hook-Signature header");
  if (!verify_signature(request.body, signature, config_.client_secrets)) {
    co_return unauthorized(request, "Sentry-Hook-Signature does not match the body");
  }
  if (auto fresh = check_timestamp(request.header("Sentry-Hook-Timestamp"), clock_.now(),
                                   config_.timestamp_tolerance);
      !fresh) {
    co_return unauthorized(request, fresh.error().message);
  }
  const auto request_id = request.header("Request-ID");
  if (!plausible_request_id(request_id)) {
    ++stats_.malformed;
    co_return http::json_error(
        400, "bad_request_id",
        "Request-ID header missing or not 1..128 characters of [A-Za-z0-9_-]");
  }
  const auto resource = request.header("Sentry-Hook-Resource");
  auto envelope = parse_envelope(resource, request.body);
  if (!envelope) {
    ++stats_.malformed;
    const bool syntax = envelope.error().code == "intake.bad_json";
    spdlog::warn("webhook {} from {} rejected: {}", request_id, request.remote,
                 envelope.error().message);
    co_return http::json_error(syntax ? 400 : 422, syntax ? "bad_json" : "bad_shape",
                               envelope.error().message);
  }
  if (!installation_allowed(config_.allowed_installations, envelope->installation_uuid)) {
    co_return unauthorized(
        request, envelope->installation_uuid.empty()
                     ? "delivery names no installation.uuid, and server.allowed_installations "
                       "is set"
                     : "installation " + printable(envelope->installation_uuid) +
                           " is not in server.allowed_installations");
  }
  if (envelope->handling == Handling::ignore) {
    ++stats_.ignored;
    spdlog::debug("webhook {}: {}.{} ignored", request_id, envelope->resource, envelope->action);
    co_return http::json_status(202, "ignored");
  }

  // Bound the backlog between intake and processing: refuse rather than
  // grow; Sentry's retry (or the next delivery) comes after the drain.
  if (store_.pending_deliveries() >= static_cast<std::int64_t>(config_.max_pending_deliveries)) {
    ++stats_.backlog_refusals;
    spdlog::warn(
        "webhook {}: refused with 503, {} deliveries wait to be processed "
        "(server.max_pending_deliveries = {})",
        request_id, store_.pending_deliveries(), config_.max_pending_deliveries);
    co_return retry_later("backlog_full", "too many deliveries wait to be processed; retry later");
  }
  store::NewDelivery delivery{std::string(request_id),
                              envelope->resource,
                              envelope->action,
                              std::string(handling_name(envelope->handling)),
                              envelope->issue,
                              std::move(request.body),
                              clock_.now()};
  // The signature covers the body only: a copy resent under a fresh
  // Request-ID and timestamp is recognised by its digest (24 h, in the store).
  // Only a body whose signature verified gets here, so the digest need not
  // resist a forger: XXH3 costs a tenth of SHA-256's 2.3 µs per 4 KB.
  delivery.body_digest = xxh3_128(delivery.body);
  // Kept: `delivery` is moved into the store.
  std::optional<store::RepeatHint> hint;
  if (processor_.repeat_hint) hint = processor_.repeat_hint(*envelope);
  delivery.repeat = hint;
  // Group commit: concurrent deliveries share one transaction and fsync.
  auto inserted = co_await store_.insert_delivery(std::move(delivery));
  if (!inserted) {
    ++stats_.store_failures;
    spdlog::error("webhook {}: cannot commit delivery: {}", request_id, inserted.error().message);
    co_return retry_later("store_unavailable", "delivery could not be stored; retry later");
  }
  if (inserted->duplicate) {
    ++stats_.duplicates;
    if (inserted->same_body) {
      spdlog::warn(
          "webhook {} from {}: same body as delivery {} (stored in the last 24 h): "
          "a replay or a retry under a new Request-ID, not stored again",
          request_id, request.remote, inserted->id.value);
    } else {
      spdlog::info("webhook {}: duplicate delivery, already stored", request_id);
    }
    co_return http::json_status(202, "duplicate",
                                "\"delivery_id\":" + std::to_string(inserted->id.value));
  }
  ++stats_.accepted;
  spdlog::info("webhook {}: {}.{} for issue {} stored as delivery {}", request_id,
               envelope->resource, envelope->action, envelope->issue ? envelope->issue->str() : "?",
               inserted->id.value);
  const DeliveryId id = inserted->id;
  if (inserted->repeated_decision) {
    if (processor_.repeated) {
      processor_.repeated(id, *envelope, *hint, *inserted->repeated_decision);
    }
  } else if (processor_.committed) {
    processor_.committed(id, std::move(*envelope));
  }
  co_return http::json_status(202, "accepted", "\"delivery_id\":" + std::to_string(id.value));
}

}  // namespace autofixd::intake
