#!/usr/bin/python3
"""Writes a rev project whose history is shaped like a real application's, for the online
benchmarks (online_sqlite_app.sh), in the layout generate.py writes:

  generate_app.py OUT_DIR [--count N] [--seed S]

OUT_DIR/rev/       rev.yaml (database sqlite:///bench.db) and revisions/{id}_{slug}.sql

One linear chain of N revisions (default 400), each step one of:
  create table   6-12 columns, foreign keys to 1-3 earlier tables, 2-4 indexes (the
                 foreign keys, a composite, sometimes a unique one); sometimes seed rows
  add columns    ALTER TABLE ... ADD COLUMN, one to three (one: a tiny step)
  add index      CREATE INDEX on an existing table (a tiny step)
  insert rows    a batch of 20-200 rows into an existing table
  update rows    a backfill: UPDATE ... SET ... WHERE over part of a table's rows
  view           CREATE VIEW joining a table to one it references
Each has the downgrade that undoes it. The SQL holds no ';' inside a literal, so the peers'
copies (online_generate.py) can split it into statements. Ids are 12 hex digits from the
seed and the index and created_at times increase by one minute, so the same arguments give
the same files, byte for byte.
"""
import argparse
import datetime
import hashlib
import os
import random
import shutil

NOUNS = ["user", "account", "organisation", "team", "project", "task", "comment", "tag",
         "invoice", "payment", "order", "product", "category", "address", "session",
         "document", "attachment", "notification", "webhook", "subscription", "plan",
         "audit_event", "setting", "role", "permission", "message", "report", "export"]
COLUMN_KINDS = [("TEXT", "'x'"), ("INTEGER", "0"), ("REAL", "0.0"), ("BOOLEAN", "0"),
                ("TIMESTAMP", "'2026-01-01 00:00:00'"), ("VARCHAR(255)", "''")]
STEP_WEIGHTS = [("create", 26), ("columns", 22), ("index", 16), ("insert", 12), ("update", 12),
                ("view", 4), ("tiny_column", 8)]


def revision_id(seed, index):
    return hashlib.sha1(("app:%d:%d" % (seed, index)).encode()).hexdigest()[:12]


def created_at(index):
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    return (start + datetime.timedelta(minutes=index)).strftime("%Y-%m-%dT%H:%M:%SZ")


class Table:
    def __init__(self, name, columns, references):
        self.name = name
        self.columns = columns          # (name, type) beside id
        self.references = references    # names of the tables its foreign keys point at
        self.rows = 0
        self.index_count = 0


class History:
    """The schema so far, and the steps that built it."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.tables = []
        self.views = 0
        self.steps = []  # (message, upgrade, downgrade)

    def pick_table(self):
        return self.rng.choice(self.tables)

    def value(self, kind, row):
        if kind in ("TEXT", "VARCHAR(255)"):
            return "'v%d_%d'" % (row, self.rng.randrange(1000))
        if kind == "REAL":
            return "%d.%02d" % (self.rng.randrange(10000), self.rng.randrange(100))
        if kind == "BOOLEAN":
            return str(row % 2)
        if kind == "TIMESTAMP":
            return "'2026-%02d-%02d 12:00:00'" % (1 + row % 12, 1 + row % 28)
        return str(self.rng.randrange(100000))

    def insert_rows(self, table, count):
        names = [c[0] for c in table.columns]
        rows = []
        for row in range(table.rows + 1, table.rows + count + 1):
            values = [str(row)]
            for column, kind in table.columns:
                if column.endswith("_id"):
                    target = next(t for t in self.tables if t.name + "_id" == column)
                    values.append(str(1 + row % target.rows) if target.rows else "NULL")
                else:
                    values.append(self.value(kind, row))
            rows.append("(%s)" % ", ".join(values))
        first = table.rows + 1
        table.rows += count
        upgrade = "INSERT INTO %s (id, %s) VALUES\n    %s;" % (
            table.name, ", ".join(names), ",\n    ".join(rows))
        downgrade = "DELETE FROM %s WHERE id >= %d;" % (table.name, first)
        return upgrade, downgrade

    def create(self):
        name = "%s_%d" % (self.rng.choice(NOUNS), len(self.tables) + 1)
        references = []
        if self.tables:
            references = self.rng.sample(self.tables, min(len(self.tables), self.rng.randint(1, 3)))
        columns = [(t.name + "_id", "INTEGER") for t in references]
        for k in range(self.rng.randint(4, 9)):
            columns.append(("%s_%d" % (self.rng.choice(["name", "status", "amount", "note",
                                                          "code", "flag", "starts_at"]), k),
                            self.rng.choice(COLUMN_KINDS)[0]))
        columns += [("created_at", "TIMESTAMP"), ("updated_at", "TIMESTAMP")]
        lines = ["    id INTEGER PRIMARY KEY"]
        lines += ["    %s %s%s" % (c, k, " NOT NULL" if c == "created_at" else "")
                  for c, k in columns]
        lines += ["    FOREIGN KEY (%s_id) REFERENCES %s (id)" % (t.name, t.name)
                  for t in references]
        statements = ["CREATE TABLE %s (\n%s\n);" % (name, ",\n".join(lines))]
        indexes = ["%s_id" % t.name for t in references]
        plain = [c for c, _ in columns if not c.endswith("_id")]
        indexes.append("%s, created_at" % self.rng.choice(plain))
        if self.rng.random() < 0.4:
            statements.append("CREATE UNIQUE INDEX ux_%s_code ON %s (id, %s);" %
                              (name, name, plain[0]))
        indexes = indexes[:self.rng.randint(2, 4)]
        for k, columns_of_index in enumerate(indexes):
            statements.append("CREATE INDEX ix_%s_%d ON %s (%s);" % (name, k, name,
                                                                   columns_of_index))
        table = Table(name, columns, [t.name for t in references])
        table.index_count = len(indexes)
        self.tables.append(table)
        downgrade = "DROP TABLE %s;" % name
        if self.rng.random() < 0.3:  # seed rows, as lookup tables have
            rows, _ = self.insert_rows(table, self.rng.randint(5, 40))
            statements.append(rows)
        return "create table %s" % name, "\n".join(statements), downgrade

    def add_columns(self, count):
        table = self.pick_table()
        ups, downs = [], []
        for _ in range(count):
            kind, default = self.rng.choice(COLUMN_KINDS)
            column = "extra_%d" % (len(table.columns) + 1)
            table.columns.append((column, kind))
            ups.append("ALTER TABLE %s ADD COLUMN %s %s DEFAULT %s;" % (table.name, column, kind,
                                                                       default))
            downs.insert(0, "ALTER TABLE %s DROP COLUMN %s;" % (table.name, column))
        return "add %d column%s to %s" % (count, "s" if count > 1 else "", table.name), \
            "\n".join(ups), "\n".join(downs)

    def add_index(self):
        table = self.pick_table()
        table.index_count += 1
        columns = self.rng.sample(table.columns, min(len(table.columns), self.rng.randint(1, 2)))
        name = "ix_%s_%d" % (table.name, table.index_count)
        return ("index %s" % table.name,
                "CREATE INDEX %s ON %s (%s);" % (name, table.name,
                                                 ", ".join(c for c, _ in columns)),
                "DROP INDEX %s;" % name)

    def insert(self):
        table = self.pick_table()
        upgrade, downgrade = self.insert_rows(table, self.rng.randint(20, 200))
        return "seed %s" % table.name, upgrade, downgrade

    def update(self):
        filled = [t for t in self.tables if t.rows > 0] or self.tables
        table = self.rng.choice(filled)
        column, kind = self.rng.choice([c for c in table.columns if not c[0].endswith("_id")])
        every = self.rng.choice([2, 3, 5, 10])
        upgrade = ("UPDATE %s SET %s = %s, updated_at = '2026-06-01 00:00:00' WHERE id %% %d = 0;"
                   % (table.name, column, self.value(kind, every), every))
        downgrade = "UPDATE %s SET updated_at = NULL WHERE id %% %d = 0;" % (table.name, every)
        return "backfill %s %s" % (table.name, column), upgrade, downgrade

    def view(self):
        linked = [t for t in self.tables if t.references]
        if not linked:
            return self.add_index()
        table = self.rng.choice(linked)
        parent = table.references[0]
        self.views += 1
        name = "v_%s_%d" % (table.name, self.views)
        upgrade = ("CREATE VIEW %s AS\n    SELECT c.id, c.created_at, p.id AS %s_ref\n"
                   "    FROM %s c JOIN %s p ON p.id = c.%s_id;" % (name, parent, table.name,
                                                                  parent, parent))
        return "view %s" % name, upgrade, "DROP VIEW %s;" % name

    def step(self):
        if len(self.tables) < 3:
            return self.create()
        kinds, weights = zip(*STEP_WEIGHTS)
        kind = self.rng.choices(kinds, weights)[0]
        if kind == "create":
            return self.create()
        if kind == "columns":
            return self.add_columns(self.rng.randint(2, 3))
        if kind == "tiny_column":
            return self.add_columns(1)
        return {"index": self.add_index, "insert": self.insert, "update": self.update,
                "view": self.view}[kind]()


def write_rev(out, count, seed):
    history = History(seed)
    folder = os.path.join(out, "revisions")
    os.makedirs(folder)
    with open(os.path.join(out, "rev.yaml"), "w") as f:
        f.write("revisions: revisions\ndatabase: sqlite:///bench.db\n")
    previous = None
    kinds = {}
    for index in range(count):
        message, upgrade, downgrade = history.step()
        kinds[message.split()[0]] = kinds.get(message.split()[0], 0) + 1
        rid = revision_id(seed, index)
        text = ("-- revision: %s\n-- down_revision: %s\n-- message: %s\n-- created_at: %s\n"
                "-- branch_labels: []\n-- depends_on: []\n-- transactional: true\n"
                "\n-- rev:upgrade\n%s\n\n-- rev:downgrade\n%s\n" %
                (rid, previous or "null", message, created_at(index), upgrade, downgrade))
        slug = message.replace(" ", "_")[:40]
        with open(os.path.join(folder, "%s_%s.sql" % (rid, slug)), "w") as f:
            f.write(text)
        previous = rid
    return history, kinds


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out")
    parser.add_argument("--count", type=int, default=400)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.count < 1:
        parser.error("--count must be at least 1")
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    history, kinds = write_rev(os.path.join(args.out, "rev"), args.count, args.seed)
    print("%s: %d revisions, %d tables, %d rows (%s)" % (
        args.out, args.count, len(history.tables), sum(t.rows for t in history.tables),
        ", ".join("%s %d" % kv for kv in sorted(kinds.items()))))


if __name__ == "__main__":
    main()
