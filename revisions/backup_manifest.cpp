#include "revisions/backup_manifest.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>

#include "revisions/revision_id.h"

namespace rev::revisions {
namespace {

constexpr int kFormat = 1;

class ManifestReader {
 public:
  ManifestReader(const YAML::Node& root, std::string path) : root_(root), path_(std::move(path)) {}

  Status Error(const YAML::Node& node, const std::string& message) const {
    return Status::InvalidInput("backup manifest: " + message)
        .At({path_, node.IsDefined() ? node.Mark().line + 1 : 0, 0})
        .WithHint(
            "rev writes this file beside each backup; restore it from where the backup "
            "came from, or make a new backup with `rev backup`");
  }

  Result<YAML::Node> Required(const std::string& key) const {
    YAML::Node node = root_[key];
    if (!node.IsDefined() || node.IsNull()) return Error(root_, "missing `" + key + ":`");
    return node;
  }

  Result<std::string> Text(const std::string& key, bool required) const {
    if (!required && (!root_[key].IsDefined() || root_[key].IsNull())) return std::string();
    REV_ASSIGN_OR_RETURN(YAML::Node node, Required(key));
    if (!node.IsScalar()) return Error(node, "`" + key + ":` must be a single value");
    return node.Scalar();
  }

  Result<RevisionIds> Heads() const {
    YAML::Node node = root_["heads"];
    if (!node.IsDefined()) return Error(root_, "missing `heads:`");
    RevisionIds heads;
    if (node.IsNull()) return heads;
    if (!node.IsSequence()) return Error(node, "`heads:` must be a list of revision ids");
    for (const YAML::Node& item : node) {
      if (!item.IsScalar()) return Error(item, "`heads:` must be a list of revision ids");
      Result<RevisionId> head = RevisionId::Parse(item.Scalar());
      if (!head.ok())
        return Error(item, "head '" + item.Scalar() + "': " + head.status().message());
      heads.push_back(std::move(head).value());
    }
    std::sort(heads.begin(), heads.end());
    return heads;
  }

 private:
  const YAML::Node& root_;
  std::string path_;
};

bool IsSha256(const std::string& text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return std::isdigit(static_cast<unsigned char>(c)) || (c >= 'a' && c <= 'f');
         });
}

Result<BackupManifest> Read(const YAML::Node& root, const std::string& path) {
  ManifestReader reader(root, path);
  BackupManifest manifest;
  REV_ASSIGN_OR_RETURN(manifest.file, reader.Text("file", false));
  REV_ASSIGN_OR_RETURN(manifest.kind, reader.Text("kind", true));
  if (manifest.kind != "sqlite" && manifest.kind != "postgresql") {
    return reader.Error(root["kind"],
                        "unknown kind '" + manifest.kind + "' (expected sqlite or postgresql)");
  }
  REV_ASSIGN_OR_RETURN(manifest.database, reader.Text("database", false));
  REV_ASSIGN_OR_RETURN(manifest.heads, reader.Heads());
  REV_ASSIGN_OR_RETURN(manifest.created_at, reader.Text("created_at", true));
  REV_ASSIGN_OR_RETURN(std::string size, reader.Text("size", true));
  if (size.empty() || size.size() > 19 || !std::all_of(size.begin(), size.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
      })) {
    return reader.Error(root["size"], "`size:` must be a number of bytes, not '" + size + "'");
  }
  manifest.size = std::stoull(size);
  REV_ASSIGN_OR_RETURN(manifest.sha256, reader.Text("sha256", true));
  if (!IsSha256(manifest.sha256)) {
    return reader.Error(root["sha256"], "`sha256:` must be 64 lowercase hex digits");
  }
  REV_ASSIGN_OR_RETURN(manifest.rev_version, reader.Text("rev_version", false));
  return manifest;
}

}  // namespace

std::string RenderBackupManifest(const BackupManifest& manifest) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "format" << YAML::Value << kFormat;
  out << YAML::Key << "file" << YAML::Value << manifest.file;
  out << YAML::Key << "kind" << YAML::Value << manifest.kind;
  out << YAML::Key << "database" << YAML::Value << manifest.database;
  out << YAML::Key << "heads" << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (const RevisionId& head : manifest.heads) out << head.str();
  out << YAML::EndSeq;
  out << YAML::Key << "created_at" << YAML::Value << manifest.created_at;
  out << YAML::Key << "size" << YAML::Value << manifest.size;
  out << YAML::Key << "sha256" << YAML::Value << manifest.sha256;
  out << YAML::Key << "rev_version" << YAML::Value << manifest.rev_version;
  out << YAML::EndMap;
  return std::string("# rev backup manifest: what the backup beside it holds\n") + out.c_str() +
         "\n";
}

Result<BackupManifest> ParseBackupManifest(const std::string& text, const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& error) {
    return Status::InvalidInput("backup manifest is not YAML: " + error.msg)
        .At({path, error.mark.line + 1, 0});
  }
  if (!root.IsMap()) {
    return Status::InvalidInput("backup manifest is not a mapping of keys to values")
        .At({path, 1, 0});
  }
  try {
    return Read(root, path);
  } catch (const YAML::Exception& error) {
    return Status::InvalidInput("backup manifest: " + error.msg).At({path, error.mark.line + 1, 0});
  }
}

}  // namespace rev::revisions
