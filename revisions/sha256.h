// Sha256: rev's one SHA-256 (OpenSSL's), fed in pieces. Revision checksums (checksum.h)
// and backup hashes (the manifest's sha256) both go through it.
#pragma once

#include <array>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace rev::revisions {

using Sha256Digest = std::array<unsigned char, 32>;

struct Sha256Context;  // OpenSSL's, in sha256.cpp

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(const void* bytes, size_t size);
  void Update(std::string_view bytes) { Update(bytes.data(), bytes.size()); }
  // The digest of everything fed. REQUIRES: called once, last.
  Sha256Digest Finish();

 private:
  std::unique_ptr<Sha256Context> own_;  // set when the thread's context was taken
  Sha256Context* context_;
};

// 64 lowercase hex digits.
std::string HexOf(const Sha256Digest& digest);

}  // namespace rev::revisions
