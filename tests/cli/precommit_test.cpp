// The real pre-commit (Debian's /usr/bin/pre-commit) running this repository's
// .pre-commit-hooks.yaml: a git merge that leaves two heads is refused, naming both; after
// `rev merge heads` the merge commit goes through. A commit that only deletes a parent
// revision is refused too, though it hands pre-commit no file to match.
#include <algorithm>
#include <catch2/catch.hpp>

#include "tests/support/exit_checks.h"
#include "tests/support/project.h"

namespace rev::testing {
namespace {

constexpr const char* kPreCommit = "/usr/bin/pre-commit";

// A sandbox: its own HOME, pre-commit cache and PATH whose `rev` is the built one.
class Sandbox {
 public:
  Sandbox() {
    std::filesystem::create_directories(dir_ / "home");
    std::filesystem::create_directories(dir_ / "bin");
    std::filesystem::create_symlink(RevBinary(), dir_ / "bin/rev");
    options_.env = {{"HOME", (dir_ / "home").string()},
                    {"PRE_COMMIT_HOME", (dir_ / "pre-commit-cache").string()},
                    {"PATH", (dir_ / "bin").string() + ":/usr/bin:/bin"},
                    {"GIT_CONFIG_NOSYSTEM", "1"},
                    {"GIT_AUTHOR_NAME", "Test"},
                    {"GIT_AUTHOR_EMAIL", "test@example.com"},
                    {"GIT_COMMITTER_NAME", "Test"},
                    {"GIT_COMMITTER_EMAIL", "test@example.com"},
                    {"NO_COLOR", "1"},
                    {"REV_DATABASE_URL", std::nullopt}};
  }

  std::filesystem::path operator/(const std::string& name) const { return dir_ / name; }

  ProcessResult Run(const std::filesystem::path& cwd, const std::vector<std::string>& argv) {
    ProcessOptions options = options_;
    options.cwd = cwd;
    return RunProcess(argv, options);
  }

  // `git add -A` and `git commit -m message` in `work`, both required to succeed.
  void CommitAll(const std::filesystem::path& work, const std::string& message) {
    Must(work, {"git", "add", "-A"});
    Must(work, {"git", "commit", "-q", "-m", message});
  }

  // Runs and requires success.
  std::string Must(const std::filesystem::path& cwd, const std::vector<std::string>& argv) {
    ProcessResult result = Run(cwd, argv);
    INFO(argv[0] << " " << (argv.size() > 1 ? argv[1] : ""));
    REV_REQUIRE_EXIT(result, 0);
    return result.out;
  }

 private:
  TempDir dir_;
  ProcessOptions options_;
};

// A git repository holding this project's hook file, as pre-commit fetches hooks from one.
std::string MakeHookRepository(Sandbox* sandbox) {
  auto repo = *sandbox / "hooks";
  WriteFile(repo / ".pre-commit-hooks.yaml",
            ReadFile(std::filesystem::path(REV_SOURCE_DIR) / ".pre-commit-hooks.yaml"));
  sandbox->Must(repo, {"git", "init", "-q", "-b", "main"});
  sandbox->Must(repo, {"git", "add", "."});
  sandbox->Must(repo, {"git", "commit", "-q", "-m", "hooks"});
  std::string sha = sandbox->Must(repo, {"git", "rev-parse", "HEAD"});
  return sha.substr(0, sha.find('\n'));
}

// Revision `id` after `parent` (none: a base) adding table `table`, as a person writes it
// (no created_at).
void AddTableRevision(const std::filesystem::path& work, const std::string& id,
                      const std::string& parent, const std::string& table) {
  Rev rev = Rev(id, parent.empty() ? Names{} : Names{parent})
                .Message("add " + table)
                .Sql("CREATE TABLE " + table + " (id int);", "DROP TABLE " + table + ";");
  WriteFile(work / "revisions" / FileNameOf(rev), RevisionText(rev));
}

// A git repository `work` in the sandbox with a rev project, whose .pre-commit-config.yaml
// uses the hook repository's rev-validate, installed for commits and merge commits, and
// revision a1a1a1a1a1a1 (table users) not yet committed.
std::filesystem::path MakeWorkRepository(Sandbox* sandbox) {
  std::string hook_sha = MakeHookRepository(sandbox);
  auto work = *sandbox / "work";
  sandbox->Must(work.parent_path(), {"git", "init", "-q", "-b", "main", work.string()});
  sandbox->Must(work, {"rev", "init", "-q"});
  WriteFile(work / ".pre-commit-config.yaml",
            "repos:\n"
            "  - repo: " +
                (*sandbox / "hooks").string() +
                "\n"
                "    rev: " +
                hook_sha +
                "\n"
                "    hooks:\n"
                "      - id: rev-validate\n");
  sandbox->Must(work, {kPreCommit, "install", "--hook-type", "pre-commit", "--hook-type",
                       "pre-merge-commit"});
  AddTableRevision(work, "a1a1a1a1a1a1", "", "users");
  return work;
}

TEST_CASE("pre-commit refuses a merge that leaves two heads, then accepts the merge revision",
          "[cli][pre-commit]") {
  REQUIRE(std::filesystem::exists(kPreCommit));
  Sandbox sandbox;
  auto work = MakeWorkRepository(&sandbox);
  sandbox.CommitAll(work, "users");

  sandbox.Must(work, {"git", "checkout", "-q", "-b", "orders"});
  AddTableRevision(work, "b2b2b2b2b2b2", "a1a1a1a1a1a1", "orders");
  sandbox.CommitAll(work, "orders");

  sandbox.Must(work, {"git", "checkout", "-q", "main"});
  AddTableRevision(work, "c3c3c3c3c3c3", "a1a1a1a1a1a1", "invoices");
  sandbox.CommitAll(work, "invoices");

  ProcessResult merge = sandbox.Run(work, {"git", "merge", "--no-edit", "orders"});
  REV_CHECK_EXIT(merge, 1);  // the hook failed: git makes no merge commit
  std::string said = merge.out + merge.err;
  CHECK_THAT(said, Catch::Contains("rev validate") && Catch::Contains("Failed") &&
                       Catch::Contains("revisions/b2b2b2b2b2b2_add_orders.sql") &&
                       Catch::Contains("revisions/c3c3c3c3c3c3_add_invoices.sql") &&
                       Catch::Contains("[multiple-heads]") && Catch::Contains("rev merge heads"));
  std::string log = sandbox.Must(work, {"git", "log", "--format=%s"});
  CHECK(log == "invoices\nusers\n");  // the merge commit was not made

  sandbox.Must(work, {"rev", "merge", "heads", "-m", "merge"});
  sandbox.Must(work, {"git", "add", "-A"});
  ProcessResult commit = sandbox.Run(work, {"git", "commit", "--no-edit"});
  REV_REQUIRE_EXIT(commit, 0);
  CHECK_THAT(commit.out + commit.err, Catch::Contains("rev validate") && Catch::Contains("Passed"));
  std::string parents = sandbox.Must(work, {"git", "log", "-1", "--format=%P"});
  CHECK(std::count(parents.begin(), parents.end(), ' ') == 1);  // a merge commit: two parents
  ProcessResult heads = sandbox.Run(work, {"rev", "heads"});
  CHECK(std::count(heads.out.begin(), heads.out.end(), '\n') == 1);
  REV_CHECK_EXIT(sandbox.Run(work, {"rev", "validate"}), 0);
}

TEST_CASE("pre-commit refuses a commit that deletes a parent revision, naming the orphan",
          "[cli][pre-commit]") {
  REQUIRE(std::filesystem::exists(kPreCommit));
  Sandbox sandbox;
  auto work = MakeWorkRepository(&sandbox);
  AddTableRevision(work, "b2b2b2b2b2b2", "a1a1a1a1a1a1", "orders");
  sandbox.CommitAll(work, "users and orders");

  // A deletion is the one change pre-commit passes to no `files:` pattern.
  sandbox.Must(work, {"git", "rm", "-q", "revisions/a1a1a1a1a1a1_add_users.sql"});
  ProcessResult commit = sandbox.Run(work, {"git", "commit", "-q", "-m", "drop users"});
  REV_CHECK_EXIT(commit, 1);  // the hook failed: git makes no commit
  CHECK_THAT(commit.out + commit.err,
             Catch::Contains("rev validate") && Catch::Contains("Failed") &&
                 Catch::Contains("revisions/b2b2b2b2b2b2_add_orders.sql:2") &&
                 Catch::Contains("'a1a1a1a1a1a1'") && Catch::Contains("[orphan]"));
  std::string log = sandbox.Must(work, {"git", "log", "--format=%s"});
  CHECK(log == "users and orders\n");  // the deletion was not committed
}

}  // namespace
}  // namespace rev::testing
