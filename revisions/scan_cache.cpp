#include "revisions/scan_cache.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <limits>

#include "revisions/local_state.h"
#include "revisions/scan_cache_layout.h"

namespace rev::revisions {
namespace {

namespace layout = scan_cache_layout;
using layout::FieldReader;
using layout::FieldWriter;
using layout::Record;
using layout::Span;

// A file mapped read-only: a mapping spares the copy, and the pages a command never looks
// at (the SQL, for most commands) are never read.
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

// The magic, the rev version and the key, padded so that what follows is 8-byte aligned.
std::string Header(const std::string& key) {
  std::string out(layout::kMagic);
  FieldWriter writer(&out);
  writer.Str(REV_VERSION);
  writer.Str(key);
  out.resize((out.size() + 7) / 8 * 8, '\0');
  return out;
}

Record RecordAt(const char* records, size_t i) {
  return layout::Load<Record>(records + i * sizeof(Record));
}

FileStamp StampOf(const Record& record) {
  return {record.size, record.inode, record.mtime_ns, record.ctime_ns};
}

// Names as `Name::TryParse` takes them (RevisionId, RevisionRef); false when one is not.
template <typename Name>
bool ReadNames(FieldReader& in, std::vector<Name>* names) {
  uint32_t count = in.Count(sizeof(uint32_t) + 1);
  if (count > 0) names->reserve(count);
  for (uint32_t i = 0; i < count && in.ok(); ++i) {
    std::optional<Name> name = Name::TryParse(in.Str());
    if (!name) return false;
    names->push_back(std::move(*name));
  }
  return in.ok();
}

template <typename Name>
void WriteNames(FieldWriter& out, const std::vector<Name>& names) {
  out.U32(static_cast<uint32_t>(names.size()));
  for (const Name& name : names) out.Str(name.str());
}

// The header fields of a revision and its warnings, in the pool (Record::fields).
void WriteFields(FieldWriter& out, const Revision& r, const std::vector<Notice>& warnings) {
  out.Str(r.id().str());
  WriteNames(out, r.down_revisions());
  out.U32(static_cast<uint32_t>(r.branch_labels().size()));
  for (const BranchLabel& label : r.branch_labels()) out.Str(label.str());
  WriteNames(out, r.depends_on());
  WriteNames(out, r.replaces());
  out.Str(r.message());
  out.Str(r.created_at());
  out.Str(r.path());
  if (!r.checksum().empty()) out.Raw(r.checksum().hex());  // 64 hex digits
  const RevisionLines& lines = r.lines();
  for (int line : {lines.revision, lines.down_revision, lines.branch_labels, lines.depends_on,
                   lines.replaces, lines.upgrade_marker, lines.downgrade_marker}) {
    out.U32(static_cast<uint32_t>(line));
  }
  out.U32(static_cast<uint32_t>(warnings.size()));
  for (const Notice& notice : warnings) {
    for (const std::string* text : {&notice.code, &notice.message, &notice.location.file}) {
      out.Str(*text);
    }
    out.U32(static_cast<uint32_t>(notice.location.line));
    out.U32(static_cast<uint32_t>(notice.location.column));
    out.Str(notice.hint);
  }
}

// What WriteFields wrote, into `f` and `warnings`; false when it is not well formed.
bool ReadFields(FieldReader& in, uint32_t flags, Revision::Fields* f,
                std::vector<Notice>* warnings) {
  if (!ReadNames(in, &f->down_revisions)) return false;
  for (uint32_t i = in.Count(sizeof(uint32_t) + 1); i > 0 && in.ok(); --i) {
    std::optional<BranchLabel> label = BranchLabel::TryParse(in.Str());
    if (!label) return false;
    f->branch_labels.push_back(std::move(*label));
  }
  if (!ReadNames(in, &f->depends_on)) return false;
  if (!ReadNames(in, &f->replaces)) return false;
  // Constructed, not assigned: assigning a view to a string takes a slower path.
  f->message = std::string(in.Str());
  f->created_at = std::string(in.Str());
  f->path = std::string(in.Str());
  if ((flags & layout::kHasChecksum) != 0) {
    f->checksum = Checksum::FromHex(in.Bytes(64));
    if (f->checksum.empty()) return false;
  }
  for (int* line :
       {&f->lines.revision, &f->lines.down_revision, &f->lines.branch_labels, &f->lines.depends_on,
        &f->lines.replaces, &f->lines.upgrade_marker, &f->lines.downgrade_marker}) {
    *line = static_cast<int>(in.U32());
  }
  for (uint32_t i = in.Count(6 * sizeof(uint32_t)); i > 0 && in.ok(); --i) {
    Notice notice;
    notice.code = std::string(in.Str());
    notice.message = std::string(in.Str());
    notice.location.file = std::string(in.Str());
    notice.location.line = static_cast<int>(in.U32());
    notice.location.column = static_cast<int>(in.U32());
    notice.hint = std::string(in.Str());
    warnings->push_back(std::move(notice));
  }
  return in.done();
}

uint32_t FlagsOf(const Revision& r) {
  uint32_t flags = 0;
  if (r.sections_loaded()) flags |= layout::kSectionsLoaded;
  if (r.upgrade_content() == SectionContent::kEmpty) flags |= layout::kUpgradeBlank;
  if (r.upgrade_content() == SectionContent::kCommentsOnly) flags |= layout::kUpgradeCommentsOnly;
  if (r.has_downgrade_marker()) flags |= layout::kDowngradeMarker;
  if (!r.has_downgrade()) flags |= layout::kDowngradeBlank;
  if (!r.checksum().empty()) flags |= layout::kHasChecksum;
  if (r.transactional()) flags |= layout::kTransactional;
  return flags;
}

// Appends `bytes` to `region` and returns where they went; false past 4 GiB.
bool Place(std::string* region, std::string_view bytes, Span* span) {
  constexpr size_t kMax = std::numeric_limits<uint32_t>::max();
  if (region->size() > kMax || bytes.size() > kMax - region->size()) return false;
  *span = {static_cast<uint32_t>(region->size()), static_cast<uint32_t>(bytes.size())};
  region->append(bytes);
  return true;
}

}  // namespace

ScanCache ScanCache::Load(const std::filesystem::path& file, const std::string& key) {
  ScanCache cache;
  auto mapped = std::make_shared<const MappedFile>(file);
  std::string_view bytes = mapped->bytes();
  std::string header = Header(key);
  if (bytes.size() < header.size() + sizeof(layout::Summary) ||
      bytes.substr(0, header.size()) != header) {
    return cache;
  }
  auto summary = layout::Load<layout::Summary>(bytes.data() + header.size());
  std::string_view rest = bytes.substr(header.size() + sizeof summary);
  // Each size checked against what is left before it is used, so no sum can overflow.
  if (summary.count > rest.size() / sizeof(Record)) return cache;
  std::string_view index = rest.substr(0, summary.count * sizeof(Record));
  rest.remove_prefix(index.size());
  if (summary.pool_bytes > rest.size()) return cache;
  if (rest.size() - summary.pool_bytes != summary.sections_bytes) return cache;
  index = std::string_view(index.data(), index.size() + summary.pool_bytes);
  if (layout::Hash(index) != summary.index_hash) return cache;

  cache.records_ = index.data();
  cache.count_ = summary.count;
  cache.pool_ = rest.substr(0, summary.pool_bytes);
  cache.sections_ = rest.substr(summary.pool_bytes);
  cache.sections_hash_ = summary.sections_hash;
  cache.mapping_ = std::move(mapped);
  return cache;
}

size_t ScanCache::Find(std::string_view name, bool need_checksum, bool need_sections) {
  auto name_of = [&](size_t i) {
    std::string_view view;
    return layout::View(pool_, RecordAt(records_, i).name, &view) ? view : std::string_view();
  };
  size_t i = next_;
  if (i >= count_ || name_of(i) != name) {
    size_t low = 0, high = count_;  // binary search: the records are sorted by name
    while (low < high) {
      size_t middle = low + (high - low) / 2;
      if (name_of(middle) < name) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    if (low >= count_ || name_of(low) != name) return kNone;
    i = low;
  }
  next_ = i + 1;
  Record record = RecordAt(records_, i);
  if (need_checksum && (record.flags & layout::kHasChecksum) == 0) return kNone;
  if (need_sections && ((record.flags & layout::kSectionsLoaded) == 0 || !SectionsOk())) {
    return kNone;
  }
  return i;
}

bool ScanCache::Fresh(size_t i, const FileStamp& stamp) const {
  return i < count_ && StampOf(RecordAt(records_, i)) == stamp;
}

bool ScanCache::SectionsOk() {
  if (sections_checked_ == Checked::kNotYet) {
    sections_checked_ =
        layout::Hash(sections_) == sections_hash_ ? Checked::kWhole : Checked::kDamaged;
  }
  return sections_checked_ == Checked::kWhole;
}

bool ScanCache::Take(size_t i, bool sections, std::optional<Revision>* revision,
                     std::vector<Notice>* warnings) {
  if (i >= count_) return false;
  Record record = RecordAt(records_, i);
  std::string_view fields;
  if (!layout::View(pool_, record.fields, &fields)) return false;
  FieldReader in(fields);
  std::optional<RevisionId> id = RevisionId::TryParse(in.Str());
  if (!id) return false;
  Revision::Fields f(std::move(*id));
  std::vector<Notice> notices;
  if (!ReadFields(in, record.flags, &f, &notices)) return false;
  f.transactional = (record.flags & layout::kTransactional) != 0;
  f.sections_loaded = sections && (record.flags & layout::kSectionsLoaded) != 0;
  f.upgrade_content = (record.flags & layout::kUpgradeBlank) != 0 ? SectionContent::kEmpty
                      : (record.flags & layout::kUpgradeCommentsOnly) != 0
                          ? SectionContent::kCommentsOnly
                          : SectionContent::kSql;
  f.downgrade_blank = (record.flags & layout::kDowngradeBlank) != 0;
  const bool marker = (record.flags & layout::kDowngradeMarker) != 0;
  if (f.sections_loaded) {
    std::string_view upgrade, downgrade;
    if (!SectionsOk() || !layout::View(sections_, record.upgrade, &upgrade) ||
        !layout::View(sections_, record.downgrade, &downgrade)) {
      return false;
    }
    f.upgrade_sql = std::string(upgrade);
    if (marker) f.downgrade_sql = std::string(downgrade);
  } else if (marker) {
    f.downgrade_sql = std::string();
  }
  revision->emplace(std::move(f));
  for (Notice& notice : notices) warnings->push_back(std::move(notice));
  return true;
}

bool ScanCache::Stored(size_t i, std::string_view* fields, std::string_view* upgrade,
                       std::string_view* downgrade, uint32_t* flags) {
  if (i >= count_) return false;
  Record stored = RecordAt(records_, i);
  if (!layout::View(pool_, stored.fields, fields)) return false;
  if ((stored.flags & layout::kSectionsLoaded) != 0 &&
      (!SectionsOk() || !layout::View(sections_, stored.upgrade, upgrade) ||
       !layout::View(sections_, stored.downgrade, downgrade))) {
    return false;
  }
  *flags = stored.flags;
  return true;
}

std::optional<std::string> SerializeScanCache(const std::string& key,
                                              const std::vector<CacheEntry>& entries) {
  std::vector<Record> records(entries.size());
  std::string pool, sections;
  for (size_t i = 0; i < entries.size(); ++i) {
    const CacheEntry& entry = entries[i];
    Record& record = records[i];
    record.size = entry.stamp.size;
    record.inode = entry.stamp.inode;
    record.mtime_ns = entry.stamp.mtime_ns;
    record.ctime_ns = entry.stamp.ctime_ns;
    if (!Place(&pool, entry.name, &record.name)) return std::nullopt;
    std::string_view fields, upgrade, downgrade;
    std::string written;
    if (entry.from == nullptr ||
        !entry.from->Stored(entry.index, &fields, &upgrade, &downgrade, &record.flags)) {
      const Revision& r = *entry.revision;
      FieldWriter out(&written);
      WriteFields(out, r, *entry.warnings);
      fields = written;
      record.flags = FlagsOf(r);
      upgrade = r.upgrade_sql();
      downgrade = r.downgrade_sql() ? std::string_view(*r.downgrade_sql()) : std::string_view();
    }
    if (!Place(&pool, fields, &record.fields) || !Place(&sections, upgrade, &record.upgrade) ||
        !Place(&sections, downgrade, &record.downgrade)) {
      return std::nullopt;
    }
  }
  std::string out = Header(key);
  std::string_view table(reinterpret_cast<const char*>(records.data()),
                         records.size() * sizeof(Record));
  layout::Summary summary;
  summary.count = records.size();
  summary.pool_bytes = pool.size();
  summary.sections_bytes = sections.size();
  std::string index;
  index.reserve(table.size() + pool.size());
  index.append(table).append(pool);
  summary.index_hash = layout::Hash(index);
  summary.sections_hash = layout::Hash(sections);
  out.reserve(out.size() + sizeof summary + index.size() + sections.size());
  layout::Append(out, summary);
  out.append(index).append(sections);
  return out;
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
