#include "revisions/scan_cache_layout.h"

namespace rev::revisions::scan_cache_layout {
namespace {

constexpr uint64_t kMultiplier = 0x9e3779b97f4a7c15ULL;  // odd: multiplying is a bijection

// One step of a lane: a bijection of `state` for each word, so a changed word always
// changes the lane.
uint64_t Step(uint64_t state, uint64_t word) {
  state = (state ^ word) * kMultiplier;
  return state ^ (state >> 31);
}

// MurmurHash3's finaliser: spreads every bit of the lanes over the result.
uint64_t Finish(uint64_t value) {
  value ^= value >> 33;
  value *= 0xff51afd7ed558ccdULL;
  value ^= value >> 33;
  value *= 0xc4ceb9fe1a85ec53ULL;
  return value ^ (value >> 33);
}

}  // namespace

uint64_t Hash(std::string_view bytes) {
  const char* at = bytes.data();
  size_t left = bytes.size();
  // Four lanes, so that the multiplications of consecutive words overlap in the CPU.
  uint64_t lanes[4] = {1, 2, 3, 4};
  for (; left >= 32; at += 32, left -= 32) {
    for (int i = 0; i < 4; ++i) lanes[i] = Step(lanes[i], Load<uint64_t>(at + 8 * i));
  }
  for (int i = 0; left >= 8; at += 8, left -= 8, ++i) lanes[i] = Step(lanes[i], Load<uint64_t>(at));
  uint64_t tail = 0;
  std::memcpy(&tail, at, left);
  uint64_t hash = Step(bytes.size(), tail);
  for (uint64_t lane : lanes) hash = Step(hash, Finish(lane));
  return Finish(hash);
}

}  // namespace rev::revisions::scan_cache_layout
