#include "revisions/naming.h"

#include <ctime>
#include <random>

namespace rev::revisions {
namespace {

constexpr size_t kMaxSlugLength = 40;

std::tm UtcParts(std::chrono::system_clock::time_point when) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(when);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  return parts;
}

std::string Format(std::chrono::system_clock::time_point when, const char* pattern) {
  std::tm parts = UtcParts(when);
  char text[32];
  std::strftime(text, sizeof text, pattern, &parts);
  return text;
}

bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

}  // namespace

RevisionId NewRevisionId() {
  static constexpr char kHex[] = "0123456789abcdef";
  std::random_device device;
  std::uniform_int_distribution<int> digit(0, 15);
  std::string text(12, '0');
  for (char& c : text) c = kHex[digit(device)];
  return *RevisionId::Parse(text);
}

std::string Slugify(std::string_view message) {
  std::string slug;
  bool pending_separator = false;
  for (char c : message) {
    if (IsAlnum(c)) {
      if (pending_separator && !slug.empty()) slug.push_back('_');
      pending_separator = false;
      slug.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
    } else {
      pending_separator = true;
    }
  }
  if (slug.size() > kMaxSlugLength) {
    size_t cut = slug.rfind('_', kMaxSlugLength);
    slug.resize(cut == std::string::npos || cut == 0 ? kMaxSlugLength : cut);
  }
  return slug;
}

std::string FormatUtcTimestamp(std::chrono::system_clock::time_point when) {
  return Format(when, "%Y-%m-%dT%H:%M:%SZ");
}

Result<std::string> RevisionFileName(std::string_view file_template, const RevisionId& id,
                                     std::string_view message,
                                     std::chrono::system_clock::time_point when) {
  std::string name;
  bool has_rev = false;
  for (size_t i = 0; i < file_template.size(); ++i) {
    if (file_template[i] != '{') {
      name.push_back(file_template[i]);
      continue;
    }
    size_t close = file_template.find('}', i);
    if (close == std::string_view::npos) {
      return Status::InvalidInput("file_template '" + std::string(file_template) +
                                  "' has an unclosed '{'");
    }
    std::string_view field = file_template.substr(i + 1, close - i - 1);
    if (field == "rev") {
      name += id.str();
      has_rev = true;
    } else if (field == "slug") {
      name += Slugify(message);
    } else if (field == "date") {
      name += Format(when, "%Y%m%d");
    } else if (field == "time") {
      name += Format(when, "%H%M%S");
    } else if (field == "message") {
      for (char c : message) name.push_back(IsAlnum(c) || c == '-' || c == '.' ? c : '_');
    } else {
      return Status::InvalidInput("file_template uses unknown field {" + std::string(field) + "}")
          .WithHint("the fields are {rev}, {slug}, {date}, {time} and {message}");
    }
    i = close;
  }
  if (!has_rev) {
    return Status::InvalidInput("file_template '" + std::string(file_template) +
                                "' does not contain {rev}")
        .WithHint("file names must stay unique: put {rev} in file_template");
  }
  while (!name.empty() && name.back() == '_') name.pop_back();
  if (name.find('/') != std::string::npos) {
    return Status::InvalidInput("file_template '" + std::string(file_template) +
                                "' makes a name with '/'; revisions live directly in their folder");
  }
  return name + ".sql";
}

}  // namespace rev::revisions
