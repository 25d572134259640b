// Checksum: the SHA-256 of a revision file as SPEC §1 defines it.
//
// The bytes are hashed with a leading UTF-8 byte-order mark dropped and every CRLF folded
// to LF, and nothing else normalised: a checkout with core.autocrlf gives the same
// checksum, while joining two lines or changing spaces inside a string literal does not.
#pragma once

#include <string>
#include <string_view>

#include "revisions/sha256.h"

namespace rev::revisions {

class Checksum {
 public:
  Checksum() = default;
  // REQUIRES: `hex` is 64 hex digits (as hex() gives, or read back from a database that
  // stored one); anything else gives an empty checksum.
  static Checksum FromHex(std::string_view hex);

  // The checksum of a file's bytes.
  static Checksum Of(std::string_view file_bytes);

  // 64 lowercase hex digits; "" for an empty checksum.
  std::string hex() const;
  bool empty() const { return !set_; }

  friend bool operator==(const Checksum& a, const Checksum& b) {
    return a.set_ == b.set_ && a.digest_ == b.digest_;
  }
  friend bool operator!=(const Checksum& a, const Checksum& b) { return !(a == b); }

 private:
  // The 32 bytes, not their hex: a graph of 100,000 revisions keeps one per revision.
  Sha256Digest digest_{};
  bool set_ = false;
};

}  // namespace rev::revisions
