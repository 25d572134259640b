// The local journal (SPEC §5): `.rev/journal.jsonl` beside rev.yaml, one JSON line per
// change rev made to a database, with the heads after it:
//
//   {"time":"2026-11-22T10:04:00.123Z","database":"postgresql://app:***@db/prod",
//    "kind":"postgresql","command":"upgrade","heads":["9c0d1e2f3a4b"]}
//
// (restore and replay lines also carry "target": the heads their replay heads for).
//
// It remembers what a database had applied when the database itself cannot say: before a
// restore of a database that cannot be read, or after a restore made by other means
// (`rev replay`). It is a convenience, never a source of failure: a journal that is
// missing, unwritable or holds a damaged line is reported, and rev goes on.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "engine/backends/database_url.h"
#include "revisions/result.h"
#include "revisions/revision_id.h"

namespace rev::engine::operations {

struct JournalEntry {
  std::string time;              // ISO 8601 UTC with milliseconds
  std::string database;          // JournalKey of the database
  std::string kind;              // "sqlite" / "postgresql"
  std::string command;           // "upgrade", "downgrade", "stamp", "repair", "restore", "replay"
  revisions::RevisionIds heads;  // sorted
  // Restore and replay only: the heads the replay was heading for. An entry whose heads are
  // not its target is a replay that stopped part way; the next restore or replay of the
  // database at those heads goes on to the target.
  std::optional<revisions::RevisionIds> target;

  bool unfinished() const { return target && *target != heads; }
};

// `<project_root>/.rev/journal.jsonl`.
std::filesystem::path JournalPath(const std::filesystem::path& project_root);

// How the journal names a database: its redacted URL, with a SQLite file given by its
// absolute path (`sqlite:////abs/app.db`), so `sqlite:///app.db` in rev.yaml and an
// absolute --database name the same database.
std::string JournalKey(const backends::DatabaseUrl& url);

// Appends `entry` as one line, in one write(2) on a descriptor opened with O_APPEND (lines
// of concurrent revs never interleave), creating `.rev/` (0700) and the file (0600) when
// missing. Fails with kDatabase naming the file and the reason.
Status AppendJournal(const std::filesystem::path& journal, const JournalEntry& entry);

// An entry for a change `command` made to the database at `url`, stamped now; its heads
// (and target) are the caller's to fill.
JournalEntry NewJournalEntry(const backends::DatabaseUrl& url, const std::string& command);

// What the CLI calls after every change (upgrade, downgrade, stamp, repair, restore),
// whether it succeeded or stopped part way: records `heads`, the version table after it,
// now, in `journal` (JournalPath). A failure is for a warning, never for the command's exit
// code.
Status RecordChange(const std::filesystem::path& journal, const backends::DatabaseUrl& url,
                    const std::string& command, const revisions::RevisionIds& heads);

// What the journal knows about one database. Never fails: `problem` says why there is no
// entry (no journal, unreadable) or which lines were skipped as damaged.
struct JournalLookup {
  std::optional<JournalEntry> last;  // the newest entry for the database
  std::string problem;               // empty when the journal read cleanly
};
JournalLookup FindLastEntry(const std::filesystem::path& journal, const std::string& key);

}  // namespace rev::engine::operations
