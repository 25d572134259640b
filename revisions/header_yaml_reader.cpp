// The general reader of the header: yaml-cpp, for everything ReadSimpleHeader declines.
#include <yaml-cpp/yaml.h>

#include "revisions/header_entries.h"

namespace rev::revisions {
namespace {

HeaderValue ToHeaderValue(const YAML::Node& node) {
  HeaderValue value;
  if (node.IsNull()) return value;
  if (node.IsScalar()) {
    value.kind = HeaderValue::Kind::kScalar;
    value.scalar = node.Scalar();
    return value;
  }
  if (node.IsSequence()) {
    value.kind = HeaderValue::Kind::kList;
    for (const YAML::Node& item : node) {
      if (!item.IsScalar()) {
        value.kind = HeaderValue::Kind::kOther;
        value.other_description = item.IsNull() ? "a list with an empty item" : "a nested list";
        return value;
      }
      value.list.push_back(item.Scalar());
    }
    return value;
  }
  value.kind = HeaderValue::Kind::kOther;
  value.other_description = "a mapping";
  return value;
}

}  // namespace

Result<std::vector<HeaderEntry>> ReadYamlHeader(const std::string& header) {
  YAML::Node root;
  try {
    root = YAML::Load(header);
  } catch (const YAML::ParserException& error) {
    return Status::InvalidInput("the header is not valid YAML: " + error.msg)
        .At({"", error.mark.line + 1, error.mark.column + 1})
        .WithHint("each header line is `-- key: value`; quote values that contain ': ' or ' #'");
  } catch (const YAML::Exception& error) {
    return Status::InvalidInput("the header is not valid YAML: " + error.msg)
        .At({"", error.mark.line + 1, 0});
  }

  std::vector<HeaderEntry> entries;
  if (root.IsNull()) return entries;
  if (!root.IsMap()) {
    return Status::InvalidInput("the header must be `-- key: value` lines, not " +
                                std::string(root.IsSequence() ? "a list" : "a single value"))
        .At({"", root.Mark().line + 1, 0});
  }
  for (const auto& pair : root) {
    HeaderEntry entry;
    entry.line = pair.first.Mark().line + 1;
    if (!pair.first.IsScalar()) {
      return Status::InvalidInput("a header key must be a plain word").At({"", entry.line, 0});
    }
    entry.key = pair.first.Scalar();
    entry.value = ToHeaderValue(pair.second);
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace rev::revisions
