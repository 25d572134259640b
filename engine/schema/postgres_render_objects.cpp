// The PostgreSQL renderer's objects other than tables (postgres_render_parts.h). An object
// Diff drops and makes again is altered in place where PostgreSQL can, since dropping it
// would fail while a column uses it: a sequence (ALTER SEQUENCE), a domain on the same
// type (ALTER DOMAIN), a function whose signature and result stay (CREATE OR REPLACE).
#include <algorithm>

#include "engine/backends/sql_identifiers.h"
#include "engine/schema/postgres_catalog.h"
#include "engine/schema/postgres_render_parts.h"
#include "revisions/join.h"

namespace rev::engine::schema::pg {
namespace {

using backends::QuoteIdentifier;

constexpr const char* kOwnership = ";\nALTER SEQUENCE ";

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
    lines.push_back(text.substr(start, end - start));
  }
  lines.push_back(text.substr(start));
  return lines;
}

std::string SequenceCreate(const Object& sequence) {
  return sequence.definition.substr(0, sequence.definition.find(kOwnership));
}

// A serial column that was an identity: its identity's sequence has the name the new one
// takes, so the identity goes first (its alter_column change comes later).
std::string IdentitiesInTheWay(const Object& sequence, const ChangeList& list) {
  std::string sql;
  for (const Change& change : list.changes()) {
    if (change.kind == ChangeKind::kAlterColumn && !change.column_before->identity.empty() &&
        change.column_after->identity.empty() && OwnedBy(sequence, change.table, change.name)) {
      sql += AlterTable(change.table) + "ALTER COLUMN " + QuoteIdentifier(change.name) +
             " DROP IDENTITY;\n";
    }
  }
  return sql;
}

std::string CreateSequence(const Object& sequence, const ChangeList& list) {
  const Object* before = list.Before(sequence);
  std::string sql = SequenceCreate(sequence) + ";";
  if (before != nullptr) sql = "ALTER" + sql.substr(6);  // same parameters
  sql = IdentitiesInTheWay(sequence, list) + sql;
  std::string owner = SequenceOwnership(sequence);
  if (!owner.empty() && !list.OwnershipWaits(sequence)) {
    sql += "\n" + owner + ";";
    // A new sequence for a column that has values (its table renamed, say): past them.
    std::string column =
        owner.substr(owner.rfind(" OWNED BY ") + 10 + QuotedName(sequence.table).size() + 1);
    if (before == nullptr) {
      sql += "\nSELECT setval(" + Literal(QuotedName(sequence.name)) + ", COALESCE(MAX(" + column +
             "), 0) + 1, false) FROM " + QuotedName(sequence.table) + ";";
    }
  }
  if (owner.empty() && before != nullptr && !SequenceOwnership(*before).empty()) {
    sql += "\nALTER SEQUENCE " + QuotedName(sequence.name) + " OWNED BY NONE;";
  }
  return sql;
}

// The domain's clauses, one a line (postgres_introspect_types.cpp): the first line (name
// and type) and COLLATE cannot be altered.
bool DomainAlterable(const Object& before, const Object& after) {
  auto fixed = [](const Object& domain) {
    std::vector<std::string> lines = Lines(domain.definition);
    std::string collate;
    for (const std::string& line : lines) {
      if (line.rfind("  COLLATE ", 0) == 0) collate = line;
    }
    return lines.front() + collate;
  };
  return fixed(before) == fixed(after);
}

// The quoted name that follows "CONSTRAINT " in a domain's constraint line.
std::string ConstraintName(const std::string& line) {
  size_t start = line.find('"');
  size_t end = start + 1;
  while (end < line.size() &&
         !(line[end] == '"' && (end + 1 >= line.size() || line[end + 1] != '"'))) {
    end += line[end] == '"' ? 2 : 1;
  }
  return line.substr(start, end + 1 - start);
}

std::string AlterDomain(const Object& before, const Object& after) {
  auto clauses = [](const Object& domain) {
    std::vector<std::string> lines = Lines(domain.definition);
    lines.erase(lines.begin());
    for (std::string& line : lines) line = line.substr(2);
    return lines;
  };
  std::vector<std::string> old_clauses = clauses(before);
  std::vector<std::string> new_clauses = clauses(after);
  auto has = [](const std::vector<std::string>& lines, const std::string& line) {
    return std::find(lines.begin(), lines.end(), line) != lines.end();
  };
  auto starting = [](const std::vector<std::string>& lines, const std::string& prefix) {
    for (const std::string& line : lines) {
      if (line.rfind(prefix, 0) == 0) return line;
    }
    return std::string();
  };
  const std::string alter = "ALTER DOMAIN " + QuotedName(after.name) + " ";
  std::vector<std::string> statements;
  for (const std::string& line : old_clauses) {
    if (line.rfind("CONSTRAINT ", 0) == 0 && !has(new_clauses, line)) {
      statements.push_back(alter + "DROP CONSTRAINT " + ConstraintName(line));
    }
  }
  std::string old_default = starting(old_clauses, "DEFAULT ");
  std::string new_default = starting(new_clauses, "DEFAULT ");
  if (old_default != new_default) {
    statements.push_back(alter + (new_default.empty() ? "DROP DEFAULT" : "SET " + new_default));
  }
  if (has(old_clauses, "NOT NULL") != has(new_clauses, "NOT NULL")) {
    statements.push_back(alter + (has(new_clauses, "NOT NULL") ? "SET NOT NULL" : "DROP NOT NULL"));
  }
  for (const std::string& line : new_clauses) {
    if (line.rfind("CONSTRAINT ", 0) == 0 && !has(old_clauses, line)) {
      statements.push_back(alter + "ADD " + line);
    }
  }
  return revisions::Join(statements, ";\n") + ";";
}

// What CREATE OR REPLACE cannot change: the signature (argument names and defaults) and the
// result, the lines pg_get_functiondef writes before LANGUAGE.
std::string FunctionHeader(const Object& function) {
  return function.definition.substr(0, function.definition.find("\n LANGUAGE "));
}

bool ReplacedInPlace(const Object& object, const ChangeList& list) {
  const Object* before = list.Before(object);
  const Object* after = list.After(object);
  if (before == nullptr || after == nullptr) return false;
  switch (object.kind) {
    case ObjectKind::kSequence:
      return true;
    case ObjectKind::kDomain:
      return DomainAlterable(*before, *after);
    case ObjectKind::kFunction:
      return FunctionHeader(*before) == FunctionHeader(*after);
    default:
      return false;
  }
}

// "public.f(a integer)" → "public"."f"(a integer).
std::string FunctionSignature(const std::string& name) {
  size_t dot = name.find('.');
  size_t open = name.find('(', dot);
  return QuoteIdentifier(name.substr(0, dot)) + "." +
         QuoteIdentifier(name.substr(dot + 1, open - dot - 1)) + name.substr(open);
}

std::string CreateObject(const Object& object, const ChangeList& list) {
  if (object.kind == ObjectKind::kSequence) return CreateSequence(object, list);
  if (ReplacedInPlace(object, list) && object.kind == ObjectKind::kDomain) {
    return AlterDomain(*list.Before(object), object);
  }
  if (object.kind == ObjectKind::kFunction &&
      object.definition.find("\n LANGUAGE sql\n") != std::string::npos) {
    // Functions are made before the tables, and PostgreSQL checks an SQL function's body
    // against the tables there are (as pg_dump does, the check waits for the first call).
    return "SET check_function_bodies = off;\n" + object.definition +
           ";\nRESET check_function_bodies;";
  }
  return object.definition + ";";
}

std::string DropObject(const Object& object, const ChangeList& list) {
  if (ReplacedInPlace(object, list)) return "";  // its create_ change alters it
  const std::string name = QuotedName(object.name);
  switch (object.kind) {
    case ObjectKind::kSchema:
      return "DROP SCHEMA " + QuoteIdentifier(object.name) + ";";
    case ObjectKind::kExtension:
      return "DROP EXTENSION " + QuoteIdentifier(object.name) + ";";
    case ObjectKind::kEnum:
      return "DROP TYPE " + name + ";";
    case ObjectKind::kDomain:
      return "DROP DOMAIN " + name + ";";
    case ObjectKind::kSequence:
      // IF EXISTS: a sequence goes with the column that owns it when that is dropped.
      return "DROP SEQUENCE IF EXISTS " + name + ";";
    case ObjectKind::kFunction: {
      bool procedure = object.definition.rfind("CREATE OR REPLACE PROCEDURE", 0) == 0;
      return std::string(procedure ? "DROP PROCEDURE " : "DROP FUNCTION ") +
             FunctionSignature(object.name) + ";";
    }
    case ObjectKind::kIndex:
      return "DROP INDEX " + name + ";";
    case ObjectKind::kView:
      return "DROP VIEW " + name + ";";
    case ObjectKind::kMaterializedView:
      return "DROP MATERIALIZED VIEW " + name + ";";
    case ObjectKind::kTrigger:
      return "DROP TRIGGER " + QuoteIdentifier(object.name.substr(object.table.size() + 1)) +
             " ON " + QuotedName(object.table) + ";";
    case ObjectKind::kComment:
      return object.definition.substr(0, object.definition.find(" IS '")) + " IS NULL;";
  }
  return "";
}

// Diff lists the values added in the enum's order: each goes after the one before it, which
// is there by then; a first value goes before the first value that was there already.
std::string AddEnumValue(const Change& change, const ChangeList& list) {
  const std::vector<std::string>& values = change.object->values;
  std::string sql =
      "ALTER TYPE " + QuotedName(change.object->name) + " ADD VALUE " + Literal(change.name);
  auto at = std::find(values.begin(), values.end(), change.name);
  if (at != values.begin() && at != values.end()) return sql + " AFTER " + Literal(*(at - 1)) + ";";
  for (const std::string& value : values) {
    bool added =
        std::any_of(list.changes().begin(), list.changes().end(), [&](const Change& other) {
          return other.kind == ChangeKind::kAddEnumValue &&
                 other.object->name == change.object->name && other.name == value;
        });
    if (!added) return sql + " BEFORE " + Literal(value) + ";";
  }
  return sql + ";";
}

// The old type renamed aside, the new one made, every column holding it converted through
// its text (a default dropped first: it names the old type), the old type dropped.
std::string RebuildEnum(const Change& change) {
  const Object& type = *change.object;
  size_t dot = type.name.find('.');
  std::string old_name = type.name.substr(dot + 1) + "__rev_old";
  std::vector<std::string> statements = {
      "ALTER TYPE " + QuotedName(type.name) + " RENAME TO " + QuoteIdentifier(old_name),
      type.definition};
  for (const auto& [table, column] : change.converted_columns) {
    std::string alter = AlterTable(table) + "ALTER COLUMN " + QuoteIdentifier(column.name) + " ";
    bool array =
        column.type.size() > 2 && column.type.compare(column.type.size() - 2, 2, "[]") == 0;
    statements.push_back(alter + "DROP DEFAULT");
    statements.push_back(alter + "TYPE " + column.type + " USING " + QuoteIdentifier(column.name) +
                         (array ? "::text[]::" : "::text::") + column.type);
    if (column.default_value) statements.push_back(alter + "SET DEFAULT " + *column.default_value);
  }
  statements.push_back("DROP TYPE " + QuotedName(Qualified(type.name.substr(0, dot), old_name)));
  return revisions::Join(statements, ";\n") + ";";
}

}  // namespace

std::string RenderObjectChange(const Change& change, const ChangeList& list) {
  switch (change.kind) {
    case ChangeKind::kCreateObject:
      return CreateObject(*change.object, list);
    case ChangeKind::kDropObject:
      return DropObject(*change.object, list);
    case ChangeKind::kAddEnumValue:
      return AddEnumValue(change, list);
    case ChangeKind::kRebuildEnum:
      return RebuildEnum(change);
    default:
      return "";
  }
}

std::string SequenceOwnership(const Object& sequence) {
  size_t at = sequence.definition.find(kOwnership);
  return at == std::string::npos ? "" : sequence.definition.substr(at + 2);
}

bool OwnedBy(const Object& sequence, const std::string& table, const std::string& column) {
  std::string owner = " OWNED BY " + QuotedName(table) + "." + QuoteIdentifier(column);
  std::string ownership = SequenceOwnership(sequence);
  return ownership.size() >= owner.size() &&
         ownership.compare(ownership.size() - owner.size(), owner.size(), owner) == 0;
}

}  // namespace rev::engine::schema::pg
