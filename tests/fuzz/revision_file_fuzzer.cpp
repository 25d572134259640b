// libFuzzer target: the revision-file parser on arbitrary bytes.
//
// Two properties are checked besides "no crash, leak or hang":
//  - ParseRevisionText either fails with a located kInvalidInput, or gives a revision whose
//    sections are the file's own bytes and whose lines lie inside the file;
//  - the fast header reader agrees with yaml-cpp: whenever ReadSimpleHeader accepts the
//    header (extracted exactly as the parser extracts it), ReadYamlHeader must read the same
//    entries. The fast path exists for speed only, so any disagreement is a bug; it aborts.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "revisions/header_entries.h"
#include "revisions/revision_file.h"
#include "revisions/utf8.h"

namespace {

using rev::revisions::HeaderEntry;
using rev::revisions::HeaderValue;

constexpr std::string_view kBom = "\xEF\xBB\xBF";

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "revision_file_fuzzer: %s\n", what.c_str());
  std::abort();
}

std::string_view TrimRight(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

bool IsMarker(std::string_view line) {
  if (line.substr(0, 2) != "--") return false;
  line.remove_prefix(2);
  while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
  return line.substr(0, 4) == "rev:";
}

// The header text as ParseRevisionText builds it: the `--` lines before the first marker,
// each without `--` and one following space, right-trimmed; other lines blank.
std::string HeaderOf(std::string_view bytes) {
  if (bytes.substr(0, kBom.size()) == kBom) bytes.remove_prefix(kBom.size());
  std::string header;
  while (!bytes.empty()) {
    size_t newline = bytes.find('\n');
    std::string_view line = TrimRight(bytes.substr(0, newline));
    bytes = newline == std::string_view::npos ? std::string_view() : bytes.substr(newline + 1);
    if (IsMarker(line)) break;
    if (line.substr(0, 2) == "--") {
      line.remove_prefix(2);
      if (!line.empty() && line.front() == ' ') line.remove_prefix(1);
      header.append(line);
    }
    header.push_back('\n');
  }
  return header;
}

std::string Describe(const std::vector<HeaderEntry>& entries) {
  std::string text;
  for (const HeaderEntry& entry : entries) {
    text += "  line " + std::to_string(entry.line) + " '" + entry.key + "' kind " +
            std::to_string(static_cast<int>(entry.value.kind)) + " scalar '" + entry.value.scalar +
            "' list [";
    for (const std::string& item : entry.value.list) text += "'" + item + "' ";
    text += "]\n";
  }
  return text;
}

bool SameEntries(const std::vector<HeaderEntry>& a, const std::vector<HeaderEntry>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const HeaderValue& x = a[i].value;
    const HeaderValue& y = b[i].value;
    if (a[i].key != b[i].key || a[i].line != b[i].line || x.kind != y.kind) return false;
    if (x.kind == HeaderValue::Kind::kScalar && x.scalar != y.scalar) return false;
    if (x.kind == HeaderValue::Kind::kList && x.list != y.list) return false;
  }
  return true;
}

void CheckReadersAgree(std::string_view bytes) {
  // The parser hands a header to the readers only once the file is known to be UTF-8.
  if (rev::revisions::FindInvalidUtf8(bytes)) return;
  std::string header = HeaderOf(bytes);
  std::vector<HeaderEntry> simple;
  if (!rev::revisions::ReadSimpleHeader(header, &simple)) return;
  auto yaml = rev::revisions::ReadYamlHeader(header);
  if (!yaml.ok()) {
    Fail("ReadSimpleHeader accepted a header yaml-cpp rejects (" + yaml.status().message() +
         "):\n" + header + "\nsimple read:\n" + Describe(simple));
  }
  if (!SameEntries(simple, *yaml)) {
    Fail("the header readers disagree on:\n" + header + "\nsimple:\n" + Describe(simple) +
         "yaml-cpp:\n" + Describe(*yaml));
  }
}

int LineCount(std::string_view bytes) {
  int lines = 1;
  for (char c : bytes) lines += c == '\n';
  return lines;
}

void CheckParse(std::string_view bytes) {
  auto parsed = rev::revisions::ParseRevisionText(bytes, "fuzz.sql");
  if (!parsed.ok()) {
    const rev::Status& error = parsed.status();
    if (error.code() != rev::StatusCode::kInvalidInput) Fail("an error that is not kInvalidInput");
    if (!error.location() || error.location()->file != "fuzz.sql" || error.location()->line < 1 ||
        error.location()->line > LineCount(bytes)) {
      Fail("an error without a location inside the file: " + error.ToString());
    }
    return;
  }
  const rev::revisions::Revision& revision = parsed->revision;
  if (bytes.find(revision.upgrade_sql()) == std::string_view::npos) {
    Fail("the upgrade section is not part of the file");
  }
  if (revision.downgrade_sql() && bytes.find(*revision.downgrade_sql()) == std::string_view::npos) {
    Fail("the downgrade section is not part of the file");
  }
  int lines = LineCount(bytes);
  const auto& at = revision.lines();
  if (at.upgrade_marker < 1 || at.upgrade_marker > lines || at.revision < 1 ||
      at.revision >= at.upgrade_marker || at.downgrade_marker > lines ||
      (at.downgrade_marker != 0 && at.downgrade_marker <= at.upgrade_marker)) {
    Fail("line numbers outside the file");
  }
  if (revision.checksum().hex().size() != 64) Fail("a checksum that is not SHA-256 hex");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  CheckParse(bytes);
  CheckReadersAgree(bytes);
  return 0;
}
