// FakeReceiver: records notification POSTs and answers from scripts.

#include "integration/fake_receiver.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>

#include "integration/fake_http_server.hpp"

namespace autofixd::testing {

struct FakeReceiver::State {
  Reply handle(RecordedRequest request) {
    std::lock_guard lock(mutex);
    ReceiverAnswer answer = next_answer(request.path);
    requests.push_back(std::move(request));
    answered.push_back(answer.drop ? 0 : answer.status);
    changed.notify_all();
    return Reply{FakeResponse{answer.status, answer.body, answer.headers}, answer.delay,
                 answer.drop, false};
  }

  ReceiverAnswer next_answer(const std::string& path) {
    for (auto* queue : {&by_path[path], &any_path}) {
      if (queue->empty()) continue;
      ReceiverAnswer answer = std::move(queue->front());
      queue->pop_front();
      return answer;
    }
    return fallback;
  }

  mutable std::mutex mutex;
  mutable std::condition_variable changed;
  std::map<std::string, std::deque<ReceiverAnswer>> by_path;
  std::deque<ReceiverAnswer> any_path;
  ReceiverAnswer fallback{};
  std::vector<RecordedRequest> requests;
  std::vector<int> answered;
};

FakeReceiver::FakeReceiver(FakeReceiverOptions options) : state_(std::make_unique<State>()) {
  if (options.tls && !options.certs) options.certs = default_test_ca();
  if (!options.tls) options.certs.reset();
  server_ = std::make_unique<FakeHttpServer>(
      [state = state_.get()](RecordedRequest request) { return state->handle(std::move(request)); },
      options.certs, "fake-receiver");
}

FakeReceiver::~FakeReceiver() { server_.reset(); }

std::uint16_t FakeReceiver::port() const { return server_->port(); }
std::string FakeReceiver::base_url() const { return server_->base_url(); }
std::string FakeReceiver::url(std::string_view path) const {
  return base_url() + std::string(path);
}
std::string FakeReceiver::ca_file() const { return server_->ca_file(); }

void FakeReceiver::script(std::string path, std::vector<ReceiverAnswer> answers) {
  std::lock_guard lock(state_->mutex);
  auto& queue = state_->by_path[std::move(path)];
  for (auto& answer : answers) queue.push_back(std::move(answer));
}

void FakeReceiver::script(std::vector<ReceiverAnswer> answers) {
  std::lock_guard lock(state_->mutex);
  for (auto& answer : answers) state_->any_path.push_back(std::move(answer));
}

void FakeReceiver::set_default(ReceiverAnswer answer) {
  std::lock_guard lock(state_->mutex);
  state_->fallback = std::move(answer);
}

void FakeReceiver::stop_listening() { server_->stop_listening(); }
void FakeReceiver::resume_listening() { server_->resume_listening(); }

std::vector<RecordedRequest> FakeReceiver::requests() const {
  std::lock_guard lock(state_->mutex);
  return state_->requests;
}

std::vector<RecordedRequest> FakeReceiver::requests(std::string_view path) const {
  std::lock_guard lock(state_->mutex);
  std::vector<RecordedRequest> out;
  for (const auto& r : state_->requests) {
    if (r.path == path) out.push_back(r);
  }
  return out;
}

std::size_t FakeReceiver::count() const { return requests().size(); }
std::size_t FakeReceiver::count(std::string_view path) const { return requests(path).size(); }

std::vector<int> FakeReceiver::answered() const {
  std::lock_guard lock(state_->mutex);
  return state_->answered;
}

bool FakeReceiver::wait_for_requests(std::size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(state_->mutex);
  return state_->changed.wait_for(lock, timeout, [&] { return state_->requests.size() >= n; });
}

void FakeReceiver::clear_requests() {
  std::lock_guard lock(state_->mutex);
  state_->requests.clear();
  state_->answered.clear();
}

std::string hmac_sha256_hex(std::string_view secret, std::string_view body) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest, &length);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0x0f]);
  }
  return out;
}

bool signature_matches(const RecordedRequest& request, std::string_view secret,
                       std::string_view header) {
  auto value = request.header(header);
  return value && *value == hmac_sha256_hex(secret, request.body);
}

}  // namespace autofixd::testing
