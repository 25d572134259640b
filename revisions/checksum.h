// Checksum: the SHA-256 of a revision file as SPEC §1 defines it.
//
// The bytes are hashed with a leading UTF-8 byte-order mark dropped and every CRLF folded
// to LF, and nothing else normalised: a checkout with core.autocrlf gives the same
// checksum, while joining two lines or changing spaces inside a string literal does not.
#pragma once

#include <string>
#include <string_view>

namespace rev::revisions {

class Checksum {
 public:
  Checksum() = default;
  // REQUIRES: `hex` is 64 lowercase hex digits (as produced by Of, or read back from a
  // database that stored one).
  static Checksum FromHex(std::string hex) { return Checksum(std::move(hex)); }

  // The checksum of a file's bytes.
  static Checksum Of(std::string_view file_bytes);

  const std::string& hex() const { return hex_; }
  bool empty() const { return hex_.empty(); }

  friend bool operator==(const Checksum& a, const Checksum& b) { return a.hex_ == b.hex_; }
  friend bool operator!=(const Checksum& a, const Checksum& b) { return a.hex_ != b.hex_; }

 private:
  explicit Checksum(std::string hex) : hex_(std::move(hex)) {}
  std::string hex_;
};

}  // namespace rev::revisions
