// The scan cache: the parsed revision files of a folder, kept in `.rev/scan-cache` so that
// the next command stats each file instead of opening, reading and parsing it. On a
// folder of 1,000 revisions those three system calls per file and the parsing were most
// of what `rev heads` cost; a stat is a fraction of that. (ninja's .ninja_deps and git's
// index do the same for the same reason.)
//
// A cached file is used only when its size, inode, modification and change times are all
// unchanged; the change time moves on every write and cannot be set back by a user. A
// file changed in the last two seconds before a scan is never stored, so an edit landing
// in the same tick of the file system's clock as the scan that stored it cannot go
// unseen (git's "racily clean" entries). The cache is a convenience: one that is missing,
// damaged, of another rev version or of another folder is ignored and rewritten, and one
// that cannot be written is not an error.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "revisions/notice.h"
#include "revisions/revision.h"

namespace rev::revisions {

// What identifies one version of a file's bytes (from stat).
struct FileStamp {
  uint64_t size = 0;
  uint64_t inode = 0;
  int64_t mtime_ns = 0;
  int64_t ctime_ns = 0;

  friend bool operator==(const FileStamp& a, const FileStamp& b) {
    return a.size == b.size && a.inode == b.inode && a.mtime_ns == b.mtime_ns &&
           a.ctime_ns == b.ctime_ns;
  }
  friend bool operator!=(const FileStamp& a, const FileStamp& b) { return !(a == b); }
};

struct CacheEntry;

// A cache file as it is mapped: a table of records sorted by file name, used in place
// (scan_cache_layout.h). Loading it checks its header, its size and a hash of its table;
// nothing is parsed or allocated per entry until a revision is taken from it.
class ScanCache {
 public:
  static constexpr size_t kNone = static_cast<size_t>(-1);

  // The cache in `file` for the folder and display prefix `key` names, or an empty one
  // when there is none or it cannot be used (missing, of another rev version, folder or
  // format, truncated, or not matching its hash).
  static ScanCache Load(const std::filesystem::path& file, const std::string& key);

  // The entry of `name` when its file, with `need_checksum`, was hashed, and with
  // `need_sections`, was kept with its SQL (and the SQL region is whole); else kNone. Each call
  // looks first just after the entry found last, so names asked in sorted order cost no search.
  size_t Find(std::string_view name, bool need_checksum, bool need_sections);

  // Whether entry `i` was stored from the file as it is now: its stamp is `stamp`. An entry
  // is used only when this holds.
  bool Fresh(size_t i, const FileStamp& stamp) const;

  // The parse stored in entry `i` (with its sections' SQL when `sections`), into
  // `revision`, its warnings appended to `warnings`. False, leaving them as they were, when
  // the entry's bytes do not hold a well-formed revision (or its SQL region does not match
  // its hash): the caller reads the file instead.
  bool Take(size_t i, bool sections, std::optional<Revision>* revision,
            std::vector<Notice>* warnings);

  size_t size() const { return count_; }

 private:
  friend std::optional<std::string> SerializeScanCache(const std::string& key,
                                                       const std::vector<CacheEntry>& entries);
  // Entry i's stored bytes, for SerializeScanCache to copy; false when they are not whole.
  bool Stored(size_t i, std::string_view* fields, std::string_view* upgrade,
              std::string_view* downgrade, uint32_t* flags);
  // Whether the SQL region matches its hash (checked once, on first need).
  bool SectionsOk();

  // The cache file's bytes, which the views below point into. rev replaces that file by
  // a rename and never truncates it, so the mapping stays whole while the scan uses it.
  std::shared_ptr<const void> mapping_;
  const char* records_ = nullptr;
  size_t count_ = 0;
  std::string_view pool_;
  std::string_view sections_;
  uint64_t sections_hash_ = 0;
  enum class Checked { kNotYet, kWhole, kDamaged } sections_checked_ = Checked::kNotYet;
  size_t next_ = 0;  // where Find looks first
};

// One file for SerializeScanCache: its name in the folder, its stamp, its parse, and,
// when it came from a loaded cache, that cache's entry (`from`, `index`), copied as it is
// when whole: a command that needs less (no SQL, no checksum) keeps what an earlier
// command stored for the next one that needs it.
struct CacheEntry {
  std::string_view name;
  FileStamp stamp;
  const Revision* revision = nullptr;
  const std::vector<Notice>* warnings = nullptr;
  ScanCache* from = nullptr;
  size_t index = 0;
};

// The bytes of a cache of `entries` (sorted by name) for `key`, as Load reads them; nullopt
// past what the format holds (a region over 4 GiB).
std::optional<std::string> SerializeScanCache(const std::string& key,
                                              const std::vector<CacheEntry>& entries);

// Writes `bytes` to `file` (a temporary name, then renamed), making its folder with
// EnsureLocalStateFolder. Fails with kDatabase; callers ignore it.
Status WriteScanCache(const std::filesystem::path& file, const std::string& bytes);

}  // namespace rev::revisions
