#include "integration/test_ca.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <atomic>
#include <memory>
#include <stdexcept>
#include <system_error>

namespace autofixd::testing {

namespace {

namespace fs = std::filesystem;

struct KeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct CertFree {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct BioFree {
  void operator()(BIO* bio) const { BIO_free_all(bio); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, KeyFree>;
using CertPtr = std::unique_ptr<X509, CertFree>;
using BioPtr = std::unique_ptr<BIO, BioFree>;

[[noreturn]] void fail(const std::string& what) {
  std::string detail;
  if (unsigned long err = ERR_get_error(); err != 0) {
    char buf[256];
    ERR_error_string_n(err, buf, sizeof buf);
    detail = std::string(": ") + buf;
  }
  throw std::runtime_error("test CA: " + what + detail);
}

void check(int rc, const std::string& what) {
  if (rc != 1) fail(what);
}

KeyPtr make_key() {
  KeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!key) fail("EC key generation");
  return key;
}

void add_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  if (ext == nullptr) fail("extension " + value);
  int rc = X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
  check(rc, "adding extension " + value);
}

// A certificate for `key` named `common_name`, not yet signed; `serial`
// distinguishes certificates of one run.
CertPtr make_cert(EVP_PKEY* key, const std::string& common_name, long serial) {
  CertPtr cert(X509_new());
  if (!cert) fail("X509_new");
  check(X509_set_version(cert.get(), X509_VERSION_3), "version");
  check(ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial), "serial");
  if (!X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600) ||
      !X509_gmtime_adj(X509_getm_notAfter(cert.get()), 7L * 24 * 3600)) {
    fail("validity");
  }
  check(X509_set_pubkey(cert.get(), key), "public key");
  X509_NAME* name = X509_get_subject_name(cert.get());
  const auto* cn = reinterpret_cast<const unsigned char*>(common_name.c_str());
  check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, cn, -1, -1, 0), "subject");
  return cert;
}

void sign(X509* cert, X509* issuer, EVP_PKEY* issuer_key) {
  check(X509_set_issuer_name(cert, X509_get_subject_name(issuer)), "issuer");
  if (X509_sign(cert, issuer_key, EVP_sha256()) <= 0) fail("signing");
}

std::string san_value(const ServerNames& names) {
  std::string value;
  for (const auto& dns : names.dns) value += (value.empty() ? "DNS:" : ",DNS:") + dns;
  for (const auto& ip : names.ips) value += (value.empty() ? "IP:" : ",IP:") + ip;
  return value;
}

void write_pem(const fs::path& path, X509* cert, EVP_PKEY* key) {
  BioPtr bio(BIO_new_file(path.c_str(), "w"));
  if (!bio) fail("opening " + path.string());
  if (cert != nullptr) check(PEM_write_bio_X509(bio.get(), cert), "writing " + path.string());
  if (key != nullptr) {
    check(PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr),
          "writing " + path.string());
  }
}

long next_serial() {
  static std::atomic<long> serial{1};
  return serial++;
}

// A temporary directory removed when the process exits normally.
class TempDir {
 public:
  explicit TempDir(const std::string& tag) {
    static std::atomic<int> counter{0};
    path_ = fs::temp_directory_path() /
            ("autofixd-" + tag + "-" + std::to_string(::getpid()) + "-" +
             std::to_string(counter++));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

}  // namespace

TestCaFiles generate_test_ca(const fs::path& dir, const ServerNames& names) {
  KeyPtr ca_key = make_key();
  CertPtr ca = make_cert(ca_key.get(), "autofixd test CA", next_serial());
  add_extension(ca.get(), ca.get(), NID_basic_constraints, "critical,CA:TRUE");
  add_extension(ca.get(), ca.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
  add_extension(ca.get(), ca.get(), NID_subject_key_identifier, "hash");
  sign(ca.get(), ca.get(), ca_key.get());

  KeyPtr server_key = make_key();
  const std::string cn = names.dns.empty() ? "autofixd test server" : names.dns.front();
  CertPtr server = make_cert(server_key.get(), cn, next_serial());
  add_extension(server.get(), ca.get(), NID_basic_constraints, "critical,CA:FALSE");
  add_extension(server.get(), ca.get(), NID_key_usage, "critical,digitalSignature");
  add_extension(server.get(), ca.get(), NID_ext_key_usage, "serverAuth");
  add_extension(server.get(), ca.get(), NID_authority_key_identifier, "keyid:always");
  if (std::string san = san_value(names); !san.empty()) {
    add_extension(server.get(), ca.get(), NID_subject_alt_name, san);
  }
  sign(server.get(), ca.get(), ca_key.get());

  TestCaFiles files{(dir / "ca.pem").string(), (dir / "server.pem").string(),
                    (dir / "server-key.pem").string()};
  write_pem(files.ca_pem, ca.get(), nullptr);
  write_pem(files.cert_pem, server.get(), nullptr);
  write_pem(files.key_pem, nullptr, server_key.get());
  return files;
}

const TestCaFiles& default_test_ca() {
  static TempDir dir("test-ca");
  static const TestCaFiles files = generate_test_ca(dir.path());
  return files;
}

const TestCaFiles& wrong_name_test_ca() {
  static TempDir dir("test-ca-wrong-name");
  static const TestCaFiles files = generate_test_ca(dir.path(), ServerNames{{"wrong.example"}, {}});
  return files;
}

}  // namespace autofixd::testing
