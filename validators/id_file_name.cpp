#include <string_view>

#include "validators/rules.h"

namespace rev::validators {
namespace {

// Whether `name` (a file name without `.sql`) is one `file_template` could have made for
// `id`. With the usual `{rev}_{slug}` the name starts with the id and then `_` (or ends):
// "3f2a_add" fits 3f2a, not 3f2 or 3f2a_a.
bool NameFits(std::string_view name, std::string_view id, std::string_view file_template) {
  constexpr std::string_view kRev = "{rev}";
  if (file_template.substr(0, kRev.size()) != kRev) {
    return name.find(id) != std::string_view::npos;
  }
  if (name == id) return true;
  if (name.substr(0, id.size()) != id) return false;
  std::string_view rest = file_template.substr(kRev.size());
  if (rest.empty()) return false;
  if (rest.front() == '{') return true;  // a field right after the id: no separator to check
  return name[id.size()] == rest.front();
}

}  // namespace

void CheckIdMatchesFileName(const FolderFacts& facts, Findings* findings) {
  const std::string& file_template = facts.options.file_template;
  bool starts_with_rev = file_template.rfind("{rev}", 0) == 0;
  for (const revisions::Revision& revision : facts.scan->revisions) {
    std::string_view name = revision.path();
    if (size_t slash = name.rfind('/'); slash != std::string_view::npos)
      name.remove_prefix(slash + 1);
    if (name.size() > 4 && name.substr(name.size() - 4) == ".sql") name.remove_suffix(4);
    const std::string& id = revision.id().str();
    if (NameFits(name, id, file_template)) continue;
    findings->push_back({"id-filename-mismatch",
                         Severity::kError,
                         "the header says revision " + id + " but the file name '" +
                             std::string(name) + ".sql' " +
                             (starts_with_rev ? "does not start with it" : "does not contain it"),
                         {revision.path(), revision.lines().revision, 0},
                         "rename the file to match file_template (\"" + file_template +
                             "\"), or fix `revision:` if the file was copied from another revision",
                         {}});
  }
}

}  // namespace rev::validators
