#include "engine/importers/to_revisions.h"

#include <map>
#include <utility>

#include "engine/importers/sql_statements.h"

namespace rev::engine::importers {
namespace {

// One section made ready for rev: its SQL and what was done to it.
struct PreparedSection {
  std::string sql;
  bool unwrapped = false;
  std::string needs_no_transaction;  // why it cannot run in a transaction, or ""
};

bool IsBeginStatement(const SqlStatement& statement) {
  const auto& words = statement.words;
  if (words.size() == 2 && words[0] == "START" && words[1] == "TRANSACTION") return true;
  return words[0] == "BEGIN" &&
         (words.size() == 1 ||
          (words.size() == 2 && (words[1] == "TRANSACTION" || words[1] == "WORK")));
}

bool IsCommitStatement(const SqlStatement& statement) {
  const auto& words = statement.words;
  return (words[0] == "COMMIT" || words[0] == "END") &&
         (words.size() == 1 ||
          (words.size() == 2 && (words[1] == "TRANSACTION" || words[1] == "WORK")));
}

// `text` without whitespace-only lines at either end.
std::string TrimBlankLines(std::string text) {
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  first = text.rfind('\n', first);
  first = first == std::string::npos ? 0 : first + 1;
  size_t last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last + 1 - first);
}

PreparedSection Prepare(const std::string& sql) {
  PreparedSection section{sql, false, ""};
  std::vector<SqlStatement> statements = SplitStatements(sql);
  // A script that wraps itself in BEGIN ... COMMIT (Sqitch's templates, many golang-migrate
  // files): rev already runs it in a transaction, where a second BEGIN fails on SQLite and a
  // COMMIT would end rev's transaction before the version row is written.
  if (statements.size() >= 2 && IsBeginStatement(statements.front()) &&
      IsCommitStatement(statements.back())) {
    const SqlStatement& begin = statements.front();
    const SqlStatement& commit = statements.back();
    section.sql = sql.substr(0, begin.begin) + sql.substr(begin.end, commit.begin - begin.end) +
                  sql.substr(commit.end);
    section.unwrapped = true;
    statements.erase(statements.begin());
    statements.pop_back();
  }
  section.sql = TrimBlankLines(section.sql);
  for (const SqlStatement& statement : statements) {
    if (IsTransactionControl(statement)) {
      section.needs_no_transaction = "it runs its own " + statement.words.front();
      break;
    }
    section.needs_no_transaction = NeedsNoTransaction(statement);
    if (!section.needs_no_transaction.empty()) break;
  }
  return section;
}

std::string NoOpComment(SourceTool tool) {
  return "-- Empty in " + std::string(ToolName(tool)) + ": kept as a deliberate no-op.";
}

// The keys of the project mapped to their ids, refusing two migrations with one id.
Result<std::map<std::string, revisions::RevisionId>> IdsByKey(const ImportedProject& project) {
  std::map<std::string, revisions::RevisionId> ids;
  std::map<std::string, const ImportedMigration*> by_id;
  for (const ImportedMigration& migration : project.migrations) {
    Result<revisions::RevisionId> id = RevisionIdFor(migration.key);
    if (!id.ok()) return Status(id.status()).At(migration.source);
    auto [seen, added] = by_id.emplace(id->str(), &migration);
    if (!added) {
      return Status::InvalidInput("'" + migration.key + "' and '" + seen->second->key + "' (" +
                                  seen->second->source.ToString() +
                                  ") would both become revision " + id->str())
          .At(migration.source)
          .WithHint("give one of them another version; each migration needs its own");
    }
    ids.emplace(migration.key, *id);
  }
  return ids;
}

class Converter {
 public:
  Converter(const ImportedProject& project, std::map<std::string, revisions::RevisionId> ids)
      : project_(project), ids_(std::move(ids)) {}

  Result<revisions::NewRevision> Convert(const ImportedMigration& migration,
                                         const std::string& created_at, ImportedRevisions* out) {
    revisions::NewRevision revision{
        ids_.at(migration.key),
        {},
        {},
        {},
        migration.message,
        migration.created_at.empty() ? created_at : migration.created_at,
        true,
        "",
        "",
        true};
    REV_RETURN_IF_ERROR(Link(migration, &revision));
    PreparedSection upgrade = Prepare(migration.upgrade_sql);
    PreparedSection downgrade = Prepare(migration.downgrade_sql.value_or(""));
    const std::string& id = revision.id.str();
    if (revisions::ClassifySection(upgrade.sql) != revisions::SectionContent::kSql) {
      out->no_ops.push_back(id);
    }
    revision.upgrade_sql = Section(upgrade);
    revision.downgrade_marker = migration.downgrade_sql.has_value();
    if (revision.downgrade_marker) {
      revision.downgrade_sql = Section(downgrade);
    } else {
      out->without_downgrade.push_back(id);
    }
    if (upgrade.unwrapped || downgrade.unwrapped) out->unwrapped.push_back(id);
    std::string reason = migration.transactional == std::optional<bool>(false)
                             ? "the source says so"
                         : !upgrade.needs_no_transaction.empty() ? upgrade.needs_no_transaction
                                                                 : downgrade.needs_no_transaction;
    if (migration.transactional == std::optional<bool>(true)) reason.clear();
    revision.transactional = reason.empty();
    if (!reason.empty()) out->non_transactional.push_back({id, reason});
    return revision;
  }

 private:
  std::string Section(const PreparedSection& section) const {
    return revisions::ClassifySection(section.sql) == revisions::SectionContent::kEmpty
               ? NoOpComment(project_.tool)
               : section.sql;
  }

  Status Link(const ImportedMigration& migration, revisions::NewRevision* revision) {
    if (project_.chained) {
      if (previous_) revision->down_revisions.push_back(*previous_);
      previous_ = revision->id;
    } else {
      for (const std::string& parent : migration.down_revisions) {
        REV_ASSIGN_OR_RETURN(revisions::RevisionId id, Known(migration, parent, "down_revision"));
        revision->down_revisions.push_back(id);
      }
    }
    for (const std::string& label : migration.branch_labels) {
      Result<revisions::BranchLabel> parsed = revisions::BranchLabel::Parse(label);
      if (!parsed.ok()) return Status(parsed.status()).At(migration.source);
      revision->branch_labels.push_back(*parsed);
    }
    for (const std::string& dependency : migration.depends_on) {
      auto id = ids_.find(dependency);
      if (id != ids_.end()) {
        revision->depends_on.emplace_back(id->second);
        continue;
      }
      // As in Alembic, a dependency may name a branch label.
      std::optional<revisions::BranchLabel> label = revisions::BranchLabel::TryParse(dependency);
      if (!label || !LabelDeclared(dependency)) return Unknown(migration, dependency, "depends_on");
      revision->depends_on.emplace_back(*label);
    }
    return Status::Ok();
  }

  bool LabelDeclared(const std::string& label) const {
    for (const ImportedMigration& migration : project_.migrations) {
      for (const std::string& declared : migration.branch_labels) {
        if (declared == label) return true;
      }
    }
    return false;
  }

  Result<revisions::RevisionId> Known(const ImportedMigration& migration, const std::string& key,
                                      const char* what) const {
    auto id = ids_.find(key);
    if (id == ids_.end()) return Unknown(migration, key, what);
    return id->second;
  }

  static Status Unknown(const ImportedMigration& migration, const std::string& key,
                        const char* what) {
    return Status::InvalidInput("'" + migration.key + "' names '" + key + "' as its " + what +
                                ", and the project has no such migration")
        .At(migration.source)
        .WithHint("add the missing migration to the source, or correct the name");
  }

  const ImportedProject& project_;
  std::map<std::string, revisions::RevisionId> ids_;
  std::optional<revisions::RevisionId> previous_;
};

}  // namespace

Result<ImportedRevisions> ToRevisions(const ImportedProject& project,
                                      const std::string& created_at) {
  REV_ASSIGN_OR_RETURN(auto ids, IdsByKey(project));
  Converter converter(project, std::move(ids));
  ImportedRevisions out;
  for (const ImportedMigration& migration : project.migrations) {
    REV_ASSIGN_OR_RETURN(revisions::NewRevision revision,
                         converter.Convert(migration, created_at, &out));
    out.revisions.push_back(std::move(revision));
    out.sources.push_back(migration.source.ToString());
    out.keys.push_back(migration.key);
  }
  return out;
}

}  // namespace rev::engine::importers
