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

// yaml-cpp accepts a quoted scalar that is never closed when the text ends in a line break,
// reading every later line into it: `message: "fix` would silently swallow a following
// `depends_on:`. Without the final line breaks it reports the open quote, so the header is
// read that way too. Only then: a block scalar keeps its final line break as written.
bool HasUnclosedQuote(const std::string& header) {
  size_t last = header.find_last_not_of(" \t\r\n");
  if (last == std::string::npos || last + 1 == header.size()) return false;
  try {
    YAML::Load(header.substr(0, last + 1));
  } catch (const YAML::Exception& error) {
    return error.msg == YAML::ErrorMsg::EOF_IN_SCALAR;
  }
  return false;
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
  // The open quote belongs to the last entry: it runs to the end of the header.
  if (!entries.empty() && HasUnclosedQuote(header)) {
    return Status::InvalidInput("the quoted value of '" + entries.back().key + "' is never closed")
        .At({"", entries.back().line, 0})
        .WithHint("close the quote on the same line");
  }
  return entries;
}

}  // namespace rev::revisions
