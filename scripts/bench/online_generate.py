#!/usr/bin/python3
"""Writes, beside a rev project made by generate.py (linear shape), the same revisions for
the tools the online benchmarks compare rev with, so every tool runs the same SQL:

  online_generate.py PROJECT_DIR --engine sqlite|pg [--url URL]

PROJECT_DIR/rev/         (from generate.py) rev.yaml and revisions/
PROJECT_DIR/raw.sql      every upgrade section in order, each as BEGIN; ... COMMIT; (the
                         limit: what the database itself costs, no tool around it)
PROJECT_DIR/raw_single.sql  the same in one transaction (the limit for --single-transaction)
PROJECT_DIR/raw_bookkeeping.sql  raw.sql with, in each transaction, the bookkeeping rev does
                         (the version row moved, the checksum row, a history row): the
                         database's cost of keeping those records, with no tool around it
PROJECT_DIR/dbmate/      migrations/<version>_<slug>.sql (-- migrate:up / -- migrate:down)
PROJECT_DIR/sqitch/      sqitch.conf, sqitch.plan, deploy/ and revert/ (each script its own
                         BEGIN/COMMIT, as Sqitch's templates do)
PROJECT_DIR/alembic_online/  alembic.ini (URL below), env.py, versions/ with one
                         op.execute per statement (SQLite's driver runs one at a time)

The URL is the database Alembic connects to (default sqlite:///bench.db, relative to the
folder it runs in).
"""
import argparse
import os
import re
import shutil

import generate  # beside this script

HEADER = re.compile(r"^-- (\w+): ?(.*)$")


def read_revisions(folder):
    """(id, parents, message, created_at, upgrade, downgrade) in upgrade order (linear)."""
    revisions = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".sql"):
            continue
        text = open(os.path.join(folder, name)).read()
        head, _, rest = text.partition("-- rev:upgrade\n")
        upgrade, _, downgrade = rest.partition("-- rev:downgrade\n")
        fields = {}
        for line in head.splitlines():
            match = HEADER.match(line)
            if match:
                fields[match.group(1)] = match.group(2).strip()
        down = fields["down_revision"]
        parents = [] if down == "null" else [p.strip() for p in down.strip("[]").split(",")]
        revisions.append((fields["revision"], parents, fields["message"], fields["created_at"],
                          upgrade.strip(), downgrade.strip()))
    by_parent = {}
    for revision in revisions:
        if len(revision[1]) > 1:
            raise SystemExit("online_generate.py: linear projects only (%s is a merge)" % revision[0])
        by_parent[revision[1][0] if revision[1] else None] = revision
    ordered, parent = [], None
    while parent in by_parent:
        ordered.append(by_parent[parent])
        parent = ordered[-1][0]
    if len(ordered) != len(revisions):
        raise SystemExit("online_generate.py: the revisions are not one chain")
    return ordered


def statements(sql):
    return [s.strip() for s in sql.split(";") if s.strip()]


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


# Tables shaped as rev's, and per step the three statements rev runs beside the SQL. On
# SQLite rev makes its keyed tables WITHOUT ROWID (one B-tree each, not a table and an
# index): {keyed} is that clause there.
BOOKKEEPING_TABLES = """CREATE TABLE rev_version (version_num VARCHAR(64) NOT NULL PRIMARY KEY){keyed};
CREATE TABLE rev_applied (revision VARCHAR(64) NOT NULL PRIMARY KEY,
    checksum VARCHAR(64) NOT NULL, applied_at VARCHAR(32) NOT NULL){keyed};
CREATE TABLE rev_history (id INTEGER PRIMARY KEY, revision VARCHAR(64) NOT NULL,
    direction VARCHAR(16) NOT NULL, from_heads TEXT NOT NULL, to_heads TEXT NOT NULL,
    checksum VARCHAR(64) NOT NULL, status VARCHAR(16) NOT NULL, transactional BOOLEAN NOT NULL,
    started_at VARCHAR(32) NOT NULL, finished_at VARCHAR(32), duration_ms BIGINT, error TEXT,
    rev_version VARCHAR(32) NOT NULL, run_by TEXT NOT NULL);
"""


def bookkeeping(number, revision, previous):
    rid = revision[0]
    version = ("INSERT INTO rev_version (version_num) VALUES ('%s');" % rid if previous is None
               else "UPDATE rev_version SET version_num = '%s' WHERE version_num = '%s';"
               % (rid, previous))
    checksum = "%064x" % number
    return "\n".join([
        version,
        "INSERT INTO rev_applied (revision, checksum, applied_at) VALUES ('%s', '%s', "
        "'2026-01-01T00:00:00.000Z');" % (rid, checksum),
        "INSERT INTO rev_history (id, revision, direction, from_heads, to_heads, checksum, "
        "status, transactional, started_at, finished_at, duration_ms, rev_version, run_by) "
        "VALUES (%d, '%s', 'upgrade', '[\"%s\"]', '[\"%s\"]', '%s', 'applied', TRUE, "
        "'2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.001Z', 1, 'bench', 'bench@host');"
        % (number, rid, previous or "", rid, checksum)])


def write_raw(out, revisions, engine):
    body = "".join("BEGIN;\n%s\nCOMMIT;\n" % r[4] for r in revisions)
    write(os.path.join(out, "raw.sql"), body)
    kept = []
    for number, revision in enumerate(revisions, 1):
        previous = revisions[number - 2][0] if number > 1 else None
        kept.append("BEGIN;\n%s\n%s\nCOMMIT;\n" % (revision[4],
                                                  bookkeeping(number, revision, previous)))
    tables = BOOKKEEPING_TABLES.replace("{keyed}", " WITHOUT ROWID" if engine == "sqlite" else "")
    write(os.path.join(out, "raw_bookkeeping.sql"), tables + "".join(kept))
    write(os.path.join(out, "raw_single.sql"),
          "BEGIN;\n%s\nCOMMIT;\n" % "\n".join(r[4] for r in revisions))


def version_of(created_at):
    return re.sub(r"[^0-9]", "", created_at)[:14]


def write_dbmate(out, revisions):
    folder = os.path.join(out, "dbmate", "migrations")
    for rid, _, message, created_at, upgrade, downgrade in revisions:
        write(os.path.join(folder, "%s_%s.sql" % (version_of(created_at), rid)),
              "-- migrate:up\n%s\n\n-- migrate:down\n%s\n" % (upgrade, downgrade))


def write_sqitch(out, revisions, engine):
    folder = os.path.join(out, "sqitch")
    write(os.path.join(folder, "sqitch.conf"), "[core]\n\tengine = %s\n" % engine)
    lines = ["%syntax-version=1.0.0", "%project=bench", ""]
    for rid, _, message, created_at, upgrade, downgrade in revisions:
        name = "r_" + rid
        lines.append("%s %s Bench <bench@example.com> # %s" % (name, created_at, message))
        write(os.path.join(folder, "deploy", name + ".sql"), "BEGIN;\n%s\nCOMMIT;\n" % upgrade)
        write(os.path.join(folder, "revert", name + ".sql"), "BEGIN;\n%s\nCOMMIT;\n" % downgrade)
    write(os.path.join(folder, "sqitch.plan"), "\n".join(lines) + "\n")


# Alembic's env.py: generate.py's, which runs online as well as offline (--sql).
ENV_PY = generate.ENV_PY


def write_alembic(out, revisions, url):
    folder = os.path.join(out, "alembic_online")
    write(os.path.join(folder, "alembic.ini"),
          "[alembic]\nscript_location = .\nsqlalchemy.url = %s\n" % url)
    write(os.path.join(folder, "env.py"), ENV_PY)
    for rid, parents, message, created_at, upgrade, downgrade in revisions:
        def body(sql):
            calls = ["    op.execute(%r)" % s for s in statements(sql)]
            return "\n".join(calls) + "\n" if calls else "    pass\n"
        text = ('"""%s"""\nfrom alembic import op\n\nrevision = %r\ndown_revision = %r\n'
                "branch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n%s\n\n"
                "def downgrade():\n%s" % (message, rid, parents[0] if parents else None,
                                          body(upgrade), body(downgrade)))
        write(os.path.join(folder, "versions", "%s_%s.py" % (rid, message.replace(" ", "_"))),
              text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("project")
    parser.add_argument("--engine", choices=["sqlite", "pg"], required=True)
    parser.add_argument("--url", default="sqlite:///bench.db")
    args = parser.parse_args()
    revisions = read_revisions(os.path.join(args.project, "rev", "revisions"))
    for name in ("dbmate", "sqitch", "alembic_online"):
        shutil.rmtree(os.path.join(args.project, name), ignore_errors=True)
    write_raw(args.project, revisions, args.engine)
    write_dbmate(args.project, revisions)
    write_sqitch(args.project, revisions, args.engine)
    write_alembic(args.project, revisions, args.url)
    print("%s: %d revisions for raw SQL, dbmate, Sqitch and Alembic (%s)" %
          (args.project, len(revisions), args.engine))


if __name__ == "__main__":
    main()
