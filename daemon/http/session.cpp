#include "http/session.hpp"

#include <array>
#include <iterator>
#include <optional>
#include <span>
#include <string_view>
#include <utility>

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "http/head_scan.hpp"
#include "http/response_head.hpp"
#include "http/request_limits.hpp"

namespace autofixd::http::detail {
namespace {

namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
constexpr auto kTuple = net::as_tuple(net::use_awaitable);
// One read takes a whole typical webhook (head and a few KB of body).
constexpr std::size_t kReadChunk = 16 * 1024;
// After an error answer, unread request bytes are read and dropped for this
// long (at most kDrainBytes) before closing, so the client sees the answer
// instead of a reset.
constexpr auto kDrainTime = std::chrono::milliseconds(500);
constexpr std::size_t kDrainBytes = 256 * 1024;

using RequestParser = bhttp::request_parser<bhttp::string_body>;

int status_for_parse_error(const beast::error_code& ec) {
  if (ec == bhttp::error::body_limit || ec == bhttp::error::buffer_overflow) return 413;
  if (ec == bhttp::error::header_limit) return 431;
  return 400;
}

// Writes `response` as the answer to a request of HTTP/1.`version`: its
// head and body in one gathered write.
template <class Stream>
net::awaitable<beast::error_code> write_response(Stream& stream, const Response& response,
                                                 const ResponseFraming& framing) {
  const std::string head = response_head(
      response, bhttp::obsolete_reason(static_cast<bhttp::status>(response.status)), framing);
  const bool body = response_sends_body(response, framing) && !response.body.empty();
  const std::array<net::const_buffer, 2> buffers{net::buffer(head),
                                                 net::buffer(response.body)};
  auto [ec, n] = co_await net::async_write(
      stream, std::span<const net::const_buffer>(buffers.data(), body ? 2 : 1), kTuple);
  co_return ec;
}

Request from_beast(bhttp::request<bhttp::string_body>&& req, std::string remote) {
  Request r;
  r.method = std::string(req.method_string());
  r.target = std::string(req.target());
  r.headers.reserve(static_cast<std::size_t>(std::distance(req.begin(), req.end())));
  for (const auto& field : req) {
    r.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  r.body = std::move(req.body());
  r.remote = std::move(remote);
  return r;
}

Head head_of(const RequestParser& parser) {
  const auto& header = parser.get();
  Head head{header.version(), header.method_string(), {}, header.target()};
  for (const auto& field : header) head.fields.emplace_back(field.name_string(), field.value());
  return head;
}

// The error a parser failure is answered with; nullopt = close without answering.
std::optional<Rejection> parse_rejection(const beast::error_code& ec, std::string_view what) {
  // bad_descriptor: closed to make room for a new connection (max_connections).
  if (ec == bhttp::error::end_of_stream || ec == net::error::operation_aborted ||
      ec == beast::error::timeout || ec == net::error::connection_reset || ec == net::error::eof ||
      ec == net::error::bad_descriptor) {
    return std::nullopt;
  }
  const int status = status_for_parse_error(ec);
  return Rejection{status,
                   status == 400   ? "bad_request"
                   : status == 413 ? "body_too_large"
                                   : "headers_too_large",
                   std::string(what) + ": " + ec.message()};
}

std::optional<Rejection> check_before_body(const ServerState& state, const RequestParser& parser) {
  const std::size_t limit = state.config.max_body_bytes;
  if (auto length = parser.content_length(); length && *length > limit) {
    return Rejection{413, "body_too_large",
                     "body of " + std::to_string(*length) + " bytes exceeds max_body_bytes " +
                         std::to_string(limit)};
  }
  const Head head = head_of(parser);
  if (auto rejection = check_head(head)) return rejection;
  if (state.head_gate) return state.head_gate(head);
  return std::nullopt;
}

// Bytes a body may occupy while it is read and handled: its Content-Length,
// or max_body_bytes when chunked (its size is not known in advance).
std::size_t body_bytes_needed(const ServerState& state, const RequestParser& parser) {
  if (auto length = parser.content_length()) return static_cast<std::size_t>(*length);
  return parser.chunked() ? state.config.max_body_bytes : 0;
}

// A share of [server] max_body_memory, held while a request's body is read
// and handled, so many large bodies at once cannot exhaust memory.
class BodyReservation {
 public:
  BodyReservation() = default;
  BodyReservation(ServerState& state, std::size_t bytes) : state_(&state), bytes_(bytes) {
    state.stats.body_bytes_reserved += bytes;
  }
  BodyReservation(BodyReservation&& other) noexcept
      : state_(std::exchange(other.state_, nullptr)), bytes_(other.bytes_) {}
  BodyReservation& operator=(BodyReservation&& other) noexcept {
    std::swap(state_, other.state_);
    std::swap(bytes_, other.bytes_);
    return *this;
  }
  ~BodyReservation() {
    if (state_ != nullptr) state_->stats.body_bytes_reserved -= bytes_;
  }

 private:
  ServerState* state_ = nullptr;
  std::size_t bytes_ = 0;
};

std::optional<Rejection> reserve_body(ServerState& state, std::size_t bytes,
                                      BodyReservation& reservation) {
  if (bytes == 0) return std::nullopt;
  if (state.stats.body_bytes_reserved + bytes > state.config.max_body_memory) {
    ++state.stats.rejected_for_memory;
    return Rejection{503, "server_busy",
                     "bodies being read already use server.max_body_memory (" +
                         std::to_string(state.config.max_body_memory) + " bytes); retry later",
                     "1"};
  }
  reservation = BodyReservation(state, bytes);
  return std::nullopt;
}



// What reading a request gave: a request, a rejection to answer, or nothing
// (the connection ended or timed out, and is closed without an answer).
struct ReadOutcome {
  bool closed = false;
  std::optional<Rejection> rejection;
  BodyReservation reservation{};  // held until the answer is written
};

// Reads until `buffer` holds a whole head of at most kHeaderLimit bytes,
// without parsing it. Between requests idle_timeout runs until the next request's
// first byte; from then header_timeout bounds the rest of its head, so a
// trickled second request is cut off like a first one. A bare LF line ending
// is refused here: Beast's parser would wait for CRLF CRLF until the timeout.
template <class Stream>
net::awaitable<ReadOutcome> read_head(const ServerState& state, Stream& stream,
                                      beast::flat_buffer& buffer, bool first) {
  auto& lowest = beast::get_lowest_layer(stream);
  bool head_timed = first;  // the first request's deadline was set at accept
  if (!first) lowest.expires_after(state.config.idle_timeout);
  HeadScanner scanner;
  for (;;) {
    const std::string_view bytes(static_cast<const char*>(buffer.data().data()), buffer.size());
    const HeadScan scan = scanner.scan(bytes);
    if (scan == HeadScan::bare_lf) {
      co_return ReadOutcome{false, Rejection{400, "bad_request",
                                             "malformed HTTP request: a line ends in a bare LF "
                                             "(expected CRLF line endings)"}};
    }
    // Checked here on the whole head: Beast's own header_limit applies to
    // what one parse call sees, which a head arriving in pieces evades.
    const bool too_large = scan == HeadScan::complete ? scanner.head_size() > kHeaderLimit
                                                      : bytes.size() >= kHeaderLimit;
    if (too_large) {
      co_return ReadOutcome{false, Rejection{431, "headers_too_large",
                                             "request line and headers exceed " +
                                                 std::to_string(kHeaderLimit) + " bytes"}};
    }
    if (scan == HeadScan::complete) co_return ReadOutcome{};
    if (!head_timed && !bytes.empty()) {
      lowest.expires_after(state.config.header_timeout);
      head_timed = true;
    }
    auto [ec, n] = co_await stream.async_read_some(buffer.prepare(kReadChunk), kTuple);
    buffer.commit(n);
    if (ec) co_return ReadOutcome{true, std::nullopt};
  }
}

// Reads one request into `parser`.
template <class Stream>
net::awaitable<ReadOutcome> read_request(ServerState& state, Stream& stream,
                                         beast::flat_buffer& buffer, RequestParser& parser,
                                         Connection& conn, bool first) {
  parser.header_limit(kHeaderLimit);
  parser.body_limit(state.config.max_body_bytes);
  conn.idle = true;
  conn.idle_since = std::chrono::steady_clock::now();
  ReadOutcome head = co_await read_head(state, stream, buffer, first);
  if (head.closed || head.rejection) {
    conn.idle = false;
    co_return head;
  }
  // The whole head is buffered: this parses it without waiting for bytes.
  auto [ec, n] = co_await bhttp::async_read_header(stream, buffer, parser, kTuple);
  conn.idle = false;
  // Shutting down: a keep-alive connection's next request is not served; a
  // first request is (it may have waited through a restart in the queue).
  if (state.stopping && !first && !ec) ec = net::error::operation_aborted;
  if (ec) {
    auto rejection = parse_rejection(ec, "malformed HTTP request");
    co_return ReadOutcome{!rejection, std::move(rejection)};
  }
  if (auto rejection = check_before_body(state, parser)) co_return ReadOutcome{false, rejection};
  BodyReservation reservation;
  if (auto busy = reserve_body(state, body_bytes_needed(state, parser), reservation)) {
    co_return ReadOutcome{false, busy};
  }
  beast::get_lowest_layer(stream).expires_after(state.config.body_timeout);
  std::tie(ec, n) = co_await bhttp::async_read(stream, buffer, parser, kTuple);
  if (!ec) co_return ReadOutcome{false, std::nullopt, std::move(reservation)};
  auto rejection = parse_rejection(ec, "could not read request body");
  co_return ReadOutcome{!rejection, std::move(rejection)};
}

// Serves one request; returns whether to keep the connection open.
template <class Stream>
net::awaitable<bool> serve_one(ServerState& state, Stream& stream, beast::flat_buffer& buffer,
                               Connection& conn, const std::string& remote, bool first) {
  RequestParser parser;
  ChunkExtensionLimit extension_limit;
  parser.on_chunk_header(extension_limit);
  const ReadOutcome read = co_await read_request(state, stream, buffer, parser, conn, first);
  if (read.closed) co_return false;
  if (read.rejection) {
    ++state.stats.rejected_by_parser;
    spdlog::info("http: {} rejected with {}: {}", remote, read.rejection->status,
                 read.rejection->message);
    co_await reject(stream, *read.rejection);
    co_return false;
  }
  ++state.stats.requests;
  auto request = parser.release();
  const bool keep_alive = request.keep_alive();
  const unsigned version = request.version();
  const bool head_only = request.method() == bhttp::verb::head;
  Response response = co_await state.handler(from_beast(std::move(request), remote));
  const bool keep = keep_alive && !state.stopping;
  beast::get_lowest_layer(stream).expires_after(state.config.body_timeout);
  const beast::error_code ec =
      co_await write_response(stream, response, ResponseFraming{version, keep, head_only});
  co_return !ec && keep;
}

}  // namespace

template <class Stream>
net::awaitable<void> serve(ServerState& state, Stream& stream, beast::flat_buffer& buffer,
                           Connection& conn, const std::string& remote) {
  bool first = true;
  while (co_await serve_one(state, stream, buffer, conn, remote, first)) {
    first = false;
    conn.answered = true;
  }
}

std::size_t read_buffer_limit(const config::ServerConfig& config) {
  return http::read_buffer_limit(config.max_body_bytes);
}

template <class Stream>
net::awaitable<void> reject(Stream& stream, const Rejection& rejection) {
  Response answer = json_error(rejection.status, rejection.code, rejection.message);
  if (!rejection.retry_after.empty())
    answer.headers.emplace_back("Retry-After", rejection.retry_after);
  beast::error_code ec = co_await write_response(stream, answer, ResponseFraming{11, false});
  if (ec) co_return;
  std::size_t n = 0;
  auto& lowest = beast::get_lowest_layer(stream);
  lowest.socket().shutdown(tcp::socket::shutdown_send, ec);
  lowest.expires_after(kDrainTime);
  std::array<char, 4096> sink;
  for (std::size_t drained = 0; drained < kDrainBytes && !ec;) {
    std::tie(ec, n) = co_await lowest.async_read_some(net::buffer(sink), kTuple);
    drained += n;
  }
}

using TlsStream = beast::ssl_stream<beast::tcp_stream>;
template net::awaitable<void> serve(ServerState&, beast::tcp_stream&, beast::flat_buffer&,
                                    Connection&, const std::string&);
template net::awaitable<void> serve(ServerState&, TlsStream&, beast::flat_buffer&, Connection&,
                                    const std::string&);
template net::awaitable<void> reject(beast::tcp_stream&, const Rejection&);
template net::awaitable<void> reject(TlsStream&, const Rejection&);

}  // namespace autofixd::http::detail
