"""What the Python tests of librev share: projects in temp folders, fresh PostgreSQL
databases on the test server, and the history a database records."""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import uuid
from urllib.parse import urlsplit, urlunsplit

REVISIONS = [
    ("a1", None, "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);",
     "DROP TABLE users;"),
    ("b2", "a1", "CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER "
     "REFERENCES users (id));\nCREATE INDEX orders_user ON orders (user_id);",
     "DROP TABLE orders;"),
    ("c3", "b2", "ALTER TABLE users ADD COLUMN name TEXT;\n"
     "INSERT INTO users (id, email, name) VALUES (1, 'a@example.com', 'A');",
     "DELETE FROM users;"),
]


def write_project(folder, database_url, revisions=REVISIONS):
    """rev.yaml naming `database_url`, and one file per revision."""
    os.makedirs(os.path.join(folder, "revisions"), exist_ok=True)
    with open(os.path.join(folder, "rev.yaml"), "w") as config:
        config.write("revisions: revisions\ndatabase: %s\n" % database_url)
    for number, (revision, parent, upgrade, downgrade) in enumerate(revisions):
        path = os.path.join(folder, "revisions", "%s_step%d.sql" % (revision, number))
        with open(path, "w") as file:
            file.write("-- revision: %s\n-- down_revision: %s\n-- message: step %d\n"
                       "-- rev:upgrade\n%s\n-- rev:downgrade\n%s\n"
                       % (revision, parent or "null", number, upgrade, downgrade))
    return os.path.join(folder, "rev.yaml")


class TempFolder:
    def __enter__(self):
        self.path = tempfile.mkdtemp(prefix="librev-test-")
        return self.path

    def __exit__(self, *exc):
        shutil.rmtree(self.path, ignore_errors=True)
        return False


def postgres_admin_url():
    url = os.environ.get("REV_TEST_POSTGRES_URL")
    if not url:
        raise AssertionError("REV_TEST_POSTGRES_URL is not set: the PostgreSQL cases need the "
                             "test server (scripts/test.sh starts one)")
    return url


class PostgresDatabase:
    """A fresh database on the test server, dropped at the end."""

    def __enter__(self):
        import psycopg2
        self.admin_url = postgres_admin_url()
        self.name = "rev_librev_" + uuid.uuid4().hex[:12]
        self._admin(lambda cursor: cursor.execute('CREATE DATABASE "%s"' % self.name))
        parts = urlsplit(self.admin_url)
        self.url = urlunsplit((parts.scheme, parts.netloc, "/" + self.name, parts.query, ""))
        return self

    def __exit__(self, *exc):
        self._admin(lambda cursor: cursor.execute(
            'DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % self.name))
        return False

    def _admin(self, work):
        import psycopg2
        connection = psycopg2.connect(self.admin_url)
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                work(cursor)
        finally:
            connection.close()

    def history(self):
        import psycopg2
        connection = psycopg2.connect(self.url)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT revision, direction, status FROM rev_history ORDER BY id")
                return [" ".join(row) for row in cursor.fetchall()]
        finally:
            connection.close()


def sqlite_history(path):
    connection = sqlite3.connect(path)
    try:
        return [" ".join(row) for row in connection.execute(
            "SELECT revision, direction, status FROM rev_history ORDER BY id")]
    finally:
        connection.close()


def start_python(code, *args):
    """A child Python running `code`; it imports the built `rev` through PYTHONPATH, as
    this process does."""
    return subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def report(process):
    """(exit code, parsed last stdout line, stderr) of a finished child."""
    out, err = process.communicate(timeout=300)
    lines = out.strip().splitlines()
    return process.returncode, (json.loads(lines[-1]) if lines else None), err
