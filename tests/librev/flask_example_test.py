"""The example Flask app (scripts/examples/flask_app) started twice at once: both migrate
in their app factory, one applies the revisions, the other finds them applied, and both
serve requests on the migrated database."""

import json
import os
import socket
import subprocess
import sys
import time
import unittest
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import librev_python as support  # noqa: E402

APP = os.path.join(os.environ["REV_SOURCE_DIR"], "scripts", "examples", "flask_app", "app.py")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port, path):
    with urllib.request.urlopen("http://127.0.0.1:%d%s" % (port, path), timeout=5) as response:
        return response.status, json.loads(response.read())


def wait_until_serving(app, port, deadline):
    while time.monotonic() < deadline:
        if app.poll() is not None:
            raise AssertionError("the app ended before serving: %s" % app.communicate()[1])
        try:
            return get(port, "/health")
        except OSError:
            time.sleep(0.05)
    raise AssertionError("the app on port %d did not serve in time" % port)


class FlaskExampleTest(unittest.TestCase):
    def test_two_apps_started_at_once_migrate_once_and_serve(self):
        with support.TempFolder() as folder:
            config = support.write_project(folder, "sqlite:///app.db")
            ports = [free_port(), free_port()]
            apps = [subprocess.Popen([sys.executable, APP, "--port", str(port), "--config", config],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                    for port in ports]
            try:
                deadline = time.monotonic() + 60
                for app, port in zip(apps, ports):
                    self.assertEqual(wait_until_serving(app, port, deadline), (200, {"status": "ok"}))
                pages = [get(port, "/")[1] for port in ports]
            finally:
                for app in apps:
                    app.terminate()
                logs = [app.communicate(timeout=30)[1] for app in apps]
            for page in pages:
                self.assertEqual(page["heads"], ["c3"])
                self.assertTrue(page["up_to_date"])
            self.assertEqual(sorted(page["applied_at_start"] for page in pages), [0, 3], logs)
            self.assertEqual(len({page["pid"] for page in pages}), 2)
            self.assertEqual(support.sqlite_history(os.path.join(folder, "app.db")),
                             ["%s upgrade applied" % r for r in ("a1", "b2", "c3")])
            self.assertTrue(any("3 revisions applied at start-up" in log for log in logs), logs)


if __name__ == "__main__":
    unittest.main(verbosity=2)
