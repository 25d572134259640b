// The folder rules of `rev validate`, one per file. Each appends what it finds to
// `findings` and never stops early; ValidateFolder (validate.h) runs them all. Codes are
// stable: scripts and the JSON output rely on them.
#pragma once

#include "validators/finding.h"
#include "validators/folder_facts.h"

namespace rev::validators {

// "invalid-file" (error): a file that cannot be read or parsed, at the parser's file:line.
void CheckInvalidFiles(const FolderFacts& facts, Findings* findings);

// The parser's and rev.yaml's warnings under their own codes ("unknown-header-key",
// "unknown-config-key"), as warnings.
void CheckNotices(const FolderFacts& facts, Findings* findings);

// "duplicate-id" (error): several files declare one id; every file is named.
void CheckDuplicateIds(const FolderFacts& facts, Findings* findings);

// "orphan" (error): a down_revision or depends_on naming no revision.
void CheckOrphans(const FolderFacts& facts, Findings* findings);

// "cycle" (error): revisions that are their own ancestors; the members are named.
void CheckCycles(const FolderFacts& facts, Findings* findings);

// "duplicate-branch-label" and "branch-label-is-id" (errors); "invalid-graph" (error) when
// the graph still cannot be built for a reason no other rule names.
void CheckBranchLabels(const FolderFacts& facts, Findings* findings);

// "multiple-heads" (error): several heads, unless each carries its own branch label.
void CheckMultipleHeads(const FolderFacts& facts, Findings* findings);

// "multiple-bases" (warning): several bases, unless each carries its own branch label.
void CheckMultipleBases(const FolderFacts& facts, Findings* findings);

// "missing-downgrade" and "empty-downgrade" (warnings), for revisions whose upgrade runs
// something (not merges, not deliberate no-ops: they have nothing to undo).
void CheckDowngradeSections(const FolderFacts& facts, Findings* findings);

// "empty-upgrade" (error): a revision other than a merge whose upgrade section holds
// nothing, not even a comment (Revision::upgrade_left_empty). Comments alone are a
// deliberate no-op and pass.
void CheckEmptyUpgrade(const FolderFacts& facts, Findings* findings);

// "id-filename-mismatch" (error): the file name does not start with the header's id (or,
// when file_template does not start with {rev}, does not contain it).
void CheckIdMatchesFileName(const FolderFacts& facts, Findings* findings);

}  // namespace rev::validators
