// The databases of a fleet, read once: rev.yaml's `fleet:` (a list of URLs, a file of them,
// or a command whose output is that list) or --targets FILE, which wins. Each URL is
// ${VAR}-expanded and parsed as any database URL; from then on a target is a value.
//
// A targets file or a command's output holds one URL a line; blank lines and lines whose
// first non-blank character is `#` are skipped.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "engine/backends/database_url.h"
#include "revisions/project_config.h"
#include "revisions/result.h"

namespace rev::cli {

struct FleetTarget {
  engine::backends::DatabaseUrl url;
  // The URL, ${VAR} expanded: what the target's own run is given (through its environment,
  // never its command line). Holds any password: never print it; print name().
  std::string text;
  SourceLocation where;  // the line that names it

  const std::string& name() const { return url.Redacted(); }
};

// The fleet of `config`, or of `targets_file` when it is not empty (relative to the working
// folder). Fails with kInvalidInput, at the file and line, for: no fleet anywhere, an
// unreadable file, a command that cannot run or exits non-zero (with the end of its stderr),
// a ${VAR} that is unset, a URL that does not parse, the same database named twice (its
// redacted URL), or an empty list.
Result<std::vector<FleetTarget>> LoadFleetTargets(const revisions::ProjectConfig& config,
                                                  const std::filesystem::path& targets_file);

}  // namespace rev::cli
