#include "revisions/scan_cache.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "revisions/local_state.h"

namespace rev::revisions {
namespace {

// Bumped whenever what is written changes; a cache of another format is ignored.
constexpr std::string_view kMagic = "rev scan cache 3\n";

class Writer {
 public:
  void U64(uint64_t value) { out_.append(reinterpret_cast<const char*>(&value), sizeof value); }
  void Str(std::string_view text) {
    U64(text.size());
    out_.append(text);
  }
  // Ids, labels or refs: anything with str().
  template <typename Name>
  void Names(const std::vector<Name>& names) {
    U64(names.size());
    for (const Name& name : names) Str(name.str());
  }
  std::string& bytes() { return out_; }

 private:
  std::string out_;
};

// Reads what Writer wrote; any shortfall or bad value makes ok() false for good.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : in_(bytes) {}
  bool ok() const { return ok_; }
  std::string_view rest() const { return in_; }
  uint64_t U64() {
    uint64_t value = 0;
    if (in_.size() < sizeof value) return Fail();
    std::memcpy(&value, in_.data(), sizeof value);
    in_.remove_prefix(sizeof value);
    return value;
  }
  std::string Str() {
    uint64_t size = U64();
    if (size > in_.size()) {
      Fail();
      return std::string();
    }
    std::string text(in_.substr(0, size));
    in_.remove_prefix(size);
    return text;
  }
  // Passes over a string without copying it.
  void SkipStr() {
    uint64_t size = U64();
    if (size > in_.size()) {
      Fail();
      return;
    }
    in_.remove_prefix(size);
  }
  // A count of things each at least `least` bytes long: no more than the bytes left allow.
  uint64_t Count(size_t least) {
    uint64_t count = U64();
    return count > in_.size() / least ? Fail() : count;
  }
  // What Writer::Names wrote, each checked again as `Name` (RevisionId, RevisionRef, ...).
  template <typename Name>
  std::vector<Name> Names() {
    std::vector<Name> names;
    for (uint64_t i = Count(8), n = i; ok_ && i > 0; --i) {
      Result<Name> name = Name::Parse(Str());
      if (!name.ok()) {
        Fail();
        return names;
      }
      if (names.empty()) names.reserve(n);
      names.push_back(*name);
    }
    return names;
  }

 private:
  uint64_t Fail() {
    ok_ = false;
    in_ = {};
    return 0;
  }

  std::string_view in_;
  bool ok_ = true;
};

void WriteLocation(Writer& out, const SourceLocation& location) {
  out.Str(location.file);
  out.U64(static_cast<uint64_t>(location.line));
  out.U64(static_cast<uint64_t>(location.column));
}

SourceLocation ReadLocation(Reader& in) {
  SourceLocation location;
  location.file = in.Str();
  location.line = static_cast<int>(in.U64());
  location.column = static_cast<int>(in.U64());
  return location;
}

void WriteFile(Writer& out, const CacheEntry& file) {
  const Revision& r = *file.revision;
  out.Str(*file.name);
  for (uint64_t part :
       {file.stamp.size, file.stamp.inode, static_cast<uint64_t>(file.stamp.mtime_ns),
        static_cast<uint64_t>(file.stamp.ctime_ns)}) {
    out.U64(part);
  }
  out.Str(r.id().str());
  out.Names(r.down_revisions());
  out.U64(r.branch_labels().size());
  for (const BranchLabel& label : r.branch_labels()) out.Str(label.str());
  out.Names(r.depends_on());
  out.Str(r.message());
  out.Str(r.created_at());
  out.U64(r.transactional() ? 1 : 0);
  const SectionContent upgrade = r.upgrade_content();
  out.U64((r.sections_loaded() ? 1 : 0) | (upgrade == SectionContent::kEmpty ? 2 : 0) |
          (r.has_downgrade_marker() ? 4 : 0) | (r.has_downgrade() ? 0 : 8) |
          (upgrade == SectionContent::kCommentsOnly ? 16 : 0));
  out.Str(r.upgrade_sql());
  out.Str(r.downgrade_sql().value_or(""));
  out.Str(r.path());
  out.Str(r.checksum().hex());
  const RevisionLines& lines = r.lines();
  for (int line : {lines.revision, lines.down_revision, lines.branch_labels, lines.depends_on,
                   lines.upgrade_marker, lines.downgrade_marker}) {
    out.U64(static_cast<uint64_t>(line));
  }
  out.U64(file.warnings->size());
  for (const Notice& notice : *file.warnings) {
    out.Str(notice.code);
    out.Str(notice.message);
    WriteLocation(out, notice.location);
    out.Str(notice.hint);
  }
}

std::optional<std::pair<std::string, CachedFile>> ReadFile(Reader& in, bool sections) {
  const std::string_view start = in.rest();
  std::string name = in.Str();
  FileStamp stamp;
  stamp.size = in.U64();
  stamp.inode = in.U64();
  stamp.mtime_ns = static_cast<int64_t>(in.U64());
  stamp.ctime_ns = static_cast<int64_t>(in.U64());
  Result<RevisionId> id = RevisionId::Parse(in.Str());
  if (!in.ok() || !id.ok()) return std::nullopt;
  Revision::Fields f(*id);
  f.down_revisions = in.Names<RevisionId>();
  for (uint64_t i = in.Count(8); in.ok() && i > 0; --i) {
    Result<BranchLabel> label = BranchLabel::Parse(in.Str());
    if (!label.ok()) return std::nullopt;
    f.branch_labels.push_back(*label);
  }
  f.depends_on = in.Names<RevisionRef>();
  f.message = in.Str();
  f.created_at = in.Str();
  f.transactional = in.U64() != 0;
  uint64_t facts = in.U64();
  f.sections_loaded = sections && (facts & 1) != 0;
  f.upgrade_content = (facts & 2) != 0    ? SectionContent::kEmpty
                      : (facts & 16) != 0 ? SectionContent::kCommentsOnly
                                          : SectionContent::kSql;
  f.downgrade_blank = (facts & 8) != 0;
  if (f.sections_loaded) {
    f.upgrade_sql = in.Str();
    std::string downgrade = in.Str();
    if ((facts & 4) != 0) f.downgrade_sql = std::move(downgrade);
  } else {
    in.SkipStr();
    in.SkipStr();
    if ((facts & 4) != 0) f.downgrade_sql = std::string();
  }
  f.path = in.Str();
  std::string checksum = in.Str();
  f.checksum = Checksum::FromHex(checksum);
  if (!checksum.empty() && f.checksum.empty()) return std::nullopt;
  for (int* line : {&f.lines.revision, &f.lines.down_revision, &f.lines.branch_labels,
                    &f.lines.depends_on, &f.lines.upgrade_marker, &f.lines.downgrade_marker}) {
    *line = static_cast<int>(in.U64());
  }
  std::vector<Notice> warnings;
  for (uint64_t i = in.Count(32); in.ok() && i > 0; --i) {
    Notice notice;
    notice.code = in.Str();
    notice.message = in.Str();
    notice.location = ReadLocation(in);
    notice.hint = in.Str();
    warnings.push_back(std::move(notice));
  }
  if (!in.ok()) return std::nullopt;
  std::string_view stored = start.substr(0, start.size() - in.rest().size());
  return std::make_pair(std::move(name),
                        CachedFile{stamp, Revision(std::move(f)), std::move(warnings), stored});
}

// A file mapped read-only: the cache is read once, front to back, and a mapping spares the
// copy and most page faults (the kernel maps a run of pages at each).
class MappedFile {
 public:
  explicit MappedFile(const std::filesystem::path& file) {
    int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    struct stat st;
    if (::fstat(fd, &st) == 0 && st.st_size > 0) {
      void* data = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
      if (data != MAP_FAILED) {
        data_ = static_cast<const char*>(data);
        size_ = static_cast<size_t>(st.st_size);
      }
    }
    ::close(fd);
  }
  ~MappedFile() {
    if (data_ != nullptr) ::munmap(const_cast<char*>(data_), size_);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  std::string_view bytes() const { return {data_, size_}; }

 private:
  const char* data_ = nullptr;
  size_t size_ = 0;
};

std::string Header(const std::string& key) {
  Writer out;
  out.bytes() = std::string(kMagic);
  out.Str(REV_VERSION);
  out.Str(key);
  return std::move(out.bytes());
}

}  // namespace

ScanCache ScanCache::Load(const std::filesystem::path& file, const std::string& key,
                          bool sections) {
  ScanCache cache;
  auto mapped = std::make_shared<const MappedFile>(file);
  std::string_view bytes = mapped->bytes();
  std::string header = Header(key);
  if (bytes.substr(0, header.size()) != header) return cache;
  Reader in(bytes.substr(header.size()));
  uint64_t count = in.Count(64);
  cache.files_.reserve(count);
  for (uint64_t i = count; in.ok() && i > 0; --i) {
    std::optional<std::pair<std::string, CachedFile>> entry = ReadFile(in, sections);
    if (!entry) return ScanCache();  // damaged: all or nothing
    cache.files_.insert_or_assign(std::move(entry->first), std::move(entry->second));
  }
  if (!in.ok()) return ScanCache();
  cache.mapping_ = std::move(mapped);
  return cache;
}

CachedFile* ScanCache::Find(const std::string& name, const FileStamp& stamp, bool need_checksum,
                            bool need_sections) {
  auto found = files_.find(name);
  if (found == files_.end() || found->second.stamp != stamp) return nullptr;
  if (need_checksum && found->second.revision.checksum().empty()) return nullptr;
  if (need_sections && !found->second.revision.sections_loaded()) return nullptr;
  return &found->second;
}

std::string SerializeScanCache(const std::string& key, const std::vector<CacheEntry>& entries) {
  Writer out;
  out.bytes() = Header(key);
  out.U64(entries.size());
  for (const CacheEntry& entry : entries) {
    if (entry.stored.empty()) {
      WriteFile(out, entry);
    } else {
      out.bytes().append(entry.stored);
    }
  }
  return std::move(out.bytes());
}

Status WriteScanCache(const std::filesystem::path& file, const std::string& bytes) {
  REV_RETURN_IF_ERROR(EnsureLocalStateFolder(file.parent_path()));

  std::filesystem::path temporary = file;
  temporary += ".tmp-" + std::to_string(::getpid());
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Status::Database("cannot write " + temporary.string());
  ssize_t written = ::write(fd, bytes.data(), bytes.size());
  ::close(fd);
  // Renamed into place: a reader sees the old cache or the new one, never half of one.
  if (written != static_cast<ssize_t>(bytes.size()) ||
      ::rename(temporary.c_str(), file.c_str()) != 0) {
    ::unlink(temporary.c_str());
    return Status::Database("cannot write " + file.string());
  }
  return Status::Ok();
}

}  // namespace rev::revisions
