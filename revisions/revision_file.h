// The revision file format of SPEC §1: text ⇄ Revision.
//
//   -- revision: 9c0d1e2f3a4b
//   -- down_revision: 3f2a9c1b7d4e
//   -- message: add email index
//   ...
//   -- rev:upgrade
//   CREATE INDEX ...
//   -- rev:downgrade
//   DROP INDEX ...
//
// The header is YAML written as `-- ` comment lines, up to the first marker line. The
// sections are kept byte for byte as the file has them; each runs as one script.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "revisions/notice.h"
#include "revisions/result.h"
#include "revisions/revision.h"

namespace rev::revisions {

struct ParsedRevision {
  Revision revision;
  std::vector<Notice> warnings;  // e.g. an unknown header key
};

// Parses the bytes of the file at `path` (used only for locations in messages).
// Fails with kInvalidInput located at `path:line` and saying what was expected, for: an
// empty file, bytes that are not UTF-8, SQL before the upgrade marker, no header, no or a
// second upgrade marker, a downgrade marker before the upgrade one or twice, an unknown
// `-- rev:` marker, a header that is not YAML, a duplicate key, a missing `revision` or
// `down_revision`, a value of the wrong type, and an id or label that is not valid.
// What to keep of a file beyond its header; both cost time and memory over a large folder.
struct ParseOptions {
  // False: the checksum is left empty (for a command that opens no database).
  bool checksum = true;
  // False: the sections' SQL is not kept, only whether each is blank (Revision::Fields).
  bool sections = true;
};
Result<ParsedRevision> ParseRevisionText(std::string_view bytes, const std::string& path,
                                         const ParseOptions& options = {});

// What `rev create` and `rev merge` write.
struct NewRevision {
  RevisionId id;
  std::vector<RevisionId> down_revisions;
  std::vector<BranchLabel> branch_labels;
  std::vector<RevisionRef> depends_on;  // ids, or branch labels kept as the user gave them
  std::string message;
  std::string created_at;
  bool transactional = true;
  std::string upgrade_sql;    // written under `-- rev:upgrade`; may be empty
  std::string downgrade_sql;  // written under `-- rev:downgrade`; may be empty
  // False: no `-- rev:downgrade` marker at all, so that downgrading through it is refused
  // (an imported migration the other tool had no down migration for).
  bool downgrade_marker = true;
  std::vector<RevisionId> replaces = {};  // `rev squash`: the ids it stands for (see Revision)
};

// Renders a revision file that ParseRevisionText reads back to the same fields.
std::string RenderRevisionFile(const NewRevision& revision);

}  // namespace rev::revisions
