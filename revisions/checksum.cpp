#include "revisions/checksum.h"

#include <openssl/evp.h>

#include <array>
#include <memory>

namespace rev::revisions {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

struct DigestContextDeleter {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};

struct DigestDeleter {
  void operator()(EVP_MD* digest) const { EVP_MD_free(digest); }
};

// One context per thread, reused: creating a context and looking SHA-256 up in OpenSSL's
// provider tables cost more than hashing a small revision file.
EVP_MD_CTX* ThreadContext() {
  static const std::unique_ptr<EVP_MD, DigestDeleter> kSha256(
      EVP_MD_fetch(nullptr, "SHA256", nullptr));
  thread_local const std::unique_ptr<EVP_MD_CTX, DigestContextDeleter> kContext(EVP_MD_CTX_new());
  EVP_DigestInit_ex(kContext.get(), kSha256.get(), nullptr);
  return kContext.get();
}

}  // namespace

Checksum Checksum::Of(std::string_view bytes) {
  if (bytes.substr(0, kUtf8Bom.size()) == kUtf8Bom) bytes.remove_prefix(kUtf8Bom.size());

  EVP_MD_CTX* context = ThreadContext();
  // Feed the bytes in runs that end just before each CR of a CRLF, so that no copy of
  // the file is made and a 50 MB revision costs one pass.
  size_t run_start = 0;
  for (size_t i = bytes.find('\r'); i != std::string_view::npos; i = bytes.find('\r', i + 1)) {
    if (i + 1 < bytes.size() && bytes[i + 1] == '\n') {
      EVP_DigestUpdate(context, bytes.data() + run_start, i - run_start);
      run_start = i + 1;
    }
  }
  EVP_DigestUpdate(context, bytes.data() + run_start, bytes.size() - run_start);

  Checksum checksum;
  unsigned int length = 0;
  EVP_DigestFinal_ex(context, checksum.digest_.data(), &length);
  checksum.set_ = length == checksum.digest_.size();
  return checksum;
}

Checksum Checksum::FromHex(std::string_view hex) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  Checksum checksum;
  if (hex.size() != 2 * checksum.digest_.size()) return checksum;
  for (size_t i = 0; i < checksum.digest_.size(); ++i) {
    int high = nibble(hex[2 * i]);
    int low = nibble(hex[2 * i + 1]);
    if (high < 0 || low < 0) return Checksum();
    checksum.digest_[i] = static_cast<unsigned char>(high << 4 | low);
  }
  checksum.set_ = true;
  return checksum;
}

std::string Checksum::hex() const {
  if (!set_) return "";
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text;
  text.reserve(2 * digest_.size());
  for (unsigned char byte : digest_) {
    text.push_back(kHex[byte >> 4]);
    text.push_back(kHex[byte & 0xF]);
  }
  return text;
}

}  // namespace rev::revisions
