// What the end-to-end restore and replay suites share: a project backed up at a with items
// 1..3, then taken to d with items 4..5, and a restore made without rev.
#pragma once

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tests/support/chains.h"
#include "tests/support/db_project.h"
#include "tests/support/exit_checks.h"

namespace rev::testing {

inline std::vector<std::string> Items(DbProject& p) {
  return p.Query("SELECT id || ':' || name FROM items ORDER BY id");
}

// The path `rev backup` printed (its last line).
inline std::string BackupPath(const ProcessResult& result) {
  REV_REQUIRE_EXIT(result, 0);
  std::string out = result.out;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out.substr(out.rfind('\n') + 1);
}

// At a with items 1..3, backed up; then at d with items 4..5.
struct Restorable {
  explicit Restorable(engine::backends::DatabaseKind kind) : p(kind) {
    p.Write(ItemsChain());
    REV_REQUIRE_EXIT(p.Rev({"upgrade", "a"}), 0);
    AddItems(p.db(), 1, 3);
    at_backup = Items(p);
    backup = BackupPath(p.Rev({"backup"}));
    REV_REQUIRE_EXIT(p.Rev({"upgrade"}), 0);
    AddItems(p.db(), 4, 5);
  }
  void CheckUntouched() {
    CHECK(p.Heads() == std::vector<std::string>{"d"});
    CHECK(Items(p).size() == 5);
  }
  DbProject p;
  std::vector<std::string> at_backup;
  std::string backup;
};

// What a replay of the backup that went through shows: "Replayed N/N; the database is at
// HEAD.", the database at `head`, and the rows it had when the backup was taken.
inline void CheckReplayedTo(Restorable& r, const ProcessResult& result, int steps,
                            const std::string& head) {
  std::string count = std::to_string(steps) + "/" + std::to_string(steps);
  CHECK_THAT(result.out,
             Catch::Contains("Replayed " + count + "; the database is at " + head + "."));
  CHECK(r.p.Heads() == std::vector<std::string>{head});
  CHECK(Items(r.p) == r.at_backup);
}

// Restores the backup with the database's own tools, as a hosting dashboard or a person
// would, so rev learns of it only through `rev replay`.
inline void RestoreByHand(Restorable& r) {
  std::string file = (r.p.root() / r.backup).string();
  if (r.p.db().is_sqlite()) {
    REV_REQUIRE_EXIT(
        RunProcess({"sqlite3", r.p.db().sqlite_file().string(), ".restore '" + file + "'"}), 0);
    return;
  }
  r.p.db().Execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
  ProcessResult restored =
      RunProcess({"pg_restore", "--no-owner", "-d", r.p.db().url_text(), file});
  REV_REQUIRE_EXIT(restored, 0);
}

}  // namespace rev::testing
