// The bytes of the scan cache (scan_cache.h), laid out to be used where they are mapped:
// a table of fixed-size records sorted by file name, a pool of each revision's header
// fields, and a region of the sections' SQL. Loading checks the sizes and one hash of the
// table and pool; nothing is copied or allocated per entry until a revision is taken.
//
//   magic, REV_VERSION, key          the header: a cache of another rev or folder is ignored
//   padding to 8 bytes
//   Summary                          counts, region sizes, a hash of each region
//   Record[count]                    sorted by name; spans into the pool and the sections
//   pool[pool_bytes]                 names, and each revision's fields (EntryWriter)
//   sections[sections_bytes]         the upgrade and downgrade SQL, read only when needed
//
// Numbers are in the machine's byte order: the cache never leaves the checkout that made
// it, and a cache from another machine is at worst ignored (its hash does not match).
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace rev::revisions::scan_cache_layout {

// Bumped whenever what is written changes; a cache of another format is ignored.
inline constexpr std::string_view kMagic = "rev scan cache 5\n";

// A run of bytes inside one region.
struct Span {
  uint32_t offset = 0;
  uint32_t size = 0;
};

// What a record says of its revision without reading its fields.
enum RecordFlag : uint32_t {
  kSectionsLoaded = 1,   // the SQL was kept (upgrade and downgrade spans are valid)
  kUpgradeBlank = 2,     // the upgrade section holds only whitespace
  kDowngradeMarker = 4,  // the file has a `-- rev:downgrade` marker
  kDowngradeBlank = 8,   // the downgrade section is absent or blank
  kHasChecksum = 16,     // the file was hashed (the fields hold the 32 bytes)
  kTransactional = 32,
  kUpgradeCommentsOnly = 64,  // the upgrade section holds comments and no statement
};

struct Summary {
  uint64_t count = 0;
  uint64_t pool_bytes = 0;
  uint64_t sections_bytes = 0;
  uint64_t index_hash = 0;     // of the records and the pool
  uint64_t sections_hash = 0;  // of the sections
};

struct Record {
  uint64_t size = 0;  // the file's stamp (FileStamp)
  uint64_t inode = 0;
  int64_t mtime_ns = 0;
  int64_t ctime_ns = 0;
  Span name;       // in the pool
  Span fields;     // in the pool: the revision's header fields (EntryWriter's layout)
  Span upgrade;    // in the sections
  Span downgrade;  // in the sections
  uint32_t flags = 0;
  uint32_t unused = 0;
};
static_assert(sizeof(Record) == 72, "the record is part of the file format");
static_assert(sizeof(Summary) == 40, "the summary is part of the file format");

// A hash of `bytes` that changes whenever any one 8-byte word of them does (each step is a
// bijection of the running state), four words at a time for speed: it tells a damaged or
// truncated cache from a whole one, and protects against nothing worse (whoever can write
// the cache can write the revision files).
uint64_t Hash(std::string_view bytes);

// `bytes[span]` when the span lies inside `bytes`; false otherwise.
inline bool View(std::string_view bytes, Span span, std::string_view* out) {
  if (span.offset > bytes.size() || span.size > bytes.size() - span.offset) return false;
  *out = bytes.substr(span.offset, span.size);
  return true;
}

// Reads a value of trivial type at `at` (no alignment needed).
template <typename T>
T Load(const char* at) {
  T value;
  std::memcpy(&value, at, sizeof value);
  return value;
}

// Appends a value of trivial type to `out`.
template <typename T>
void Append(std::string& out, const T& value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

// Reads a revision's fields in order; any shortfall makes ok() false for good.
class FieldReader {
 public:
  explicit FieldReader(std::string_view bytes) : in_(bytes) {}
  bool ok() const { return ok_; }
  bool done() const { return ok_ && in_.empty(); }
  uint32_t U32() {
    if (in_.size() < sizeof(uint32_t)) return Fail();
    uint32_t value = Load<uint32_t>(in_.data());
    in_.remove_prefix(sizeof value);
    return value;
  }
  std::string_view Bytes(size_t size) {
    if (size > in_.size()) {
      Fail();
      return {};
    }
    std::string_view bytes = in_.substr(0, size);
    in_.remove_prefix(size);
    return bytes;
  }
  std::string_view Str() { return Bytes(U32()); }
  // A count of things each at least `least` bytes long: no more than the bytes left allow.
  uint32_t Count(size_t least) {
    uint32_t count = U32();
    return count > in_.size() / least ? Fail() : count;
  }

 private:
  uint32_t Fail() {
    ok_ = false;
    in_ = {};
    return 0;
  }

  std::string_view in_;
  bool ok_ = true;
};

// Writes what FieldReader reads.
class FieldWriter {
 public:
  explicit FieldWriter(std::string* out) : out_(*out) {}
  void U32(uint32_t value) { Append(out_, value); }
  void Str(std::string_view text) {
    U32(static_cast<uint32_t>(text.size()));
    out_.append(text);
  }
  void Raw(std::string_view bytes) { out_.append(bytes); }

 private:
  std::string& out_;
};

}  // namespace rev::revisions::scan_cache_layout
