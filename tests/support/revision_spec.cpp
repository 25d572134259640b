#include "tests/support/revision_spec.h"

#include <cstdio>

#include "tests/support/temp_dir.h"

namespace rev::testing {
namespace {

// 2026-01-01T00:00:00Z plus `seconds`, in created_at form.
std::string CreatedAt(size_t seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "2026-01-01T%02zu:%02zu:%02zuZ", (seconds / 3600) % 24,
                (seconds / 60) % 60, seconds % 60);
  return text;
}

std::string Slug(const std::string& message) {
  std::string slug;
  for (char c : message) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
    if (alnum) {
      slug.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
    } else if (!slug.empty() && slug.back() != '_') {
      slug.push_back('_');
    }
  }
  while (!slug.empty() && slug.back() == '_') slug.pop_back();
  return slug;
}

std::string FlowList(const Names& items) {
  std::string text = "[";
  for (size_t i = 0; i < items.size(); ++i) text += (i ? ", " : "") + items[i];
  return text + "]";
}

std::string MessageOf(const Rev& rev) {
  return rev.message.empty() ? "revision " + rev.id : rev.message;
}

}  // namespace

Rev& Rev::Message(std::string text) {
  message = std::move(text);
  return *this;
}

Rev& Rev::Upgrade(std::string sql) {
  upgrade = std::move(sql);
  return *this;
}

Rev& Rev::Downgrade(std::string sql) {
  downgrade = std::move(sql);
  return *this;
}

Rev& Rev::NoDowngrade() {
  downgrade.reset();
  return *this;
}

Rev& Rev::Sql(std::string upgrade_sql, std::optional<std::string> downgrade_sql) {
  upgrade = std::move(upgrade_sql);
  downgrade = std::move(downgrade_sql);
  return *this;
}

Rev& Rev::DependsOn(Names ids) {
  depends_on = std::move(ids);
  return *this;
}

Rev& Rev::Labels(Names labels) {
  branch_labels = std::move(labels);
  return *this;
}

Rev& Rev::At(std::string when) {
  created_at = std::move(when);
  return *this;
}

Rev& Rev::NonTransactional() {
  transactional = false;
  return *this;
}

Rev& Rev::FileName(std::string name) {
  file_name = std::move(name);
  return *this;
}

Rev& Rev::Merge() {
  upgrade.clear();
  downgrade = "";
  return *this;
}

Rev& Rev::Header(std::string line) {
  extra_header.push_back(std::move(line));
  return *this;
}

Rev WithDefaults(Rev rev, size_t position) {
  rev.message = MessageOf(rev);
  if (rev.created_at.empty()) rev.created_at = CreatedAt(position);
  return rev;
}

std::string RevisionText(const Rev& rev) {
  const Names& parents = rev.down_revisions;
  std::string down = parents.empty()       ? "null"
                     : parents.size() == 1 ? parents.front()
                                           : FlowList(parents);
  std::string text = "-- revision: " + rev.id + "\n";
  text += "-- down_revision: " + down + "\n";
  text += "-- message: \"" + MessageOf(rev) + "\"\n";
  if (!rev.created_at.empty()) text += "-- created_at: " + rev.created_at + "\n";
  if (!rev.branch_labels.empty()) text += "-- branch_labels: " + FlowList(rev.branch_labels) + "\n";
  if (!rev.depends_on.empty()) text += "-- depends_on: " + FlowList(rev.depends_on) + "\n";
  if (!rev.transactional) text += "-- transactional: false\n";
  for (const std::string& line : rev.extra_header) text += "-- " + line + "\n";
  text += "\n-- rev:upgrade\n";
  if (!rev.upgrade.empty()) text += rev.upgrade + "\n";
  if (rev.downgrade) {
    text += "\n-- rev:downgrade\n";
    if (!rev.downgrade->empty()) text += *rev.downgrade + "\n";
  }
  return text;
}

std::string FileNameOf(const Rev& rev) {
  if (!rev.file_name.empty()) return rev.file_name;
  std::string slug = Slug(MessageOf(rev));
  return rev.id + (slug.empty() ? "" : "_" + slug) + ".sql";
}

std::filesystem::path WriteRevision(const std::filesystem::path& revisions_dir, const Rev& rev,
                                    size_t position) {
  Rev filled = WithDefaults(rev, position);
  std::filesystem::path file = revisions_dir / FileNameOf(filled);
  WriteFile(file, RevisionText(filled));
  return file;
}

void WriteRevisions(const std::filesystem::path& folder, const std::vector<Rev>& revs) {
  for (size_t i = 0; i < revs.size(); ++i) WriteRevision(folder / "revisions", revs[i], i + 1);
}

}  // namespace rev::testing
