#!/usr/bin/python3
"""Turns the results of schema_sqlite.sh / schema_postgres.sh into Markdown: absolute times,
ratios against the floor (loading both schemas) and the peer, peak memory by schema size,
and the targets of the schema engine's issue, each marked met or missed.

  schema_report.py RESULTS_DIR --engine sqlite|postgres --tables N --changes K
                   [--memory-sizes "250 500 1000 2000"]
"""
import argparse
import json
import os

LIMITS = {"sqlite": 1.0, "postgres": 3.0}  # seconds for the diff and the proof


def load(folder, name):
    """(median seconds, min, max, mean CPU seconds) or a string saying why there is none. The
    CPU time (user + system) is the steadier number on a machine busy with other work."""
    try:
        with open(os.path.join(folder, name + ".json")) as f:
            data = json.load(f)
    except (OSError, ValueError):
        return "not run"
    if "skipped" in data:
        return "not timed (%s)" % data["skipped"]
    result = data["results"][0]
    return (result["median"], result["min"], result["max"], result["user"] + result["system"])


def fmt(seconds):
    if seconds < 1:
        return "%.1f ms" % (seconds * 1000)
    return "%.2f s" % seconds


def cell(value):
    return fmt(value[0]) if isinstance(value, tuple) else value


def cpu(value):
    return fmt(value[3]) if isinstance(value, tuple) else "-"


def ratio(a, b):
    if not (isinstance(a, tuple) and isinstance(b, tuple)):
        return "-"
    return "%.2f×" % (a[0] / b[0])


def mark(ok):
    return "met" if ok else "**missed**"


def times_table(args, r):
    sqlite = args.engine == "sqlite"
    loader = "`sqlite3 :memory:` reading" if sqlite else "`psql -f` into a new database:"
    peer = "`sqldiff --schema a.db b.db`" if sqlite else "`migra --unsafe` (@pgkit/migra)"
    floor = tuple(r["load-a"][i] + r["load-b"][i] for i in range(4)) if all(
        isinstance(r[k], tuple) for k in ("load-a", "load-b")) else "-"
    print("### %s: %s tables, %s changes (median of the runs)\n" %
          ("SQLite" if sqlite else "PostgreSQL", format(args.tables, ","),
           format(args.changes, ",")))
    # psql and migra work in the server: their CPU time is only the client's.
    print("| command | time | %s | ratio |\n| --- | ---: | ---: | ---: |" %
          ("CPU" if sqlite else "client CPU"))
    print("| %s version A (`a.sql`) | %s | %s | |" % (loader, cell(r["load-a"]), cpu(r["load-a"])))
    print("| %s version B (`b.sql`) | %s | %s | |" % (loader, cell(r["load-b"]), cpu(r["load-b"])))
    print("| the floor: loading both, what any diff by loading pays | %s | %s | 1.00× |" %
          (cell(floor), cpu(floor)))
    print("| **rev diff** (head → schema.sql) | %s | %s | %s the floor |" %
          (cell(r["rev-diff"]), cpu(r["rev-diff"]), ratio(r["rev-diff"], floor)))
    print("| **rev create --autogenerate** (diff, proof, write) | %s | %s | %s the floor, "
          "%s rev diff |" % (cell(r["rev-create"]), cpu(r["rev-create"]),
                             ratio(r["rev-create"], floor), ratio(r["rev-create"], r["rev-diff"])))
    if sqlite:
        proof_floor = tuple(floor[i] + r["proof-sql"][i] for i in range(4)) if isinstance(
            floor, tuple) and isinstance(r["proof-sql"], tuple) else "-"
        print("| `sqlite3` running the proof's SQL: version A, the upgrade, the downgrade | "
              "%s | %s | |" % (cell(r["proof-sql"]), cpu(r["proof-sql"])))
        print("| the floor of create: that and loading both | %s | %s | rev create %s of it |" %
              (cell(proof_floor), cpu(proof_floor), ratio(r["rev-create"], proof_floor)))
    print("| %s | %s | %s | rev diff %s of it |" % (peer, cell(r["peer"]), cpu(r["peer"]),
                                                     ratio(r["rev-diff"], r["peer"])))
    print()
    return proof_floor if sqlite else "-"


def memory_table(args, folder):
    """Rows of (tables, kB, seconds) and the table of them; [] when none were measured."""
    rows = []
    for size in args.memory_sizes.split():
        try:
            with open(os.path.join(folder, "%s-memory-%s.rss" % (args.engine, size))) as f:
                # GNU time's last line; one before it says when the command exited non-zero.
                kb, seconds = f.read().splitlines()[-1].split()[:2]
            rows.append((int(size), int(kb), float(seconds)))
        except (OSError, ValueError):
            pass
    if not rows:
        return rows
    print("Peak memory of `rev diff` (GNU time, one run each; a tenth of the tables changed):\n")
    print("| tables | peak RSS | more per table than the size before | time |\n"
          "| ---: | ---: | ---: | ---: |")
    previous = None
    for size, kb, seconds in rows:
        growth = "-"
        if previous:
            growth = "%.1f kB" % ((kb - previous[1]) / (size - previous[0]))
        print("| %s | %.1f MB | %s | %s |" % (format(size, ","), kb / 1024, growth, fmt(seconds)))
        previous = (size, kb)
    print()
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("results")
    parser.add_argument("--engine", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--tables", type=int, required=True)
    parser.add_argument("--changes", type=int, required=True)
    parser.add_argument("--memory-sizes", default="")
    args = parser.parse_args()
    prefix = "%s-%d-%d-" % (args.engine, args.tables, args.changes)
    peer = "sqldiff" if args.engine == "sqlite" else "migra"
    r = {key: load(args.results, prefix + key)
         for key in ("load-a", "load-b", "rev-diff", "rev-create", "proof-sql")}
    r["peer"] = load(args.results, prefix + peer)
    proof_floor = times_table(args, r)
    rows = memory_table(args, args.results)

    print("### targets\n")
    print("| target | measured | |\n| --- | --- | --- |")
    limit = LIMITS[args.engine]
    name = "diff and proof of %s tables / %s changes under %g s" % (
        format(args.tables, ","), args.changes, limit)
    if isinstance(r["rev-create"], tuple):
        seconds = r["rev-create"][0]
        floor = ""
        if isinstance(proof_floor, tuple):
            floor = " (the same SQL in `sqlite3` alone: %s)" % fmt(proof_floor[0])
        print("| %s | %s%s | %s |" % (name, fmt(seconds), floor, mark(seconds < limit)))
    else:
        print("| %s | %s | not measured |" % (name, r["rev-create"]))
    if len(rows) >= 3:
        # Linear: each step's growth per table within 1.5× of every other step's.
        slopes = [(b[1] - a[1]) / (b[0] - a[0]) for a, b in zip(rows, rows[1:])]
        linear = min(slopes) > 0 and max(slopes) / min(slopes) <= 1.5
        print("| `rev diff` memory linear in the schema's size | %s kB more per table | %s |" %
              ("–".join("%.1f" % s for s in slopes), mark(linear)))


if __name__ == "__main__":
    main()
