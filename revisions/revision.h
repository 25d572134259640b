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

namespace rev::revisions {

// Where each part of a revision sits in its file (1-based lines; 0 when absent). Errors
// about a revision point here.
struct RevisionLines {
  int revision = 0;
  int down_revision = 0;
  int branch_labels = 0;
  int depends_on = 0;
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
    std::string message;
    std::string created_at;  // ISO 8601 UTC, e.g. 2026-11-22T10:04:00Z; may be empty
    bool transactional = true;
    std::string upgrade_sql;
    std::optional<std::string> downgrade_sql;  // nullopt when the file has no downgrade marker
    // False when the file was read without its sections' SQL (a command that runs and prints
    // no SQL): upgrade_sql is then empty, downgrade_sql empty but present when the file has
    // the marker, and the two facts below say what the SQL was like. When true, the
    // constructor works them out from the SQL itself.
    bool sections_loaded = true;
    bool upgrade_blank = false;    // the upgrade section holds only whitespace and comments
    bool downgrade_blank = false;  // the same for the downgrade section (or it is absent)
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
  const std::string& message() const { return f_.message; }
  const std::string& created_at() const { return f_.created_at; }
  bool transactional() const { return f_.transactional; }
  // The sections' SQL. REQUIRES for the text: sections_loaded().
  const std::string& upgrade_sql() const { return f_.upgrade_sql; }
  const std::optional<std::string>& downgrade_sql() const { return f_.downgrade_sql; }
  bool sections_loaded() const { return f_.sections_loaded; }
  // Whether the upgrade section does nothing (empty, or whitespace and comments only).
  bool upgrade_is_blank() const { return f_.upgrade_blank; }
  // Whether the file has a `-- rev:downgrade` marker at all.
  bool has_downgrade_marker() const { return f_.downgrade_sql.has_value(); }
  const std::string& path() const { return f_.path; }
  const Checksum& checksum() const { return f_.checksum; }
  const RevisionLines& lines() const { return f_.lines; }

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

// True when `sql` holds nothing but whitespace and SQL comments.
bool IsBlankSql(std::string_view sql);

}  // namespace rev::revisions
