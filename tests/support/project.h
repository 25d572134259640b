// Project: a rev project in a temp folder, its revisions declared in a few literal lines
// (revision_spec.h), and the built rev run in it.
//
//   Project p;                                            // rev.yaml + an empty revisions/
//   p.Revision("a");                                      // a base
//   p.Revision(Rev("b", {"a"}).Message("add users").Upgrade("CREATE TABLE t(x);"));
//   p.Revision(Rev("m", {"b", "c"}).Merge());             // a merge: empty sections
//   auto result = p.Rev({"validate", "--json"});          // the built rev, run in the project
//
// Revision files are written as a person would write them (SPEC §1), so the tests read the
// same bytes users' files hold.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/revision_spec.h"
#include "tests/support/run_process.h"
#include "tests/support/temp_dir.h"

namespace rev::testing {

class Project {
 public:
  // rev.yaml (`revisions: revisions`, a SQLite database) and an empty revisions/.
  Project();
  // `rev_yaml` as the whole of rev.yaml; revisions/ is still made.
  explicit Project(const std::string& rev_yaml);

  // Writes the file of `revision` (the type is testing::Rev: inside the class, Rev names
  // the method that runs rev); returns its path. Writing a revision again rewrites its
  // file, keeping its place in the order of declaration (its created_at).
  std::filesystem::path Revision(const testing::Rev& revision);
  // Writes each revision, in order.
  void Write(const std::vector<testing::Rev>& revisions);
  // Writes `bytes` as revisions/<file_name>; returns its path.
  std::filesystem::path WriteRaw(const std::string& file_name, const std::string& bytes);
  // The path of the file written for revision `id`.
  std::filesystem::path FileOf(const std::string& id) const;

  const std::filesystem::path& root() const { return dir_.path(); }
  std::filesystem::path revisions_dir() const { return root() / "revisions"; }
  std::filesystem::path config() const { return root() / "rev.yaml"; }

  // The revision files' names, sorted.
  std::vector<std::string> RevisionFiles() const;

  // Runs the built rev in the project folder (NO_COLOR, no REV_DATABASE_URL): Rev waits for
  // it, Start leaves it running in the background, OnTerminal runs it on a pseudo-terminal
  // and types `answer` when it asks.
  ProcessResult Rev(const std::vector<std::string>& args, ProcessOptions options = {}) const;
  std::unique_ptr<BackgroundProcess> Start(const std::vector<std::string>& args) const;
  ProcessResult OnTerminal(const std::vector<std::string>& args,
                           const std::string& answer = "") const;
  // The options Rev uses, for a process started another way.
  ProcessOptions Options(ProcessOptions options = {}) const;

  // Every file and folder under the project → its bytes ("<dir>" for a folder), to assert
  // that a command wrote nothing.
  std::map<std::string, std::string> Snapshot() const;

 private:
  TempDir dir_;
  std::map<std::string, size_t> positions_;             // revision id → its place, from 1
  std::map<std::string, std::filesystem::path> files_;  // revision id → its file
};

}  // namespace rev::testing
