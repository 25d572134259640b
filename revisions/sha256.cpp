#include "revisions/sha256.h"

#include <openssl/evp.h>

#include <memory>

namespace rev::revisions {
namespace {

struct DigestDeleter {
  void operator()(EVP_MD* digest) const { EVP_MD_free(digest); }
};

// SHA-256 looked up once: finding it in OpenSSL's provider tables cost more than hashing a
// small revision file.
const EVP_MD* Algorithm() {
  static const std::unique_ptr<EVP_MD, DigestDeleter> kSha256(
      EVP_MD_fetch(nullptr, "SHA256", nullptr));
  return kSha256.get();
}

}  // namespace

struct Sha256Context {
  EVP_MD_CTX* evp = EVP_MD_CTX_new();
  bool in_use = false;
  ~Sha256Context() { EVP_MD_CTX_free(evp); }
};

namespace {

// Each thread keeps one context and reuses it for the next Sha256 while no other holds it:
// hashing 10,000 revision files is 10,000 Sha256s one after another. A second Sha256
// alive at the same time gets a context of its own.
Sha256Context& ThreadContext() {
  thread_local Sha256Context context;
  return context;
}

}  // namespace

Sha256::Sha256() : context_(&ThreadContext()) {
  if (context_->in_use) {
    own_ = std::make_unique<Sha256Context>();
    context_ = own_.get();
  }
  context_->in_use = true;
  EVP_DigestInit_ex(context_->evp, Algorithm(), nullptr);
}

Sha256::~Sha256() { context_->in_use = false; }

void Sha256::Update(const void* bytes, size_t size) {
  EVP_DigestUpdate(context_->evp, bytes, size);
}

Sha256Digest Sha256::Finish() {
  Sha256Digest digest{};
  unsigned int length = 0;
  EVP_DigestFinal_ex(context_->evp, digest.data(), &length);
  return digest;
}

std::string HexOf(const Sha256Digest& digest) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text;
  text.reserve(2 * digest.size());
  for (unsigned char byte : digest) {
    text.push_back(kHex[byte >> 4]);
    text.push_back(kHex[byte & 0xF]);
  }
  return text;
}

}  // namespace rev::revisions
