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

}  // namespace

Checksum Checksum::Of(std::string_view bytes) {
  if (bytes.substr(0, kUtf8Bom.size()) == kUtf8Bom) bytes.remove_prefix(kUtf8Bom.size());

  std::unique_ptr<EVP_MD_CTX, DigestContextDeleter> context(EVP_MD_CTX_new());
  EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr);
  // Feed the bytes in runs that end just before each CR of a CRLF, so that no copy of
  // the file is made and a 50 MB revision costs one pass.
  size_t run_start = 0;
  for (size_t i = 0; i + 1 < bytes.size(); ++i) {
    if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
      EVP_DigestUpdate(context.get(), bytes.data() + run_start, i - run_start);
      run_start = i + 1;
    }
  }
  EVP_DigestUpdate(context.get(), bytes.data() + run_start, bytes.size() - run_start);

  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_DigestFinal_ex(context.get(), digest.data(), &length);

  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0xF]);
  }
  return Checksum(std::move(hex));
}

}  // namespace rev::revisions
