// Revision: one revision file's content, as an immutable value.
//
// A Revision is both what the file says and a vertex of the revision graph, but it holds
// no graph state: children, heads and labels inherited from ancestors belong to
// engine::RevisionGraph, so two graphs over the same revisions never interfere.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "revisions/checksum.h"
#include "revisions/revision_id.h"
#include "revisions/run_command.h"

namespace rev::revisions {

// What a section holds, as far as running it goes.
enum class SectionContent {
  kEmpty,         // nothing but whitespace: a section nobody wrote (what `rev create` leaves)
  kCommentsOnly,  // SQL comments, nothing else: a revision that deliberately does nothing here
  kSql,           // something for the database to run
};

// Classifies `sql`. An unterminated block comment is kSql: the database, not rev, rejects it.
SectionContent ClassifySection(std::string_view sql);

// Where each part of a revision sits in its file (1-based lines; 0 when absent). Errors
// about a revision point here.
struct RevisionLines {
  int revision = 0;
  int down_revision = 0;
  int branch_labels = 0;
  int depends_on = 0;
  int replaces = 0;
  int upgrade_marker = 0;
  int downgrade_marker = 0;
};

class Revision {
 public:
  struct Fields {
    explicit Fields(RevisionId revision_id) : id(std::move(revision_id)) {}

    RevisionId id;
    std::vector<RevisionId> down_revisions;  // empty for a base, 2+ for a merge
    std::vector<BranchLabel> branch_labels;
    std::vector<RevisionRef> depends_on;  // ids or branch labels, as written
    // A squashed revision's: the ids it stands for, in upgrade order; the last is the
    // revision the squash reached. Empty for every other revision.
    std::vector<RevisionId> replaces;
    std::string message;
    std::string created_at;  // ISO 8601 UTC, e.g. 2026-11-22T10:04:00Z; may be empty
    bool transactional = true;
    std::string upgrade_sql;
    std::optional<std::string> downgrade_sql;  // nullopt when the file has no downgrade marker
    // A section written as `-- rev:upgrade-run: COMMAND` (or downgrade-run) runs this
    // program instead of SQL; its SQL is then empty (downgrade_sql empty but present).
    std::optional<RunCommand> upgrade_run;
    std::optional<RunCommand> downgrade_run;
    // False when the file was read without its sections' SQL (a command that runs and prints
    // no SQL): upgrade_sql is then empty, downgrade_sql empty but present when the file has
    // the marker, and the two facts below say what the SQL was like. When true, the
    // constructor works them out from the SQL itself.
    bool sections_loaded = true;
    SectionContent upgrade_content = SectionContent::kSql;
    bool downgrade_blank = false;  // the downgrade section runs nothing (or it is absent)
    std::string path;              // as the user would type it; empty if not a file
    Checksum checksum;
    RevisionLines lines;
  };

  explicit Revision(Fields fields);

  const RevisionId& id() const { return f_.id; }
  const std::vector<RevisionId>& down_revisions() const { return f_.down_revisions; }
  const std::vector<BranchLabel>& branch_labels() const { return f_.branch_labels; }
  // As the file writes them; engine::RevisionGraph::Dependencies gives the revisions meant.
  const std::vector<RevisionRef>& depends_on() const { return f_.depends_on; }
  const std::vector<RevisionId>& replaces() const { return f_.replaces; }
  const std::string& message() const { return f_.message; }
  const std::string& created_at() const { return f_.created_at; }
  bool transactional() const { return f_.transactional; }
  // The sections' SQL. REQUIRES for the text: sections_loaded().
  const std::string& upgrade_sql() const { return f_.upgrade_sql; }
  const std::optional<std::string>& downgrade_sql() const { return f_.downgrade_sql; }
  bool sections_loaded() const { return f_.sections_loaded; }
  // The program a section runs instead of SQL, if it is written as one.
  const std::optional<RunCommand>& upgrade_run() const { return f_.upgrade_run; }
  const std::optional<RunCommand>& downgrade_run() const { return f_.downgrade_run; }
  bool runs_program() const { return f_.upgrade_run || f_.downgrade_run; }
  SectionContent upgrade_content() const { return f_.upgrade_content; }
  // Whether upgrading runs nothing: the upgrade section is empty or holds only comments.
  // Such a revision has nothing for a downgrade to undo.
  bool upgrade_runs_nothing() const { return f_.upgrade_content != SectionContent::kSql; }
  // The mistake rev refuses: a revision that is not a merge whose upgrade section holds
  // nothing at all, not even a comment. Comments alone mark a deliberate no-op.
  bool upgrade_left_empty() const {
    return !is_merge() && f_.upgrade_content == SectionContent::kEmpty;
  }
  // Whether the file has a `-- rev:downgrade` marker at all.
  bool has_downgrade_marker() const { return f_.downgrade_sql.has_value(); }
  const std::string& path() const { return f_.path; }
  const Checksum& checksum() const { return f_.checksum; }
  const RevisionLines& lines() const { return f_.lines; }

  // This revision with its references named anew (what a graph does where a file names a
  // revision that a squash replaced); everything else, path and checksum included, as is.
  Revision WithReferences(std::vector<RevisionId> down_revisions,
                          std::vector<RevisionRef> depends_on) const;
  // This revision with another checksum (one that covers its program files too).
  Revision WithChecksum(Checksum checksum) const;

  bool is_base() const { return f_.down_revisions.empty(); }
  bool is_merge() const { return f_.down_revisions.size() > 1; }
  // True when the file has a downgrade section holding SQL, not only whitespace and comments.
  bool has_downgrade() const;

  // First line of each section's SQL in the file (the line after its marker), so that a
  // database error at line k of a section maps to line (first + k - 1) of the file.
  int upgrade_first_line() const { return f_.lines.upgrade_marker + 1; }
  int downgrade_first_line() const { return f_.lines.downgrade_marker + 1; }

 private:
  Fields f_;
};

}  // namespace rev::revisions
