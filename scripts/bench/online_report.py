#!/usr/bin/python3
"""Turns the hyperfine results of online_sqlite.sh / online_postgres.sh into Markdown:
absolute times, ratios, and the targets of the issues, each marked met or missed.

  online_report.py RESULTS_DIR --engine sqlite|postgres --sizes "1000 10000"
                   --noop-sizes "1000 5000"
  online_report.py RESULTS_DIR --engine sqlite --app COUNT   (online_sqlite_app.sh)
"""
import argparse
import json
import os

FULL = [("raw", "the limit: {raw} with BEGIN/COMMIT per revision"),
        ("raw-bookkeeping", "{raw} doing rev's bookkeeping too"),
        ("rev", "rev upgrade"),
        ("raw-single", "the limit, one transaction"),
        ("rev-single", "rev upgrade --single-transaction"),
        ("dbmate", "dbmate up"),
        ("alembic", "alembic upgrade head"),
        ("sqitch", "sqitch deploy")]
NOOP = [("rev", "rev upgrade"), ("dbmate", "dbmate up"), ("alembic", "alembic upgrade head"),
        ("sqitch", "sqitch deploy")]


def load(folder, name):
    """(median seconds, min, max) or a string saying why there is none."""
    try:
        with open(os.path.join(folder, name + ".json")) as f:
            data = json.load(f)
    except (OSError, ValueError):
        return "not run"
    if "skipped" in data:
        return "skipped: " + data["skipped"]
    result = data["results"][0]
    return (result["median"], result["min"], result["max"])


def fmt(seconds):
    if seconds < 1:
        return "%.1f ms" % (seconds * 1000)
    return "%.2f s" % seconds


def cell(value):
    return fmt(value[0]) if isinstance(value, tuple) else value


def ratio(a, b):
    if not (isinstance(a, tuple) and isinstance(b, tuple)):
        return "-"
    return "%.2f×" % (a[0] / b[0])


def mark(ok):
    return "met" if ok else "**missed**"


APP = [("rev", "**rev upgrade**"),
       ("floor", "the floor: `sqlite3 db < script`, the script rev's own `upgrade head --sql`"),
       ("bookkeeping", "`sqlite3 db < script` keeping rev's rows too (version, checksum, history)"),
       ("raw", "`sqlite3 db < script`, BEGIN/COMMIT per revision, no version table"),
       ("dbmate", "dbmate up"), ("alembic", "alembic upgrade head")]


def app_report(folder, count):
    """The table of online_sqlite_app.sh: rounds of one hyperfine run of every command."""
    import glob
    import statistics
    rounds = []
    for name in sorted(glob.glob(os.path.join(folder, "sqlite-app-round-*.json"))):
        try:
            with open(name) as f:
                rounds.append({r["command"]: r["median"] for r in json.load(f)["results"]})
        except (OSError, ValueError, KeyError):
            pass

    def times(command):
        return [r[command] for r in rounds if command in r]

    def paired(command, base):
        values = [r[command] / r[base] for r in rounds if command in r and base in r]
        return "%.2f×" % statistics.median(values) if values else "-"

    print("### SQLite, a real application's history (%s revisions, %d rounds)\n" %
          (format(int(count), ","), len(rounds)))
    print("| command | median | fastest | vs the floor | vs `sqlite3` alone |\n"
          "| --- | ---: | ---: | ---: | ---: |")
    for name, label in APP:
        t = times(name)
        print("| %s | %s | %s | %s | %s |" % (
            label, fmt(statistics.median(t)) if t else "not run", fmt(min(t)) if t else "-",
            paired(name, "floor"), paired(name, "raw")))
    try:
        with open(os.path.join(folder, "sqlite-app-io.txt")) as f:
            print("\nWrites per step (one run each under strace):\n\n```\n%s```" % f.read())
    except OSError:
        pass
    print("\n### targets\n")
    print("| target | measured | |\n| --- | --- | --- |")
    for base, text, limit in (("floor", "full upgrade of a real history within 1.1× of the floor",
                               1.1),
                              ("bookkeeping", "... no slower than `sqlite3` keeping the same rows",
                               1.0)):
        values = [r["rev"] / r[base] for r in rounds if "rev" in r and base in r]
        if values:
            value = statistics.median(values)
            print("| %s | %.2f× | %s |" % (text, value, mark(value <= limit)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("results")
    parser.add_argument("--engine", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--sizes", default="")
    parser.add_argument("--noop-sizes", default="")
    parser.add_argument("--app", metavar="COUNT", help="the table of online_sqlite_app.sh")
    args = parser.parse_args()
    if args.app:
        app_report(args.results, args.app)
        return
    raw_tool = "sqlite3" if args.engine == "sqlite" else "psql -1 per revision"
    raw_tool = "`sqlite3 db < script`" if args.engine == "sqlite" else "`psql -v ON_ERROR_STOP=1 -f`"
    targets = []
    print("### %s: full upgrade (median of the runs)\n" % ("SQLite" if args.engine == "sqlite"
                                                           else "PostgreSQL"))
    for size in args.sizes.split():
        r = {tool: load(args.results, "%s-%s-%s" % (args.engine, size, tool)) for tool, _ in FULL}
        print("%s revisions:\n" % format(int(size), ","))
        print("| command | time | ratio |\n| --- | --- | --- |")
        for tool, label in FULL:
            base = r["raw-single"] if tool in ("rev-single", "raw-single") else r["raw"]
            if tool in ("dbmate", "alembic", "sqitch"):
                base = r["rev"]
            what = {"raw": "vs the limit", "rev": "vs the limit", "raw-single": "",
                    "raw-bookkeeping": "vs the limit",
                    "rev-single": "vs the limit, one transaction"}.get(tool, "vs rev")
            shown = ratio(r[tool], base) + (" " + what if what and tool != "raw" else "")
            if tool == "raw":
                shown = "1.00×"
            print("| %s | %s | %s |" % (label.format(raw=raw_tool), cell(r[tool]), shown))
        print()
        limit = 1.1 if args.engine == "sqlite" else 1.25
        if isinstance(r["rev"], tuple) and isinstance(r["raw"], tuple):
            value = r["rev"][0] / r["raw"][0]
            targets.append(("full upgrade of %s within %.2f× of the limit" % (size, limit),
                            "%.2f×" % value, value <= limit))
        if isinstance(r["rev"], tuple) and isinstance(r["raw-bookkeeping"], tuple):
            value = r["rev"][0] / r["raw-bookkeeping"][0]
            targets.append(("full upgrade of %s no slower than %s doing the same bookkeeping" %
                            (size, raw_tool), "%.2f×" % value, value <= 1.0))
        if size == "1000" and isinstance(r["rev-single"], tuple):
            if isinstance(r["alembic"], tuple) and args.engine == "sqlite":
                value = r["alembic"][0] / r["rev-single"][0]
                targets.append(("--single-transaction at 1,000 at least 20× faster than Alembic",
                                "%.0f×" % value, value >= 20))
            if args.engine == "postgres":
                targets.append(("--single-transaction at 1,000 under 1 s",
                                fmt(r["rev-single"][0]), r["rev-single"][0] < 1))
    if args.noop_sizes.split():
        print("### no-op upgrade at head (median)\n")
        print("| revisions | " + " | ".join(label for _, label in NOOP) + " | dbmate / rev |")
        print("| --- " * (len(NOOP) + 2) + "|")
    for size in args.noop_sizes.split():
        r = {tool: load(args.results, "%s-%s-noop-%s" % (args.engine, size, tool))
             for tool, _ in NOOP}
        print("| %s | %s | %s |" % (format(int(size), ","),
                                    " | ".join(cell(r[tool]) for tool, _ in NOOP),
                                    ratio(r["dbmate"], r["rev"])))
        if isinstance(r["rev"], tuple):
            limit = {"1000": 0.015, "5000": 0.050}.get(size) if args.engine == "sqlite" else 0.030
            if limit:
                targets.append(("no-op at head, %s revisions, under %d ms" % (size, limit * 1000),
                                fmt(r["rev"][0]), r["rev"][0] < limit))
            if isinstance(r["dbmate"], tuple) and args.engine == "sqlite":
                value = r["dbmate"][0] / r["rev"][0]
                targets.append(("no-op at %s at least twice as fast as dbmate" % size,
                                "%.2f×" % value, value >= 2))
    print("\n### targets\n")
    print("| target | measured | |\n| --- | --- | --- |")
    for name, measured, ok in targets:
        print("| %s | %s | %s |" % (name, measured, mark(ok)))


if __name__ == "__main__":
    main()
