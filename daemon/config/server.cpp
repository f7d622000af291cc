// [server] and [server.tls].
#include "config/load_context.hpp"
#include "config/secrets.hpp"
#include "config/values.hpp"

namespace autofixd::config::detail {
namespace {

constexpr std::int64_t kMaxBodyLimit = 64LL * 1024 * 1024;

void read_listen(const Section& s, ServerConfig& server) {
  const std::optional<std::string> text = s.string("listen");
  if (!text) return;
  Result<ListenAddress> address = parse_listen(*text);
  if (!address) return s.error("listen", address.error().message);
  server.listen_host = address->host;
  server.listen_port = address->port;
}

void read_ops_listen(const Section& s, ServerConfig& server) {
  const std::optional<std::string> text = s.string("ops_listen");
  if (!text) return;
  Result<ListenAddress> address = parse_listen(*text);
  if (!address) return s.error("ops_listen", address.error().message);
  if (address->host == server.listen_host && address->port == server.listen_port &&
      address->port != 0) {
    return s.error("ops_listen", quote(*text) +
                                     " is the webhook listener's address too "
                                     "(expected a separate address, e.g. "
                                     "\"127.0.0.1:9090\")");
  }
  server.ops_listen_host = address->host;
  server.ops_listen_port = address->port;
}

void read_webhook_path(const Section& s, ServerConfig& server) {
  const std::optional<std::string> path = s.string("webhook_path");
  if (!path) return;
  if (path->empty() || path->front() != '/') {
    return s.error("webhook_path", quote(*path) +
                                       " does not start with \"/\" (expected a path "
                                       "such as \"/sentry/webhook\")");
  }
  if (path->find_first_of(" \t\r\n?#") != std::string::npos) {
    return s.error("webhook_path", quote(*path) +
                                       " contains a space, '?' or '#' (expected a "
                                       "plain path such as \"/sentry/webhook\")");
  }
  server.webhook_path = *path;
}

void read_limits(const Section& s, ServerConfig& server) {
  if (auto v = s.integer_in("max_body_bytes", 1, kMaxBodyLimit, "1..67108864 bytes (64 MiB)")) {
    server.max_body_bytes = static_cast<std::size_t>(*v);
  }
  if (auto v = s.integer_in("max_body_memory", 1024, std::int64_t{1} << 40,
                            "1024..1099511627776 bytes")) {
    server.max_body_memory = static_cast<std::size_t>(*v);
  }
  if (auto v = s.integer_in("max_connections", 1, 1'000'000, "an integer 1..1000000")) {
    server.max_connections = static_cast<std::size_t>(*v);
  }
  if (auto v = s.integer_in("max_connections_per_ip", 1, 1'000'000, "an integer 1..1000000")) {
    server.max_connections_per_ip = static_cast<std::size_t>(*v);
  }
  if (auto v = s.integer_in("max_pending_deliveries", 1, 100'000'000, "an integer 1..100000000")) {
    server.max_pending_deliveries = static_cast<std::size_t>(*v);
  }
  if (auto v = s.positive_duration("header_timeout")) server.header_timeout = *v;
  if (auto v = s.positive_duration("body_timeout")) server.body_timeout = *v;
  if (auto v = s.positive_duration("idle_timeout")) server.idle_timeout = *v;
  if (auto v = s.positive_duration("timestamp_tolerance")) server.timestamp_tolerance = *v;
  if (server.max_body_memory < server.max_body_bytes) {
    s.error(s.has("max_body_memory") ? "max_body_memory" : "max_body_bytes",
            "max_body_memory " + std::to_string(server.max_body_memory) +
                " is smaller than max_body_bytes " + std::to_string(server.max_body_bytes) +
                " (no body that large could ever be read)");
  }
}

// client_secrets = [...] exists for rotation: old and new are both accepted.
void note_secret_list(const Section& s, LoadContext& ctx) {
  const std::optional<std::vector<std::string>> list = s.strings("client_secrets");
  if (!list) return;
  for (std::size_t i = 0; i < list->size(); ++i) {
    if ((*list)[i].empty()) continue;
    ctx.secrets.client_secret_inline.push_back(
        SecretSetting{(*list)[i], s.key_path("client_secrets") + "[" + std::to_string(i) + "]",
                      s.line_of("client_secrets")});
  }
}

bool is_uuid(std::string_view text) {
  constexpr std::string_view kShape = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
  if (text.size() != kShape.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (kShape[i] == '-' ? c != '-' : !hex) return false;
  }
  return true;
}

std::string lowercase(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

void read_allowed_installations(const Section& s, ServerConfig& server) {
  const std::optional<std::vector<std::string>> list = s.strings("allowed_installations");
  if (!list) return;
  const toml::array& array = *s.node("allowed_installations")->as_array();
  bool ok = true;
  for (std::size_t i = 0; i < list->size(); ++i) {
    if (is_uuid((*list)[i])) continue;
    s.element_error("allowed_installations", i, *array.get(i),
                    quote((*list)[i]) +
                        " is not an installation UUID (expected the form "
                        "\"7a485448-a9e2-4c85-8a3c-4f44175783c9\")");
    ok = false;
  }
  if (!ok) return;
  server.allowed_installations.clear();
  for (const std::string& uuid : *list) server.allowed_installations.push_back(lowercase(uuid));
}

void read_tls(const Section& server, LoadContext& ctx, ServerTls& tls) {
  const std::optional<Section> s = server.table("tls", {"cert_file", "key_file"});
  if (!s) return;
  const std::string cert = resolve_path(ctx.base_dir, s->string("cert_file").value_or(""));
  const std::string key = resolve_path(ctx.base_dir, s->string("key_file").value_or(""));
  if (cert.empty() != key.empty()) {
    const std::string_view missing = cert.empty() ? "cert_file" : "key_file";
    const std::string_view present = cert.empty() ? "key_file" : "cert_file";
    return s->error(missing, "missing (expected both cert_file and key_file when " +
                                 std::string(present) + " is set)");
  }
  tls.cert_file = cert;
  tls.key_file = key;
  if (key.empty()) return;
  // The private key is a secret like the client secret: same file rules.
  // The certificates themselves are checked when the listener loads them.
  if (Result<std::string> pem = read_secret_file(key); !pem) {
    s->error("key_file", pem.error().message, pem.error().code);
  }
}

}  // namespace

void read_server(const Section& root, LoadContext& ctx, ServerConfig& server) {
  const std::optional<Section> s =
      root.table("server", {"listen", "ops_listen", "webhook_path", "max_body_bytes",
                            "header_timeout", "body_timeout", "idle_timeout", "max_connections",
                            "max_pending_deliveries", "max_body_memory", "max_connections_per_ip",
                            "timestamp_tolerance", "client_secret", "client_secret_file",
                            "client_secrets", "allowed_installations", "tls"});
  if (!s) return;
  read_listen(*s, server);
  read_ops_listen(*s, server);
  read_webhook_path(*s, server);
  read_limits(*s, server);
  note_client_secrets(*s, ctx);
  note_secret_list(*s, ctx);
  read_allowed_installations(*s, server);
  read_tls(*s, ctx, server.tls);
}

}  // namespace autofixd::config::detail
