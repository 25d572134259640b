// Diff: schema values in, ordered changes out. Pure: the schemas are written as values.
#include <catch2/catch.hpp>

#include "engine/schema/diff.h"
#include "engine/schema/type_change.h"
#include "tests/support/schema_fixtures.h"

namespace rev::testing {
namespace {

using engine::schema::Change;
using engine::schema::Column;
using engine::schema::Constraint;
using engine::schema::Diff;
using engine::schema::Object;
using engine::schema::ObjectKind;
using engine::schema::Schema;
using engine::schema::Table;
using Names = std::vector<std::string>;

Column Col(const std::string& name, const std::string& type, bool not_null = false,
           std::optional<std::string> default_value = std::nullopt) {
  Column column;
  column.name = name;
  column.type = type;
  column.not_null = not_null;
  column.default_value = std::move(default_value);
  return column;
}

Table MakeTable(const std::string& name, std::vector<Column> columns) {
  Table table;
  table.name = name;
  table.columns = std::move(columns);
  return table;
}

Schema PostgresSchema(std::vector<Table> tables, std::vector<Object> objects = {}) {
  Schema schema;
  schema.kind = engine::backends::DatabaseKind::kPostgres;
  schema.tables = std::move(tables);
  schema.objects = std::move(objects);
  schema.Normalize();
  return schema;
}

Object View(const std::string& name, const std::string& definition, Names reads, int order) {
  Object view;
  view.order = order;
  view.kind = ObjectKind::kView;
  view.name = name;
  view.definition = definition;
  view.depends_on = std::move(reads);
  return view;
}

Change Only(const engine::schema::Changes& changes) {
  REQUIRE(changes.size() == 1);
  return changes.front();
}

TEST_CASE("Identical schemas have no changes, and column order is not a difference",
          "[schema][diff]") {
  Schema a = PostgresSchema({MakeTable("public.t", {Col("a", "integer"), Col("b", "text")})});
  Schema b = PostgresSchema({MakeTable("public.t", {Col("b", "text"), Col("a", "integer")})});
  CHECK(Diff(a, a).empty());
  CHECK(Diff(a, b).empty());
}

TEST_CASE("Drops are destructive and say what they lose, additions are not", "[schema][diff]") {
  Schema before = PostgresSchema({MakeTable("public.t", {Col("a", "integer"), Col("b", "text")}),
                                  MakeTable("public.gone", {Col("x", "integer")})});
  Schema after = PostgresSchema({MakeTable("public.t", {Col("a", "integer"), Col("c", "text")})});
  auto changes = Diff(before, after);
  CHECK(ChangeNames(changes) ==
        Names{"add_column public.t.c", "drop_column public.t.b", "drop_table public.gone"});
  CHECK_FALSE(changes[0].destructive);
  CHECK(changes[1].destructive);
  CHECK(changes[1].why_destructive == "drops column public.t.b and its values");
  CHECK(changes[2].why_destructive == "drops table public.gone and its rows");
}

TEST_CASE("A widening type change is safe, a narrowing one is destructive", "[schema][diff]") {
  using engine::schema::IsWideningTypeChange;
  CHECK(IsWideningTypeChange("integer", "bigint"));
  CHECK(IsWideningTypeChange("character varying(20)", "character varying(200)"));
  CHECK(IsWideningTypeChange("character varying(20)", "text"));
  CHECK(IsWideningTypeChange("numeric(8,2)", "numeric(12,4)"));
  CHECK(IsWideningTypeChange("VARCHAR(10)", "varchar(10)"));
  CHECK_FALSE(IsWideningTypeChange("bigint", "integer"));
  CHECK_FALSE(IsWideningTypeChange("text", "character varying(20)"));
  CHECK_FALSE(IsWideningTypeChange("numeric(8,2)", "numeric(8,3)"));
  CHECK_FALSE(IsWideningTypeChange("text", "integer"));

  Schema narrow = PostgresSchema({MakeTable("public.t", {Col("a", "bigint")})});
  Schema wide = PostgresSchema({MakeTable("public.t", {Col("a", "integer")})});
  CHECK(Only(Diff(narrow, wide)).destructive);
  CHECK_FALSE(Only(Diff(wide, narrow)).destructive);
}

TEST_CASE("NOT NULL added to a column without a default is destructive", "[schema][diff]") {
  Schema nullable = PostgresSchema({MakeTable("public.t", {Col("a", "text")})});
  Schema required = PostgresSchema({MakeTable("public.t", {Col("a", "text", true)})});
  Schema defaulted = PostgresSchema({MakeTable("public.t", {Col("a", "text", true, "'x'")})});
  Change change = Only(Diff(nullable, required));
  CHECK(change.KindName() == "alter_column");
  CHECK(change.destructive);
  CHECK_FALSE(Only(Diff(nullable, defaulted)).destructive);
}

TEST_CASE("Renames come only from hints, and without one a likely rename is reported",
          "[schema][diff]") {
  Schema before = PostgresSchema({MakeTable("public.users", {Col("name", "text")})});
  Schema after = PostgresSchema({MakeTable("public.users", {Col("full_name", "text")})});
  auto guessed = Diff(before, after);
  CHECK(ChangeNames(guessed) ==
        Names{"add_column public.users.full_name", "drop_column public.users.name"});
  auto likely = engine::schema::LikelyRenames(guessed);
  REQUIRE(likely.size() == 1);
  CHECK_THAT(likely[0], Catch::Contains("-- rev:renamed-from name"));

  auto hinted = Diff(before, after, {{{"public.users", "full_name", "name"}}});
  CHECK(ChangeNames(hinted) == Names{"rename_column public.users.name -> full_name"});
  CHECK_FALSE(hinted[0].destructive);

  Schema members = PostgresSchema({MakeTable("public.members", {Col("name", "text")})});
  auto table = Diff(members, before, {{{"public.users", "", "public.members"}}});
  CHECK(ChangeNames(table) == Names{"rename_table public.members -> public.users"});
}

TEST_CASE("A view reading a changed table is made again around the change", "[schema][diff]") {
  Schema before = PostgresSchema({MakeTable("public.t", {Col("a", "integer")})},
                                 {View("public.v", "SELECT a FROM t", {"public.t"}, 0),
                                  View("public.w", "SELECT a FROM v", {"public.v"}, 1)});
  Schema after = PostgresSchema({MakeTable("public.t", {Col("a", "bigint")})},
                                {View("public.v", "SELECT a FROM t", {"public.t"}, 0),
                                 View("public.w", "SELECT a FROM v", {"public.v"}, 1)});
  auto changes = Diff(before, after);
  Names names = ChangeNames(changes);
  // The readers go first (w before v), come back last (v before w), around the change.
  CHECK(names == Names{"drop_view public.w", "drop_view public.v", "alter_column public.t.a",
                       "create_view public.v", "create_view public.w"});
  CHECK(changes[0].note == "made again around the change to public.v");
  CHECK(changes[3].note == "made again around the change to public.t");
}

TEST_CASE("Enum values only added become ADD VALUE, a removed value rebuilds the type",
          "[schema][diff]") {
  auto mood = [](Names values, const std::string& definition) {
    Object object;
    object.kind = ObjectKind::kEnum;
    object.name = "public.mood";
    object.values = std::move(values);
    object.definition = definition;
    return object;
  };
  Schema two = PostgresSchema({}, {mood({"sad", "happy"}, "sad,happy")});
  Schema three = PostgresSchema({}, {mood({"sad", "ok", "happy"}, "sad,ok,happy")});
  Schema one = PostgresSchema({}, {mood({"happy"}, "happy")});
  Change added = Only(Diff(two, three));
  CHECK(added.KindName() == "add_enum_value");
  CHECK(added.name == "ok");
  CHECK_FALSE(added.destructive);
  Change rebuilt = Only(Diff(two, one));
  CHECK(rebuilt.KindName() == "rebuild_enum");
  CHECK(rebuilt.destructive);
}

TEST_CASE("Tables are created referenced first and dropped referencing first", "[schema][diff]") {
  Table parent = MakeTable("public.parent", {Col("id", "integer")});
  Table child = MakeTable("public.child", {Col("parent_id", "integer")});
  Constraint key;
  key.kind = Constraint::Kind::kForeignKey;
  key.name = "child_parent_fk";
  key.definition = "FOREIGN KEY (parent_id) REFERENCES parent(id)";
  key.columns = {"parent_id"};
  key.references = "public.parent";
  child.constraints.push_back(key);
  Schema empty = PostgresSchema({});
  Schema both = PostgresSchema({child, parent});
  // On PostgreSQL a new table's foreign keys come after every table is made.
  CHECK(ChangeNames(Diff(empty, both)) == Names{"create_table public.parent",
                                                "create_table public.child",
                                                "add_constraint public.child.child_parent_fk"});
  CHECK(ChangeNames(Diff(both, empty)) ==
        Names{"drop_table public.child", "drop_table public.parent"});
}

}  // namespace
}  // namespace rev::testing
