#!/usr/bin/env python3
"""Checks the include direction of ARCHITECTURE.md: cli -> validators -> engine -> revisions.

Fails (exit 1, one line per finding, `file:line: ...`) when
  - revisions/ includes engine/, validators/ or cli/;
  - engine/ includes validators/ or cli/;
  - validators/ includes cli/;
  - inside engine/, a folder includes one above it: the pure core (engine/) includes none of
    its sub-folders, engine/process/ only the core, engine/backends/ the core and
    engine/process/, engine/schema/ those and engine/backends/, engine/importers/ those and
    engine/schema/, engine/operations/ any;
  - <sqlite3.h> appears outside the SQLite backend's .cpp in engine/backends/, <pqxx/...>
    outside the PostgreSQL backend's .cpp there;
  - <boost/...> appears outside engine/'s .cpp files (never in a header);
  - <yaml-cpp/...> appears outside revisions/'s .cpp files;
  - <CLI/...> appears outside cli/;
  - inside cli/, a file outside cli/commands/ includes cli/commands/ (a command is wiring;
    what commands share, such as cli/fleet/, never reaches back into one).

Only the four library folders are checked; tests may include what they test.

Usage: check_includes.py [ROOT]        (ROOT defaults to the repository holding this script)
       check_includes.py --self-test   (proves each rule fires, on trees made in a temp dir)
"""
import os
import re
import sys
import tempfile

LAYERS = ["revisions", "engine", "validators", "cli"]  # lowest first
# engine/'s own folders, lowest first: the pure core, then what does I/O (ARCHITECTURE.md).
ENGINE_FOLDERS = ["engine", "engine/process", "engine/backends", "engine/schema",
                  "engine/importers", "engine/operations"]
SOURCE_SUFFIXES = (".h", ".hpp", ".cpp", ".cc")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def third_party_rule(target, rel):
    """Why including `target` from `rel` (a path like engine/backends/sqlite_backend.cpp) is
    not allowed, or None when it is."""
    folder, name = os.path.split(rel)
    is_cpp = name.endswith((".cpp", ".cc"))
    if target == "sqlite3.h":
        if folder == "engine/backends" and is_cpp and "sqlite" in name:
            return None
        return "<sqlite3.h> belongs only in the SQLite backend's .cpp under engine/backends/"
    if target.startswith("pqxx/"):
        if folder == "engine/backends" and is_cpp and "postgres" in name:
            return None
        return "<pqxx/...> belongs only in the PostgreSQL backend's .cpp under engine/backends/"
    if target.startswith("boost/"):
        if (folder == "engine" or folder.startswith("engine/")) and is_cpp:
            return None
        return "<boost/...> belongs only in engine/'s .cpp files, never in a header"
    if target.startswith("yaml-cpp/"):
        if folder == "revisions" and is_cpp:
            return None
        return "<yaml-cpp/...> belongs only in revisions/'s .cpp files"
    if target.startswith("CLI/"):
        if folder == "cli" or folder.startswith("cli/"):
            return None
        return "<CLI/...> (CLI11) belongs only in cli/"
    return None


def layer_rule(target, rel):
    own = rel.split("/", 1)[0]
    other = target.split("/", 1)[0]
    if own in LAYERS and other in LAYERS and LAYERS.index(other) > LAYERS.index(own):
        return ("%s/ may not include %s/ (the direction is cli -> validators -> engine -> "
                "revisions)" % (own, other))
    return None


def engine_folder(path):
    """The engine folder of ENGINE_FOLDERS holding `path`, or None outside engine/."""
    parts = path.split("/")
    if parts[0] != "engine":
        return None
    if len(parts) > 2 and "engine/" + parts[1] in ENGINE_FOLDERS:
        return "engine/" + parts[1]
    return "engine"


def engine_rule(target, rel):
    own, other = engine_folder(rel), engine_folder(target)
    if own is None or other is None or own == other:
        return None
    if ENGINE_FOLDERS.index(other) > ENGINE_FOLDERS.index(own):
        return ("%s/ may not include %s/ (inside engine/ the direction is operations -> "
                "importers -> schema -> backends -> process -> the pure core)" % (own, other))
    return None


def cli_rule(target, rel):
    if (rel.startswith("cli/") and not rel.startswith("cli/commands/") and
            target.startswith("cli/commands/") and rel != "cli/app.cpp"):
        return ("only cli/app.cpp and cli/commands/ may include cli/commands/ (what commands "
                "share lives in shared cli files, such as cli/fleet/)")
    return None


def check_file(root, rel):
    findings = []
    with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as f:
        for number, line in enumerate(f, 1):
            match = INCLUDE.match(line)
            if not match:
                continue
            target = match.group(2).strip()
            problem = (layer_rule(target, rel) or engine_rule(target, rel) or
                       cli_rule(target, rel) or third_party_rule(target, rel))
            if problem:
                findings.append("%s:%d: #include %s%s%s: %s" % (
                    rel, number, match.group(1), target, ">" if match.group(1) == "<" else '"',
                    problem))
    return findings


def check_tree(root):
    findings = []
    for layer in LAYERS:
        for folder, dirs, files in os.walk(os.path.join(root, layer)):
            dirs.sort()
            for name in sorted(files):
                if name.endswith(SOURCE_SUFFIXES):
                    rel = os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/")
                    findings.extend(check_file(root, rel))
    return findings


def self_test():
    """Each rule, shown to fire on a bad file and stay quiet on a good one."""
    cases = [  # (file, include line, should fail)
        ("revisions/a.cpp", '#include "engine/plan.h"', True),
        ("revisions/a.h", '#include "validators/finding.h"', True),
        ("revisions/a.cpp", '#include "cli/output.h"', True),
        ("engine/a.cpp", '#include "validators/finding.h"', True),
        ("engine/operations/a.cpp", '#include "cli/output.h"', True),
        ("engine/plan.cpp", '#include "engine/backends/backend.h"', True),
        ("engine/plan.h", '#include "engine/operations/migrator.h"', True),
        ("engine/backends/a.cpp", '#include "engine/operations/migrator.h"', True),
        ("engine/process/a.cpp", '#include "engine/backends/backend.h"', True),
        ("engine/backends/a.cpp", '#include "engine/process/child_process.h"', False),
        ("engine/backends/a.h", '#include "engine/plan.h"', False),
        ("engine/operations/a.cpp", '#include "engine/backends/backend.h"', False),
        ("engine/schema/a.cpp", '#include "engine/backends/backend.h"', False),
        ("engine/schema/a.cpp", '#include "engine/operations/migrator.h"', True),
        ("validators/a.cpp", '#include "cli/output.h"', True),
        ("cli/a.cpp", '#include "validators/validate.h"', False),
        ("validators/a.cpp", '#include "engine/plan.h"', False),
        ("engine/a.h", '#include "revisions/revision.h"', False),
        ("engine/backends/sqlite_backend.cpp", "#include <sqlite3.h>", False),
        ("engine/backends/sqlite_backend.h", "#include <sqlite3.h>", True),
        ("engine/revision_graph.cpp", "#include <sqlite3.h>", True),
        ("cli/a.cpp", "#  include <sqlite3.h>", True),
        ("engine/backends/postgres_backend.cpp", "#include <pqxx/pqxx>", False),
        ("engine/backends/sqlite_backend.cpp", "#include <pqxx/pqxx>", True),
        ("engine/revision_graph.cpp", "#include <boost/graph/adjacency_list.hpp>", False),
        ("engine/revision_graph.h", "#include <boost/graph/adjacency_list.hpp>", True),
        ("validators/a.cpp", "#include <boost/optional.hpp>", True),
        ("revisions/config.cpp", "#include <yaml-cpp/yaml.h>", False),
        ("revisions/config.h", "#include <yaml-cpp/yaml.h>", True),
        ("engine/a.cpp", "#include <yaml-cpp/yaml.h>", True),
        ("cli/commands/init.cpp", "#include <CLI/CLI.hpp>", False),
        ("engine/a.cpp", "#include <CLI/CLI.hpp>", True),
        ("cli/fleet/runner.cpp", '#include "cli/commands/fleet.h"', True),
        ("cli/app.cpp", '#include "cli/commands/fleet.h"', False),
        ("cli/commands/fleet.cpp", '#include "cli/fleet/runner.h"', False),
        ("tests/engine/a.cpp", '#include "cli/output.h"', False),  # tests are not layered
    ]
    failures = 0
    for rel, line, should_fail in cases:
        with tempfile.TemporaryDirectory() as root:
            os.makedirs(os.path.join(root, os.path.dirname(rel)), exist_ok=True)
            with open(os.path.join(root, rel), "w") as f:
                f.write("// test\n" + line + "\n")
            found = check_tree(root)
            if bool(found) != should_fail:
                failures += 1
                print("self-test: %s with `%s`: expected %s, got %s" % (
                    rel, line, "a finding" if should_fail else "none", found or "none"))
    total = len(cases)
    print("%d passed, %d failed" % (total - failures, failures))
    return 1 if failures else 0


def main(argv):
    if len(argv) > 1 and argv[1] == "--self-test":
        return self_test()
    root = argv[1] if len(argv) > 1 else os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    findings = check_tree(root)
    for finding in findings:
        print(finding)
    if findings:
        print("include check: %d finding(s); see ARCHITECTURE.md, 'Four folders, one direction'"
              % len(findings))
        return 1
    print("include check: the include direction holds")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
