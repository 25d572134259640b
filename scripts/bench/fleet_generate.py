#!/usr/bin/env python3
"""Writes the fleet benchmark's project: rev.yaml, REVISIONS revision files of a realistic
shape (a table with an index and a foreign key to the one before, every third revision an
ALTER of an earlier table with an UPDATE filling the new column, rows inserted as an app's
seed would), the same SQL as one sqlite3 script (raw.sql, each revision in its own
transaction, as rev runs it), and DATABASES target URLs in targets.txt.

Usage: fleet_generate.py FOLDER REVISIONS DATABASES
"""
import os
import sys


def revision_sql(k):
    """The upgrade SQL of revision k (1-based)."""
    parent = "" if k == 1 else ", parent_id INTEGER REFERENCES t%d (id)" % (k - 1)
    sql = [
        "CREATE TABLE t%d (id INTEGER PRIMARY KEY, name TEXT NOT NULL, created_at TEXT%s);"
        % (k, parent),
        "CREATE INDEX t%d_name ON t%d (name);" % (k, k),
        "INSERT INTO t%d (name, created_at) VALUES ('a', '2026-01-01'), ('b', '2026-01-02');" % k,
    ]
    if k % 3 == 0:
        sql.append("ALTER TABLE t%d ADD COLUMN note TEXT;" % (k - 1))
        sql.append("UPDATE t%d SET note = name || '-' || created_at;" % (k - 1))
    return "\n".join(sql)


def main():
    folder, revisions, databases = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    os.makedirs(os.path.join(folder, "revisions"), exist_ok=True)
    os.makedirs(os.path.join(folder, "dbs"), exist_ok=True)
    with open(os.path.join(folder, "rev.yaml"), "w") as f:
        f.write("revisions: revisions\nfleet:\n  file: targets.txt\n")
    raw = []
    for k in range(1, revisions + 1):
        rid = "%012x" % (0xf1ee70000000 + k)
        down = "null" if k == 1 else "%012x" % (0xf1ee70000000 + k - 1)
        sql = revision_sql(k)
        with open(os.path.join(folder, "revisions", "%s_step_%d.sql" % (rid, k)), "w") as f:
            f.write("-- revision: %s\n-- down_revision: %s\n-- message: step %d\n"
                    "-- created_at: 2026-01-01T00:%02d:%02dZ\n-- branch_labels: []\n"
                    "-- depends_on: []\n-- transactional: true\n\n-- rev:upgrade\n%s\n\n"
                    "-- rev:downgrade\nDROP TABLE t%d;\n" % (rid, down, k, k // 60, k % 60, sql, k))
        raw.append("BEGIN;\n%s\nCOMMIT;" % sql)
    with open(os.path.join(folder, "raw.sql"), "w") as f:
        f.write("\n".join(raw) + "\n")
    with open(os.path.join(folder, "targets.txt"), "w") as f:
        for i in range(databases):
            f.write("sqlite:///dbs/t%d.db\n" % i)


if __name__ == "__main__":
    main()
