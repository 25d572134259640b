"""The Alembic side of `rev import alembic`: one Python process for the whole project.

Run as `python3 - PROJECT` with this file on stdin (rev embeds it; alembic_reader.cpp).
PROJECT holds alembic.ini. Writes one JSON object to stdout and nothing else there:

  {"revisions": [{"revision", "down_revisions", "branch_labels", "depends_on",
                  "message", "created_at", "file", "upgrade_sql", "downgrade_sql",
                  "autocommit"}, ...],        # parents before children
   "version_table": "alembic_version"}       # as env.py configured it, maybe schema-qualified
or
  {"error": {"kind", "message", "file", "line", "failures": [...]}}

How the SQL is made: the user's env.py runs once, in offline mode (as `alembic upgrade
--sql` runs it), so that it configures the dialect, literal binds and the rest as the
project does. Its context.run_migrations() calls `collect` below instead of Alembic's
upgrade function: `collect` runs every revision's upgrade() and downgrade() itself, each
with a fresh output buffer, and returns no steps, so Alembic writes none of its
version-table statements and none of the BEGIN/COMMIT it puts around a run into those
buffers (they go to a buffer that is thrown away).

Everything the project's Python prints goes to stderr: stdout is rev's.
"""

import contextlib
import datetime
import io
import json
import os
import re
import sys
import traceback

# The project's revision files are read, never written: no __pycache__ beside them.
sys.dont_write_bytecode = True

CREATE_DATE = re.compile(r"^\s*Create Date:\s*(\S.*?)\s*$", re.MULTILINE)


class Failure(Exception):
    """What rev reports as the reason the project cannot be imported."""

    def __init__(self, kind, message, file="", line=0, failures=None, detail=""):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.file = file
        self.line = line
        self.failures = failures or []
        self.detail = detail  # the traceback, from the project's own frames

    def as_json(self):
        return {"kind": self.kind, "message": self.message, "file": self.file,
                "line": self.line, "failures": self.failures, "detail": self.detail}


def last_line(error):
    """The last line of Python's own report of `error`: `ValueError: bad value`; just the
    message for Alembic's own errors, which are written for people."""
    if type(error).__module__.startswith("alembic.") and str(error):
        return str(error).strip().splitlines()[-1]
    lines = traceback.format_exception_only(type(error), error)
    return lines[-1].strip() if lines else type(error).__name__


def print_traceback(error):
    """Python's traceback of `error` on stderr, and returned, from the first frame in the
    project's own files (the current folder): the frames of this script and of Alembic's
    machinery above them only hide what failed."""
    frames = traceback.extract_tb(error.__traceback__)
    here = os.getcwd() + os.sep
    for index, frame in enumerate(frames):
        if not frame.filename.startswith("<") and frame.filename.startswith(here):
            frames = frames[index:]
            break
    text = ("Traceback (most recent call last):\n" + "".join(traceback.format_list(frames)) +
            "".join(traceback.format_exception_only(type(error), error)))
    sys.stderr.write(text)
    return text


def where(error, files):
    """(file, line) of the innermost frame of `error` in one of `files`, else ("", 0)."""
    if isinstance(error, SyntaxError) and error.filename in files:
        return error.filename, error.lineno or 0
    found = ("", 0)
    for frame in traceback.extract_tb(error.__traceback__):
        if os.path.abspath(frame.filename) in files:
            found = (os.path.abspath(frame.filename), frame.lineno or 0)
    return found


def created_at(path):
    """The revision file's `Create Date:` as ISO 8601 UTC, or "".

    Alembic writes the author's local time without a zone unless alembic.ini sets
    `timezone`; a time without a zone is taken as UTC (rev's README says so)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as source:
            match = CREATE_DATE.search(source.read())
    except OSError:
        return ""
    if not match:
        return ""
    try:
        when = datetime.datetime.fromisoformat(match.group(1))
    except ValueError:
        return ""
    if when.tzinfo is not None:
        when = when.astimezone(datetime.timezone.utc)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def upgrade_order(scripts):
    """Parents (and what a revision depends on) before children; otherwise Alembic's order."""
    walked = list(reversed(scripts))
    by_id = {script.revision: script for script in walked}
    done, ordered = set(), []
    while len(ordered) < len(walked):
        for script in walked:
            if script.revision in done:
                continue
            needs = [r for r in script._all_down_revisions if r in by_id]
            if all(r in done for r in needs):
                done.add(script.revision)
                ordered.append(script)
                break
        else:
            raise Failure("scripts", "the revisions' down_revision and depends_on form a cycle")
    return ordered


class Collector:
    """The `fn` Alembic's context calls from env.py's run_migrations()."""

    def __init__(self, scripts, util):
        self.scripts = scripts
        self.util = util
        self.calls = 0
        self.autocommit = False
        self.results = {}
        self.failures = []
        self.version_table = ""

    @contextlib.contextmanager
    def autocommit_block(self):
        # Alembic's own, in offline mode, only writes COMMIT before and BEGIN after the
        # block (transactional-DDL dialects); rev wants the statements alone.
        self.autocommit = True
        yield

    def __call__(self, heads, context):
        self.calls += 1
        if self.calls > 1:
            return []
        table = context.version_table
        if context.version_table_schema:
            table = context.version_table_schema + "." + table
        self.version_table = table
        impl = context.impl
        saved = (impl.output_buffer, context.output_buffer)
        context.autocommit_block = self.autocommit_block
        try:
            for script in self.scripts:
                self.run_revision(script, context)
        finally:
            impl.output_buffer, context.output_buffer = saved
            del context.autocommit_block
        return []

    def run_revision(self, script, context):
        result = {"autocommit": False}
        for direction in ("upgrade", "downgrade"):
            function = getattr(script.module, direction, None)
            if function is None:
                result[direction + "_sql"] = None
                continue
            buffer = io.StringIO()
            context.impl.output_buffer = context.output_buffer = buffer
            self.autocommit = False
            try:
                function()
            except Exception as error:  # the revision's own Python, whatever it raises
                if direction == "downgrade" and self.irreversible(error, script):
                    result["downgrade_sql"] = None
                    continue
                file, line = where(error, {os.path.abspath(script.path)})
                self.failures.append({"revision": script.revision, "direction": direction,
                                      "message": last_line(error),
                                      "file": file or script.path, "line": line})
                print_traceback(error)
                return
            result[direction + "_sql"] = buffer.getvalue()
            result["autocommit"] = result["autocommit"] or self.autocommit
        self.results[script.revision] = result

    @staticmethod
    def irreversible(error, script):
        """A downgrade() that itself raises NotImplementedError: Alembic's idiom for a
        revision that cannot be undone. It has no down migration; it is not an error."""
        if not isinstance(error, NotImplementedError):
            return False
        frames = traceback.extract_tb(error.__traceback__)
        return bool(frames) and os.path.abspath(frames[-1].filename) == os.path.abspath(
            script.path) and frames[-1].name == "downgrade"


def load(project):
    try:
        from alembic.config import Config
        from alembic.runtime.environment import EnvironmentContext
        from alembic.script import ScriptDirectory
        from alembic import util
    except ImportError as error:
        raise Failure("no-alembic", last_line(error))
    ini = os.path.join(project, "alembic.ini")
    try:
        config = Config(ini, output_buffer=io.StringIO())
        script = ScriptDirectory.from_config(config)
    except Exception as error:  # configparser's and Alembic's errors about alembic.ini
        raise Failure("config", last_line(error), ini)
    return config, script, EnvironmentContext, util


def revision_files(script):
    folders = [os.path.abspath(folder) for folder in script._version_locations]
    files = set()
    for folder in folders:
        if os.path.isdir(folder):
            files.update(os.path.abspath(os.path.join(folder, name))
                         for name in os.listdir(folder))
    return files


def check_unique(script):
    """Alembic only warns about two files with the same revision id, and keeps one."""
    seen = {}
    for each in script._load_revisions():
        path = os.path.abspath(each.path)
        if each.revision in seen:
            raise Failure("scripts", "revision %s is in two files: %s and %s" % (
                each.revision, os.path.relpath(seen[each.revision]), os.path.relpath(path)),
                path, 1)
        seen[each.revision] = path


def read_scripts(script):
    try:
        check_unique(script)
        return upgrade_order(list(script.walk_revisions("base", "heads")))
    except Failure:
        raise
    except Exception as error:  # a revision file that does not load, a missing parent, ...
        file, line = where(error, revision_files(script))
        print_traceback(error)
        raise Failure("scripts", last_line(error), file, line)


def run_offline(config, script, environment_context, collector):
    env_py = os.path.abspath(script.env_py_location)
    if not os.path.exists(env_py):
        raise Failure("config", "there is no env.py in " + script.dir, env_py)
    try:
        with environment_context(config, script, fn=collector, as_sql=True,
                                 starting_rev=None, destination_rev="heads", tag=None):
            script.run_env()
    except Exception as error:  # env.py's own Python, or Alembic refusing its configuration
        detail = print_traceback(error)
        file, line = where(error, {env_py})
        raise Failure("env", last_line(error), file or env_py, line, detail=detail)
    if collector.calls == 0:
        raise Failure("env", "it did not call context.run_migrations()", env_py)
    if collector.calls > 1:
        raise Failure("env", "it runs the migrations more than once (one database each, as "
                      "Alembic's multidb template does); rev imports one database's", env_py)


def describe(project, script, util):
    return {
        "revision": script.revision,
        "down_revisions": list(util.to_tuple(script.down_revision, default=())),
        "branch_labels": list(util.to_tuple(getattr(script.module, "branch_labels", None),
                                            default=())),
        "depends_on": list(util.to_tuple(getattr(script.module, "depends_on", None),
                                         default=())),
        "message": script.doc,
        "created_at": created_at(script.path),
        "file": os.path.relpath(script.path, project),
    }


def read_project(project):
    config, script, environment_context, util = load(project)
    scripts = read_scripts(script)
    collector = Collector(scripts, util)
    run_offline(config, script, environment_context, collector)
    if collector.failures:
        for failure in collector.failures:
            failure["file"] = os.path.relpath(failure["file"], project)
        raise Failure("offline", "Alembic cannot produce the offline SQL of these revisions",
                      failures=collector.failures)
    revisions = []
    for each in scripts:
        entry = describe(project, each, util)
        entry.update(collector.results[each.revision])
        revisions.append(entry)
    return {"revisions": revisions, "version_table": collector.version_table}


def main():
    # fd 1 is rev's JSON; the project's own output (print(), logging) goes to stderr.
    json_out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    project = os.path.abspath(sys.argv[1])
    os.chdir(project)  # alembic.ini's relative script_location is relative to here
    try:
        result = read_project(project)
    except Failure as failure:
        if failure.file:
            failure.file = os.path.relpath(failure.file, project)
        result = {"error": failure.as_json()}
    except Exception as error:  # anything else: reported with the traceback on stderr
        print_traceback(error)
        result = {"error": Failure("python", last_line(error)).as_json()}
    json.dump(result, json_out)
    json_out.close()


if __name__ == "__main__":
    main()
