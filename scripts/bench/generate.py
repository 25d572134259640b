#!/usr/bin/python3
"""Writes a synthetic project twice over the same revision graph: once for rev, once for
Alembic, so both tools can be timed on identical input.

  generate.py OUT_DIR --count N --shape linear|branchy [--seed S] [--no-alembic]

OUT_DIR/rev/       rev.yaml and revisions/{id}_{slug}.sql, in the layout `rev create` writes
OUT_DIR/alembic/   alembic.ini, env.py (offline `--sql` works without a database) and
                   versions/{id}_{slug}.py with the same ids, parents and SQL

Shapes:
  linear   one chain: each revision's down_revision is the one before.
  branchy  a trunk with a fork every few revisions: two to three branches of one to eight
           revisions grow from the same head and are joined again by a merge revision
           (down_revision: [a, b, ...], empty upgrade); every 50th revision also has a
           depends_on on an earlier trunk revision. Always one head at the end.

Ids are 12 hex digits derived from the seed and the index, created_at times increase by one
minute, so the same arguments give the same files, byte for byte.
"""
import argparse
import datetime
import hashlib
import os
import random
import shutil


def revision_id(seed, index):
    return hashlib.sha1(("%d:%d" % (seed, index)).encode()).hexdigest()[:12]


class Graph:
    """Revisions in creation order: (id, down_revisions, depends_on, is_merge)."""

    def __init__(self, seed):
        self.seed = seed
        self.revisions = []

    def add(self, parents, depends_on=(), merge=False):
        rid = revision_id(self.seed, len(self.revisions))
        self.revisions.append((rid, list(parents), list(depends_on), merge))
        return rid


def build_linear(count, seed):
    graph = Graph(seed)
    head = None
    for _ in range(count):
        head = graph.add([head] if head else [])
    return graph


def build_branchy(count, seed):
    rng = random.Random(seed)
    graph = Graph(seed)
    head = graph.add([])
    trunk = [head]
    while len(graph.revisions) < count:
        left = count - len(graph.revisions)
        # A fork needs at least two branch revisions and the merge.
        if left >= 4 and rng.random() < 0.3:
            width = min(rng.choice([2, 2, 3]), left - 2)
            budget = left - 1  # keep room for the merge
            tips = []
            for branch in range(width):
                length = max(1, min(rng.randint(1, 8), budget - (width - branch - 1)))
                budget -= length
                tip = head
                for _ in range(length):
                    tip = graph.add([tip])
                tips.append(tip)
            head = graph.add(tips, merge=True)
        else:
            index = len(graph.revisions)
            depends = []
            if index % 50 == 0 and len(trunk) > 10:
                candidate = trunk[rng.randrange(0, len(trunk) - 5)]
                depends = [candidate]
            head = graph.add([head], depends_on=depends)
        trunk.append(head)
    return graph


def created_at(index):
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    return (start + datetime.timedelta(minutes=index)).strftime("%Y-%m-%dT%H:%M:%SZ")


def sql_for(rid, index, merge):
    if merge:
        return "", ""
    table = "t_%s" % rid
    upgrade = ("CREATE TABLE %s (\n    id INTEGER PRIMARY KEY,\n    name TEXT NOT NULL,\n"
               "    created_at TEXT NOT NULL\n);\nCREATE INDEX %s_name ON %s (name);" %
               (table, table, table))
    downgrade = "DROP INDEX %s_name;\nDROP TABLE %s;" % (table, table)
    return upgrade, downgrade


def message_for(index, merge):
    return ("merge heads %d" % index) if merge else ("add table %d" % index)


def slug(message):
    return message.replace(" ", "_")


def write_rev(out, graph):
    folder = os.path.join(out, "revisions")
    os.makedirs(folder)
    with open(os.path.join(out, "rev.yaml"), "w") as f:
        f.write("revisions: revisions\ndatabase: sqlite:///bench.db\n")
    for index, (rid, parents, depends, merge) in enumerate(graph.revisions):
        if not parents:
            down = "null"
        elif len(parents) == 1:
            down = parents[0]
        else:
            down = "[" + ", ".join(parents) + "]"
        message = message_for(index, merge)
        upgrade, downgrade = sql_for(rid, index, merge)
        text = ("-- revision: %s\n-- down_revision: %s\n-- message: %s\n-- created_at: %s\n"
                "-- branch_labels: []\n-- depends_on: [%s]\n-- transactional: true\n"
                "\n-- rev:upgrade\n" % (rid, down, message, created_at(index), ", ".join(depends)))
        if upgrade:
            text += upgrade + "\n"
        text += "\n-- rev:downgrade\n"
        if downgrade:
            text += downgrade + "\n"
        with open(os.path.join(folder, "%s_%s.sql" % (rid, slug(message))), "w") as f:
            f.write(text)


ALEMBIC_INI = """[alembic]
script_location = .
sqlalchemy.url = sqlite:///bench.db

[loggers]
keys = root

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
"""

ENV_PY = '''from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config


def run_migrations_offline():
    context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True,
                      dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    connectable = engine_from_config(config.get_section(config.config_ini_section),
                                     prefix="sqlalchemy.", poolclass=pool.NullPool)
    with connectable.connect() as connection:
        context.configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
'''


def py_value(ids):
    if not ids:
        return "None"
    if len(ids) == 1:
        return repr(ids[0])
    return "(" + ", ".join(repr(i) for i in ids) + ")"


def write_alembic(out, graph):
    folder = os.path.join(out, "versions")
    os.makedirs(folder)
    with open(os.path.join(out, "alembic.ini"), "w") as f:
        f.write(ALEMBIC_INI)
    with open(os.path.join(out, "env.py"), "w") as f:
        f.write(ENV_PY)
    for index, (rid, parents, depends, merge) in enumerate(graph.revisions):
        message = message_for(index, merge)
        upgrade, downgrade = sql_for(rid, index, merge)
        # Alembic's --sql ends each statement it emits with ';' itself.
        body_up = "    op.execute(%r)\n" % upgrade.rstrip(";") if upgrade else "    pass\n"
        body_down = "    op.execute(%r)\n" % downgrade.rstrip(";") if downgrade else "    pass\n"
        text = ('"""%s\n\nRevision ID: %s\nRevises: %s\nCreate Date: %s\n"""\n'
                "from alembic import op\n\n"
                "revision = %r\ndown_revision = %s\nbranch_labels = None\ndepends_on = %s\n\n\n"
                "def upgrade():\n%s\n\ndef downgrade():\n%s" %
                (message, rid, ", ".join(parents), created_at(index), rid, py_value(parents),
                 py_value(depends), body_up, body_down))
        with open(os.path.join(folder, "%s_%s.py" % (rid, slug(message))), "w") as f:
            f.write(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out")
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--shape", choices=["linear", "branchy"], required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-alembic", action="store_true")
    args = parser.parse_args()
    if args.count < 1:
        parser.error("--count must be at least 1")

    graph = (build_linear if args.shape == "linear" else build_branchy)(args.count, args.seed)
    assert len(graph.revisions) == args.count, len(graph.revisions)
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    write_rev(os.path.join(args.out, "rev"), graph)
    if not args.no_alembic:
        write_alembic(os.path.join(args.out, "alembic"), graph)
    merges = sum(1 for r in graph.revisions if r[3])
    print("%s: %d revisions (%s, %d merges)" % (args.out, args.count, args.shape, merges))


if __name__ == "__main__":
    main()
