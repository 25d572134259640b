#include "engine/operations/journal.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "engine/backends/history.h"
#include "engine/ids_json.h"
#include "revisions/local_state.h"

namespace rev::engine::operations {
namespace {

namespace fs = std::filesystem;
using revisions::RevisionId;
using revisions::RevisionIds;

std::string Line(const JournalEntry& entry) {
  nlohmann::json line = {{"time", entry.time},
                         {"database", entry.database},
                         {"kind", entry.kind},
                         {"command", entry.command},
                         {"heads", entry.heads}};
  if (entry.target) line["target"] = *entry.target;
  // Replacement, never an exception, for text that is not UTF-8 (a path on a Latin-1
  // file system).
  return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

// A JSON array of revision ids, sorted; nullopt when it is anything else (a damaged line).
std::optional<RevisionIds> ReadIds(const nlohmann::json& array) {
  if (!array.is_array()) return std::nullopt;
  RevisionIds ids;
  for (const auto& item : array) {
    if (!item.is_string()) return std::nullopt;
    std::optional<RevisionId> id = RevisionId::TryParse(item.get_ref<const std::string&>());
    if (!id) return std::nullopt;
    ids.push_back(std::move(*id));
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::optional<JournalEntry> ParseLine(const std::string& text) {
  nlohmann::json line = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!line.is_object()) return std::nullopt;
  JournalEntry entry;
  for (auto [field, key] : {std::pair{&entry.time, "time"}, std::pair{&entry.database, "database"},
                            std::pair{&entry.kind, "kind"}, std::pair{&entry.command, "command"}}) {
    auto value = line.find(key);
    if (value == line.end() || !value->is_string()) return std::nullopt;
    *field = value->get<std::string>();
  }
  auto heads = line.find("heads");
  if (heads == line.end()) return std::nullopt;
  std::optional<RevisionIds> read = ReadIds(*heads);
  if (!read) return std::nullopt;
  entry.heads = std::move(*read);
  auto target = line.find("target");
  if (target != line.end()) {
    entry.target = ReadIds(*target);
    if (!entry.target) return std::nullopt;
  }
  return entry;
}

}  // namespace

fs::path JournalPath(const fs::path& project_root) {
  return revisions::LocalStateFolder(project_root) / "journal.jsonl";
}

std::string JournalKey(const backends::DatabaseUrl& url) {
  if (url.kind() == backends::DatabaseKind::kSqlite && !url.in_memory()) {
    return backends::DatabaseUrl::ForSqliteFile(url.sqlite_path()).Redacted();
  }
  return url.Redacted();
}

Status AppendJournal(const fs::path& journal, const JournalEntry& entry) {
  std::error_code error;
  fs::path folder = journal.parent_path();
  if (!folder.empty() && !fs::exists(folder, error)) {
    REV_RETURN_IF_ERROR(revisions::EnsureLocalStateFolder(folder));
  }
  int fd = ::open(journal.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Status::Database("cannot open the journal " + journal.string() + ": " +
                            std::strerror(errno));
  }
  std::string line = Line(entry);
  ssize_t written = ::write(fd, line.data(), line.size());
  int write_errno = errno;
  ::close(fd);
  if (written != static_cast<ssize_t>(line.size())) {
    return Status::Database("cannot write the journal " + journal.string() + ": " +
                            (written < 0 ? std::strerror(write_errno) : "short write"));
  }
  return Status::Ok();
}

JournalEntry NewJournalEntry(const backends::DatabaseUrl& url, const std::string& command) {
  JournalEntry entry;
  entry.time = backends::FormatTimestamp(std::chrono::system_clock::now());
  entry.database = JournalKey(url);
  entry.kind = backends::DatabaseKindName(url.kind());
  entry.command = command;
  return entry;
}

Status RecordChange(const fs::path& journal, const backends::DatabaseUrl& url,
                    const std::string& command, const revisions::RevisionIds& heads) {
  JournalEntry entry = NewJournalEntry(url, command);
  entry.heads = heads;
  std::sort(entry.heads.begin(), entry.heads.end());
  return AppendJournal(journal, entry);
}

JournalLookup FindLastEntry(const fs::path& journal, const std::string& key) {
  JournalLookup lookup;
  std::error_code error;
  if (!fs::exists(journal, error)) {
    lookup.problem = "there is no journal (" + journal.string() + ")";
    return lookup;
  }
  std::ifstream in(journal, std::ios::binary);
  if (!in) {
    lookup.problem = "the journal " + journal.string() + " cannot be read: " + std::strerror(errno);
    return lookup;
  }
  std::string text;
  size_t damaged = 0;
  size_t first_damaged = 0;
  size_t number = 0;
  while (std::getline(in, text)) {
    ++number;
    if (text.empty()) continue;
    std::optional<JournalEntry> entry = ParseLine(text);
    if (!entry) {
      if (damaged++ == 0) first_damaged = number;
      continue;
    }
    if (entry->database == key) lookup.last = std::move(entry);
  }
  if (in.bad()) {
    lookup.problem = "the journal " + journal.string() + " could not be read to the end";
  } else if (damaged > 0) {
    lookup.problem = "the journal " + journal.string() + " has " + std::to_string(damaged) +
                     " damaged line" + (damaged > 1 ? "s" : "") + " (first at line " +
                     std::to_string(first_damaged) + "), skipped";
  }
  return lookup;
}

}  // namespace rev::engine::operations
