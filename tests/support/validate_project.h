// Running the folder rules over a Project's real files, and finding what they found.
#pragma once

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "revisions/revision_folder.h"
#include "tests/support/project.h"
#include "validators/validate.h"

namespace rev::testing {

inline validators::Findings ValidateProject(const Project& project,
                                            validators::FolderOptions options = {}) {
  auto scan = revisions::ScanRevisionFolder(project.revisions_dir(), "revisions/");
  REQUIRE(scan.ok());
  return validators::ValidateFolder(validators::GatherFolderFacts(*scan, std::move(options)));
}

// The findings with `code`.
inline std::vector<validators::Finding> WithCode(const validators::Findings& findings,
                                                 const std::string& code) {
  std::vector<validators::Finding> matching;
  for (const auto& finding : findings) {
    if (finding.code == code) matching.push_back(finding);
  }
  return matching;
}

inline std::vector<std::string> Codes(const validators::Findings& findings) {
  std::vector<std::string> codes;
  for (const auto& finding : findings) codes.push_back(finding.code);
  return codes;
}

}  // namespace rev::testing
