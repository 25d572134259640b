#include "revisions/checksum.h"

#include "revisions/sha256.h"

namespace rev::revisions {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

}  // namespace

Checksum Checksum::Of(std::string_view bytes) {
  if (bytes.substr(0, kUtf8Bom.size()) == kUtf8Bom) bytes.remove_prefix(kUtf8Bom.size());

  Sha256 sha;
  // Feed the bytes in runs that end just before each CR of a CRLF, so that no copy of
  // the file is made and a 50 MB revision costs one pass.
  size_t run_start = 0;
  for (size_t i = bytes.find('\r'); i != std::string_view::npos; i = bytes.find('\r', i + 1)) {
    if (i + 1 < bytes.size() && bytes[i + 1] == '\n') {
      sha.Update(bytes.substr(run_start, i - run_start));
      run_start = i + 1;
    }
  }
  sha.Update(bytes.substr(run_start));

  Checksum checksum;
  checksum.digest_ = sha.Finish();
  checksum.set_ = true;
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

std::string Checksum::hex() const { return set_ ? HexOf(digest_) : ""; }

}  // namespace rev::revisions
