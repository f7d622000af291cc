#include "util/hmac.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <memory>
#include <new>
#include <string>
#include <utility>

#include "util/hex.hpp"

namespace autofixd {
namespace {

using DigestContext = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

constexpr std::size_t kBlockBytes = 64;  // SHA-256's block, HMAC's padded key

DigestContext new_context() {
  DigestContext context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!context) throw std::bad_alloc();
  return context;
}

// Fetched once: EVP_sha256() in every call makes OpenSSL 3 look the
// algorithm up again (a lock and a hash table) for each digest.
const EVP_MD* sha256_md() {
  static const EVP_MD* const md = [] {
    EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (fetched == nullptr) throw std::bad_alloc();
    return fetched;
  }();
  return md;
}

bool digest_into(EVP_MD_CTX* context, std::string_view data, unsigned char* out) {
  unsigned int out_len = 0;
  return EVP_DigestInit_ex2(context, sha256_md(), nullptr) == 1 &&
         EVP_DigestUpdate(context, data.data(), data.size()) == 1 &&
         EVP_DigestFinal_ex(context, out, &out_len) == 1 && out_len == 32;
}

// An HMAC key with its two padded blocks already hashed (RFC 2104): a
// message then costs its own blocks and the outer hash's one.
struct KeyedState {
  std::string key;
  DigestContext inner = DigestContext(nullptr, &EVP_MD_CTX_free);
  DigestContext outer = DigestContext(nullptr, &EVP_MD_CTX_free);
};

bool prepare(KeyedState& state, std::string_view key) {
  std::array<unsigned char, kBlockBytes> block{};
  if (key.size() > kBlockBytes) {
    Sha256Digest hashed = sha256(key);
    std::copy(hashed.begin(), hashed.end(), block.begin());
    OPENSSL_cleanse(hashed.data(), hashed.size());
  } else {
    std::copy(key.begin(), key.end(), block.begin());
  }
  std::array<unsigned char, kBlockBytes> pad{};
  state.inner = new_context();
  state.outer = new_context();
  bool ok = true;
  const std::array<std::pair<EVP_MD_CTX*, unsigned char>, 2> halves{
      {{state.inner.get(), 0x36}, {state.outer.get(), 0x5c}}};
  for (const auto& [context, mask] : halves) {
    for (std::size_t i = 0; i < kBlockBytes; ++i) pad[i] = block[i] ^ mask;
    ok = ok && EVP_DigestInit_ex2(context, sha256_md(), nullptr) == 1 &&
         EVP_DigestUpdate(context, pad.data(), pad.size()) == 1;
  }
  OPENSSL_cleanse(block.data(), block.size());
  OPENSSL_cleanse(pad.data(), pad.size());
  state.key.assign(key);
  return ok;
}

// The keys this thread used last: the configured webhook secrets (an old
// and a new one during a rotation). A reload that changes them simply
// misses here and takes a slot.
KeyedState* keyed_state(std::string_view key) {
  constexpr std::size_t kSlots = 4;
  thread_local std::array<KeyedState, kSlots> states;
  thread_local std::size_t next_slot = 0;
  for (KeyedState& state : states) {
    if (state.inner && state.key == key) return &state;
  }
  KeyedState& state = states[next_slot];
  next_slot = (next_slot + 1) % kSlots;
  OPENSSL_cleanse(state.key.data(), state.key.size());
  state.inner.reset();
  if (!prepare(state, key)) {
    state.inner.reset();
    return nullptr;
  }
  return &state;
}

}  // namespace

Sha256Digest sha256(std::string_view data) {
  Sha256Digest out{};
  thread_local const DigestContext context = new_context();
  if (!digest_into(context.get(), data, out.data())) throw std::bad_alloc();
  return out;
}

std::optional<Sha256Digest> hmac_sha256(std::string_view key, std::string_view message) {
  const KeyedState* state = keyed_state(key);
  if (state == nullptr) return std::nullopt;
  thread_local const DigestContext work = new_context();
  Sha256Digest inner{};
  Sha256Digest out{};
  unsigned int out_len = 0;
  const bool ok = EVP_MD_CTX_copy_ex(work.get(), state->inner.get()) == 1 &&
                  EVP_DigestUpdate(work.get(), message.data(), message.size()) == 1 &&
                  EVP_DigestFinal_ex(work.get(), inner.data(), &out_len) == 1 &&
                  EVP_MD_CTX_copy_ex(work.get(), state->outer.get()) == 1 &&
                  EVP_DigestUpdate(work.get(), inner.data(), inner.size()) == 1 &&
                  EVP_DigestFinal_ex(work.get(), out.data(), &out_len) == 1 && out_len == 32;
  if (!ok) return std::nullopt;
  return out;
}

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
  const auto digest = hmac_sha256(key, message);
  return digest ? lower_hex(*digest) : std::string();
}

}  // namespace autofixd
