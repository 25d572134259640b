#include "revisions/project_config.h"

#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <map>

#include "revisions/revision_folder.h"

namespace rev::revisions {
namespace {

// A value of `key` to show in a hint: its default where it has one.
std::string Example(const std::string& key) {
  static const std::map<std::string, std::string> kExamples = {
      {"revisions", "revisions"},
      {"database", "sqlite:///app.db"},
      {"version_table", "rev_version"},
      {"history_table", "rev_history"},
      {"applied_table", "rev_applied"},
      {"version_table_schema", "public"},
      {"file_template", "\"{rev}_{slug}\""},
      {"dir", "backups"},
      {"lock_timeout", "10s"},
      {"statement_timeout", "5min"},
      {"search_path", "\"app, public\""},
      {"lock", "auto"},
      {"lock_lease", "30s"},
      {"schema", "schema.sql"},
      {"dev_database", "postgresql://localhost/postgres"}};
  auto it = kExamples.find(key);
  return it == kExamples.end() ? "VALUE" : it->second;
}

constexpr const char* kFleetForms =
    "write a list of database URLs, `fleet: {file: targets.txt}` or "
    "`fleet: {command: \"./list-tenants\"}`";

class ConfigReader {
 public:
  explicit ConfigReader(const std::filesystem::path& file) : path_(file.string()) {}

  Status Error(const YAML::Node& node, const std::string& message, const std::string& hint = "") {
    Status status = Status::InvalidInput(message).At({path_, node.Mark().line + 1, 0});
    if (!hint.empty()) status.WithHint(hint);
    return status;
  }

  // An error about the value of `key`. yaml-cpp places an empty value at the next token,
  // often on a later line, so an empty value's error points at its key.
  Status ValueError(const YAML::Node& node, const YAML::Node& key, const std::string& message,
                    const std::string& hint = "") {
    return Error(node.IsNull() ? key : node, message, hint);
  }

  // A mapping naming a key twice is refused: YAML forbids it, and yaml-cpp would let the
  // second `database:` silently win.
  Status UniqueKeys(const YAML::Node& map, const std::string& where) {
    std::map<std::string, int> seen;
    for (const auto& pair : map) {
      if (!pair.first.IsScalar()) continue;
      auto [first, inserted] = seen.emplace(pair.first.Scalar(), pair.first.Mark().line + 1);
      if (!inserted) {
        return Error(pair.first,
                     "duplicate key '" + pair.first.Scalar() + "' in " + where +
                         " (first at line " + std::to_string(first->second) + ")",
                     "keep one `" + pair.first.Scalar() + ":` line");
      }
    }
    return Status::Ok();
  }

  Result<std::string> String(const YAML::Node& node, const YAML::Node& key) {
    if (node.IsNull()) return std::string();
    if (!node.IsScalar()) {
      return ValueError(node, key, key.Scalar() + " must be a single value",
                        "write one value after `" + key.Scalar() + ":` (for example `" +
                            key.Scalar() + ": " + Example(key.Scalar()) +
                            "`), not a list or a mapping");
    }
    return node.Scalar();
  }

  Result<bool> Bool(const YAML::Node& node, const YAML::Node& key) {
    bool value = false;
    if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value)) {
      return ValueError(node, key, key.Scalar() + " must be true or false");
    }
    return value;
  }

  Result<std::string> TableName(const YAML::Node& node, const YAML::Node& key) {
    REV_ASSIGN_OR_RETURN(std::string name, String(node, key));
    bool valid = !name.empty() && name.size() <= 63 && !(name[0] >= '0' && name[0] <= '9');
    for (char c : name) {
      valid = valid && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '_');
    }
    if (!valid) {
      return ValueError(node, key, key.Scalar() + " '" + name + "' is not a valid table name",
                        "use 1-63 letters, digits and '_', not starting with a digit");
    }
    return name;
  }

  void Unknown(const YAML::Node& key, const std::string& where, std::vector<Notice>* out) {
    out->push_back({"unknown-config-key",
                    "unknown key '" + key.Scalar() + "' in " + where + " is ignored",
                    {path_, key.Mark().line + 1, 0},
                    ""});
  }

  // `lock:` and `lock_lease:`, parsed here into their types.
  Status Lock(const YAML::Node& key, const YAML::Node& value, SessionSettings* session) {
    REV_ASSIGN_OR_RETURN(std::string text, String(value, key));
    if (key.Scalar() == "lock") {
      session->lock = ParseLockMode(text);
      if (session->lock) return Status::Ok();
      return ValueError(value, key, "lock '" + text + "' is not a lock mode",
                        "write `lock: auto` (the default), `lock: session` or `lock: lease`");
    }
    Result<std::chrono::seconds> lease = ParseLockLease(text);
    if (!lease.ok()) {
      return ValueError(value, key, lease.status().message(), lease.status().hint());
    }
    session->lock_lease = *lease;
    return Status::Ok();
  }

  Status Session(const YAML::Node& key, const YAML::Node& value, SessionSettings* session,
                 bool* matched) {
    const std::string& name = key.Scalar();
    if (name == "lock" || name == "lock_lease") {
      *matched = true;
      return Lock(key, value, session);
    }
    std::string* field = name == "lock_timeout"        ? &session->lock_timeout
                         : name == "statement_timeout" ? &session->statement_timeout
                         : name == "search_path"       ? &session->search_path
                                                       : nullptr;
    *matched = field != nullptr;
    if (field == nullptr) return Status::Ok();
    REV_ASSIGN_OR_RETURN(*field, String(value, key));
    return Status::Ok();
  }

  Result<EnvironmentConfig> Environment(const std::string& name, const YAML::Node& node,
                                        std::vector<Notice>* warnings) {
    EnvironmentConfig env;
    env.name = name;
    if (node.IsNull()) return env;
    if (!node.IsMap()) return Error(node, "environment '" + name + "' must be a mapping");
    REV_RETURN_IF_ERROR(UniqueKeys(node, "environment '" + name + "'"));
    for (const auto& pair : node) {
      const std::string& key = pair.first.Scalar();
      bool matched = false;
      REV_RETURN_IF_ERROR(Session(pair.first, pair.second, &env.session, &matched));
      if (matched) continue;
      if (key == "database") {
        REV_ASSIGN_OR_RETURN(env.database, String(pair.second, pair.first));
        env.database_line = (pair.second.IsNull() ? pair.first : pair.second).Mark().line + 1;
      } else if (key == "confirm") {
        REV_ASSIGN_OR_RETURN(env.confirm, Bool(pair.second, pair.first));
      } else if (key == "backup_before_upgrade") {
        REV_ASSIGN_OR_RETURN(env.backup_before_upgrade, Bool(pair.second, pair.first));
      } else {
        Unknown(pair.first, "environment '" + name + "'", warnings);
      }
    }
    return env;
  }

  Status Backup(const YAML::Node& node, BackupSettings* backup, std::vector<Notice>* warnings) {
    if (node.IsNull()) return Status::Ok();
    if (!node.IsMap()) return Error(node, "backup must be a mapping (dir, before_upgrade)");
    REV_RETURN_IF_ERROR(UniqueKeys(node, "backup"));
    for (const auto& pair : node) {
      const std::string& key = pair.first.Scalar();
      if (key == "dir") {
        REV_ASSIGN_OR_RETURN(backup->dir, String(pair.second, pair.first));
      } else if (key == "before_upgrade") {
        REV_ASSIGN_OR_RETURN(backup->before_upgrade, Bool(pair.second, pair.first));
      } else {
        Unknown(pair.first, "backup", warnings);
      }
    }
    return Status::Ok();
  }

  Status Fleet(const YAML::Node& node, const YAML::Node& key, FleetConfig* fleet) {
    fleet->line = (node.IsNull() ? key : node).Mark().line + 1;
    if (node.IsSequence()) {
      fleet->source = FleetConfig::Source::kList;
      for (const YAML::Node& item : node) {
        if (!item.IsScalar() || item.Scalar().empty()) {
          return Error(item, "each entry of fleet must be a database URL", kFleetForms);
        }
        fleet->urls.push_back(item.Scalar());
        fleet->url_lines.push_back(item.Mark().line + 1);
      }
      return Status::Ok();
    }
    if (!node.IsMap() || node.size() != 1 || !node.begin()->first.IsScalar()) {
      return ValueError(node, key, "fleet must be a list of URLs, a file or a command",
                        kFleetForms);
    }
    const YAML::Node& which = node.begin()->first;
    REV_ASSIGN_OR_RETURN(std::string value, String(node.begin()->second, which));
    if (value.empty() || (which.Scalar() != "file" && which.Scalar() != "command")) {
      return Error(which, "fleet takes `file: PATH` or `command: \"...\"`, with a value",
                   kFleetForms);
    }
    fleet->source =
        which.Scalar() == "file" ? FleetConfig::Source::kFile : FleetConfig::Source::kCommand;
    (which.Scalar() == "file" ? fleet->file : fleet->command) = value;
    return Status::Ok();
  }

  Status TopLevel(const YAML::Node& key_node, const YAML::Node& value, ProjectConfig* config) {
    const std::string& key = key_node.Scalar();
    bool matched = false;
    REV_RETURN_IF_ERROR(Session(key_node, value, &config->session, &matched));
    if (matched) return Status::Ok();
    if (key == "revisions") {
      REV_ASSIGN_OR_RETURN(config->revisions, String(value, key_node));
    } else if (key == "database") {
      REV_ASSIGN_OR_RETURN(config->database, String(value, key_node));
      config->database_line = (value.IsNull() ? key_node : value).Mark().line + 1;
    } else if (key == "version_table") {
      REV_ASSIGN_OR_RETURN(config->version_table, TableName(value, key_node));
    } else if (key == "history_table") {
      REV_ASSIGN_OR_RETURN(config->history_table, TableName(value, key_node));
    } else if (key == "applied_table") {
      REV_ASSIGN_OR_RETURN(config->applied_table, TableName(value, key_node));
    } else if (key == "version_table_schema") {
      REV_ASSIGN_OR_RETURN(config->version_table_schema, TableName(value, key_node));
    } else if (key == "file_template") {
      REV_ASSIGN_OR_RETURN(config->file_template, String(value, key_node));
      config->file_template_line = (value.IsNull() ? key_node : value).Mark().line + 1;
    } else if (key == "auto_merge") {
      REV_ASSIGN_OR_RETURN(config->auto_merge, Bool(value, key_node));
    } else if (key == "schema") {
      REV_ASSIGN_OR_RETURN(config->schema, String(value, key_node));
    } else if (key == "dev_database") {
      REV_ASSIGN_OR_RETURN(config->dev_database, String(value, key_node));
      config->dev_database_line = (value.IsNull() ? key_node : value).Mark().line + 1;
    } else if (key == "backup") {
      REV_RETURN_IF_ERROR(Backup(value, &config->backup, &config->warnings));
    } else if (key == "fleet") {
      REV_RETURN_IF_ERROR(Fleet(value, key_node, &config->fleet));
    } else if (key == "environments") {
      if (value.IsNull()) return Status::Ok();
      if (!value.IsMap()) return Error(value, "environments must be a mapping of names");
      REV_RETURN_IF_ERROR(UniqueKeys(value, "environments"));
      for (const auto& env : value) {
        if (!env.first.IsScalar() || env.first.Scalar().empty()) {
          return Error(env.first, "an environment name must be a plain word");
        }
        REV_ASSIGN_OR_RETURN(EnvironmentConfig parsed,
                             Environment(env.first.Scalar(), env.second, &config->warnings));
        config->environments[env.first.Scalar()] = std::move(parsed);
      }
    } else {
      Unknown(key_node, "rev.yaml", &config->warnings);
    }
    return Status::Ok();
  }

 private:
  std::string path_;
};

}  // namespace

Result<ProjectConfig> LoadProjectConfig(const std::filesystem::path& file) {
  REV_ASSIGN_OR_RETURN(std::string text, ReadFileBytes(file, file.string()));
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& error) {
    return Status::InvalidInput("rev.yaml is not valid YAML: " + error.msg)
        .At({file.string(), error.mark.line + 1, error.mark.column + 1})
        .WithHint("fix the line, or run `rev init` in an empty folder to see a valid rev.yaml");
  }
  ProjectConfig config;
  config.file = file;
  config.root = file.parent_path().empty() ? std::filesystem::path(".") : file.parent_path();
  if (root.IsNull()) return config;

  ConfigReader reader(file);
  if (!root.IsMap()) {
    return reader.Error(root, "rev.yaml must be a mapping of `key: value` lines",
                        "see `rev init` for a valid rev.yaml");
  }
  try {
    REV_RETURN_IF_ERROR(reader.UniqueKeys(root, "rev.yaml"));
    for (const auto& pair : root) {
      if (!pair.first.IsScalar()) return reader.Error(pair.first, "a key must be a plain word");
      REV_RETURN_IF_ERROR(reader.TopLevel(pair.first, pair.second, &config));
    }
  } catch (const YAML::Exception& error) {
    return Status::InvalidInput("rev.yaml: " + error.msg)
        .At({file.string(), error.mark.line + 1, 0});
  }
  return config;
}

Result<std::filesystem::path> FindProjectConfig(const std::filesystem::path& start) {
  std::error_code error;
  std::filesystem::path dir = std::filesystem::absolute(start, error);
  while (!dir.empty()) {
    std::filesystem::path candidate = dir / "rev.yaml";
    if (std::filesystem::is_regular_file(candidate, error)) return candidate;
    if (dir == dir.root_path()) break;
    dir = dir.parent_path();
  }
  return Status::InvalidInput("no rev.yaml in " + start.string() + " or any folder above it")
      .WithHint("run `rev init` to start a project, or pass `-c path/to/rev.yaml`");
}

Result<std::string> ExpandVariables(const std::string& text, const SourceLocation& where) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 2, "${") != 0) {
      out.push_back(text[i]);
      continue;
    }
    size_t close = text.find('}', i + 2);
    if (close == std::string::npos) {
      return Status::InvalidInput("unclosed ${ in '" + text + "'").At(where);
    }
    std::string inner = text.substr(i + 2, close - i - 2);
    std::optional<std::string> fallback;
    if (size_t dash = inner.find(":-"); dash != std::string::npos) {
      fallback = inner.substr(dash + 2);
      inner.resize(dash);
    }
    const char* value = std::getenv(inner.c_str());
    if (value != nullptr && (*value != '\0' || !fallback)) {
      out += value;
    } else if (fallback) {
      out += *fallback;
    } else {
      return Status::InvalidInput("environment variable " + inner + " is not set")
          .At(where)
          .WithHint("export " + inner + "=..., or write ${" + inner + ":-default} in rev.yaml");
    }
    i = close;
  }
  return out;
}

std::string DefaultConfigText() {
  return R"(# rev configuration. Paths are relative to this file.
revisions: revisions              # folder of revision files
database: sqlite:///app.db        # default target; ${VAR} and ${VAR:-default} are expanded
version_table: rev_version        # current heads, one row per head
history_table: rev_history        # append-only log of every step
file_template: "{rev}_{slug}"     # also {date} {time} {message}
auto_merge: false                 # upgrade head with several heads writes a merge revision
backup:
  dir: backups
  before_upgrade: false
# environments:                   # chosen with --env NAME
#   production:
#     database: ${DATABASE_URL}
#     confirm: true               # ask before any change; --yes answers
#     backup_before_upgrade: true
)";
}

}  // namespace rev::revisions
