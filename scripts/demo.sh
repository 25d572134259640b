#!/usr/bin/env bash
# Installs what is missing, builds rev, and runs a real session of it on an example project
# against SQLite, in a temp folder. Each command is printed before it runs, so the output
# reads as a terminal session.
#
#   scripts/demo.sh [--keep]      --keep leaves the example project in place and names it
#
# The binary is always the one just built (build/rev): Debian's /usr/bin/rev is util-linux's
# line reverser, a different program.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${REV_BUILD_DIR:-$root/build}"
keep=0
[[ "${1:-}" == "--keep" ]] && keep=1

"$root/scripts/setup.sh" --demo

# The executable's place in the build folder (cli/ builds it; build/rev if it is moved up).
REV="$build/rev"
work=$(mktemp -d /tmp/rev-demo.XXXXXX)
if [[ $keep -eq 0 ]]; then
  trap 'rm -rf "$work"' EXIT
fi
project="$work/shop"
mkdir -p "$project"
cd "$project"

# --- helpers ------------------------------------------------------------------------------

# Prints a command as typed (with `rev` for the built binary), then runs it.
show() {
  local word shown=""
  for word in "$@"; do
    [[ "$word" == "$REV" ]] && word=rev
    if [[ "$word" =~ [[:space:]\"\'\$\*\?] || -z "$word" ]]; then
      word="\"${word//\"/\\\"}\""
    fi
    shown+="${shown:+ }$word"
  done
  if [[ -t 1 ]]; then
    printf '\n\033[1m$ %s\033[0m\n' "$shown"
  else
    printf '\n$ %s\n' "$shown"
  fi
}

# Runs `rev ARGS...`; the demo stops if it fails.
rev() {
  show "$REV" "$@"
  "$REV" "$@"
}

# Runs `rev ARGS...`, which is expected to fail with exit code EXPECTED (the first argument).
rev_fails() {
  local expected="$1"
  shift
  show "$REV" "$@"
  local code=0
  "$REV" "$@" || code=$?
  if [[ $code -ne $expected ]]; then
    echo "demo: expected exit code $expected from 'rev $*', got $code" >&2
    exit 1
  fi
  echo "(exit code $code, as expected)"
}

# Runs `rev ARGS...` (create or merge), prints its output, and sets CREATED to the path of
# the revision file it wrote.
CREATED=""
rev_writes() {
  show "$REV" "$@"
  local out
  out=$("$REV" "$@")
  printf '%s\n' "$out"
  CREATED=$(printf '%s\n' "$out" | grep -o '[^[:space:]]*\.sql' | tail -n 1)
  [[ "$CREATED" != /* ]] && CREATED="$project/$CREATED"
  if [[ ! -f "$CREATED" ]]; then
    echo "demo: could not find the file 'rev $1' wrote in its output" >&2
    exit 1
  fi
}

# The id in a revision file's header.
revision_of() {
  sed -n 's/^-- revision: *//p' "$1" | head -n 1
}

# Writes UPGRADE and DOWNGRADE SQL under the markers of the revision file FILE, as a
# person would in an editor, and shows the result.
write_sql() {
  local file="$1" upgrade="$2" downgrade="$3"
  awk -v up="$upgrade" -v down="$downgrade" '
    { print }
    /^-- rev:upgrade[[:space:]]*$/ { print up }
    /^-- rev:downgrade[[:space:]]*$/ { print down }
  ' "$file" >"$file.tmp"
  mv "$file.tmp" "$file"
  echo
  echo "# (SQL written under the markers of ${file#"$project"/}, as in an editor)"
  show cat "${file#"$project"/}"
  cat "$file"
}

# --- the session --------------------------------------------------------------------------

start_project() {
  echo "# An example project in $project; 'rev' below is $REV."
  rev --version
  rev init
  show cat rev.yaml
  cat rev.yaml
}

write_revisions() {
  rev_writes create "add users"
  USERS="$CREATED"
  write_sql "$USERS" \
    "CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);" \
    "DROP TABLE users;"

  rev_writes create "add email index"
  EMAIL_INDEX="$CREATED"
  write_sql "$EMAIL_INDEX" \
    "CREATE UNIQUE INDEX users_email ON users (email);" \
    "DROP INDEX users_email;"

  rev_writes create "add orders"
  ORDERS="$CREATED"
  write_sql "$ORDERS" \
    "CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id));" \
    "DROP TABLE orders;"
}

inspect_offline() {
  rev heads
  rev history
  rev validate
  rev upgrade head --sql
}

branch_and_merge() {
  echo
  echo "# Two people branch from the same head at once: two heads."
  local base
  base=$(revision_of "$ORDERS")
  rev_writes create "add products" --head "$base"
  write_sql "$CREATED" \
    "CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT NOT NULL);" \
    "DROP TABLE products;"
  # The second branch starts from a revision that is no longer a head: as in Alembic,
  # that takes --splice.
  rev_writes create "add audit log" --head "$base" --splice
  write_sql "$CREATED" \
    "CREATE TABLE audit_log (id INTEGER PRIMARY KEY, happened_at TEXT NOT NULL, what TEXT NOT NULL);" \
    "DROP TABLE audit_log;"
  rev heads
  rev_fails 1 validate
  rev_writes merge heads -m "merge"
  show cat "${CREATED#"$project"/}"
  cat "$CREATED"
  rev heads
  rev validate
  rev history
  # The same as a picture (Graphviz DOT; `| dot -Tsvg > graph.svg` draws it): with --db,
  # the merged branches are pending.
  rev graph --db
  rev upgrade head
}

# Against a real SQLite database: rev.yaml's `database: sqlite:///app.db`.
run_online() {
  echo
  echo "# Now against the database itself (app.db, made on first use)."
  rev upgrade head
  rev current
  rev status
  show sqlite3 app.db ".tables"
  sqlite3 app.db ".tables"
  rev downgrade -1
  rev status
  rev upgrade head
  rev log
}

backup_and_restore() {
  echo
  echo "# A backup, one more revision applied, then last night's backup restored:"
  echo "# rev replays what the database had applied since."
  rev backup
  local backup
  backup=$(ls -t backups/*.sqlite | head -n 1)
  rev_writes create "add coupons"
  write_sql "$CREATED" \
    "CREATE TABLE coupons (code TEXT PRIMARY KEY, percent INTEGER NOT NULL);" \
    "DROP TABLE coupons;"
  rev upgrade head
  rev restore "$backup" --yes
  rev status
  rev history
}

# The schema-first workflow: edit schema.sql, let rev write the revision (proven on a
# scratch database, both ways), review it, apply it.
from_schema() {
  echo
  echo "# Schema first: the schema you want goes in schema.sql; rev writes the revision."
  cat >schema.sql <<'SQL'
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    display_name TEXT,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX users_email ON users (email);
CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    total_cents INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX orders_user ON orders (user_id);
CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE audit_log (id INTEGER PRIMARY KEY, happened_at TEXT NOT NULL, what TEXT NOT NULL);
CREATE TABLE coupons (code TEXT PRIMARY KEY, percent INTEGER NOT NULL);
SQL
  show cat schema.sql
  cat schema.sql
  rev_fails 1 diff
  rev_writes create "users and orders from schema.sql" --autogenerate
  show cat "${CREATED#"$project"/}"
  cat "$CREATED"
  rev upgrade head --dry-run
  rev upgrade head
  rev diff
  rev schema
}

in_an_application() {
  echo
  echo "# Inside an application: a Flask app migrates in its factory, through the Python"
  echo "# module (import rev). It applies what is pending before it serves a request."
  rev_writes create "add visits"
  write_sql "$CREATED" \
    "CREATE TABLE visits (id INTEGER PRIMARY KEY, path TEXT NOT NULL);" \
    "DROP TABLE visits;"
  rev status
  local port app log="$work/flask.log"
  port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  show python3 scripts/examples/flask_app/app.py --config rev.yaml --port "$port"
  PYTHONPATH="$build/python" /usr/bin/python3 "$root/scripts/examples/flask_app/app.py" \
    --config rev.yaml --port "$port" >"$log" 2>&1 &
  app=$!
  show python3 -c "print(urlopen('http://127.0.0.1:$port/').read())"
  if ! /usr/bin/python3 - "$port" <<'PY'; then
import sys, time, urllib.request
url = "http://127.0.0.1:%s/" % sys.argv[1]
for _ in range(600):
    try:
        print(urllib.request.urlopen(url, timeout=2).read().decode())
        break
    except OSError:
        time.sleep(0.05)
else:
    sys.exit("demo: the Flask app did not answer")
PY
    kill "$app" 2>/dev/null || true
    cat "$log" >&2
    exit 1
  fi
  kill "$app"
  wait "$app" 2>/dev/null || true
  grep 'revisions applied at start-up' "$log" || true
  rev current
}

start_project
write_revisions
inspect_offline
run_online
branch_and_merge
backup_and_restore
from_schema
in_an_application

echo
if [[ $keep -eq 1 ]]; then
  echo "# demo finished; the example project is in $project"
else
  echo "# demo finished"
fi
