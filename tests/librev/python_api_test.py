"""The Python module `rev`, as an application uses it: calls, results, errors, bad input,
and 16 processes starting at once against PostgreSQL and against an SQLite file."""

import os
import sys
import unittest
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import librev_python as support  # noqa: E402

import rev  # noqa: E402

REVISION_IDS = ["a1", "b2", "c3"]
APPLIED_ONCE = ["%s upgrade applied" % revision for revision in REVISION_IDS]

# A child process: migrates on start-up with the given lock policy, prints its outcome.
STARTUP = """
import json, sys, rev
try:
    result = rev.upgrade("head", config=sys.argv[1], lock=sys.argv[2], lock_timeout=120)
    print(json.dumps({"code": 0, "applied": result.get("applied", 0)}))
except rev.Error as error:
    print(json.dumps({"code": error.exit_code, "message": error.message}))
    sys.exit(error.exit_code)
"""


class CallsTest(unittest.TestCase):
    def test_upgrade_status_pending_and_downgrade_return_dicts(self):
        with support.TempFolder() as folder:
            config = support.write_project(folder, "sqlite:///app.db")
            self.assertTrue(rev.pending(config=config))
            steps = []
            result = rev.upgrade("head", config=config, on_progress=steps.append)
            self.assertEqual(result["applied"], 3)
            self.assertEqual(result["heads"], ["c3"])
            self.assertEqual([(s["revision"], s["status"]) for s in steps],
                             [(r, s) for r in REVISION_IDS for s in ("running", "applied")])
            # Already at head: success, nothing applied.
            self.assertEqual(rev.upgrade(config=config)["applied"], 0)
            self.assertFalse(rev.pending(config=config))
            status = rev.status(config=config)
            self.assertTrue(status["up_to_date"])
            self.assertEqual(rev.current(config=config)["current"], ["c3"])
            self.assertEqual(rev.validate(config=folder)["errors"], [])
            self.assertEqual(rev.downgrade("a1", config=config)["heads"], ["a1"])
            self.assertEqual(support.sqlite_history(os.path.join(folder, "app.db"))[-2:],
                             ["c3 downgrade applied", "b2 downgrade applied"])

    def test_failures_raise_rev_error_with_the_exit_code(self):
        with support.TempFolder() as folder:
            config = support.write_project(folder, "sqlite:///app.db")
            with self.assertRaises(rev.Error) as raised:
                rev.upgrade("zz9", config=config)
            self.assertEqual(raised.exception.exit_code, 2)
            self.assertIn("zz9", raised.exception.message)
            with self.assertRaises(rev.Error) as missing:
                rev.status(config=os.path.join(folder, "nowhere"))
            self.assertEqual(missing.exception.exit_code, 2)
            self.assertIn("nowhere", str(missing.exception))
            with self.assertRaises(rev.Error) as environment:
                rev.status(config=config, env="staging")
            self.assertEqual(environment.exception.exit_code, 2)

            # A step that fails: exit code 1, the database at the last good revision.
            support.write_project(folder, "sqlite:///app.db", support.REVISIONS + [
                ("d4", "c3", "CREATE TABLE users (id INTEGER);", "")])
            with self.assertRaises(rev.Error) as failed:
                rev.upgrade(config=config)
            self.assertEqual(failed.exception.exit_code, 1)
            self.assertEqual(failed.exception.result["heads"], ["c3"])
            self.assertEqual(rev.current(config=config)["current"], ["c3"])

    def test_wrong_types_are_clear_errors(self):
        with support.TempFolder() as folder:
            config = support.write_project(folder, "sqlite:///app.db")
            with self.assertRaises(TypeError):
                rev.upgrade(5, config=config)
            with self.assertRaises(TypeError):
                rev.status(config=3.5)
            with self.assertRaises(TypeError):
                rev.status(config=config, database=["sqlite:///x.db"])
            with self.assertRaises(ValueError):
                rev.upgrade(config=config, lock="sometimes")
            with self.assertRaises(TypeError):
                rev.upgrade(config=config, lock_timeout="10")
            with self.assertRaises(TypeError):
                rev.upgrade(config=config, on_log="print")
            with self.assertRaises(ValueError):
                rev.upgrade("he\0ad", config=config)
            with self.assertRaises(ValueError):
                rev.upgrade("\udcff", config=config)  # no text: a lone surrogate
            with self.assertRaises(rev.Error) as not_a_project:
                rev.status(config=os.fsencode(folder) + b"/\xff")
            self.assertEqual(not_a_project.exception.exit_code, 2)
            with self.assertRaises(TypeError):
                rev.upgrade(config=config, no_such_option=1)
            project = rev.Project(config)
            project.close()
            with self.assertRaises(rev.Error) as closed:
                project.status()
            self.assertEqual(closed.exception.exit_code, 2)
            self.assertFalse(os.path.exists(os.path.join(folder, "app.db")))

    def test_a_raising_callback_warns_and_the_migration_completes(self):
        with support.TempFolder() as folder:
            config = support.write_project(folder, "sqlite:///app.db")

            def broken(step):
                raise KeyError("progress bar")

            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                result = rev.upgrade(config=config, on_progress=broken)
            self.assertEqual(result["applied"], 3)
            self.assertTrue(any("progress callback threw" in str(w.message) for w in caught))
            lines = []
            with self.assertRaises(rev.Error):
                rev.upgrade("zz9", config=config, on_log=lambda level, line:
                            lines.append((level, line)))
            self.assertTrue(any(level == "error" and "zz9" in line for level, line in lines))


class StartupTest(unittest.TestCase):
    """16 processes start at once; each migrates on start-up (half wait for the lock,
    half skip it). Every revision is applied once and every process succeeds."""

    def start_sixteen(self, config):
        policies = [rev.LOCK_WAIT, rev.LOCK_SKIP] * 8
        children = [support.start_python(STARTUP, config, policy) for policy in policies]
        return [support.report(child) for child in children]

    def check(self, reports, history):
        for code, outcome, err in reports:
            self.assertEqual(code, 0, "a process failed: %r %s" % (outcome, err))
        self.assertEqual(sum(outcome["applied"] for _, outcome, _ in reports), 3)
        self.assertEqual(history, APPLIED_ONCE)

    def test_sixteen_processes_on_one_sqlite_file(self):
        with support.TempFolder() as folder:
            config = support.write_project(folder, "sqlite:///app.db")
            reports = self.start_sixteen(config)
            self.check(reports, support.sqlite_history(os.path.join(folder, "app.db")))

    def test_sixteen_processes_on_postgresql(self):
        if os.environ.get("REV_TEST_SKIP_POSTGRES") == "1":  # opted out, as the C++ suites
            self.skipTest("REV_TEST_SKIP_POSTGRES=1")
        with support.TempFolder() as folder, support.PostgresDatabase() as database:
            config = support.write_project(folder, database.url)
            reports = self.start_sixteen(config)
            self.check(reports, database.history())
            # The password never reaches what rev says.
            password = support.urlsplit(database.url).password
            for _, outcome, err in reports:
                self.assertNotIn(password, err)


if __name__ == "__main__":
    unittest.main(verbosity=2)
