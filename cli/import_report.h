// What `rev import` says when it is done: the summary of what was written and, with
// --adopt, where the database was recorded to stand. Text or one JSON document.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/import_files.h"
#include "cli/output.h"
#include "engine/importers/imported.h"
#include "engine/importers/to_revisions.h"

namespace rev::cli {

struct AdoptReport {
  std::string database;  // redacted
  std::string table;     // the tool's table read
  bool found = false;
  engine::RevisionIds heads;          // recorded as rev's heads; empty: nothing applied
  std::vector<std::string> pending;   // what `rev upgrade head` will run
  std::optional<size_t> differences;  // schema changes between the database and heads
  std::string schema_note;            // why the schema was not compared, when it was not
};

struct ImportReport {
  std::string tool;
  std::string source;  // the folder read, as given
  const engine::importers::ImportedRevisions* imported = nullptr;
  const std::vector<PlannedFile>* files = nullptr;
  const std::vector<revisions::Notice>* notices = nullptr;
  std::optional<AdoptReport> adopt;
};

void PrintImportReport(Output& out, const ImportReport& report);

}  // namespace rev::cli
