#include "revisions/join.h"
#include "validators/schema_rules.h"

namespace rev::validators {

void ValidateSchemaAgainstHead(const engine::schema::Changes& head_to_schema,
                               const std::string& schema_file, Findings* findings) {
  if (head_to_schema.empty()) return;
  // The first few name the difference; `rev diff` shows them all.
  constexpr size_t kNamed = 5;
  std::vector<std::string> names;
  for (const auto& change : head_to_schema) {
    if (names.size() == kNamed) {
      names.push_back("...");
      break;
    }
    names.push_back(change.KindName() + " " + change.ObjectName());
  }
  Finding finding;
  finding.code = "schema-differs";
  finding.severity = Severity::kError;
  finding.message = "head differs from " + schema_file + " by " +
                    std::to_string(head_to_schema.size()) + " change" +
                    (head_to_schema.size() == 1 ? "" : "s") + ": " + revisions::Join(names, ", ");
  finding.location = {schema_file, 0, 0};
  finding.hint =
      "write the revision with `rev create \"message\" --autogenerate`, or see the SQL with "
      "`rev diff`";
  findings->push_back(std::move(finding));
}

}  // namespace rev::validators
