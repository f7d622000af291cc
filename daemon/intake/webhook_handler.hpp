#pragma once
// POST {webhook_path}: authenticate, parse, commit, answer. Nothing else
// happens before the answer: processing is done later by the processor.
//
//   401  missing/bad Sentry-Hook-Signature, missing/stale Sentry-Hook-Timestamp
//        installation.uuid not in server.allowed_installations (when set)
//   400  missing Request-ID, body that is not JSON, a Sentry header sent twice
//   422  JSON of the wrong shape (names the field)
//   202  committed (or a duplicate Request-ID, or a resource we ignore)
//   503  the store could not commit, or server.max_pending_deliveries
//        deliveries wait to be processed (Retry-After; nothing is stored)

#include <cstdint>
#include <functional>
#include <optional>

#include <boost/asio/awaitable.hpp>

#include "config/config.hpp"
#include "http/head_checks.hpp"
#include "http/message.hpp"
#include "intake/envelope.hpp"
#include "store/async_store.hpp"
#include "util/clock.hpp"

namespace autofixd::intake {

namespace net = boost::asio;

struct IntakeStats {
  std::uint64_t accepted = 0;
  std::uint64_t duplicates = 0;
  std::uint64_t ignored = 0;
  std::uint64_t unauthorized = 0;
  std::uint64_t malformed = 0;
  std::uint64_t store_failures = 0;
  std::uint64_t backlog_refusals = 0;  // 503: max_pending_deliveries reached
};

// Where intake meets the processor (wired by the daemon; each may be empty).
struct ProcessorLink {
  // The decision the delivery would repeat if its issue has an active run
  // (runs/repeat_hint.hpp); the store checks it when storing the delivery.
  std::function<std::optional<store::RepeatHint>(const Envelope&)> repeat_hint;
  // A new pending delivery, once durable, with what intake parsed of it:
  // the processor's wake-up.
  std::function<void(DeliveryId, Envelope)> committed;
  // A delivery stored processed, counted on decision `decision` (its
  // RepeatHint held): nothing is left for the processor but to count it.
  std::function<void(DeliveryId, const Envelope&, const store::RepeatHint&, std::int64_t decision)>
      repeated;
};

class WebhookHandler {
 public:
  WebhookHandler(const config::ServerConfig& config, store::AsyncStore& store, const Clock& clock,
                 ProcessorLink processor);

  net::awaitable<http::Response> handle(http::Request request);
  // Before the body is read: a webhook without a signature or with a stale
  // or missing timestamp is refused (401) without reading it. The signature
  // itself needs the body and is checked by handle().
  std::optional<http::Rejection> check_head(const http::Head& head);
  const IntakeStats& stats() const { return stats_; }

 private:
  http::Response unauthorized(const http::Request& request, std::string_view why);

  const config::ServerConfig& config_;
  store::AsyncStore& store_;
  const Clock& clock_;
  ProcessorLink processor_;
  IntakeStats stats_;
};

}  // namespace autofixd::intake
