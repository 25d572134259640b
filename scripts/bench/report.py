#!/usr/bin/python3
"""Turns the results of offline.sh (hyperfine JSON, peak RSS, skip notes) into Markdown
tables: absolute times, ratios (rev vs cat, Alembic vs rev), peak memory, the 10,000 ->
100,000 scaling, and the targets of the speed issue, each marked met or missed.

  report.py RESULTS_DIR --sizes "1000 10000 100000" --shapes "linear branchy"
"""
import argparse
import json
import os

REV_COMMANDS = [("validate", "rev validate"), ("heads", "rev heads"), ("history", "rev history"),
                ("upgrade", "rev upgrade base:head --sql"),
                ("validate-cold", "rev validate, no scan cache"),
                ("heads-cold", "rev heads, no scan cache")]
ALEMBIC_COMMANDS = [("heads", "alembic heads"), ("upgrade", "alembic upgrade base:head --sql")]


class Results:
    def __init__(self, folder):
        self.folder = folder

    def _path(self, name, suffix):
        return os.path.join(self.folder, name + suffix)

    def time(self, name):
        """Median wall-clock seconds over the runs, or None. The median, not the mean: one
        run slowed by another process on the machine should not move the table."""
        try:
            with open(self._path(name, ".json")) as f:
                return json.load(f)["results"][0]["median"]
        except (OSError, KeyError, IndexError, ValueError):
            return None

    def cpu(self, name):
        """Mean user + system seconds, or None. On a machine busy with other work this is
        the steadier number: waiting for a core is not counted."""
        try:
            with open(self._path(name, ".json")) as f:
                result = json.load(f)["results"][0]
                return result["user"] + result["system"]
        except (OSError, KeyError, IndexError, ValueError, TypeError):
            return None

    def runs(self, name):
        try:
            with open(self._path(name, ".json")) as f:
                return len(json.load(f)["results"][0]["times"])
        except (OSError, KeyError, IndexError, ValueError):
            return 0

    def stddev(self, name):
        try:
            with open(self._path(name, ".json")) as f:
                return json.load(f)["results"][0]["stddev"] or 0.0
        except (OSError, KeyError, IndexError, ValueError):
            return None

    def rss_mb(self, name):
        try:
            with open(self._path(name, ".rss")) as f:
                return int(f.read().split()[-1]) / 1024.0
        except (OSError, ValueError, IndexError):
            return None

    def skipped(self, name):
        try:
            with open(self._path(name, ".skipped")) as f:
                return f.read().strip()
        except OSError:
            return None


def seconds(value):
    if value is None:
        return "—"
    if value < 1e-3:
        return "%.0f µs" % (value * 1e6)
    if value < 1:
        return "%.1f ms" % (value * 1e3) if value < 0.1 else "%.0f ms" % (value * 1e3)
    return "%.2f s" % value


def ratio(a, b):
    if a is None or b is None or b == 0:
        return "—"
    value = a / b
    return "%.2f×" % value if value < 10 else "%.0f×" % value


def cell(results, name):
    median = results.time(name)
    if median is None:
        return "skipped" if results.skipped(name) else "—"
    return "%s ± %s" % (seconds(median), seconds(results.stddev(name)))


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("results")
    parser.add_argument("--sizes", default="1000 10000 100000")
    parser.add_argument("--shapes", default="linear branchy")
    args = parser.parse_args()
    r = Results(args.results)
    sizes = [int(s) for s in args.sizes.split()]
    shapes = args.shapes.split()

    out = []
    out.append("### Times (median ± standard deviation, wall clock)\n")
    load = os.path.join(args.results, "loadavg")
    if os.path.exists(load):
        with open(load) as f:
            out.append("Load average when the run started: %s (2 cores).\n" % f.read().strip())
    rows = []
    for shape in shapes:
        for n in sizes:
            base = "%s-%d-" % (shape, n)
            rows.append([shape, "{:,}".format(n), cell(r, base + "cat"), cell(r, base + "stat")] +
                        [cell(r, base + "rev-" + c) for c, _ in REV_COMMANDS] +
                        [cell(r, base + "alembic-" + c) for c, _ in ALEMBIC_COMMANDS])
    out.append(table(["shape", "revisions", "cat (all files)", "stat (all files)"] +
                     [t for _, t in REV_COMMANDS] + [t for _, t in ALEMBIC_COMMANDS], rows))

    startup = r.time("startup-rev-version")
    if startup is not None:
        out.append("\nrev's start-up alone (`rev --version`: loading the binary and its "
                   "libraries) takes %s wall clock, %s CPU." %
                   (seconds(startup), seconds(r.cpu("startup-rev-version"))))

    out.append("\n### CPU time (user + system, mean)\n")
    rows = []
    for shape in shapes:
        for n in sizes:
            base = "%s-%d-" % (shape, n)
            names = ([base + "cat"] + [base + "rev-" + c for c, _ in REV_COMMANDS] +
                     [base + "alembic-" + c for c, _ in ALEMBIC_COMMANDS])
            rows.append([shape, "{:,}".format(n)] + [seconds(r.cpu(x)) for x in names])
    out.append(table(["shape", "revisions", "cat (all files)"] + [t for _, t in REV_COMMANDS] +
                     [t for _, t in ALEMBIC_COMMANDS], rows))

    out.append("\n### Ratios\n")
    out.append("rev ÷ cat: how far from the cost of reading the files (1× is the limit). "
               "Alembic ÷ rev: how many times faster rev is than Alembic on the same graph "
               "(`rev validate` is set beside `alembic heads`, Alembic having no validate).\n")
    rows = []
    for shape in shapes:
        for n in sizes:
            base = "%s-%d-" % (shape, n)
            cat = r.time(base + "cat")
            row = [shape, "{:,}".format(n)]
            row += [ratio(r.time(base + "rev-" + c), cat) for c, _ in REV_COMMANDS]
            alembic_heads = r.time(base + "alembic-heads")
            alembic_upgrade = r.time(base + "alembic-upgrade")
            row += [ratio(alembic_heads, r.time(base + "rev-validate")),
                    ratio(alembic_heads, r.time(base + "rev-heads")),
                    ratio(alembic_upgrade, r.time(base + "rev-upgrade"))]
            rows.append(row)
    out.append(table(["shape", "revisions"] + ["%s ÷ cat" % t for _, t in REV_COMMANDS] +
                     ["alembic heads ÷ rev validate",
                      "alembic heads ÷ rev heads", "alembic upgrade --sql ÷ rev upgrade --sql"],
                     rows))

    out.append("\n### Peak memory (maximum resident set size)\n")
    rows = []
    for shape in shapes:
        for n in sizes:
            base = "%s-%d-" % (shape, n)
            names = [base + "rev-" + c for c, _ in REV_COMMANDS] + [base + "alembic-heads"]
            rows.append([shape, "{:,}".format(n)] +
                        ["—" if r.rss_mb(x) is None else "%.0f MB" % r.rss_mb(x) for x in names])
    out.append(table(["shape", "revisions"] + [t for _, t in REV_COMMANDS] + ["alembic heads"],
                     rows))

    if 10000 in sizes and 100000 in sizes:
        out.append("\n### Scaling: time at 100,000 ÷ time at 10,000 (linear is 10×)\n")
        rows = []
        for shape in shapes:
            row = [shape, ratio(r.time("%s-100000-cat" % shape), r.time("%s-10000-cat" % shape))]
            row += [ratio(r.time("%s-100000-rev-%s" % (shape, c)),
                          r.time("%s-10000-rev-%s" % (shape, c))) for c, _ in REV_COMMANDS]
            rows.append(row)
        out.append(table(["shape", "cat"] + [t for _, t in REV_COMMANDS], rows))

    out.append("\n### Targets\n")
    out.extend(targets(r, sizes, shapes))

    notes = []
    for shape in shapes:
        for n in sizes:
            for kind, commands in (("rev", REV_COMMANDS), ("alembic", ALEMBIC_COMMANDS)):
                for c, title in commands:
                    why = r.skipped("%s-%d-%s-%s" % (shape, n, kind, c))
                    if why:
                        notes.append("- %s, %s revisions, `%s`: %s" % (shape, "{:,}".format(n),
                                                                        title, why))
    if notes:
        out.append("\n### Not measured\n")
        out.extend(notes)
    print("\n".join(out))


def targets(r, sizes, shapes):
    lines = []

    def check(ok, text):
        mark = "—" if ok is None else ("met" if ok else "MISSED")
        lines.append("- %s: %s" % (mark, text))

    for shape in shapes:
        if 1000 in sizes:
            for c in ("heads", "validate"):
                t = r.time("%s-1000-rev-%s" % (shape, c))
                check(None if t is None else t < 0.010,
                      "%s, 1,000 revisions: `rev %s` under 10 ms (%s)" % (shape, c, seconds(t)))
        if 10000 in sizes:
            cat = r.time("%s-10000-cat" % shape)
            for c in ("heads", "validate"):
                t = r.time("%s-10000-rev-%s" % (shape, c))
                ok = None if t is None or cat is None else t <= 3 * cat
                check(ok, "%s, 10,000 revisions: `rev %s` within 3× of cat (%s)" %
                      (shape, c, ratio(t, cat)))
            alembic = r.time("%s-10000-alembic-heads" % shape)
            t = r.time("%s-10000-rev-heads" % shape)
            ok = None if t is None or alembic is None else alembic / t >= 50
            check(ok, "%s, 10,000 revisions: `rev heads` at least 50× faster than `alembic "
                  "heads` (%s: rev heads %s, alembic heads %s; the stat of every file alone "
                  "%s, rev's start-up %s)" %
                  (shape, ratio(alembic, t), seconds(t), seconds(alembic),
                   seconds(r.time("%s-10000-stat" % shape)),
                   seconds(r.time("startup-rev-version"))))
        if 100000 in sizes:
            t = r.time("%s-100000-rev-validate" % shape)
            mb = r.rss_mb("%s-100000-rev-validate" % shape)
            check(None if t is None else t < 2.0,
                  "%s, 100,000 revisions validated in under 2 s (%s)" % (shape, seconds(t)))
            check(None if mb is None else mb < 200,
                  "%s, 100,000 revisions validated in under 200 MB peak (%s)" %
                  (shape, "—" if mb is None else "%.0f MB" % mb))
        if 10000 in sizes and 100000 in sizes:
            for c, title in REV_COMMANDS:
                a = r.time("%s-10000-rev-%s" % (shape, c))
                b = r.time("%s-100000-rev-%s" % (shape, c))
                # Linear within measurement noise: at most 13× for 10× the revisions.
                check(None if a is None or b is None else b / a <= 13,
                      "%s: `%s` linear in N, 10,000 → 100,000 (%s)" % (shape, title, ratio(b, a)))
    return lines


if __name__ == "__main__":
    main()
