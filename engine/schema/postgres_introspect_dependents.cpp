// The PostgreSQL introspector's objects that come after the tables: indexes, triggers,
// what views and functions read, comments, and the list of what is not compared
// (postgres_catalog.h).
#include <algorithm>
#include <functional>
#include <set>

#include "engine/backends/sql_identifiers.h"
#include "engine/schema/postgres_catalog.h"
#include "engine/schema/sql_text.h"

namespace rev::engine::schema::pg {
namespace {

using backends::QueryRow;
using backends::QuoteIdentifier;

void AddDependency(Object& object, const std::string& name) {
  if (std::find(object.depends_on.begin(), object.depends_on.end(), name) ==
      object.depends_on.end()) {
    object.depends_on.push_back(name);
  }
}

// Views get their order so that each comes after the views it reads (they are created in
// that order): depth first over what each reads.
void OrderViews(Reader& reader) {
  std::map<std::string, size_t> by_name;
  for (const auto& [oid, index] : reader.views) by_name[reader.schema.objects[index].name] = index;
  std::set<size_t> placed, visiting;
  int next = static_cast<int>(reader.schema.objects.size());
  std::function<void(size_t)> place = [&](size_t index) {
    if (placed.count(index) != 0 || !visiting.insert(index).second) return;
    for (const std::string& name : reader.schema.objects[index].depends_on) {
      auto read = by_name.find(name);
      if (read != by_name.end()) place(read->second);
    }
    placed.insert(index);
    reader.schema.objects[index].order = next++;
  };
  for (const auto& [oid, index] : reader.views) place(index);
}

// Every other user-defined object rev does not compare yet, as "kind name".
const char* const kNotComparedSql =
    "SELECT 'rule ' || n.nspname || '.' || c.relname || '.' || r.rulename FROM pg_rewrite r "
    "JOIN pg_class c ON c.oid = r.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE r.rulename <> '_RETURN' AND n.{user} AND {ext:pg_rewrite:r.oid} "
    "UNION ALL SELECT 'policy ' || n.nspname || '.' || c.relname || '.' || p.polname "
    "FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid "
    "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.{user} "
    "UNION ALL SELECT 'operator ' || n.nspname || '.' || o.oprname || '(' || "
    "format_type(o.oprleft, NULL) || ', ' || format_type(o.oprright, NULL) || ')' "
    "FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace "
    "WHERE n.{user} AND {ext:pg_operator:o.oid} "
    "UNION ALL SELECT 'operator class ' || n.nspname || '.' || o.opcname FROM pg_opclass o "
    "JOIN pg_namespace n ON n.oid = o.opcnamespace WHERE n.{user} AND {ext:pg_opclass:o.oid} "
    "UNION ALL SELECT 'operator family ' || n.nspname || '.' || o.opfname FROM pg_opfamily o "
    "JOIN pg_namespace n ON n.oid = o.opfnamespace WHERE n.{user} AND {ext:pg_opfamily:o.oid} "
    "UNION ALL SELECT 'collation ' || n.nspname || '.' || o.collname FROM pg_collation o "
    "JOIN pg_namespace n ON n.oid = o.collnamespace WHERE n.{user} AND {ext:pg_collation:o.oid} "
    "UNION ALL SELECT 'conversion ' || n.nspname || '.' || o.conname FROM pg_conversion o "
    "JOIN pg_namespace n ON n.oid = o.connamespace WHERE n.{user} AND {ext:pg_conversion:o.oid} "
    "UNION ALL SELECT 'statistics ' || n.nspname || '.' || o.stxname FROM pg_statistic_ext o "
    "JOIN pg_namespace n ON n.oid = o.stxnamespace WHERE n.{user} "
    "UNION ALL SELECT 'text search configuration ' || n.nspname || '.' || o.cfgname "
    "FROM pg_ts_config o JOIN pg_namespace n ON n.oid = o.cfgnamespace "
    "WHERE n.{user} AND {ext:pg_ts_config:o.oid} "
    "UNION ALL SELECT 'text search dictionary ' || n.nspname || '.' || o.dictname "
    "FROM pg_ts_dict o JOIN pg_namespace n ON n.oid = o.dictnamespace "
    "WHERE n.{user} AND {ext:pg_ts_dict:o.oid} "
    "UNION ALL SELECT 'text search parser ' || n.nspname || '.' || o.prsname "
    "FROM pg_ts_parser o JOIN pg_namespace n ON n.oid = o.prsnamespace "
    "WHERE n.{user} AND {ext:pg_ts_parser:o.oid} "
    "UNION ALL SELECT 'text search template ' || n.nspname || '.' || o.tmplname "
    "FROM pg_ts_template o JOIN pg_namespace n ON n.oid = o.tmplnamespace "
    "WHERE n.{user} AND {ext:pg_ts_template:o.oid} "
    "UNION ALL SELECT 'cast (' || format_type(o.castsource, NULL) || ' AS ' || "
    "format_type(o.casttarget, NULL) || ')' FROM pg_cast o "
    "WHERE o.oid >= 16384 AND {ext:pg_cast:o.oid} "
    "UNION ALL SELECT 'language ' || o.lanname FROM pg_language o "
    "WHERE o.oid >= 16384 AND {ext:pg_language:o.oid} "
    "UNION ALL SELECT 'access method ' || o.amname FROM pg_am o "
    "WHERE o.oid >= 16384 AND {ext:pg_am:o.oid} "
    "UNION ALL SELECT 'foreign data wrapper ' || o.fdwname FROM pg_foreign_data_wrapper o "
    "WHERE {ext:pg_foreign_data_wrapper:o.oid} "
    "UNION ALL SELECT 'foreign server ' || o.srvname FROM pg_foreign_server o "
    "WHERE {ext:pg_foreign_server:o.oid} "
    "UNION ALL SELECT 'event trigger ' || o.evtname FROM pg_event_trigger o "
    "WHERE {ext:pg_event_trigger:o.oid} "
    "UNION ALL SELECT 'publication ' || o.pubname FROM pg_publication o "
    "UNION ALL SELECT 'subscription ' || o.subname FROM pg_subscription o "
    "WHERE o.subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())";

// kNotComparedSql with its placeholders filled: {user} and {ext:catalog:oid}.
std::string NotComparedSql() {
  std::string sql = kNotComparedSql;
  for (size_t at; (at = sql.find("{user}")) != std::string::npos;) sql.replace(at, 6, kUserSchema);
  for (size_t at; (at = sql.find("{ext:")) != std::string::npos;) {
    size_t colon = sql.find(':', at + 5);
    size_t close = sql.find('}', colon);
    sql.replace(at, close + 1 - at,
                NotFromExtension(sql.substr(at + 5, colon - at - 5),
                                 sql.substr(colon + 1, close - colon - 1)));
  }
  return sql;
}

}  // namespace

// Indexes a constraint owns (a primary key's, a UNIQUE's) are the constraint's.
Status ReadIndexes(Reader& reader) {
  REV_ASSIGN_OR_RETURN(
      auto rows,
      reader.Query("SELECT i.indexrelid, i.indrelid, n.nspname, c.relname, "
                   "pg_get_indexdef(i.indexrelid) FROM pg_index i "
                   "JOIN pg_class c ON c.oid = i.indexrelid "
                   "JOIN pg_namespace n ON n.oid = c.relnamespace AND n." +
                       std::string(kUserSchema) +
                       " WHERE NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = "
                       "'pg_class'::regclass AND d.objid = i.indexrelid AND d.refclassid = "
                       "'pg_constraint'::regclass AND d.deptype = 'i') ORDER BY i.indexrelid",
                   "reading the indexes"));
  for (const QueryRow& row : rows) {
    auto table = reader.relations.find(Cell(row, 1));
    if (table == reader.relations.end()) continue;
    std::string name = Qualified(Cell(row, 2), Cell(row, 3));
    Object& index = reader.Add(ObjectKind::kIndex, name, Cell(row, 4));
    index.table = table->second;
    index.depends_on = {table->second};
    reader.targets[{"pg_class", Cell(row, 0)}] = {"INDEX", QuotedName(name), name, "", name};
  }
  return Status::Ok();
}

// Named "table.trigger" (a trigger's name is its table's). A disabled trigger's definition
// says so in a second statement.
Status ReadTriggers(Reader& reader) {
  REV_ASSIGN_OR_RETURN(auto rows, reader.Query("SELECT t.oid, t.tgrelid, t.tgname, "
                                               "pg_get_triggerdef(t.oid), t.tgfoid, t.tgenabled "
                                               "FROM pg_trigger t WHERE NOT t.tgisinternal "
                                               "ORDER BY t.oid",
                                               "reading the triggers"));
  for (const QueryRow& row : rows) {
    auto table = reader.relations.find(Cell(row, 1));
    if (table == reader.relations.end()) continue;
    std::string definition = Cell(row, 3);
    std::string enabled = Cell(row, 5);
    std::string alter = "ALTER TABLE " + QuotedName(table->second);
    if (enabled == "D") definition += ";\n" + alter + " DISABLE TRIGGER ";
    if (enabled == "R") definition += ";\n" + alter + " ENABLE REPLICA TRIGGER ";
    if (enabled == "A") definition += ";\n" + alter + " ENABLE ALWAYS TRIGGER ";
    if (enabled != "O") definition += QuoteIdentifier(Cell(row, 2));
    std::string name = table->second + "." + Cell(row, 2);
    Object& trigger = reader.Add(ObjectKind::kTrigger, name, definition);
    trigger.table = table->second;
    trigger.depends_on = {table->second};
    auto function = reader.functions.find(Cell(row, 4));
    if (function != reader.functions.end()) {
      trigger.depends_on.push_back(reader.schema.objects[function->second].name);
    }
    reader.targets[{"pg_trigger", Cell(row, 0)}] = {
        "TRIGGER", QuoteIdentifier(Cell(row, 2)) + " ON " + QuotedName(table->second), name,
        table->second, name};
  }
  return Status::Ok();
}

// A view reads the tables, views and functions its rewrite rule depends on; a function
// reads the tables whose row type it takes or returns, or that its SQL body names.
Status ReadDependencies(Reader& reader) {
  REV_ASSIGN_OR_RETURN(
      auto rows,
      reader.Query("SELECT d.classid = 'pg_rewrite'::regclass, COALESCE(r.ev_class, d.objid), "
                   "d.refclassid = 'pg_proc'::regclass, COALESCE(t.typrelid, d.refobjid) "
                   "FROM pg_depend d "
                   "LEFT JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass "
                   "AND r.oid = d.objid "
                   "LEFT JOIN pg_type t ON d.refclassid = 'pg_type'::regclass "
                   "AND t.oid = d.refobjid AND t.typrelid <> 0 "
                   "WHERE d.objid >= 16384 AND d.deptype = 'n' AND ("
                   "(d.classid = 'pg_rewrite'::regclass AND d.refclassid IN "
                   "('pg_class'::regclass, 'pg_proc'::regclass)) OR "
                   "(d.classid = 'pg_proc'::regclass AND (d.refclassid = 'pg_class'::regclass "
                   "OR t.typrelid IS NOT NULL))) ORDER BY 1, 2, 4",
                   "reading what views and functions read"));
  for (const QueryRow& row : rows) {
    bool view = Cell(row, 0) == "t";
    auto& readers = view ? reader.views : reader.functions;
    auto object = readers.find(Cell(row, 1));
    if (object == readers.end()) continue;
    std::string read;
    if (Cell(row, 2) == "t") {
      auto function = reader.functions.find(Cell(row, 3));
      if (function != reader.functions.end()) read = reader.schema.objects[function->second].name;
    } else {
      auto relation = reader.relations.find(Cell(row, 3));
      if (relation != reader.relations.end() && Cell(row, 3) != Cell(row, 1)) {
        read = relation->second;
      }
    }
    if (!read.empty()) AddDependency(reader.schema.objects[object->second], read);
  }
  OrderViews(reader);
  return Status::Ok();
}

// A table's and a column's comment go with the table (`table`); any other object's is made
// again with it (`depends_on`). COMMENT ON ... IS NULL removes one.
Status ReadComments(Reader& reader) {
  REV_ASSIGN_OR_RETURN(auto rows,
                       reader.Query("SELECT d.classoid::regclass::text, d.objoid, d.description, "
                                    "a.attname FROM pg_description d LEFT JOIN pg_attribute a "
                                    "ON d.classoid = 'pg_class'::regclass AND d.objsubid > 0 "
                                    "AND a.attrelid = d.objoid AND a.attnum = d.objsubid "
                                    "WHERE d.objoid >= 16384 ORDER BY 1, 2, d.objsubid",
                                    "reading the comments"));
  for (const QueryRow& row : rows) {
    auto found = reader.targets.find({Cell(row, 0), Cell(row, 1)});
    if (found == reader.targets.end()) continue;
    CommentTarget target = found->second;
    if (row[3]) {
      target.keyword = "COLUMN";
      target.quoted += "." + QuoteIdentifier(Cell(row, 3));
      target.name += "." + Cell(row, 3);
    }
    Object& comment = reader.Add(
        ObjectKind::kComment, Lower(target.keyword) + " " + target.name,
        "COMMENT ON " + target.keyword + " " + target.quoted + " IS " + Literal(Cell(row, 2)));
    comment.table = target.table;
    if (!target.depends_on.empty()) comment.depends_on = {target.depends_on};
  }
  return Status::Ok();
}

Status ReadNotCompared(Reader& reader) {
  REV_ASSIGN_OR_RETURN(auto rows, reader.Query(NotComparedSql(), "reading other objects"));
  for (const QueryRow& row : rows) reader.schema.not_compared.push_back(Cell(row, 0));
  return Status::Ok();
}

}  // namespace rev::engine::schema::pg
