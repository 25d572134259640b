// `rev validate` over a project's folder: every rule of rules.h, every finding in one run.
//
//   auto scan = revisions::ScanRevisionFolder(dir, "revisions/");
//   Findings findings = ValidateFolder(GatherFolderFacts(*scan, {config.file_template, ...}));
//
// The findings come back sorted (SortFindings); what they mean for the exit code, and how
// they are printed, is the caller's business. Database findings (`--db`: drift, applied
// revisions missing from the folder, a dirty step) come from their own entry point over
// the same FolderFacts and are appended by the caller.
#pragma once

#include "validators/finding.h"
#include "validators/folder_facts.h"

namespace rev::validators {

Findings ValidateFolder(const FolderFacts& facts);

}  // namespace rev::validators
