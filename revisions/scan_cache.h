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
#include <unordered_map>
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

// One well-formed revision file as it was parsed (files with errors are never cached).
struct CachedFile {
  FileStamp stamp;
  Revision revision;
  std::vector<Notice> warnings;
  // The entry's bytes in the loaded cache (valid while the ScanCache lives): a scan that
  // used it writes it back as it is, so a command that needs less (no SQL, no checksum)
  // keeps what an earlier command stored for the next one that needs it.
  std::string_view stored;
};

class ScanCache {
 public:
  // The cache in `file` for the folder and display prefix `key` names, or an empty one
  // when there is none or it cannot be used. With `sections` false the sections' SQL is
  // passed over, never copied.
  static ScanCache Load(const std::filesystem::path& file, const std::string& key,
                        bool sections = true);

  // The parse of `name` when the file still has `stamp` and, with `need_checksum`, was
  // hashed, and with `need_sections`, was kept with its SQL; else nullptr. The caller may
  // move the parse out: each is taken once.
  CachedFile* Find(const std::string& name, const FileStamp& stamp, bool need_checksum,
                   bool need_sections);

  size_t size() const { return files_.size(); }

 private:
  std::unordered_map<std::string, CachedFile> files_;
  // The cache file's bytes, which `stored` views. rev replaces that file by a rename and
  // never truncates it, so the mapping stays whole while the scan uses it.
  std::shared_ptr<const void> mapping_;
};

// One file for Save: its name in the folder, stamp and parse, or the bytes stored for it
// by an earlier scan (CachedFile::stored), written as they are when not empty.
struct CacheEntry {
  const std::string* name;
  FileStamp stamp;
  const Revision* revision;
  const std::vector<Notice>* warnings;
  std::string_view stored;
};

// The bytes of a cache of `entries` for `key`, as Load reads them.
std::string SerializeScanCache(const std::string& key, const std::vector<CacheEntry>& entries);

// Writes `bytes` to `file` (a temporary name, then renamed), making its folder with
// EnsureLocalStateFolder. Fails with kDatabase; callers ignore it.
Status WriteScanCache(const std::filesystem::path& file, const std::string& bytes);

}  // namespace rev::revisions
