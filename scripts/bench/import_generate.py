#!/usr/bin/env python3
"""Writes the projects scripts/bench/import.sh imports, shaped like real ones: tables with
foreign keys and indexes, ALTERs, data updates and tiny steps.

  import_generate.py golang-migrate DIR N   N pairs <version>_<name>.up.sql / .down.sql
  import_generate.py alembic DIR N          alembic.ini, env.py and N revisions (op.* calls)
"""
import os
import sys

from generate import ALEMBIC_INI, ENV_PY  # the same Alembic set-up as the other benchmarks


def step_sql(i):
    """(name, up, down) of migration i (1-based): a table every fourth step, otherwise a
    column, an index, or a data update on an earlier table."""
    table = "t%d" % (4 * ((i - 1) // 4) + 1)
    kind = (i - 1) % 4
    if kind == 0:
        ref = "t%d" % (i - 4) if i > 4 else None
        fk = ",\n  parent_id INTEGER REFERENCES %s (id)" % ref if ref else ""
        up = ("CREATE TABLE %s (\n  id INTEGER PRIMARY KEY,\n  name TEXT NOT NULL,\n"
              "  created_at TEXT NOT NULL DEFAULT '2024-01-01'%s\n);\n"
              "CREATE INDEX %s_name ON %s (name);\n" % (table, fk, table, table))
        return "create_%s" % table, up, "DROP TABLE %s;\n" % table
    if kind == 1:
        return ("add_%s_status" % table,
                "ALTER TABLE %s ADD COLUMN status TEXT NOT NULL DEFAULT 'new';\n" % table,
                "ALTER TABLE %s DROP COLUMN status;\n" % table)
    if kind == 2:
        return ("index_%s_status" % table,
                "CREATE INDEX %s_status ON %s (status, created_at);\n" % (table, table),
                "DROP INDEX %s_status;\n" % table)
    return ("backfill_%s" % table,
            "UPDATE %s SET status = 'active' WHERE status = 'new';\n" % table,
            "UPDATE %s SET status = 'new' WHERE status = 'active';\n" % table)


def golang_migrate(folder, count):
    os.makedirs(folder, exist_ok=True)
    for i in range(1, count + 1):
        name, up, down = step_sql(i)
        stem = os.path.join(folder, "%06d_%s" % (i, name))
        with open(stem + ".up.sql", "w") as f:
            f.write(up)
        with open(stem + ".down.sql", "w") as f:
            f.write(down)


REVISION = '''"""%(message)s

Revision ID: %(rev)s
Revises: %(down)s
Create Date: 2024-01-01 00:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = %(rev)r
down_revision = %(down_repr)s
branch_labels = None
depends_on = None


def upgrade():
%(up)s


def downgrade():
%(down_body)s
'''


def alembic_step(i):
    """upgrade and downgrade bodies of revision i, as op.* calls."""
    table = "t%d" % (4 * ((i - 1) // 4) + 1)
    kind = (i - 1) % 4
    if kind == 0:
        fk = ("\n        sa.Column('parent_id', sa.Integer, sa.ForeignKey('t%d.id')),"
              % (i - 4)) if i > 4 else ""
        up = ("    op.create_table('%s',\n        sa.Column('id', sa.Integer, primary_key=True),\n"
              "        sa.Column('name', sa.Text, nullable=False),%s\n    )\n"
              "    op.create_index('%s_name', '%s', ['name'])" % (table, fk, table, table))
        return "create %s" % table, up, "    op.drop_table('%s')" % table
    if kind == 1:
        return ("add %s status" % table,
                "    op.add_column('%s', sa.Column('status', sa.Text, server_default='new'))" % table,
                "    op.drop_column('%s', 'status')" % table)
    if kind == 2:
        return ("index %s status" % table,
                "    op.create_index('%s_status', '%s', ['status'])" % (table, table),
                "    op.drop_index('%s_status', table_name='%s')" % (table, table))
    return ("backfill %s" % table,
            "    op.execute(\"UPDATE %s SET status = 'active' WHERE status = 'new'\")" % table,
            "    op.execute(\"UPDATE %s SET status = 'new' WHERE status = 'active'\")" % table)


def alembic(folder, count):
    versions = os.path.join(folder, "versions")
    os.makedirs(versions, exist_ok=True)
    with open(os.path.join(folder, "alembic.ini"), "w") as f:
        f.write(ALEMBIC_INI)
    with open(os.path.join(folder, "env.py"), "w") as f:
        f.write(ENV_PY)
    down = None
    for i in range(1, count + 1):
        rev = "%012x" % (0xa1b2c3000000 + i)
        message, up, down_body = alembic_step(i)
        with open(os.path.join(versions, "%s_step.py" % rev), "w") as f:
            f.write(REVISION % {"message": message, "rev": rev, "down": down or "",
                                "down_repr": repr(down), "up": up, "down_body": down_body})
        down = rev


def main():
    tool, folder, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    {"golang-migrate": golang_migrate, "alembic": alembic}[tool](folder, count)


if __name__ == "__main__":
    main()
