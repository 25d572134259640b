// Project: a rev project in a temp folder, declared in a few literal lines.
//
//   Project p;                                   // rev.yaml + an empty revisions/
//   p.Revision("a");                             // a base
//   p.Revision("b", {"a"}, Spec().Message("add users").Upgrade("CREATE TABLE t(x);"));
//   p.Revision("m", {"b", "c"}, Spec().Merge()); // a merge: empty sections
//   auto result = p.Rev({"validate", "--json"}); // the built rev, run in the project
//
// Revision files are written as a person would write them (SPEC §1), so the tests read the
// same bytes users' files hold.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/run_process.h"
#include "tests/support/temp_dir.h"

namespace rev::testing {

// How one revision file reads. The setters chain: Spec().Message("x").NoDowngrade().
struct RevisionSpec {
  std::string message;                                 // default: "revision <id>"
  std::string upgrade = "SELECT 1;";                   // the upgrade section
  std::optional<std::string> downgrade = "SELECT 1;";  // nullopt: no downgrade marker
  std::vector<std::string> depends_on;
  std::vector<std::string> branch_labels;
  std::string created_at;  // default: one second after the previous revision's
  bool transactional = true;
  std::string file_name;  // default: "<id>_<slug of message>.sql"

  RevisionSpec& Message(std::string text) {
    message = std::move(text);
    return *this;
  }
  RevisionSpec& Upgrade(std::string sql) {
    upgrade = std::move(sql);
    return *this;
  }
  RevisionSpec& Downgrade(std::string sql) {
    downgrade = std::move(sql);
    return *this;
  }
  RevisionSpec& NoDowngrade() {
    downgrade.reset();
    return *this;
  }
  RevisionSpec& DependsOn(std::vector<std::string> ids) {
    depends_on = std::move(ids);
    return *this;
  }
  RevisionSpec& Labels(std::vector<std::string> labels) {
    branch_labels = std::move(labels);
    return *this;
  }
  RevisionSpec& CreatedAt(std::string when) {
    created_at = std::move(when);
    return *this;
  }
  RevisionSpec& NonTransactional() {
    transactional = false;
    return *this;
  }
  RevisionSpec& FileName(std::string name) {
    file_name = std::move(name);
    return *this;
  }
  // What `rev merge` writes: empty upgrade and downgrade sections.
  RevisionSpec& Merge() {
    upgrade.clear();
    downgrade = "";
    return *this;
  }
};

inline RevisionSpec Spec() { return RevisionSpec(); }

// The text of a revision file with this id, down_revisions and spec.
std::string RevisionText(const std::string& id, const std::vector<std::string>& parents,
                         const RevisionSpec& spec);

class Project {
 public:
  // rev.yaml (`revisions: revisions`, a SQLite database) and an empty revisions/.
  Project();
  // `rev_yaml` as the whole of rev.yaml; revisions/ is still made.
  explicit Project(const std::string& rev_yaml);

  // Writes revisions/<file> for revision `id`; returns its path.
  std::filesystem::path Revision(const std::string& id,
                                 const std::vector<std::string>& parents = {},
                                 const RevisionSpec& spec = RevisionSpec());
  // Writes `bytes` as revisions/<file_name>; returns its path.
  std::filesystem::path WriteRaw(const std::string& file_name, const std::string& bytes);

  const std::filesystem::path& root() const { return dir_.path(); }
  std::filesystem::path revisions_dir() const { return dir_.path() / "revisions"; }
  std::filesystem::path config() const { return dir_.path() / "rev.yaml"; }

  // The revision files' names, sorted.
  std::vector<std::string> RevisionFiles() const;

  // Runs the built rev with the project's folder as the working folder, NO_COLOR set.
  ProcessResult Rev(const std::vector<std::string>& args, ProcessOptions options = {}) const;

  // Every file and folder under the project → its bytes ("<dir>" for a folder), to assert
  // that a command wrote nothing.
  std::map<std::string, std::string> Snapshot() const;

 private:
  TempDir dir_;
  int revisions_written_ = 0;
};

}  // namespace rev::testing
