#include "tests/support/alembic_project.h"

#include <catch2/catch.hpp>

#include "engine/schema/diff.h"
#include "engine/schema/introspect.h"
#include "tests/support/exit_checks.h"
#include "tests/support/schema_fixtures.h"

namespace rev::testing {
namespace {

namespace fs = std::filesystem;

std::string Indented(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += "    " + line + "\n";
  return text;
}

// alembic.ini is read by configparser, for which '%' starts an interpolation.
std::string IniValue(const std::string& value) {
  std::string escaped;
  for (char c : value) escaped += c == '%' ? std::string("%%") : std::string(1, c);
  return escaped;
}

engine::schema::Schema SchemaOf(engine::backends::Backend& backend) {
  engine::schema::IntrospectOptions options;
  options.own_tables.push_back("alembic_version");
  auto schema = engine::schema::Introspect(backend, options);
  INFO(schema.status().ToString());
  REQUIRE(schema.ok());
  return std::move(*schema);
}

}  // namespace

std::string SqlalchemyUrl(const TestDatabase& db) {
  return db.is_sqlite() ? "sqlite:///" + db.sqlite_file().string() : db.url_text();
}

AlembicProject::AlembicProject(const std::string& url,
                               const std::vector<AlembicRevision>& revisions) {
  RequireRun({"init", "alembic"});
  fs::path ini = path() / "alembic.ini";
  std::string text;
  for (const std::string& line : SplitLines(ReadFile(ini))) {
    bool is_url = line.rfind("sqlalchemy.url", 0) == 0;
    text += (is_url ? "sqlalchemy.url = " + IniValue(url) : line) + "\n";
  }
  WriteFile(ini, text);
  for (const AlembicRevision& revision : revisions) Add(revision);
}

fs::path AlembicProject::FileOf(const AlembicRevision& revision) {
  std::string slug = revision.message;
  for (char& c : slug) c = c == ' ' ? '_' : c;
  return fs::path("alembic") / "versions" / (revision.id + "_" + slug + ".py");
}

fs::path AlembicProject::Add(const AlembicRevision& revision) {
  fs::path file = path() / FileOf(revision);
  WriteFile(file, "\"\"\"" + revision.message + "\n\nRevision ID: " + revision.id + "\nRevises: " +
                      revision.down_revision + "\nCreate Date: " + revision.create_date +
                      "\n\n\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\n\n\n"
                      "# revision identifiers, used by Alembic.\nrevision = '" +
                      revision.id + "'\ndown_revision = " + revision.down_revision +
                      "\nbranch_labels = " + revision.branch_labels +
                      "\ndepends_on = " + revision.depends_on + "\n\n\ndef upgrade() -> None:\n" +
                      Indented(revision.upgrade) + "\n\ndef downgrade() -> None:\n" +
                      Indented(revision.downgrade));
  return file;
}

ProcessResult AlembicProject::Run(const std::vector<std::string>& args) const {
  std::vector<std::string> argv = {kAlembicPython, "-m", "alembic"};
  argv.insert(argv.end(), args.begin(), args.end());
  ProcessOptions options = In(path());
  options.env["PYTHONDONTWRITEBYTECODE"] = "1";
  return RunProcess(argv, options);
}

void AlembicProject::RequireRun(const std::vector<std::string>& args) const {
  INFO("alembic " << (args.empty() ? "" : args.front()) << " in " << path());
  REV_REQUIRE_EXIT(Run(args), 0);
}

std::vector<AlembicRevision> SampleRevisions() {
  return {
      {"a1",
       "None",
       "create users",
       {"op.create_table('users', sa.Column('id', sa.Integer, primary_key=True),",
        "                sa.Column('name', sa.String(50), nullable=False))"},
       {"op.drop_table('users')"}},
      {"a1b2",
       "'a1'",
       "add email",
       {"op.add_column('users', sa.Column('email', sa.String(100)))"},
       {"op.drop_column('users', 'email')"}},
      {"c3",
       "'a1b2'",
       "create reports",
       {"op.create_table('reports', sa.Column('id', sa.Integer, primary_key=True),",
        "                sa.Column('user_id', sa.Integer, sa.ForeignKey('users.id')),",
        "                sa.Column('title', sa.String(200)))"},
       {"op.drop_table('reports')"},
       "('reports',)"},
      {"d4",
       "'a1b2'",
       "index users email",
       {"op.create_index('ix_users_email', 'users', ['email'])"},
       {"op.drop_index('ix_users_email', 'users')"}},
      {"e5", "('c3', 'd4')", "merge reports and index"},
      {"f6",
       "'e5'",
       "index reports title",
       {"with op.get_context().autocommit_block():",
        "    op.create_index('ix_reports_title', 'reports', ['title'],",
        "                    postgresql_concurrently=True)"},
       {"with op.get_context().autocommit_block():",
        "    op.drop_index('ix_reports_title', 'reports', postgresql_concurrently=True)"}},
      {"g7",
       "'f6'",
       "nothing yet",
       {"pass"},
       {"pass"},
       "None",
       "None",
       "2024-03-05 12:11:12.5+02:00"},
      {"x1",
       "None",
       "audit log",
       {"op.create_table('audit_log', sa.Column('id', sa.Integer, primary_key=True),",
        "                sa.Column('entry', sa.Text))"},
       {"op.drop_table('audit_log')"},
       "('audit',)"},
      {"x2",
       "'x1'",
       "audit report link",
       {"op.add_column('audit_log', sa.Column('report_id', sa.Integer))"},
       {"op.drop_column('audit_log', 'report_id')"},
       "None",
       "('reports',)"},
  };
}

void CheckSameSchema(engine::backends::Backend& by_alembic, engine::backends::Backend& by_rev,
                     const std::string& when) {
  engine::schema::Schema alembic = SchemaOf(by_alembic);
  engine::schema::Schema rev = SchemaOf(by_rev);
  INFO("after " << when);
  CHECK(ChangeNames(engine::schema::Diff(rev, alembic)) == std::vector<std::string>{});
  CHECK(ChangeNames(engine::schema::Diff(alembic, rev)) == std::vector<std::string>{});
}

}  // namespace rev::testing
