// IdIndex: revision id → position in a list of revisions, the lookup every graph query
// starts from. An open-addressing table in one array of views: building one for 100,000
// ids is one allocation, where a node-based hash map made one per id (most of what
// resolving a graph's references cost).
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace rev::engine {

class IdIndex {
 public:
  static constexpr uint32_t kMissing = UINT32_MAX;

  // Room for `count` ids without growing.
  void Reserve(size_t count) {
    if (count * 2 > slots_.size()) Rehash(count * 2);
  }

  // Maps `id` to `position`; false, changing nothing, when `id` is already there. The
  // characters `id` views must outlive the index.
  bool Insert(std::string_view id, uint32_t position) {
    if ((size_ + 1) * 2 > slots_.size()) Rehash((size_ + 1) * 2);
    Slot& slot = slots_[SlotIndex(id)];
    if (slot.position != kMissing) return false;
    slot = {id, position};
    ++size_;
    return true;
  }

  // The position of `id`, or kMissing.
  uint32_t Find(std::string_view id) const {
    if (slots_.empty()) return kMissing;
    return slots_[SlotIndex(id)].position;
  }
  bool Contains(std::string_view id) const { return Find(id) != kMissing; }
  size_t size() const { return size_; }

  // Calls visit(id, position) for every id, in no particular order.
  template <typename Visit>
  void ForEach(Visit visit) const {
    for (const Slot& slot : slots_) {
      if (slot.position != kMissing) visit(slot.id, slot.position);
    }
  }

 private:
  struct Slot {
    std::string_view id;
    uint32_t position = kMissing;
  };

  // Eight bytes at a time, then a multiply-xorshift finish: ids are short and mostly
  // random already, so this spreads them as well as a general hash at a fraction of it.
  static uint64_t Hash(std::string_view id) {
    uint64_t hash = id.size();
    size_t at = 0;
    for (; at + 8 <= id.size(); at += 8) {
      uint64_t word;
      std::memcpy(&word, id.data() + at, 8);
      hash = (hash ^ word) * 0x9e3779b97f4a7c15ULL;
      hash ^= hash >> 32;
    }
    uint64_t tail = 0;
    std::memcpy(&tail, id.data() + at, id.size() - at);
    hash = (hash ^ tail) * 0x9e3779b97f4a7c15ULL;
    return hash ^ (hash >> 29);
  }

  // The slot holding `id`, or the empty slot where it would go (linear probing).
  size_t SlotIndex(std::string_view id) const {
    size_t mask = slots_.size() - 1;
    for (size_t i = Hash(id) & mask;; i = (i + 1) & mask) {
      const Slot& slot = slots_[i];
      if (slot.position == kMissing || slot.id == id) return i;
    }
  }

  // At least `wanted` slots, a power of two, every id placed again.
  void Rehash(size_t wanted) {
    size_t capacity = 16;
    while (capacity < wanted) capacity *= 2;
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(capacity, Slot());
    for (const Slot& slot : old) {
      if (slot.position != kMissing) slots_[SlotIndex(slot.id)] = slot;
    }
  }

  std::vector<Slot> slots_;
  size_t size_ = 0;
};

}  // namespace rev::engine
